/* eslint-disable @typescript-eslint/no-unsafe-member-access */
// No request ends the emulator: a handler that fails becomes a 500 in ngrok's error body and a log
// line; a client that leaves mid-body is logged as such; what Node's HTTP parser refuses is
// answered in ngrok's error body of the plane the path names.
import { createEmulator, type Emulator } from "../../emulator";
import { apiFor } from "./api";
import { bodyOf, raw, recorder } from "./raw-http";

describe("the emulator's server", () => {
  let emulator: Emulator;
  const log = recorder();

  beforeEach(async () => {
    log.lines.length = 0;
    emulator = await createEmulator({ db: ":memory:", logger: log.logger });
  });

  afterEach(async () => {
    await emulator.close();
  });

  it("answers a management handler that throws with 500 in ngrok's error body, logs it, and serves the next request", async () => {
    const api = apiFor(emulator);
    const store = emulator.store as unknown as { touchApiKey: (...args: unknown[]) => void };
    const touch = store.touchApiKey;
    store.touchApiKey = () => {
      store.touchApiKey = touch;
      throw new TypeError("boom");
    };

    const failed = await api("GET", "/gateway-config");

    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ statusCode: 500, msg: "internal emulator error", details: {} });
    expect(log.lines).toContain("GET /gateway-config internal error: TypeError: boom");
    expect((await api("GET", "/gateway-config")).status).toBe(200);
  });

  it.each([
    ["the management API", "/provider-keys"],
    ["the data plane", "/v1/chat/completions"],
  ])(
    "logs a client that breaks off its body on %s as aborted, not as a 500 or a 413",
    async (_plane, path) => {
      const token =
        path === "/provider-keys"
          ? emulator.apiKey
          : ((await apiFor(emulator)("POST", "/access-keys", {})).body.token as string);
      await raw(
        emulator.url,
        `POST ${path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\n` +
          'content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"name":',
        { end: false },
      );

      expect(await log.next(new RegExp(`^POST ${path} `))).toBe(`POST ${path} aborted`);
      expect(log.lines.filter((l) => /internal error| 500$| 413$/.test(l))).toEqual([]);
    },
  );

  it.each([
    [
      "the management API",
      "/provider-keys",
      { statusCode: 431, details: { reason: expect.any(String) as unknown } },
    ],
    [
      "the data plane",
      "/v1/chat/completions",
      { error: { code: "ERR_NGROK_27228", type: "invalid_request_error" } },
    ],
  ])(
    "answers headers over Node's limit with 431 in the error body of %s",
    async (_plane, path, body) => {
      const answer = await raw(
        emulator.url,
        `GET ${path} HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`,
      );

      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(bodyOf(answer)).toMatchObject(body);
    },
  );

  it("answers bytes that are not HTTP with 400 in ngrok's error body, and keeps serving", async () => {
    const answer = await raw(emulator.url, "NOT HTTP AT ALL\r\n\r\n");

    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(answer)).toMatchObject({ statusCode: 400, msg: expect.any(String) as unknown });
    expect((await apiFor(emulator)("GET", "/gateway-config")).status).toBe(200);
  });
});
