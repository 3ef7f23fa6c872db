import {
  ApiError,
  AuthError,
  BadResponseError,
  ConflictError,
  describeWithoutAdvice,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../sdk/client/errors";
import { AigwError } from "../../sdk/core/errors";
import { GatewayClient } from "../../sdk/client/gateway-client";
import {
  caught,
  closeAll,
  freePort,
  serve,
  sendError,
  sendJson,
  testClient,
  type Served,
} from "./helpers";

describe("GatewayClient errors", () => {
  afterEach(closeAll);

  /** Gets a provider key from a server that answers `status`; the error, with server and client. */
  async function failWith(
    status: number,
    errorCode: string | undefined,
    options: { maxRetries?: number } = {},
  ): Promise<Served & { err: ApiError }> {
    const { server, tc } = await serve(
      (_req, res) => sendError(res, status, errorCode, "the API says no", {}, { field: "name" }),
      { maxRetries: 0, ...options },
    );
    const err = await caught(() => tc.client.providerKeys.get("aigpk_1"));
    expect(err).toBeInstanceOf(ApiError);
    return { server, tc, err: err as ApiError };
  }

  it.each([
    [400, "ERR_NGROK_27606", "ValidationError", ValidationError, "AIGW_VALIDATION"],
    [422, "ERR_NGROK_27602", "ValidationError", ValidationError, "AIGW_VALIDATION"],
    [401, undefined, "AuthError", AuthError, "AIGW_AUTH"],
    [403, "ERR_NGROK_27601", "AuthError", AuthError, "AIGW_AUTH"],
    [404, "ERR_NGROK_27611", "NotFoundError", NotFoundError, "AIGW_NOT_FOUND"],
    [409, "ERR_NGROK_27615", "ConflictError", ConflictError, "AIGW_CONFLICT"],
    [429, undefined, "RateLimitedError", RateLimitedError, "AIGW_RATE_LIMITED"],
    [500, "ERR_NGROK_27505", "ServerError", ServerError, "AIGW_SERVER"],
    [502, "ERR_NGROK_27613", "ServerError", ServerError, "AIGW_SERVER"],
    [503, undefined, "ServerError", ServerError, "AIGW_SERVER"],
    [504, "ERR_NGROK_27610", "ServerError", ServerError, "AIGW_SERVER"],
    [405, "ERR_NGROK_27614", "ApiError", ApiError, "AIGW_API_ERROR"],
  ])(
    "turns status %i (%s) into %s with its name and code",
    async (status, errorCode, name, errorClass, code) => {
      const { server, err } = await failWith(status, errorCode);
      expect(err).toBeInstanceOf(errorClass);
      expect(err).toBeInstanceOf(AigwError);
      expect(err.name).toBe(name);
      expect(err.code).toBe(code);
      expect(err.statusCode).toBe(status);
      expect(err.errorCode).toBe(errorCode);
      expect(err.msg).toBe("the API says no");
      expect(err.details).toEqual({ field: "name" });
      expect(err.method).toBe("GET");
      expect(err.url).toBe(`${server.url}/provider-keys/aigpk_1`);
      expect(err.message).toContain(
        `GET ${server.url}/provider-keys/aigpk_1 failed with ${status}`,
      );
      expect(err.message).toContain("the API says no");
    },
  );

  it("tells the user to check the API key on 401", async () => {
    const { err } = await failWith(401, undefined);
    expect(err.message).toMatch(/Check the API key/);
  });

  it("says the object may have been deleted on 404", async () => {
    const { err } = await failWith(404, "ERR_NGROK_27611");
    expect(err.message).toMatch(/deleted outside this program/);
  });

  it("treats an in-use error code as a conflict whatever its 4xx status", async () => {
    const { err } = await failWith(400, "ERR_NGROK_27511");
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe("AIGW_CONFLICT");
  });

  it.each([400, 404, 409])("does not retry a %i", async (status) => {
    const { server, tc } = await failWith(status, undefined, { maxRetries: 3 });
    expect(server.requests).toHaveLength(1);
    expect(tc.sleeps).toEqual([]);
  });

  it("does not retry a 500", async () => {
    const { server } = await failWith(500, undefined, { maxRetries: 3 });
    expect(server.requests).toHaveLength(1);
  });

  it("reads a proxy's HTML error page without an API message", async () => {
    const { tc } = await serve(
      (_req, res) => {
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html>Bad Gateway</html>");
      },
      { maxRetries: 0 },
    );
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as ServerError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.msg).toBeUndefined();
    expect(err.errorCode).toBeUndefined();
    expect(err.details).toEqual({});
  });

  it("throws AIGW_BAD_RESPONSE when a success body is not JSON", async () => {
    const { tc } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>login</html>");
    });
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as BadResponseError;
    expect(err).toBeInstanceOf(BadResponseError);
    expect(err.code).toBe("AIGW_BAD_RESPONSE");
    expect(err.name).toBe("BadResponseError");
  });

  it("throws AIGW_BAD_RESPONSE when a list has no items array", async () => {
    const { tc } = await serve((_req, res) => sendJson(res, 200, { uri: "/provider-keys" }));
    const err = await caught(() => tc.client.providerKeys.list());
    expect(err).toBeInstanceOf(BadResponseError);
  });

  it("throws AIGW_TIMEOUT with the limit when no response arrives in time", async () => {
    const { tc } = await serve(() => undefined, { timeoutMs: 50, maxRetries: 0 }); // never answers
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.code).toBe("AIGW_TIMEOUT");
    expect(err.name).toBe("TimeoutError");
    expect(err.timeoutMs).toBe(50);
    expect(err.statusCode).toBeUndefined();
    expect(err.message).toMatch(/timed out .* raise the client's timeoutMs/);
  });

  it("throws AIGW_NETWORK with the system code when nothing listens", async () => {
    const port = await freePort();
    const tc = testClient(`http://127.0.0.1:${port}`, { maxRetries: 0 });
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.code).toBe("AIGW_NETWORK");
    expect(err.name).toBe("NetworkError");
    expect(err.networkCode).toBe("ECONNREFUSED");
    expect(err.notSent).toBe(true);
    expect(err.cause).toBeDefined();
    expect(err.message).toMatch(/Check the API URL/);
  });

  describe("describeWithoutAdvice", () => {
    it("gives a 401 as the message says it, up to the advice", async () => {
      const { server, err } = await failWith(401, "ERR_NGROK_27600");
      const url = `${server.url}/provider-keys/aigpk_1`;
      expect(describeWithoutAdvice(err)).toBe(
        `GET ${url} failed with 401 unauthorized: the API says no (ERR_NGROK_27600).`,
      );
      expect(err.message.startsWith(describeWithoutAdvice(err)!.slice(0, -1))).toBe(true);
      expect(err.message).toMatch(/Check the API key/);
    });

    it("gives a connection failure and the attempts the client made", async () => {
      const port = await freePort();
      const tc = testClient(`http://127.0.0.1:${port}`, { maxRetries: 2, retryBaseDelayMs: 1 });
      const err = (await caught(() => tc.client.providerKeys.list())) as NetworkError;
      expect(err).toBeInstanceOf(NetworkError);
      expect(describeWithoutAdvice(err)).toBe(
        `GET http://127.0.0.1:${port}/provider-keys?limit=100 failed: could not connect (ECONNREFUSED). ` +
          "Gave up after 3 attempts.",
      );
    });

    it("gives a timeout with its limit", async () => {
      const { server, tc } = await serve(() => undefined, { timeoutMs: 50, maxRetries: 0 });
      const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as TimeoutError;
      expect(describeWithoutAdvice(err)).toBe(
        `GET ${server.url}/provider-keys/aigpk_1 timed out after 0.1 s.`,
      );
    });

    it("describes a 404 and a 409 without the client's advice, for a caller that gives its own", async () => {
      for (const [status, words] of [
        [404, "not found"],
        [409, "conflict"],
      ] as const) {
        const { err } = await failWith(status, undefined);
        const described = describeWithoutAdvice(err);
        expect(described).toMatch(new RegExp(`^GET \\S+ failed with ${status} ${words}`));
        expect(err.message.startsWith(described!.replace(/\.$/, ""))).toBe(true);
        expect(described!.length).toBeLessThan(err.message.length);
      }
    });

    it("leaves the other failures alone: their advice is about the request (a 403's, the plan)", async () => {
      for (const status of [403, 500]) {
        const { err } = await failWith(status, undefined);
        expect(describeWithoutAdvice(err)).toBeUndefined();
      }
    });
  });

  it("serialises to JSON with its message and request facts", async () => {
    const { err } = await failWith(404, "ERR_NGROK_27611");
    const json = JSON.parse(JSON.stringify(err)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "NotFoundError",
      code: "AIGW_NOT_FOUND",
      statusCode: 404,
      errorCode: "ERR_NGROK_27611",
      method: "GET",
      attempts: 1,
    });
    expect(json.message).toBe(err.message);
  });

  it.each([
    [{ baseUrl: "not a url" }],
    [{ baseUrl: "ftp://example.com" }],
    [{ timeoutMs: 0 }],
    [{ maxRetries: -1 }],
    [{ concurrency: 0 }],
    [{ maxRetryDelayMs: Number.NaN }],
  ])("rejects invalid options %p with AIGW_INVALID_OPTIONS", (options) => {
    let thrown: unknown;
    try {
      new GatewayClient(options);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AigwError);
    expect((thrown as AigwError).code).toBe("AIGW_INVALID_OPTIONS");
  });
});
