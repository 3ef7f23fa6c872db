import { inspect } from "node:util";
import { ApiError } from "../../sdk/client/errors";
import { GatewayClient } from "../../sdk/client/gateway-client";
import { REDACTED, redact, redactUrl } from "../../sdk/core/redact";
import {
  caught,
  closeAll,
  freePort,
  serve,
  sendError,
  sendJson,
  startServer,
  testClient,
  type TestServer,
} from "./helpers";

const API_KEY = "aigw_api_key_SECRET_0123456789";
const KEY_VALUE = "sk-proj-PROVIDER-SECRET-abcdef123456";
const INLINE_VALUE = "sk-ant-INLINE-SECRET-99999999";
const TOKEN = "ng-2mX2aaSECRET-g1-TOKENSECRET42";
const SECRETS = [API_KEY, KEY_VALUE, INLINE_VALUE, TOKEN, "SECRET"];

/** Every view of an error a log line or a CLI might print. */
function views(err: unknown): string[] {
  const e = err as Error;
  return [e.message, JSON.stringify(err), e.stack ?? "", inspect(err, { depth: 10 }), String(err)];
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
}

describe("GatewayClient redaction", () => {
  afterEach(closeAll);

  /** A server that echoes every secret it received back in its error message and details. */
  async function echoingServer(status: number): Promise<TestServer> {
    return startServer((req, res) =>
      sendError(
        res,
        status,
        "ERR_NGROK_27606",
        `bad request ${req.body} with ${String(req.headers.authorization)} and token ${TOKEN}`,
        {},
        { value: KEY_VALUE, header: String(req.headers.authorization), token: TOKEN },
      ),
    );
  }

  it.each([400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504])(
    "keeps secrets out of a %i error from every angle",
    async (status) => {
      const server = await echoingServer(status);
      const tc = testClient(server.url, { apiKey: API_KEY, maxRetries: 1 });
      const errors = [
        await caught(() =>
          tc.client.providerKeys.create({ providerId: "openai", name: "k", value: KEY_VALUE }),
        ),
        await caught(() =>
          tc.client.providerKeys.rotate("aigpk_1", { name: "k", value: KEY_VALUE }),
        ),
        await caught(() =>
          tc.client.accessKeyConfigurations.update("aigac_1", {
            router: {
              rules: [
                {
                  provider: "anthropic",
                  steps: [{ type: "user", keys: [{ name: "i", value: INLINE_VALUE }] }],
                },
              ],
            },
          }),
        ),
      ];
      for (const err of errors) {
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).msg).toContain(REDACTED);
        expectNoSecret(views(err));
      }
      expectNoSecret([JSON.stringify(tc.events)]);
    },
  );

  it("keeps secrets out of an uncertain create and its lookup", async () => {
    const { tc } = await serve(
      (req, res, raw) => {
        if (req.method === "POST") return void raw.socket.destroy();
        sendError(res, 401, undefined, `key ${String(req.headers.authorization)} revoked`);
      },
      { apiKey: API_KEY },
    );
    const err = await caught(() =>
      tc.client.providerKeys.create({ providerId: "openai", name: "k", value: KEY_VALUE }),
    );
    expect((err as ApiError).code).toBe("AIGW_CREATE_UNCERTAIN");
    expectNoSecret(views(err));
    expectNoSecret([JSON.stringify(tc.events)]);
  });

  it("keeps secrets out of timeouts and network errors", async () => {
    const { tc } = await serve(() => undefined, { apiKey: API_KEY, timeoutMs: 30, maxRetries: 0 });
    const timeout = await caught(() =>
      tc.client.providerKeys.rotate("aigpk_1", { name: "k", value: KEY_VALUE }),
    );
    expect((timeout as ApiError).code).toBe("AIGW_TIMEOUT");
    expectNoSecret(views(timeout));

    const port = await freePort();
    const refused = testClient(`http://127.0.0.1:${port}`, { apiKey: API_KEY, maxRetries: 0 });
    const network = await caught(() =>
      refused.client.providerKeys.create({ providerId: "openai", name: "k", value: KEY_VALUE }),
    );
    await refused.close();
    expect((network as ApiError).code).toBe("AIGW_NETWORK");
    expectNoSecret(views(network));
  });

  it("never returns a token through an error when a create answers with one but fails to parse", async () => {
    const { tc } = await serve(
      (_req, res) => {
        res.writeHead(201, { "content-type": "application/json" });
        res.end("SECRET-token-value is not JSON");
      },
      { apiKey: API_KEY },
    );
    const err = await caught(() => tc.client.accessKeys.create({ name: "web" }));
    expect((err as ApiError).code).toBe("AIGW_BAD_RESPONSE");
    expectNoSecret(views(err));
  });

  it("removes credentials and secret query values from reported URLs", async () => {
    const server = await startServer((_req, res) => sendError(res, 404));
    const tc = testClient(server.url.replace("http://", "http://user:SECRET@"), {
      apiKey: API_KEY,
    });
    const err = (await caught(() => tc.client.providerKeys.get("aigpk_1"))) as ApiError;
    expect(err.url).toBe(`${server.url}/provider-keys/aigpk_1`);
    expectNoSecret(views(err));
  });

  it("keeps the API key off the client object", () => {
    const client = new GatewayClient({ apiKey: API_KEY });
    expect(inspect(client, { depth: 10 })).not.toContain(API_KEY);
    expect(JSON.stringify(client)).not.toContain(API_KEY);
  });

  it("sends the API key as a bearer token", async () => {
    const { server, tc } = await serve((_req, res) => sendJson(res, 200, { accountId: "a" }), {
      apiKey: API_KEY,
    });
    await tc.client.gatewayConfig.get();
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });
});

describe("redact", () => {
  it("replaces known secrets, longest first", () => {
    expect(redact("a sk-123456 b sk-123456-long c", ["sk-123456", "sk-123456-long"])).toBe(
      `a ${REDACTED} b ${REDACTED} c`,
    );
  });

  it("replaces bearer credentials and access key tokens it was not told about", () => {
    expect(redact(`Authorization: Bearer abc.def and ${TOKEN}`)).toBe(
      `Authorization: Bearer ${REDACTED} and ${REDACTED}`,
    );
  });

  it("leaves very short strings alone rather than blanking words", () => {
    expect(redact("a key", ["a"])).toBe("a key");
  });

  it("replaces only the known secrets when told the words are the user's own", () => {
    expect(redact("basic tier sk-123456", ["sk-123456"], { shapes: false })).toBe(
      `basic tier ${REDACTED}`,
    );
  });
});

describe("redactUrl", () => {
  it("drops user info and secret query values", () => {
    expect(redactUrl("https://u:p@api.ngrok.ai/x?token=abc&limit=100")).toBe(
      "https://api.ngrok.ai/x?token=%5BREDACTED%5D&limit=100",
    );
  });
});
