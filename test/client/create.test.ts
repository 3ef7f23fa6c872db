import { type IncomingMessage, type ServerResponse } from "node:http";
import { CreateUncertainError, ServerError, ValidationError } from "../../sdk/client/errors";
import { type CreateLookupEvent } from "../../sdk/client/events";
import { matchesSent } from "../../sdk/client/collection";
import {
  caught,
  closeAll,
  freePort,
  providerKey,
  serve,
  sendError,
  sendJson,
  startServer,
  testClient,
  type SeenRequest,
  type TestClient,
  type TestServer,
} from "./helpers";

type Outcome = number | "reset-after-create" | "reset" | "hang" | "hang-after-create" | "created";

/**
 * A tiny provider-key store: POST answers the scripted outcomes in turn ("…-after-create" stores
 * the key, then fails); GET /provider-keys lists the store newest first.
 */
function providerKeyStore(
  outcomes: Outcome[],
  options: { listStatus?: number; existing?: Record<string, unknown>[] } = {},
) {
  const store: Record<string, unknown>[] = [...(options.existing ?? [])];
  let posts = 0;
  const handler = (req: SeenRequest, res: ServerResponse, raw: IncomingMessage): void => {
    if (req.method === "GET" && req.url.startsWith("/provider-keys")) {
      if (options.listStatus !== undefined) return sendError(res, options.listStatus);
      return sendJson(res, 200, {
        aiGatewayProviderKeys: [...store].reverse(),
        uri: "/provider-keys",
        nextPageUri: null,
      });
    }
    if (req.method !== "POST") return sendError(res, 405);
    const outcome = outcomes[posts++] ?? "created";
    const sent = JSON.parse(req.body) as Record<string, unknown>;
    const created = (): Record<string, unknown> => {
      const { value: _value, ...fields } = sent;
      const key = providerKey(`aigpk_${store.length + 1}`, {
        ...fields,
        keyRedacted: `sk-proj-ab***${String(sent.value).slice(-4)}`,
      });
      store.push(key);
      return key;
    };
    switch (outcome) {
      case "created":
        return sendJson(res, 201, created());
      case "reset-after-create":
        created();
        return void raw.socket.destroy();
      case "hang-after-create":
        created();
        return;
      case "reset":
        return void raw.socket.destroy();
      case "hang":
        return;
      default:
        return sendError(res, outcome);
    }
  };
  return { handler, store };
}

/**
 * The client timeout of the tests whose first attempt hangs: long enough that the lookup after
 * it answers in time on a busy machine, short enough that the hang ends quickly.
 */
const SLOW_LOOKUP_TIMEOUT_MS = 500;

const body = {
  providerId: "openai",
  name: "OpenAI primary",
  value: "sk-proj-secret-value-wxyz",
  description: "primary",
};

function posts(server: TestServer): number {
  return server.requests.filter((r) => r.method === "POST").length;
}

function lookups(tc: TestClient): CreateLookupEvent["outcome"][] {
  return tc.events
    .filter((e): e is CreateLookupEvent => e.type === "create-lookup")
    .map((e) => e.outcome);
}

describe("GatewayClient create", () => {
  afterEach(closeAll);

  it("returns the created object", async () => {
    const store = providerKeyStore([]);
    const { server, tc } = await serve(store.handler);
    const key = await tc.client.providerKeys.create(body);
    expect(key).toMatchObject({ id: "aigpk_1", name: "OpenAI primary" });
    expect(JSON.parse(server.requests[0]!.body)).toEqual(body);
  });

  it.each([429, 503])("retries a create after %i, which proves it was not applied", async (s) => {
    const store = providerKeyStore([s]);
    const { server, tc } = await serve(store.handler);
    const key = await tc.client.providerKeys.create(body);
    expect(key.id).toBe("aigpk_1");
    expect(posts(server)).toBe(2);
    expect(lookups(tc)).toEqual([]);
    expect(store.store).toHaveLength(1);
  });

  it("retries a create whose connection was refused", async () => {
    const port = await freePort();
    const store = providerKeyStore([]);
    let server: TestServer | undefined;
    const tc = testClient(`http://127.0.0.1:${port}`, {
      // The server comes up while the client waits to retry.
      sleep: async () => {
        server = await startServer(store.handler, port);
      },
    });
    const key = await tc.client.providerKeys.create(body);
    expect(key.id).toBe("aigpk_1");
    expect(posts(server!)).toBe(1);
    expect(lookups(tc)).toEqual([]);
  });

  it("returns the object a reset create made, found by lookup, without posting again", async () => {
    const store = providerKeyStore(["reset-after-create"]);
    const { server, tc } = await serve(store.handler);
    const key = await tc.client.providerKeys.create(body);
    expect(key).toMatchObject({ id: "aigpk_1", name: "OpenAI primary", description: "primary" });
    expect(posts(server)).toBe(1);
    expect(store.store).toHaveLength(1);
    expect(lookups(tc)).toEqual(["found"]);
  });

  it("finds the object even when the local clock runs an hour ahead of the server's", async () => {
    const store = providerKeyStore(["reset-after-create"]);
    const { server, tc } = await serve(store.handler, { now: () => Date.now() + 3_600_000 });
    const key = await tc.client.providerKeys.create(body);
    expect(key.id).toBe("aigpk_1");
    expect(posts(server)).toBe(1);
  });

  it("returns the object a timed-out create made, found by lookup", async () => {
    const store = providerKeyStore(["hang-after-create"]);
    const { server, tc } = await serve(store.handler, { timeoutMs: SLOW_LOOKUP_TIMEOUT_MS });
    const key = await tc.client.providerKeys.create(body);
    expect(key.id).toBe("aigpk_1");
    expect(posts(server)).toBe(1);
  });

  it.each([502, 504, "reset", "hang"] as const)(
    "retries a create after %p only once the lookup proves absence",
    async (outcome) => {
      const store = providerKeyStore([outcome]);
      const { server, tc } = await serve(store.handler, { timeoutMs: SLOW_LOOKUP_TIMEOUT_MS });
      const key = await tc.client.providerKeys.create(body);
      expect(key.id).toBe("aigpk_1");
      expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST"]);
      expect(lookups(tc)).toEqual(["absent"]);
      expect(store.store).toHaveLength(1);
    },
  );

  it("ignores an older object with the same name and other fields", async () => {
    const old = providerKey("aigpk_old", {
      name: "OpenAI primary",
      description: "something else",
    });
    const store = providerKeyStore([502], { existing: [old] });
    const { server, tc } = await serve(store.handler);
    const key = await tc.client.providerKeys.create(body);
    expect(key.id).toBe("aigpk_2");
    expect(posts(server)).toBe(2);
  });

  it("ignores an identical object created long before this create", async () => {
    const old = providerKey("aigpk_old", {
      ...body,
      value: undefined,
      keyRedacted: "sk-proj-ab***wxyz",
      createdAt: "2020-01-01T00:00:00Z",
    });
    const store = providerKeyStore([504], { existing: [old] });
    const { tc } = await serve(store.handler);
    const key = await tc.client.providerKeys.create(body);
    expect(key.id).toBe("aigpk_2");
  });

  it("throws AIGW_CREATE_UNCERTAIN when the lookup fails", async () => {
    const store = providerKeyStore([504], { listStatus: 401 });
    const { server, tc } = await serve(store.handler);
    const err = (await caught(() => tc.client.providerKeys.create(body))) as CreateUncertainError;
    expect(err).toBeInstanceOf(CreateUncertainError);
    expect(err.code).toBe("AIGW_CREATE_UNCERTAIN");
    expect(err.name).toBe("CreateUncertainError");
    expect(err.statusCode).toBe(504);
    expect(err.message).toMatch(
      /may have been created, and looking for it failed too \(AIGW_AUTH\)/,
    );
    expect(posts(server)).toBe(1);
    expect(lookups(tc)).toEqual(["failed"]);
  });

  it("throws AIGW_CREATE_UNCERTAIN without a lookup when there is no name to find", async () => {
    const { server, tc } = await serve((req, res, raw) =>
      req.method === "POST" ? void raw.socket.destroy() : sendError(res, 500),
    );
    const err = (await caught(() => tc.client.accessKeys.create({}))) as CreateUncertainError;
    expect(err).toBeInstanceOf(CreateUncertainError);
    expect(err.message).toMatch(/without a name there is no way to find it/);
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
  });

  it("throws AIGW_CREATE_UNCERTAIN naming an access key found after a reset, as its token is lost", async () => {
    let created = false;
    const { server, tc } = await serve((req, res, raw) => {
      if (req.method === "POST") {
        created = true;
        return void raw.socket.destroy();
      }
      sendJson(res, 200, {
        aiGatewayAccessKeys: created
          ? [
              {
                id: "aigk_9",
                uri: "/access-keys/aigk_9",
                name: "web",
                keyRedacted: "ng-2mX2a***k9Qz",
                createdAt: new Date().toISOString(),
                updatedAt: new Date().toISOString(),
                createdBy: { id: "u", uri: "u" },
                lastUpdatedBy: { id: "u", uri: "u" },
                accessKeyConfiguration: { id: "aigac_1", uri: "u", name: "c" },
              },
            ]
          : [],
        uri: "/access-keys",
        nextPageUri: null,
      });
    });
    const err = (await caught(() =>
      tc.client.accessKeys.create({ name: "web", accessKeyConfigurationId: "aigac_1" }),
    )) as CreateUncertainError;
    expect(err).toBeInstanceOf(CreateUncertainError);
    expect(err.candidateId).toBe("aigk_9");
    expect(err.message).toMatch(/token, shown only once, was lost/);
    expect(posts(server)).toBe(1);
  });

  it("does not retry a create that failed validation", async () => {
    const store = providerKeyStore([400]);
    const { server, tc } = await serve(store.handler);
    await expect(tc.client.providerKeys.create(body)).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(1);
  });

  it("throws the last error when the lookups keep proving absence and retries run out", async () => {
    const store = providerKeyStore([502, 502]);
    const { server, tc } = await serve(store.handler, { maxRetries: 1 });
    const err = (await caught(() => tc.client.providerKeys.create(body))) as ServerError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.attempts).toBe(2);
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST", "GET"]);
    expect(store.store).toHaveLength(0);
  });
});

describe("matchesSent", () => {
  const read = {
    id: "aigac_1",
    name: "team",
    description: "d",
    access: { providers: { allow: ["openai"] } },
    router: {
      rules: [
        {
          provider: "openai",
          steps: [
            {
              type: "user",
              keys: [
                { id: "aigpk_1", name: "a", keyRedacted: "x" },
                { id: "aigpk_2", name: "inline", keyRedacted: "y" },
              ],
            },
            { type: "ngrok" },
          ],
        },
      ],
    },
    accessKeyConfiguration: { id: "aigac_9", uri: "u", name: "n" },
    models: [{ id: "m1", modelId: "llama" }],
  };

  it.each([
    [{ name: "team" }, true],
    [{ name: "team", description: "d" }, true],
    [{ name: "team", description: "other" }, false],
    [{ name: "team", access: { providers: { allow: ["openai"] } } }, true],
    [{ name: "team", access: { providers: { allow: ["anthropic"] } } }, false],
    [
      {
        name: "team",
        router: {
          rules: [
            {
              provider: "openai",
              steps: [
                { type: "user", keys: [{ id: "aigpk_1" }, { name: "inline", value: "sk" }] },
                { type: "ngrok" },
              ],
            },
          ],
        },
      },
      true,
    ],
    [
      {
        name: "team",
        router: {
          rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: "aigpk_2" }] }] }],
        },
      },
      false,
    ],
    [{ name: "team", accessKeyConfigurationId: "aigac_9" }, true],
    [{ name: "team", accessKeyConfigurationId: "aigac_8" }, false],
    [{ name: "team", models: [{ modelId: "llama" }] }, true],
    [{ name: "team", models: [] }, false],
  ])("compares %j with the read shape: %p", (sent, expected) => {
    expect(matchesSent(sent, read)).toBe(expected);
  });

  it("compares a provider key value with the redacted value's tail", () => {
    const key = { name: "k", keyRedacted: "sk-proj-ab***wxyz" };
    expect(matchesSent({ name: "k", value: "sk-proj-abc-wxyz" }, key)).toBe(true);
    expect(matchesSent({ name: "k", value: "sk-proj-abc-0000" }, key)).toBe(false);
  });
});
