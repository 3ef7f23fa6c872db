/* eslint-disable @typescript-eslint/no-unsafe-member-access --
 * Response bodies are `any` for short reads; each one was checked against the OpenAPI schema
 * before the test sees it. */
import { request } from "undici";
import { createEmulator, type Emulator, type FaultRule, seededRandom } from "aigw-emulator";
import { apiFor } from "./api";

const started: Emulator[] = [];
const sleeps: number[] = [];

async function start(faults: FaultRule[], faultSeed = 42): Promise<Emulator> {
  const emulator = await createEmulator({
    db: ":memory:",
    faults,
    faultSeed,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  started.push(emulator);
  return emulator;
}

afterEach(async () => {
  sleeps.length = 0;
  while (started.length > 0) await started.pop()!.close();
});

describe("fault injection", () => {
  it.each([
    ["500", 500],
    ["502", 502],
    ["503", 503],
  ] as const)(
    "answers %s with the error body on a matching method and path only",
    async (kind, status) => {
      const emulator = await start([{ method: "GET", path: "/provider-keys*", kind }]);
      const api = apiFor(emulator);
      const res = await api("GET", "/provider-keys");
      expect(res.status).toBe(status);
      expect(res.body).toEqual({
        statusCode: status,
        msg: `injected fault: ${status}`,
        details: { injectedFault: String(status) },
      });
      expect((await api("GET", "/access-keys")).status).toBe(200);
      expect(
        (
          await api("POST", "/provider-keys", {
            providerId: "openai",
            name: "k",
            value: "sk-proj-aaaaaaaaaaaaaaaaaaaa",
          })
        ).status,
      ).toBe(201);
    },
  );

  it("answers 429 with Retry-After", async () => {
    const emulator = await start([{ path: "/access-keys", kind: "429", retryAfterSeconds: 7 }]);
    const res = await apiFor(emulator)("POST", "/access-keys", {});
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("7");
    expect(res.body.statusCode).toBe(429);
  });

  it("resets the connection", async () => {
    const emulator = await start([{ path: "*", kind: "reset" }]);
    await expect(
      request(`${emulator.url}/gateway-config`, {
        headers: { authorization: `Bearer ${emulator.apiKey}` },
      }),
    ).rejects.toThrow();
  });

  it("adds latency through the injected sleep, then serves the request", async () => {
    const emulator = await start([
      { path: "/gateway-config", kind: "latency", latencyMs: 250 },
      { method: "get", path: "*", kind: "latency", latencyMs: 50 },
    ]);
    const res = await apiFor(emulator)("GET", "/gateway-config");
    expect(res.status).toBe(200);
    expect(sleeps).toEqual([300]);
  });

  it("fires by probability from the seeded random source, deterministically", async () => {
    const seed = 1234;
    const emulator = await start([{ path: "/access-keys", kind: "503", probability: 0.5 }], seed);
    const api = apiFor(emulator);
    const random = seededRandom(seed);
    const expected: number[] = [];
    const actual: number[] = [];
    for (let i = 0; i < 20; i++) {
      expected.push(random() < 0.5 ? 503 : 200);
      actual.push((await api("GET", "/access-keys")).status);
    }
    expect(actual).toEqual(expected);
    expect(new Set(actual)).toEqual(new Set([200, 503]));
  });

  it("never faults admin endpoints, and changes rules while running through PUT /_admin/faults", async () => {
    const emulator = await start([{ path: "*", kind: "500" }]);
    const api = apiFor(emulator);
    expect((await api("GET", "/access-keys")).status).toBe(500);
    const got = await api("GET", "/_admin/faults");
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ rules: [{ path: "*", kind: "500" }] });
    const put = await api("PUT", "/_admin/faults", {
      rules: [{ method: "POST", path: "/access-keys", kind: "502" }],
      seed: 9,
    });
    expect(put.status).toBe(200);
    expect(put.body.rules).toEqual([{ method: "POST", path: "/access-keys", kind: "502" }]);
    expect((await api("GET", "/access-keys")).status).toBe(200);
    expect((await api("POST", "/access-keys", {})).status).toBe(502);
    expect((await api("PUT", "/_admin/faults", { rules: [] })).status).toBe(200);
    expect((await api("POST", "/access-keys", {})).status).toBe(201);
  });

  it("authenticates the admin endpoint and validates its rules", async () => {
    const emulator = await start([]);
    const api = apiFor(emulator);
    expect((await api("GET", "/_admin/faults", undefined, { token: null })).status).toBe(401);
    for (const rules of [
      "all",
      [{ path: "*", kind: "418" }],
      [{ path: "*", kind: "latency" }],
      [{ path: "*", kind: "500", probability: 2 }],
      [{ kind: "500" }],
      [{ path: "*", kind: "500", extra: 1 }],
      // Node's timers hold at most 2^31 - 1 ms; a longer one fires at once (TimeoutOverflowWarning).
      [{ path: "*", kind: "latency", latencyMs: 2 ** 31 }],
    ]) {
      const res = await api("PUT", "/_admin/faults", { rules });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe("ERR_NGROK_27606");
    }
    expect((await api("PUT", "/_admin/faults", { rules: [] })).status).toBe(200);
    const longest = await api("PUT", "/_admin/faults", {
      rules: [{ path: "*", kind: "latency", latencyMs: 2 ** 31 - 1 }],
    });
    expect(longest.status).toBe(200);
    expect((await api("PUT", "/_admin/faults", { rules: [] })).status).toBe(200);
    expect((await api("DELETE", "/_admin/faults")).status).toBe(405);
    expect((await api("GET", "/_admin/other")).status).toBe(404);
    expect(emulator.faults.rules()).toEqual([]);
  });

  it("matches a path pattern of 30 stars then x without backtracking, and keeps answering", async () => {
    const emulator = await start([]);
    const api = apiFor(emulator);
    const put = await api("PUT", "/_admin/faults", {
      rules: [{ path: `${"*".repeat(30)}x`, kind: "503" }],
    });
    expect(put.status).toBe(200);

    // A regular expression of 30 `.*` would try every way to split the path among them.
    expect((await api("GET", "/access-key-configurations")).status).toBe(200);
    expect((await api("GET", "/access-keys/aigk_x")).status).toBe(503);
    expect((await api("GET", "/_admin/faults")).status).toBe(200);
  });

  it("limits a path pattern to 2048 characters", async () => {
    const emulator = await start([]);
    const res = await apiFor(emulator)("PUT", "/_admin/faults", {
      rules: [{ path: "*".repeat(2049), kind: "503" }],
    });
    expect(res.status).toBe(400);
    expect(res.body.msg).toBe("faults: rules[0].path must be at most 2048 characters");
  });

  it("rejects invalid initial rules at start", async () => {
    await expect(
      createEmulator({ db: ":memory:", faults: [{ path: "", kind: "500" }] }),
    ).rejects.toThrow(/path/);
  });
});
