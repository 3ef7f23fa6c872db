import { type IncomingMessage, type ServerResponse } from "node:http";
import {
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
} from "../../sdk/client/errors";
import { type RetryEvent } from "../../sdk/client/events";
import { retryDelay } from "../../sdk/client/retry";
import { parseRetryAfter } from "../../sdk/client/transport";
import {
  caught,
  closeAll,
  providerKey,
  serve,
  sendError,
  sendJson,
  startServer,
  testClient,
  type TestClient,
} from "./helpers";

/** Answers the listed statuses in turn (an error body each), then 200 with a provider key. */
function sequence(
  steps: (number | "reset" | "hang" | { status: number; headers: Record<string, string> })[],
) {
  let call = 0;
  return (_req: unknown, res: ServerResponse, raw: IncomingMessage) => {
    const step = steps[call++];
    if (step === undefined) return sendJson(res, 200, providerKey("aigpk_1"));
    if (step === "reset") return void raw.socket.destroy();
    if (step === "hang") return;
    if (typeof step === "number") return sendError(res, step);
    return sendError(res, step.status, undefined, "slow down", step.headers);
  };
}

function retryEvents(tc: TestClient): RetryEvent[] {
  return tc.events.filter((e): e is RetryEvent => e.type === "retry");
}

describe("GatewayClient retries", () => {
  afterEach(closeAll);

  it("waits the Retry-After seconds of a 429, then succeeds", async () => {
    const { server, tc } = await serve(
      sequence([{ status: 429, headers: { "retry-after": "2" } }]),
    );
    const key = await tc.client.providerKeys.get("aigpk_1");
    expect(key.id).toBe("aigpk_1");
    expect(server.requests).toHaveLength(2);
    expect(tc.sleeps).toEqual([2000]);
  });

  it("waits until the Retry-After HTTP date of a 429", async () => {
    const now = Date.parse("2026-07-02T10:00:00Z");
    const later = new Date(now + 3000).toUTCString();
    const { tc } = await serve(sequence([{ status: 429, headers: { "retry-after": later } }]), {
      now: () => now,
    });
    await tc.client.providerKeys.get("aigpk_1");
    expect(tc.sleeps).toEqual([3000]);
  });

  it("honours Retry-After on a 503 too", async () => {
    const { tc } = await serve(sequence([{ status: 503, headers: { "retry-after": "1" } }]));
    await tc.client.providerKeys.get("aigpk_1");
    expect(tc.sleeps).toEqual([1000]);
  });

  it.each([502, 503, 504])(
    "retries a GET after %i with jittered exponential backoff",
    async (s) => {
      const { server, tc } = await serve(sequence([s, s, s]), { retryBaseDelayMs: 400 });
      const key = await tc.client.providerKeys.get("aigpk_1");
      expect(key.id).toBe("aigpk_1");
      expect(server.requests).toHaveLength(4);
      // random() = 0.5 of steps 400, 800, 1600
      expect(tc.sleeps).toEqual([200, 400, 800]);
    },
  );

  it("retries a GET after the connection is reset", async () => {
    const { server, tc } = await serve(sequence(["reset"]));
    const key = await tc.client.providerKeys.get("aigpk_1");
    expect(key.id).toBe("aigpk_1");
    expect(server.requests).toHaveLength(2);
    expect(retryEvents(tc)[0]?.reason).toBe("connection reset");
  });

  it("retries a GET after a timeout", async () => {
    // Long enough for the retry to answer on a busy machine.
    const { tc } = await serve(sequence(["hang"]), { timeoutMs: 500 });
    const key = await tc.client.providerKeys.get("aigpk_1");
    expect(key.id).toBe("aigpk_1");
    expect(retryEvents(tc)[0]?.reason).toBe("timeout");
  });

  it("throws the last error with the attempt count when retries run out", async () => {
    const { server, tc } = await serve(sequence([503, 503, 503, 503, 503]), { maxRetries: 2 });
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as ServerError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.statusCode).toBe(503);
    expect(err.attempts).toBe(3);
    expect(err.message).toMatch(/Gave up after 3 attempts\.$/);
    expect(server.requests).toHaveLength(3);
    expect(tc.sleeps).toHaveLength(2);
  });

  it("throws a rate-limit error after exhausting retries on 429", async () => {
    const { tc } = await serve(sequence([429, 429]), { maxRetries: 1 });
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.attempts).toBe(2);
  });

  it("throws a timeout error after exhausting retries on timeouts", async () => {
    const { tc } = await serve(sequence(["hang", "hang"]), { maxRetries: 1, timeoutMs: 50 });
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.attempts).toBe(2);
  });

  it("gives up at once when Retry-After asks for longer than maxRetryDelayMs", async () => {
    const { server, tc } = await serve(
      sequence([{ status: 429, headers: { "retry-after": "3600" } }]),
      { maxRetryDelayMs: 30_000 },
    );
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(err.message).toMatch(/asked to wait 3600 s/);
    expect(server.requests).toHaveLength(1);
    expect(tc.sleeps).toEqual([]);
  });

  it("caps the backoff at maxRetryDelayMs", async () => {
    const { tc } = await serve(sequence([502, 502, 502, 502]), {
      maxRetries: 4,
      retryBaseDelayMs: 1000,
      maxRetryDelayMs: 2500,
      random: () => 0.999,
    });
    await tc.client.providerKeys.get("aigpk_1");
    expect(tc.sleeps).toEqual([999, 1998, 2497, 2497]);
  });

  it("does not retry when maxRetries is 0", async () => {
    const { server, tc } = await serve(sequence([503]), { maxRetries: 0 });
    await caught(() => tc.client.providerKeys.get("aigpk_1"));
    expect(server.requests).toHaveLength(1);
  });

  it("reports each retry as an event with its delay and reason", async () => {
    const { server, tc } = await serve(
      sequence([{ status: 429, headers: { "retry-after": "2.1" } }, 502, "reset"]),
      { retryBaseDelayMs: 1000 },
    );
    await tc.client.providerKeys.get("aigpk_1");
    expect(retryEvents(tc)).toEqual([
      {
        type: "retry",
        method: "GET",
        url: `${server.url}/provider-keys/aigpk_1`,
        attempt: 2,
        maxAttempts: 4,
        delayMs: 2100,
        reason: "rate limited",
        statusCode: 429,
        code: "AIGW_RATE_LIMITED",
      },
      expect.objectContaining({
        attempt: 3,
        delayMs: 1000,
        reason: "bad gateway",
        statusCode: 502,
      }),
      expect.objectContaining({ attempt: 4, delayMs: 2000, reason: "connection reset" }),
    ]);
    expect(tc.events.filter((e) => e.type === "request")).toHaveLength(4);
    expect(tc.events.filter((e) => e.type === "response")).toHaveLength(3);
  });

  it("keeps working when the event hook throws", async () => {
    const { tc } = await serve(sequence([503]), {
      onEvent: () => {
        throw new Error("hook bug");
      },
    });
    await expect(tc.client.providerKeys.get("aigpk_1")).resolves.toMatchObject({ id: "aigpk_1" });
  });

  it("retries a PATCH after a 502", async () => {
    const { server, tc } = await serve(sequence([502]));
    await tc.client.providerKeys.update("aigpk_1", { description: null });
    expect(server.requests.map((r) => r.method)).toEqual(["PATCH", "PATCH"]);
  });

  it("retries a rotate after a connection reset", async () => {
    const { server, tc } = await serve(sequence(["reset"]));
    await tc.client.providerKeys.rotate("aigpk_1", { name: "k", value: "sk-new-value-1234" });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /provider-keys/aigpk_1/rotate",
      "POST /provider-keys/aigpk_1/rotate",
    ]);
  });

  it("retries a HEAD after a 504", async () => {
    const { server, tc } = await serve(sequence([504]));
    await expect(tc.client.providerKeys.head("aigpk_1")).resolves.toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("counts a DELETE's 404 after an ambiguous failure as success", async () => {
    const { server, tc } = await serve(sequence([504, 404]));
    await expect(tc.client.providerKeys.delete("aigpk_1")).resolves.toBeUndefined();
    expect(server.requests.map((r) => r.method)).toEqual(["DELETE", "DELETE"]);
  });

  it("counts a DELETE's 404 after a connection reset as success", async () => {
    const { tc } = await serve(sequence(["reset", 404]));
    await expect(tc.client.accessKeys.delete("aigk_1")).resolves.toBeUndefined();
  });

  it("throws a DELETE's 404 on the first attempt", async () => {
    const { tc } = await serve(sequence([404]));
    await expect(tc.client.providerKeys.delete("aigpk_1")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("throws a DELETE's 404 after a 429, which proved nothing was deleted", async () => {
    const { tc } = await serve(sequence([429, 404]));
    await expect(tc.client.providerKeys.delete("aigpk_1")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("throws a network error when every attempt is refused", async () => {
    const server = await startServer(() => undefined);
    const url = server.url;
    await server.close();
    const tc = testClient(url, { maxRetries: 2 });
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.attempts).toBe(3);
    expect(retryEvents(tc).map((e) => e.reason)).toEqual([
      "connection refused",
      "connection refused",
    ]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-07-02T10:00:00Z");
  it.each([
    ["2", 2000],
    ["0", 0],
    ["1.5", 1500],
    [new Date(now + 10_000).toUTCString(), 10_000],
    [new Date(now - 10_000).toUTCString(), 0],
    ["soon", undefined],
    ["", undefined],
  ])("reads %p as %p ms", (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it("reads nothing from an absent header", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  const policy = {
    maxRetries: 5,
    maxRetryDelayMs: 8000,
    baseDelayMs: 1000,
    random: () => 1 - Number.EPSILON,
    sleep: () => Promise.resolve(),
  };
  it("grows exponentially up to the cap, drawn from the full range", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, undefined, policy))).toEqual([
      999, 1999, 3999, 7999, 7999,
    ]);
    expect(retryDelay(3, undefined, { ...policy, random: () => 0 })).toBe(0);
  });

  it("uses Retry-After as given, and refuses one beyond the cap", () => {
    expect(retryDelay(1, 5000, policy)).toBe(5000);
    expect(retryDelay(1, 9000, policy)).toBeUndefined();
  });
});
