import { GatewayClient } from "../../sdk/client/gateway-client";
import { VERSION } from "../../sdk/core/version";
import { closeAll, serve, sendError, sendJson, startServer, testClient } from "./helpers";

/** Every endpoint: the call, the request it must make, and the status the server answers. */
const endpoints: [
  string,
  (c: GatewayClient) => Promise<unknown>,
  string,
  string,
  unknown,
  number,
][] = [
  [
    "providerKeys.list",
    (c) => c.providerKeys.list({ provider: "openai" }),
    "GET",
    "/provider-keys?provider=openai&limit=100",
    undefined,
    200,
  ],
  [
    "providerKeys.headList",
    (c) => c.providerKeys.headList(),
    "HEAD",
    "/provider-keys?limit=100",
    undefined,
    200,
  ],
  [
    "providerKeys.create",
    (c) => c.providerKeys.create({ providerId: "openai", name: "n", value: "sk-v" }),
    "POST",
    "/provider-keys",
    { providerId: "openai", name: "n", value: "sk-v" },
    201,
  ],
  [
    "providerKeys.get",
    (c) => c.providerKeys.get("aigpk_1"),
    "GET",
    "/provider-keys/aigpk_1",
    undefined,
    200,
  ],
  [
    "providerKeys.head",
    (c) => c.providerKeys.head("aigpk_1"),
    "HEAD",
    "/provider-keys/aigpk_1",
    undefined,
    200,
  ],
  [
    "providerKeys.update",
    (c) => c.providerKeys.update("aigpk_1", { name: "m", description: null }),
    "PATCH",
    "/provider-keys/aigpk_1",
    { name: "m", description: null },
    200,
  ],
  [
    "providerKeys.delete",
    (c) => c.providerKeys.delete("aigpk_1"),
    "DELETE",
    "/provider-keys/aigpk_1",
    undefined,
    204,
  ],
  [
    "providerKeys.rotate",
    (c) => c.providerKeys.rotate("aigpk_1", { name: "n", value: "sk-w" }),
    "POST",
    "/provider-keys/aigpk_1/rotate",
    { name: "n", value: "sk-w" },
    200,
  ],
  [
    "accessKeyConfigurations.list",
    (c) => c.accessKeyConfigurations.list({ beforeId: "aigac_9", limit: 5 }),
    "GET",
    "/access-key-configurations?beforeId=aigac_9&limit=5",
    undefined,
    200,
  ],
  [
    "accessKeyConfigurations.headList",
    (c) => c.accessKeyConfigurations.headList(),
    "HEAD",
    "/access-key-configurations?limit=100",
    undefined,
    200,
  ],
  [
    "accessKeyConfigurations.create",
    (c) => c.accessKeyConfigurations.create({ name: "c", access: { models: { allow: [] } } }),
    "POST",
    "/access-key-configurations",
    { name: "c", access: { models: { allow: [] } } },
    201,
  ],
  [
    "accessKeyConfigurations.get",
    (c) => c.accessKeyConfigurations.get("aigac_1"),
    "GET",
    "/access-key-configurations/aigac_1",
    undefined,
    200,
  ],
  [
    "accessKeyConfigurations.head",
    (c) => c.accessKeyConfigurations.head("aigac_1"),
    "HEAD",
    "/access-key-configurations/aigac_1",
    undefined,
    200,
  ],
  [
    "accessKeyConfigurations.update",
    (c) => c.accessKeyConfigurations.update("aigac_1", { access: null, router: null }),
    "PATCH",
    "/access-key-configurations/aigac_1",
    { access: null, router: null },
    200,
  ],
  [
    "accessKeyConfigurations.delete",
    (c) => c.accessKeyConfigurations.delete("aigac_1"),
    "DELETE",
    "/access-key-configurations/aigac_1",
    undefined,
    204,
  ],
  ["accessKeys.list", (c) => c.accessKeys.list(), "GET", "/access-keys?limit=100", undefined, 200],
  [
    "accessKeys.headList",
    (c) => c.accessKeys.headList(),
    "HEAD",
    "/access-keys?limit=100",
    undefined,
    200,
  ],
  ["accessKeys.create", (c) => c.accessKeys.create({}), "POST", "/access-keys", {}, 201],
  [
    "accessKeys.get",
    (c) => c.accessKeys.get("aigk_1"),
    "GET",
    "/access-keys/aigk_1",
    undefined,
    200,
  ],
  [
    "accessKeys.head",
    (c) => c.accessKeys.head("aigk_1"),
    "HEAD",
    "/access-keys/aigk_1",
    undefined,
    200,
  ],
  [
    "accessKeys.update",
    (c) => c.accessKeys.update("aigk_1", { accessKeyConfigurationId: null }),
    "PATCH",
    "/access-keys/aigk_1",
    { accessKeyConfigurationId: null },
    200,
  ],
  [
    "accessKeys.delete",
    (c) => c.accessKeys.delete("aigk_1"),
    "DELETE",
    "/access-keys/aigk_1",
    undefined,
    204,
  ],
  ["apiKeys.list", (c) => c.apiKeys.list(), "GET", "/api-keys?limit=100", undefined, 200],
  ["apiKeys.headList", (c) => c.apiKeys.headList(), "HEAD", "/api-keys?limit=100", undefined, 200],
  [
    "apiKeys.create",
    (c) => c.apiKeys.create({ name: "ci" }),
    "POST",
    "/api-keys",
    { name: "ci" },
    201,
  ],
  ["apiKeys.get", (c) => c.apiKeys.get("k1"), "GET", "/api-keys/k1", undefined, 200],
  ["apiKeys.head", (c) => c.apiKeys.head("k1"), "HEAD", "/api-keys/k1", undefined, 200],
  [
    "apiKeys.update",
    (c) => c.apiKeys.update("k1", { metadata: null }),
    "PATCH",
    "/api-keys/k1",
    { metadata: null },
    200,
  ],
  ["apiKeys.delete", (c) => c.apiKeys.delete("k1"), "DELETE", "/api-keys/k1", undefined, 204],
  ["providers.list", (c) => c.providers.list(), "GET", "/providers?limit=100", undefined, 200],
  [
    "providers.headList",
    (c) => c.providers.headList(),
    "HEAD",
    "/providers?limit=100",
    undefined,
    200,
  ],
  [
    "providers.create",
    (c) =>
      c.providers.create({
        providerId: "p",
        name: "P",
        baseUrl: "https://p.internal",
        models: [{ modelId: "m" }],
      }),
    "POST",
    "/providers",
    { providerId: "p", name: "P", baseUrl: "https://p.internal", models: [{ modelId: "m" }] },
    201,
  ],
  ["providers.get", (c) => c.providers.get("aigp_1"), "GET", "/providers/aigp_1", undefined, 200],
  [
    "providers.head",
    (c) => c.providers.head("aigp_1"),
    "HEAD",
    "/providers/aigp_1",
    undefined,
    200,
  ],
  [
    "providers.update",
    (c) => c.providers.update("aigp_1", { models: [] }),
    "PATCH",
    "/providers/aigp_1",
    { models: [] },
    200,
  ],
  [
    "providers.delete",
    (c) => c.providers.delete("aigp_1"),
    "DELETE",
    "/providers/aigp_1",
    undefined,
    204,
  ],
  ["gatewayConfig.get", (c) => c.gatewayConfig.get(), "GET", "/gateway-config", undefined, 200],
  ["gatewayConfig.head", (c) => c.gatewayConfig.head(), "HEAD", "/gateway-config", undefined, 200],
  [
    "gatewayConfig.update",
    (c) => c.gatewayConfig.update({ totalTimeout: "90s", maxInputTokens: null }),
    "PATCH",
    "/gateway-config",
    { totalTimeout: "90s", maxInputTokens: null },
    200,
  ],
];

/** A body good enough for any endpoint: every list key, and an id. */
const anyBody = {
  id: "x",
  uri: "/x",
  nextPageUri: null,
  aiGatewayProviderKeys: [],
  aiGatewayAccessKeyConfigurations: [],
  aiGatewayAccessKeys: [],
  aiGatewayApiKeys: [],
  aiGatewayProviders: [],
};

describe("GatewayClient endpoints", () => {
  afterEach(closeAll);

  it.each(endpoints)("%s sends %s %s", async (_name, call, method, path, body, status) => {
    const { server, tc } = await serve((_req, res) =>
      status === 204 ? sendJson(res, 204, undefined) : sendJson(res, status, anyBody),
    );
    await call(tc.client);
    expect(server.requests).toHaveLength(1);
    const seen = server.requests[0]!;
    expect(`${seen.method} ${seen.url}`).toBe(`${method} ${path}`);
    expect(seen.body === "" ? undefined : JSON.parse(seen.body)).toEqual(body);
    expect(seen.headers.accept).toBe("application/json");
    expect(seen.headers["user-agent"]).toBe(`pulumi-ngrok-ai/${VERSION}`);
    expect(seen.headers["content-type"]).toBe(body === undefined ? undefined : "application/json");
  });

  it("returns the parsed object of a get", async () => {
    const { tc } = await serve((_req, res) =>
      sendJson(res, 200, {
        accountId: "acc_1",
        uri: "/gateway-config",
        totalTimeout: "120s",
        perRequestTimeout: "60s",
        maxInputTokens: null,
      }),
    );
    await expect(tc.client.gatewayConfig.get()).resolves.toEqual({
      accountId: "acc_1",
      uri: "/gateway-config",
      totalTimeout: "120s",
      perRequestTimeout: "60s",
      maxInputTokens: null,
    });
  });

  it("answers false from head when the object does not exist", async () => {
    const { tc } = await serve((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    await expect(tc.client.accessKeys.head("aigk_gone")).resolves.toBe(false);
  });

  it("throws from head on other failures", async () => {
    const { tc } = await serve((_req, res) => sendError(res, 401));
    await expect(tc.client.accessKeys.head("aigk_1")).rejects.toMatchObject({ code: "AIGW_AUTH" });
  });

  it("encodes ids in paths", async () => {
    const { server, tc } = await serve((_req, res) => sendJson(res, 200, anyBody));
    await tc.client.providerKeys.get("a/b?c");
    expect(server.requests[0]!.url).toBe("/provider-keys/a%2Fb%3Fc");
  });

  it("keeps a path in the base URL as a prefix", async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, anyBody));
    const tc = testClient(`${server.url}/api/`);
    await tc.client.providerKeys.get("aigpk_1");
    expect(server.requests[0]!.url).toBe("/api/provider-keys/aigpk_1");
  });

  it("sends no Authorization header without an API key", async () => {
    const { server, tc } = await serve((_req, res) => sendJson(res, 200, anyBody), { apiKey: "" });
    await tc.client.gatewayConfig.get();
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("defaults to the public API URL", () => {
    expect(new GatewayClient().baseUrl).toBe("https://api.ngrok.ai");
  });
});
