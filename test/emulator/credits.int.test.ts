/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call --
 * Response bodies are `any` for short reads; each one was checked against the OpenAPI schema
 * before the test sees it (admin answers are not part of the API and are not). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createEmulator,
  type CreditOptions,
  type Emulator,
  type EmulatorOptions,
} from "aigw-emulator";
import { type Api, apiFor } from "./api";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

const started: Emulator[] = [];

async function start(options: EmulatorOptions = {}): Promise<{ emulator: Emulator; api: Api }> {
  const emulator = await createEmulator({ db: ":memory:", ...options });
  started.push(emulator);
  return { emulator, api: apiFor(emulator) };
}

afterEach(async () => {
  while (started.length > 0) await started.pop()!.close();
});

function expectValidationError(
  res: { status: number; body: { errorCode?: string; msg: string; details: object } },
  field: string,
  errorCode = "ERR_NGROK_27606",
  status = 400,
): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({
    errorCode,
    statusCode: status,
    msg: expect.stringContaining(field),
    details: expect.objectContaining({ field }),
  });
}

describe("GET /credits/balance", () => {
  it("starts with an ample purchased balance by default", async () => {
    const { api } = await start();

    const res = await api("GET", "/credits/balance");

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ balanceCents: 1_000_000 });
    const admin = await api("GET", "/_admin/credits");
    expect(admin.body).toEqual({ balanceCents: 1_000_000, purchased: true });
  });

  it("starts with the balance and purchase state the credits option gives", async () => {
    for (const [credits, expected] of [
      [{ balanceCents: 250 }, { balanceCents: 250, purchased: true }],
      [{ balanceCents: 0 }, { balanceCents: 0, purchased: true }],
      [{ balanceCents: -40 }, { balanceCents: -40, purchased: true }],
      [{ purchased: false }, { balanceCents: 0, purchased: false }],
      [
        { purchased: false, balanceCents: 300 },
        { balanceCents: 300, purchased: false },
      ],
      [{}, { balanceCents: 1_000_000, purchased: true }],
    ] as const) {
      const { api } = await start({ credits: credits });
      expect({ credits, balance: (await api("GET", "/credits/balance")).body }).toEqual({
        credits,
        balance: { balanceCents: expected.balanceCents },
      });
      expect((await api("GET", "/_admin/credits")).body).toEqual(expected);
    }
  });

  it("refuses a credits option that is not whole cents or not a boolean, naming the field", async () => {
    for (const [credits, field] of [
      [{ balanceCents: 1.5 }, "balanceCents"],
      [{ balanceCents: Number.NaN }, "balanceCents"],
      [{ balanceCents: 1e16 }, "balanceCents"],
      [{ balanceCents: "500" }, "balanceCents"],
      [{ purchased: "yes" }, "purchased"],
    ] as const) {
      await expect(
        createEmulator({
          db: ":memory:",
          credits: credits as unknown as CreditOptions,
        }),
      ).rejects.toMatchObject({
        code: "AIGW_INVALID_OPTIONS",
        message: expect.stringContaining(`credits.${field}`),
      });
    }
  });

  it("answers HEAD with the status and no body", async () => {
    const { api } = await start();
    for (const path of ["/credits/balance", "/credits/transactions"]) {
      const head = await api("HEAD", path, undefined, { unchecked: true });
      expect({ path, status: head.status, body: head.body }).toEqual({
        path,
        status: 200,
        body: undefined,
      });
      expect(head.headers["content-type"]).toBeUndefined();
    }
  });

  it("answers 401 without an API key and 405 with Allow for another method", async () => {
    const { api } = await start();
    for (const path of ["/credits/balance", "/credits/transactions", "/credits/checkout-session"]) {
      const res = await api("GET", path, undefined, { token: null });
      expect([path, res.status, res.body.errorCode]).toEqual([path, 401, "ERR_NGROK_27007"]);
    }
    const del = await api("DELETE", "/credits/balance");
    expect([del.status, del.headers.allow]).toEqual([405, "GET, HEAD"]);
    const get = await api("GET", "/credits/checkout-session");
    expect([get.status, get.headers.allow]).toEqual([405, "POST"]);
    expect((await api("GET", "/credits")).status).toBe(404);
  });
});

describe("GET /credits/transactions", () => {
  it("lists the starting balance as a purchase that expires 365 days after it was made", async () => {
    const { api } = await start({ credits: { balanceCents: 700 } });

    const res = await api("GET", "/credits/transactions");

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          type: "credits",
          category: "purchase",
          amountCents: 700,
          createdAt: expect.stringMatching(RFC3339),
          expiresAt: expect.stringMatching(RFC3339),
        },
      ],
    });
    const [item] = res.body.items as { createdAt: string; expiresAt: string }[];
    expect(Date.parse(item!.expiresAt) - Date.parse(item!.createdAt)).toBe(365 * DAY_MS);
  });

  it("lists the starting balance of a never-purchased account as promotional, without expiry", async () => {
    const { api } = await start({ credits: { purchased: false, balanceCents: 300 } });

    const res = await api("GET", "/credits/transactions");

    expect(res.body.items).toEqual([
      {
        type: "credits",
        category: "promotional",
        amountCents: 300,
        createdAt: expect.stringMatching(RFC3339),
        expiresAt: null,
      },
    ]);
  });

  it("is empty when the account starts with nothing", async () => {
    for (const credits of [{ balanceCents: 0 }, { purchased: false }, { balanceCents: -5 }]) {
      const { api } = await start({ credits });
      expect((await api("GET", "/credits/transactions")).body).toEqual({ items: [] });
    }
  });
});

describe("POST /credits/checkout-session", () => {
  it("answers 200 with a Stripe-shaped session and credits the amount at once", async () => {
    const { api } = await start({ credits: { balanceCents: 100 } });

    const res = await api("POST", "/credits/checkout-session", { amount: 500 });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sessionId: expect.stringMatching(/^cs_test_[0-9a-z]+$/),
      sessionUrl: expect.stringMatching(/^https:\/\//),
    });
    expect(res.body.sessionUrl).toContain(res.body.sessionId);
    expect((await api("GET", "/credits/balance")).body).toEqual({ balanceCents: 600 });
  });

  it("lists each purchase newest first, and gives every session its own id", async () => {
    const { api } = await start({ credits: { balanceCents: 100 } });

    const first = await api("POST", "/credits/checkout-session", { amount: 500 });
    const second = await api("POST", "/credits/checkout-session", { amount: 2500 });

    expect(first.body.sessionId).not.toBe(second.body.sessionId);
    const items = (await api("GET", "/credits/transactions")).body.items as {
      category: string;
      amountCents: number;
      createdAt: string;
      expiresAt: string;
    }[];
    expect(items.map((i) => [i.category, i.amountCents])).toEqual([
      ["purchase", 2500],
      ["purchase", 500],
      ["purchase", 100],
    ]);
    for (const item of items) {
      expect(Date.parse(item.expiresAt) - Date.parse(item.createdAt)).toBe(365 * DAY_MS);
    }
    expect((await api("GET", "/credits/balance")).body).toEqual({ balanceCents: 3100 });
  });

  it("makes a never-purchased account a purchased one", async () => {
    const { api } = await start({ credits: { purchased: false } });

    expect((await api("POST", "/credits/checkout-session", { amount: 1 })).status).toBe(200);

    expect((await api("GET", "/_admin/credits")).body).toEqual({
      balanceCents: 1,
      purchased: true,
    });
  });

  it("refuses an amount that is not a positive whole number of cents, naming amount, and credits nothing", async () => {
    const { api } = await start({ credits: { balanceCents: 100 } });
    for (const body of [
      { amount: 0 },
      { amount: -500 },
      { amount: 12.5 },
      { amount: "500" },
      { amount: null },
      { amount: 1e300 },
      { amount: 100_000_000 },
    ]) {
      const res = await api("POST", "/credits/checkout-session", body);
      expectValidationError(res, "amount");
      expect(res.body.msg).toMatch(/cents/);
    }
    const missing = await api("POST", "/credits/checkout-session", {});
    expectValidationError(missing, "amount", "ERR_NGROK_27602");
    expect(missing.body.msg).toContain("cents");
    const unknown = await api("POST", "/credits/checkout-session", {
      amount: 500,
      currency: "usd",
    });
    expectValidationError(unknown, "currency");
    const malformed = await api("POST", "/credits/checkout-session", undefined, { raw: "{" });
    expect(malformed.status).toBe(400);

    expect((await api("GET", "/credits/balance")).body).toEqual({ balanceCents: 100 });
    expect((await api("GET", "/credits/transactions")).body.items).toHaveLength(1);
  });

  it("refuses a purchase that would take the balance past the emulator's limit", async () => {
    const { api } = await start({ credits: { balanceCents: 1_000_000_000_000 } });

    const res = await api("POST", "/credits/checkout-session", { amount: 1 });

    expectValidationError(res, "amount");
    expect((await api("GET", "/credits/balance")).body).toEqual({
      balanceCents: 1_000_000_000_000,
    });
  });

  it("sends validation errors with the configured validation status", async () => {
    const { api } = await start({ validationStatus: 422 });
    const res = await api("POST", "/credits/checkout-session", { amount: 0 });
    expectValidationError(res, "amount", "ERR_NGROK_27606", 422);
  });
});

describe("/_admin/credits", () => {
  it("sets the balance and the purchase state, each on its own, while running", async () => {
    const { api } = await start();

    const zero = await api("PUT", "/_admin/credits", { balanceCents: 0 });
    expect(zero.status).toBe(200);
    expect(zero.body).toEqual({ balanceCents: 0, purchased: true });
    expect((await api("GET", "/credits/balance")).body).toEqual({ balanceCents: 0 });

    const never = await api("PUT", "/_admin/credits", { purchased: false });
    expect(never.body).toEqual({ balanceCents: 0, purchased: false });
    const both = await api("PUT", "/_admin/credits", { balanceCents: 42, purchased: true });
    expect(both.body).toEqual({ balanceCents: 42, purchased: true });
    expect((await api("HEAD", "/_admin/credits")).status).toBe(200);
  });

  it("changes the balance without adding a transaction", async () => {
    const { api } = await start({ credits: { balanceCents: 10 } });
    await api("PUT", "/_admin/credits", { balanceCents: 99 });
    expect((await api("GET", "/credits/transactions")).body.items).toHaveLength(1);
  });

  it("refuses bad fields with 400 naming them, and other methods with 405", async () => {
    const { api } = await start();
    for (const [body, field] of [
      [{ balanceCents: "0" }, "balanceCents"],
      [{ balanceCents: 0.5 }, "balanceCents"],
      [{ balanceCents: 1e16 }, "balanceCents"],
      [{ purchased: 1 }, "purchased"],
      [{ balance: 0 }, "balance"],
    ] as const) {
      const res = await api("PUT", "/_admin/credits", body);
      expectValidationError(res, field);
    }
    const del = await api("DELETE", "/_admin/credits");
    expect([del.status, del.headers.allow]).toEqual([405, "GET, HEAD, PUT"]);
    expect((await api("GET", "/_admin/credits", undefined, { token: null })).status).toBe(401);
    expect((await api("GET", "/_admin/credits")).body).toEqual({
      balanceCents: 1_000_000,
      purchased: true,
    });
  });

  it("is never faulted", async () => {
    const { api } = await start({ faults: [{ method: "*", path: "*", kind: "503" }] });
    expect((await api("GET", "/credits/balance")).status).toBe(503);
    expect((await api("PUT", "/_admin/credits", { balanceCents: 5 })).status).toBe(200);
  });
});

describe("credits in a database file", () => {
  const MASTER_KEY = "1".repeat(64);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "aigw-credits-"));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the balance and the transactions across a restart; the credits option resets them", async () => {
    const db = join(dir, "emulator.db");
    const first = await start({ db, masterKey: MASTER_KEY });
    await first.api("POST", "/credits/checkout-session", { amount: 500 });
    await first.emulator.close();

    const second = await start({ db, masterKey: MASTER_KEY });
    expect((await second.api("GET", "/credits/balance")).body).toEqual({
      balanceCents: 1_000_500,
    });
    expect((await second.api("GET", "/credits/transactions")).body.items).toHaveLength(2);
    await second.emulator.close();

    const third = await start({ db, masterKey: MASTER_KEY, credits: { balanceCents: 5 } });
    expect((await third.api("GET", "/credits/balance")).body).toEqual({ balanceCents: 5 });
    expect(
      (await third.api("GET", "/credits/transactions")).body.items.map(
        (i: { amountCents: number }) => i.amountCents,
      ),
    ).toEqual([5]);
  });
});

describe("secrets", () => {
  it("never logs or answers the API key on the credits endpoints", async () => {
    const lines: string[] = [];
    const { emulator, api } = await start({ logger: (line) => lines.push(line) });
    const answers = [
      await api("GET", "/credits/balance"),
      await api("GET", "/credits/transactions"),
      await api("POST", "/credits/checkout-session", { amount: 500 }),
      await api("POST", "/credits/checkout-session", { amount: 0 }),
      await api("PUT", "/_admin/credits", { balanceCents: 1 }),
      await api("GET", "/usage/overview?startTime=2026-01-01T00:00:00Z"),
    ];
    expect(lines.length).toBeGreaterThanOrEqual(answers.length);
    const seen = JSON.stringify({ lines, answers });
    expect(seen).not.toContain(emulator.apiKey);
  });
});
