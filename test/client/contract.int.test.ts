// Contract tests: the typed client against the emulator, endpoint by endpoint, with every body the
// client hands back checked against the official OpenAPI description.
import { createEmulator, type Emulator } from "aigw-emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import type { ApiError } from "../../sdk/client/errors";
import { assertResponseMatchesOpenApi } from "../helpers/openapi";

const VALUE = "sk-proj-contract-0123456789abcdef";

describe("GatewayClient against the emulator", () => {
  let emulator: Emulator;
  let client: GatewayClient;

  beforeEach(async () => {
    emulator = await createEmulator({ db: ":memory:" });
    client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
  });

  afterEach(async () => {
    await emulator.close();
  });

  async function failure(work: Promise<unknown>): Promise<ApiError> {
    const err = (await work.then(
      () => undefined,
      (e: unknown) => e,
    )) as ApiError | undefined;
    if (err === undefined) throw new Error("expected the call to fail");
    return err;
  }

  it("provider keys: create 201, get, list, head, update, rotate keeping the id, delete 204, then 404", async () => {
    const created = await client.providerKeys.create({
      providerId: "openai",
      name: "k",
      value: VALUE,
    });
    assertResponseMatchesOpenApi("POST", "/provider-keys", 201, created);
    expect(created.keyRedacted).toBe("sk-proj-co***cdef");
    assertResponseMatchesOpenApi(
      "GET",
      `/provider-keys/${created.id}`,
      200,
      await client.providerKeys.get(created.id),
    );
    assertResponseMatchesOpenApi("GET", "/provider-keys", 200, await client.providerKeys.list());
    await expect(client.providerKeys.head(created.id)).resolves.toBe(true);
    const updated = await client.providerKeys.update(created.id, { description: "d" });
    assertResponseMatchesOpenApi("PATCH", `/provider-keys/${created.id}`, 200, updated);
    const rotated = await client.providerKeys.rotate(created.id, {
      name: "k",
      value: "sk-proj-rotated-99999999",
    });
    assertResponseMatchesOpenApi("POST", `/provider-keys/${created.id}/rotate`, 200, rotated);
    expect(rotated.id).toBe(created.id);
    expect(rotated.keyRedacted).not.toBe(created.keyRedacted);
    await client.providerKeys.delete(created.id);
    expect(await client.providerKeys.head(created.id)).toBe(false);
    const err = await failure(client.providerKeys.get(created.id));
    expect(err.code).toBe("AIGW_NOT_FOUND");
    expect(err.statusCode).toBe(404);
  });

  it("access key configurations and access keys: create, link, 409 while linked, unlink, delete", async () => {
    const key = await client.providerKeys.create({ providerId: "openai", name: "k", value: VALUE });
    const config = await client.accessKeyConfigurations.create({
      name: "c",
      access: { models: { allow: [] } },
      router: {
        rules: [
          {
            provider: "openai",
            steps: [{ type: "user", keys: [{ id: key.id }] }, { type: "ngrok" }],
          },
        ],
      },
    });
    assertResponseMatchesOpenApi("POST", "/access-key-configurations", 201, config);
    expect(config.access).toEqual({ models: { allow: [] } });
    expect(config.router?.rules?.[0]?.steps[0]?.keys?.[0]).toMatchObject({ id: key.id, name: "k" });

    const accessKey = await client.accessKeys.create({
      name: "a",
      accessKeyConfigurationId: config.id,
    });
    assertResponseMatchesOpenApi("POST", "/access-keys", 201, accessKey);
    expect(accessKey.token).toMatch(/^ng-.+-g1-.+$/);
    const read = await client.accessKeys.get(accessKey.id);
    assertResponseMatchesOpenApi("GET", `/access-keys/${accessKey.id}`, 200, read);
    expect(read).not.toHaveProperty("token");

    const inUse = await failure(client.accessKeyConfigurations.delete(config.id));
    expect({ code: inUse.code, status: inUse.statusCode, errorCode: inUse.errorCode }).toEqual({
      code: "AIGW_CONFLICT",
      status: 409,
      errorCode: "ERR_NGROK_27615",
    });
    const keyInUse = await failure(client.providerKeys.delete(key.id));
    expect({ code: keyInUse.code, errorCode: keyInUse.errorCode }).toEqual({
      code: "AIGW_CONFLICT",
      errorCode: "ERR_NGROK_27511",
    });

    const unlinked = await client.accessKeys.update(accessKey.id, {
      accessKeyConfigurationId: null,
    });
    assertResponseMatchesOpenApi("PATCH", `/access-keys/${accessKey.id}`, 200, unlinked);
    const cleared = await client.accessKeyConfigurations.update(config.id, {
      access: null,
      router: null,
    });
    assertResponseMatchesOpenApi("PATCH", `/access-key-configurations/${config.id}`, 200, cleared);
    expect(cleared.access).toBeUndefined();
    assertResponseMatchesOpenApi(
      "GET",
      "/access-key-configurations",
      200,
      await client.accessKeyConfigurations.list(),
    );
    assertResponseMatchesOpenApi("GET", "/access-keys", 200, await client.accessKeys.list());
    await client.accessKeyConfigurations.delete(config.id);
    await client.accessKeys.delete(accessKey.id);
    await client.providerKeys.delete(key.id);
  });

  it("providers: create, replace the model list, 409 while a key uses it, delete", async () => {
    const provider = await client.providers.create({
      providerId: "my-llm",
      name: "Mine",
      baseUrl: "https://my-llm.internal",
      models: [{ modelId: "llama" }],
    });
    assertResponseMatchesOpenApi("POST", "/providers", 201, provider);
    const updated = await client.providers.update(provider.id, { models: [{ modelId: "qwen" }] });
    assertResponseMatchesOpenApi("PATCH", `/providers/${provider.id}`, 200, updated);
    expect(updated.models?.map((m) => m.modelId)).toEqual(["qwen"]);
    assertResponseMatchesOpenApi("GET", "/providers", 200, await client.providers.list());
    const key = await client.providerKeys.create({ providerId: "my-llm", name: "k", value: VALUE });
    const inUse = await failure(client.providers.delete(provider.id));
    expect({ code: inUse.code, errorCode: inUse.errorCode }).toEqual({
      code: "AIGW_CONFLICT",
      errorCode: "ERR_NGROK_27710",
    });
    await client.providerKeys.delete(key.id);
    await client.providers.delete(provider.id);
  });

  it("gateway config and API keys", async () => {
    const config = await client.gatewayConfig.get();
    assertResponseMatchesOpenApi("GET", "/gateway-config", 200, config);
    const updated = await client.gatewayConfig.update({
      perRequestTimeout: "30s",
      maxInputTokens: 1000,
    });
    assertResponseMatchesOpenApi("PATCH", "/gateway-config", 200, updated);
    expect(updated).toMatchObject({ perRequestTimeout: "30s", maxInputTokens: 1000 });
    const apiKey = await client.apiKeys.create({ name: "ci" });
    assertResponseMatchesOpenApi("POST", "/api-keys", 201, apiKey);
    expect(typeof apiKey.token).toBe("string");
    assertResponseMatchesOpenApi("GET", "/api-keys", 200, await client.apiKeys.list());
    await client.apiKeys.delete(apiKey.id);
  });

  it("maps validation (400) and authentication (401) failures to their codes, without secrets", async () => {
    const invalid = await failure(
      client.providerKeys.create({ providerId: "openai", name: "x".repeat(300), value: VALUE }),
    );
    expect({ code: invalid.code, status: invalid.statusCode }).toEqual({
      code: "AIGW_VALIDATION",
      status: 400,
    });
    expect(invalid.message).not.toContain(VALUE);
    const wrong = new GatewayClient({ baseUrl: emulator.url, apiKey: "not-the-key" });
    const auth = await failure(wrong.providerKeys.list());
    expect({ code: auth.code, status: auth.statusCode }).toEqual({
      code: "AIGW_AUTH",
      status: 401,
    });
    expect(auth.message).not.toContain("not-the-key");
  });

  it("ends 300 creates under 30% injected 429/503 with exactly 300 objects, none lost or duplicated", async () => {
    emulator.faults.setRules(
      [
        {
          method: "POST",
          path: "/provider-keys",
          kind: "429",
          probability: 0.15,
          retryAfterSeconds: 0,
        },
        { method: "POST", path: "/provider-keys", kind: "503", probability: 0.15 },
      ],
      42,
    );
    let retries = 0;
    const chaotic = new GatewayClient({
      baseUrl: emulator.url,
      apiKey: emulator.apiKey,
      concurrency: 16,
      maxRetries: 20,
      retryBaseDelayMs: 1,
      maxRetryDelayMs: 5,
      onEvent: (e) => {
        if (e.type === "retry") retries++;
      },
    });
    const names = Array.from({ length: 300 }, (_, i) => `chaos-${i}`);
    const created = await Promise.all(
      names.map((name) =>
        chaotic.providerKeys.create({ providerId: "openai", name, value: `${VALUE}-${name}` }),
      ),
    );
    expect(retries).toBeGreaterThan(0);
    emulator.faults.setRules([]);
    const all = await client.providerKeys.listAll();
    expect(all).toHaveLength(300);
    expect(new Set(all.map((k) => k.name))).toEqual(new Set(names));
    expect(new Set(created.map((k) => k.id))).toEqual(new Set(all.map((k) => k.id)));
  });
});
