/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call --
 * Response bodies are `any` for short reads; each one was checked against the OpenAPI schema
 * before the test sees it. */
import { request } from "undici";
import { useEmulator } from "./api";

const OPENAI_VALUE = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const running = useEmulator("test");
const { api } = running;

async function providerKey(
  providerId = "openai",
  value = OPENAI_VALUE,
  name = "primary",
): Promise<string> {
  const res = await api("POST", "/provider-keys", { providerId, name, value });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

function expectError(
  res: { status: number; body: unknown },
  status: number,
  errorCode: string,
): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({
    errorCode,
    statusCode: status,
    msg: expect.any(String),
    details: expect.any(Object),
  });
}

describe("authentication", () => {
  it("answers 401 with the error body when the bearer token is missing", async () => {
    const res = await api("GET", "/provider-keys", undefined, { token: null });
    expectError(res, 401, "ERR_NGROK_27007");
  });

  it("says the Authorization header is not a bearer token when it is another scheme", async () => {
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer a b", "Bearer"]) {
      const res = await request(`${running.emulator.url}/provider-keys`, {
        headers: { authorization },
      });
      const body = (await res.body.json()) as { msg: string; errorCode: string };
      expect([res.statusCode, body.errorCode]).toEqual([401, "ERR_NGROK_27007"]);
      // Not "missing … header": one was sent. Its value is never echoed.
      expect(body.msg).toBe(
        "the Authorization header is not Bearer <API key>: send Authorization: Bearer <API key>",
      );
    }
  });

  it("answers 401 for an unknown API key, on every kind of endpoint", async () => {
    for (const [method, path] of [
      ["GET", "/access-keys"],
      ["POST", "/providers"],
      ["PATCH", "/gateway-config"],
      ["DELETE", "/api-keys/aigak_x"],
    ] as const) {
      const res = await api(method, path, {}, { token: "not-a-key" });
      expectError(res, 401, "ERR_NGROK_27007");
    }
  });

  it("authenticates with an API key created through /api-keys and stops when it is deleted", async () => {
    const created = await api("POST", "/api-keys", { name: "ci", description: "pipeline" });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect((await api("GET", "/gateway-config", undefined, { token })).status).toBe(200);
    const read = await api("GET", `/api-keys/${created.body.id}`);
    expect(read.body.token).toBeUndefined();
    expect(read.body.lastUsed).toMatch(RFC3339);
    expect((await api("DELETE", `/api-keys/${created.body.id}`)).status).toBe(204);
    expectError(await api("GET", "/gateway-config", undefined, { token }), 401, "ERR_NGROK_27007");
  });
});

describe("provider keys", () => {
  it("creates a key with 201, redacts the value as first10***last4 and never returns it", async () => {
    const res = await api("POST", "/provider-keys", {
      providerId: "openai",
      name: "OpenAI primary",
      value: OPENAI_VALUE,
      description: "main",
      metadata: '{"team":"a"}',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      providerId: "openai",
      name: "OpenAI primary",
      keyRedacted: "sk-proj-ab***6789",
      description: "main",
      metadata: '{"team":"a"}',
      lastUsed: null,
    });
    expect(res.body.id).toMatch(/^aigpk_/);
    expect(res.body.uri).toBe(`${running.emulator.url}/provider-keys/${res.body.id}`);
    expect(res.body.createdAt).toMatch(RFC3339);
    expect(res.body.createdBy.id).toMatch(/^aigak_/);
    expect(JSON.stringify(res.body)).not.toContain(OPENAI_VALUE);
  });

  it("gets, heads, patches (null clears, omitted keeps) and deletes a key", async () => {
    const id = await providerKey();
    await api("PATCH", `/provider-keys/${id}`, { description: "d", metadata: "m" });
    const got = await api("GET", `/provider-keys/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id, name: "primary", description: "d", metadata: "m" });

    const head = await api("HEAD", `/provider-keys/${id}`);
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
    expect([head.headers["content-type"], head.headers["content-length"]]).toEqual([
      undefined,
      undefined,
    ]);

    const patched = await api("PATCH", `/provider-keys/${id}`, {
      name: "renamed",
      description: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe("renamed");
    expect(patched.body.description).toBeUndefined();
    expect(patched.body.metadata).toBe("m");

    expect((await api("DELETE", `/provider-keys/${id}`)).status).toBe(204);
    expectError(await api("GET", `/provider-keys/${id}`), 404, "ERR_NGROK_27611");
    expect((await api("HEAD", `/provider-keys/${id}`)).status).toBe(404);
    expectError(await api("DELETE", `/provider-keys/${id}`), 404, "ERR_NGROK_27611");
  });

  it("rotates a key in place: same id, new keyRedacted, new name", async () => {
    const id = await providerKey();
    const before = running.emulator.store.decryptProviderKeyValue(id);
    const res = await api("POST", `/provider-keys/${id}/rotate`, {
      name: "rotated",
      value: "sk-proj-NEWNEWNEWNEW-9999-zzzz",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: "rotated", keyRedacted: "sk-proj-NE***zzzz" });
    expect(before).toBe(OPENAI_VALUE);
    expect(running.emulator.store.decryptProviderKeyValue(id)).toBe(
      "sk-proj-NEWNEWNEWNEW-9999-zzzz",
    );
    expectError(
      await api("POST", `/provider-keys/${id}/rotate`, { value: "x" }),
      400,
      "ERR_NGROK_27510",
    );
    expectError(
      await api("POST", `/provider-keys/${id}/rotate`, { name: "n", value: "" }),
      400,
      "ERR_NGROK_27507",
    );
    expectError(
      await api("POST", "/provider-keys/aigpk_missing/rotate", { name: "n", value: "v" }),
      404,
      "ERR_NGROK_27611",
    );
  });

  it("rejects missing fields, long labels and unsupported providers with their codes", async () => {
    expectError(
      await api("POST", "/provider-keys", { name: "n", value: "v" }),
      400,
      "ERR_NGROK_27510",
    );
    expectError(
      await api("POST", "/provider-keys", { providerId: "openai", name: "n" }),
      400,
      "ERR_NGROK_27507",
    );
    expectError(
      await api("POST", "/provider-keys", {
        providerId: "openai",
        name: "x".repeat(256),
        value: "v",
      }),
      400,
      "ERR_NGROK_27501",
    );
    expectError(
      await api("POST", "/provider-keys", {
        providerId: "openai",
        name: "n",
        value: "v",
        description: "x".repeat(256),
      }),
      400,
      "ERR_NGROK_27502",
    );
    expectError(
      await api("POST", "/provider-keys", {
        providerId: "openai",
        name: "n",
        value: "v",
        metadata: "x".repeat(4097),
      }),
      400,
      "ERR_NGROK_27503",
    );
    expectError(
      await api("POST", "/provider-keys", { providerId: "nope", name: "n", value: "v" }),
      400,
      "ERR_NGROK_27508",
    );
    const ok = await api("POST", "/provider-keys", {
      providerId: "openai",
      name: "x".repeat(255),
      value: "v",
      metadata: "m".repeat(4096),
    });
    expect(ok.status).toBe(201);
  });

  it("filters the list by provider", async () => {
    await providerKey("openai");
    await providerKey("anthropic", "sk-ant-api03-aaaaaaaaaaaaaaaaaaaa");
    const res = await api("GET", "/provider-keys?provider=anthropic");
    expect(res.status).toBe(200);
    expect(res.body.aiGatewayProviderKeys.map((k: { providerId: string }) => k.providerId)).toEqual(
      ["anthropic"],
    );
    expect(res.body.uri).toBe(`${running.emulator.url}/provider-keys?provider=anthropic`);
    expect(res.body.nextPageUri).toBeNull();
    expect((await api("HEAD", "/provider-keys")).status).toBe(200);
  });

  it("refuses to delete a key a router rule uses (409, 27511) and names the configuration", async () => {
    const id = await providerKey();
    const config = await api("POST", "/access-key-configurations", {
      name: "c",
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id }] }] }] },
    });
    const res = await api("DELETE", `/provider-keys/${id}`);
    expectError(res, 409, "ERR_NGROK_27511");
    expect(res.body.msg).toContain(config.body.id);
    await api("PATCH", `/access-key-configurations/${config.body.id}`, { router: null });
    expect((await api("DELETE", `/provider-keys/${id}`)).status).toBe(204);
  });
});

describe("access key configurations", () => {
  it("creates a configuration with access and router, reading keys back as {id, name, keyRedacted}", async () => {
    const primary = await providerKey("openai", OPENAI_VALUE, "OpenAI primary");
    const backup = await providerKey("openai", "sk-proj-cdefghijklmnopqrstuv1234", "OpenAI backup");
    const body = {
      name: "prod",
      description: "desc",
      metadata: "{}",
      access: { providers: { allow: ["openai", "anthropic"] }, models: { allow: [] } },
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              {
                type: "user",
                keySelectionStrategy: "ordered",
                keys: [{ id: primary }, { id: backup }],
              },
              { type: "ngrok" },
            ],
          },
          { model: "anthropic:anthropic/claude-sonnet-4-6", steps: [{ type: "ngrok" }] },
        ],
      },
    };
    const res = await api("POST", "/access-key-configurations", body);
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^aigac_/);
    expect(res.body.access).toEqual(body.access);
    expect(res.body.router.rules[0].steps[0]).toEqual({
      type: "user",
      keySelectionStrategy: "ordered",
      keys: [
        { id: primary, name: "OpenAI primary", keyRedacted: "sk-proj-ab***6789" },
        { id: backup, name: "OpenAI backup", keyRedacted: "sk-proj-cd***1234" },
      ],
    });
    expect(res.body.router.rules[1]).toEqual(body.router.rules[1]);
    const got = await api("GET", `/access-key-configurations/${res.body.id}`);
    expect(got.body).toEqual(res.body);
    expect((await api("HEAD", `/access-key-configurations/${res.body.id}`)).status).toBe(200);
  });

  it("shows a rotated key's new redaction and name in every configuration that uses it", async () => {
    const id = await providerKey();
    const c = await api("POST", "/access-key-configurations", {
      name: "c",
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id }] }] }] },
    });
    await api("POST", `/provider-keys/${id}/rotate`, {
      name: "new-name",
      value: "sk-proj-ROTATEDROTATEDROTATED-0000",
    });
    const got = await api("GET", `/access-key-configurations/${c.body.id}`);
    expect(got.body.router.rules[0].steps[0].keys[0]).toEqual({
      id,
      name: "new-name",
      keyRedacted: "sk-proj-RO***0000",
    });
  });

  it("creates inline router keys as provider keys of the rule's provider", async () => {
    const res = await api("POST", "/access-key-configurations", {
      name: "inline",
      router: {
        rules: [
          {
            provider: "anthropic",
            steps: [
              {
                type: "user",
                keys: [{ name: "inline", value: "sk-ant-api03-inlineinlineinline99" }],
              },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    const key = res.body.router.rules[0].steps[0].keys[0];
    expect(key).toMatchObject({ name: "inline", keyRedacted: "sk-ant-api***ne99" });
    const pk = await api("GET", `/provider-keys/${key.id}`);
    expect(pk.body.providerId).toBe("anthropic");
  });

  it("patches: omitted keeps, null clears, access and router are replaced wholesale", async () => {
    const id = await providerKey();
    const c = await api("POST", "/access-key-configurations", {
      name: "c",
      description: "d",
      access: { providers: { allow: ["openai"] }, models: { allow: ["openai:gpt-4o"] } },
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id }] }] }] },
    });
    const cid = c.body.id as string;
    const p1 = await api("PATCH", `/access-key-configurations/${cid}`, {
      access: { models: { allow: ["openai:gpt-4o-mini"] } },
    });
    expect(p1.status).toBe(200);
    expect(p1.body.access).toEqual({ models: { allow: ["openai:gpt-4o-mini"] } });
    expect(p1.body.description).toBe("d");
    expect(p1.body.router.rules).toHaveLength(1);
    const p2 = await api("PATCH", `/access-key-configurations/${cid}`, {
      router: { rules: [{ provider: "openai", steps: [{ type: "ngrok" }] }] },
    });
    expect(p2.body.router).toEqual({ rules: [{ provider: "openai", steps: [{ type: "ngrok" }] }] });
    const p3 = await api("PATCH", `/access-key-configurations/${cid}`, {
      access: null,
      router: null,
      description: null,
    });
    expect(p3.body.access).toBeUndefined();
    expect(p3.body.router).toBeUndefined();
    expect(p3.body.description).toBeUndefined();
    expect(p3.body.name).toBe("c");
    expectError(
      await api("PATCH", `/access-key-configurations/${cid}`, { name: null }),
      400,
      "ERR_NGROK_27606",
    );
    expectError(
      await api("PATCH", "/access-key-configurations/aigac_none", {}),
      404,
      "ERR_NGROK_27611",
    );
  });

  it.each([
    ["a rule without steps", { rules: [{ provider: "openai", steps: [] }] }, "at least one step"],
    ["a rule without steps field", { rules: [{ provider: "openai" }] }, "steps is required"],
    [
      "a user step without keys",
      { rules: [{ provider: "openai", steps: [{ type: "user" }] }] },
      "keys is required",
    ],
    [
      "an unknown step type",
      { rules: [{ provider: "openai", steps: [{ type: "magic" }] }] },
      "type must be",
    ],
    [
      "a missing provider key",
      { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: "aigpk_nope" }] }] }] },
      "does not exist",
    ],
    [
      "an unknown provider",
      { rules: [{ provider: "nope", steps: [{ type: "ngrok" }] }] },
      "does not exist",
    ],
    [
      "an unqualified model",
      { rules: [{ model: "gpt-4o", steps: [{ type: "ngrok" }] }] },
      "provider-qualified",
    ],
    [
      "a rule with neither provider nor model",
      { rules: [{ steps: [{ type: "ngrok" }] }] },
      "provider or a model",
    ],
    [
      "two provider rules for one upstream",
      {
        rules: [
          { provider: "openai", steps: [{ type: "ngrok" }] },
          { provider: "openai", steps: [{ type: "ngrok" }] },
        ],
      },
      "already a rule",
    ],
    [
      "keys on an ngrok step",
      { rules: [{ provider: "openai", steps: [{ type: "ngrok", keys: [] }] }] },
      "only on user steps",
    ],
    [
      "a bad keySelectionStrategy",
      {
        rules: [{ provider: "openai", steps: [{ type: "ngrok", keySelectionStrategy: "random" }] }],
      },
      "ordered",
    ],
  ])("rejects %s with 27605 and a reason", async (_name, router, reason) => {
    const res = await api("POST", "/access-key-configurations", { name: "bad", router });
    expectError(res, 400, "ERR_NGROK_27605");
    expect(res.body.details.reason).toContain(reason);
  });

  it("rejects a key that belongs to another provider (27605) and keeps nothing of the failed write", async () => {
    const anthropic = await providerKey("anthropic", "sk-ant-api03-aaaaaaaaaaaaaaaaaaaa");
    /** An inline openai key, then the anthropic key under `provider`'s rule. */
    const create = (provider: string) =>
      api("POST", "/access-key-configurations", {
        name: "bad",
        router: {
          rules: [
            {
              provider: "openai",
              steps: [
                { type: "user", keys: [{ name: "inline", value: "sk-proj-inline-inline-inline" }] },
              ],
            },
            { provider, steps: [{ type: "user", keys: [{ id: anthropic }] }] },
          ],
        },
      });
    const res = await create("openai-typo");
    expectError(res, 400, "ERR_NGROK_27605");
    const res2 = await create("google");
    expectError(res2, 400, "ERR_NGROK_27605");
    expect(res2.body.details.reason).toContain("belongs to provider anthropic");
    const keys = await api("GET", "/provider-keys");
    expect(keys.body.aiGatewayProviderKeys).toHaveLength(1);
    expect(
      (await api("GET", "/access-key-configurations")).body.aiGatewayAccessKeyConfigurations,
    ).toHaveLength(0);
  });

  it("requires a name (27602) and limits name (27603) and metadata (27604)", async () => {
    expectError(await api("POST", "/access-key-configurations", {}), 400, "ERR_NGROK_27602");
    expectError(
      await api("POST", "/access-key-configurations", { name: "x".repeat(256) }),
      400,
      "ERR_NGROK_27603",
    );
    expectError(
      await api("POST", "/access-key-configurations", { name: "n", metadata: "x".repeat(4097) }),
      400,
      "ERR_NGROK_27604",
    );
    expectError(
      await api("POST", "/access-key-configurations", { name: "n", description: "x".repeat(256) }),
      400,
      "ERR_NGROK_27606",
    );
  });

  it("refuses to delete a configuration an access key links to (409, 27615), naming the key", async () => {
    const c = await api("POST", "/access-key-configurations", { name: "c" });
    const k = await api("POST", "/access-keys", { accessKeyConfigurationId: c.body.id });
    const res = await api("DELETE", `/access-key-configurations/${c.body.id}`);
    expectError(res, 409, "ERR_NGROK_27615");
    expect(res.body.msg).toContain(k.body.id);
    await api("PATCH", `/access-keys/${k.body.id}`, { accessKeyConfigurationId: null });
    expect((await api("DELETE", `/access-key-configurations/${c.body.id}`)).status).toBe(204);
    expectError(
      await api("GET", `/access-key-configurations/${c.body.id}`),
      404,
      "ERR_NGROK_27611",
    );
  });
});

describe("access keys", () => {
  it("creates a key from an empty body and returns the token only in the create response", async () => {
    const res = await api("POST", "/access-keys", {});
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^aigk_/);
    expect(res.body.token).toMatch(/^ng-[A-Za-z0-9]+-g1-[A-Za-z0-9]+$/);
    expect(res.body.keyRedacted).toBe(
      `${res.body.token.slice(0, 8)}***${res.body.token.slice(-4)}`,
    );
    expect(res.body.accessKeyConfiguration).toBeNull();
    const got = await api("GET", `/access-keys/${res.body.id}`);
    expect(got.body.token).toBeUndefined();
    const list = await api("GET", "/access-keys");
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    expect(running.emulator.store.findAccessKeyByToken(res.body.token)?.id).toBe(res.body.id);
  });

  it("links to a configuration, relinks, unlinks with null, and deletes", async () => {
    const c1 = await api("POST", "/access-key-configurations", { name: "one" });
    const c2 = await api("POST", "/access-key-configurations", { name: "two" });
    const k = await api("POST", "/access-keys", {
      name: "web",
      accessKeyConfigurationId: c1.body.id,
    });
    expect(k.body.accessKeyConfiguration).toEqual({
      id: c1.body.id,
      uri: `${running.emulator.url}/access-key-configurations/${c1.body.id}`,
      name: "one",
    });
    const p = await api("PATCH", `/access-keys/${k.body.id}`, {
      accessKeyConfigurationId: c2.body.id,
      metadata: "m",
    });
    expect(p.body.accessKeyConfiguration.name).toBe("two");
    expect(p.body.name).toBe("web");
    const u = await api("PATCH", `/access-keys/${k.body.id}`, {
      accessKeyConfigurationId: null,
      name: null,
    });
    expect(u.body.accessKeyConfiguration).toBeNull();
    expect(u.body.name).toBeUndefined();
    expect(u.body.metadata).toBe("m");
    expect((await api("HEAD", `/access-keys/${k.body.id}`)).status).toBe(200);
    expect((await api("DELETE", `/access-keys/${k.body.id}`)).status).toBe(204);
    expect(running.emulator.store.findAccessKeyByToken(k.body.token)).toBeUndefined();
    expectError(await api("DELETE", `/access-keys/${k.body.id}`), 404, "ERR_NGROK_27611");
  });

  it("rejects a link to a configuration that does not exist", async () => {
    expectError(
      await api("POST", "/access-keys", { accessKeyConfigurationId: "aigac_nope" }),
      404,
      "ERR_NGROK_27611",
    );
    const k = await api("POST", "/access-keys", {});
    expectError(
      await api("PATCH", `/access-keys/${k.body.id}`, { accessKeyConfigurationId: "aigac_nope" }),
      404,
      "ERR_NGROK_27611",
    );
  });
});

describe("providers", () => {
  const body = {
    providerId: "my-ollama",
    name: "Local Ollama",
    baseUrl: "https://my-ollama.internal",
    supportedApiSurfaces: [{ format: "openai", surface: "chat-completions" }],
    models: [{ modelId: "llama3.2" }],
  };

  it("creates, reads, patches and deletes a custom provider", async () => {
    const res = await api("POST", "/providers", body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      providerId: "my-ollama",
      name: "Local Ollama",
      supportedApiSurfaces: body.supportedApiSurfaces,
    });
    expect(res.body.id).toMatch(/^aigp_/);
    expect(res.body.models).toEqual([{ id: expect.any(String), modelId: "llama3.2" }]);
    const id = res.body.id as string;
    expect((await api("GET", `/providers/${id}`)).body).toEqual(res.body);
    expect((await api("HEAD", "/providers")).status).toBe(200);

    const p = await api("PATCH", `/providers/${id}`, {
      models: [{ modelId: "llama3.2" }, { modelId: "qwen3" }],
      metadata: "m",
    });
    expect(p.status).toBe(200);
    expect(p.body.models.map((m: { modelId: string }) => m.modelId)).toEqual(["llama3.2", "qwen3"]);
    expect(p.body.models[0].id).toBe(res.body.models[0].id);
    const cleared = await api("PATCH", `/providers/${id}`, {
      models: [],
      supportedApiSurfaces: null,
      metadata: null,
    });
    expect(cleared.body.models).toEqual([]);
    expect(cleared.body.supportedApiSurfaces).toBeUndefined();
    expect(cleared.body.metadata).toBeUndefined();
    expectError(await api("PATCH", `/providers/${id}`, { baseUrl: null }), 400, "ERR_NGROK_27606");
    expectError(
      await api("PATCH", `/providers/${id}`, { providerId: "other" }),
      400,
      "ERR_NGROK_27606",
    );
    expect((await api("DELETE", `/providers/${id}`)).status).toBe(204);
    expectError(await api("GET", `/providers/${id}`), 404, "ERR_NGROK_27611");
  });

  it("lets provider keys and router rules use a custom provider", async () => {
    await api("POST", "/providers", body);
    const key = await providerKey("my-ollama", "ollama-secret-value-0000000");
    const c = await api("POST", "/access-key-configurations", {
      name: "ollama",
      router: {
        rules: [{ model: "my-ollama:llama3.2", steps: [{ type: "user", keys: [{ id: key }] }] }],
      },
    });
    expect(c.status).toBe(201);
    const bad = await api("POST", "/access-key-configurations", {
      name: "ollama",
      router: { rules: [{ provider: "my-ollama", steps: [{ type: "ngrok" }] }] },
    });
    expectError(bad, 400, "ERR_NGROK_27605");
  });

  it("refuses to delete a provider a key or a configuration refers to (409, 27710), naming them", async () => {
    const p = await api("POST", "/providers", body);
    const key = await providerKey("my-ollama", "ollama-secret-value-0000000");
    const c = await api("POST", "/access-key-configurations", {
      name: "scope",
      access: { providers: { allow: ["my-ollama"] } },
    });
    const res = await api("DELETE", `/providers/${p.body.id}`);
    expectError(res, 409, "ERR_NGROK_27710");
    expect(res.body.msg).toContain(key);
    expect(res.body.msg).toContain(c.body.id);
    await api("DELETE", `/provider-keys/${key}`);
    await api("DELETE", `/access-key-configurations/${c.body.id}`);
    expect((await api("DELETE", `/providers/${p.body.id}`)).status).toBe(204);
  });

  it.each([
    ["a missing baseUrl", { providerId: "a", name: "n" }, 400, "ERR_NGROK_27704"],
    ["a long name", { ...body, name: "x".repeat(256) }, 400, "ERR_NGROK_27701"],
    ["long metadata", { ...body, metadata: "x".repeat(4097) }, 400, "ERR_NGROK_27702"],
    [
      "a long baseUrl",
      { ...body, baseUrl: `https://a.example/${"x".repeat(2048)}` },
      400,
      "ERR_NGROK_27703",
    ],
    ["a long providerId", { ...body, providerId: "x".repeat(256) }, 400, "ERR_NGROK_27706"],
    ["a built-in providerId", { ...body, providerId: "openai" }, 409, "ERR_NGROK_27705"],
    [
      "an unknown format",
      { ...body, supportedApiSurfaces: [{ format: "soap" }] },
      400,
      "ERR_NGROK_27707",
    ],
    [
      "an unknown surface",
      { ...body, supportedApiSurfaces: [{ format: "openai", surface: "fax" }] },
      400,
      "ERR_NGROK_27708",
    ],
    ["a long modelId", { ...body, models: [{ modelId: "x".repeat(256) }] }, 400, "ERR_NGROK_27709"],
    [
      "a duplicate modelId",
      { ...body, models: [{ modelId: "a" }, { modelId: "a" }] },
      400,
      "ERR_NGROK_27711",
    ],
    ["a plain http URL", { ...body, baseUrl: "http://example.com" }, 400, "ERR_NGROK_27718"],
  ])("rejects %s", async (_name, input, status, code) => {
    expectError(await api("POST", "/providers", input), status, code);
  });

  it("rejects a providerId that already exists (409, 27712)", async () => {
    expect((await api("POST", "/providers", body)).status).toBe(201);
    expectError(await api("POST", "/providers", body), 409, "ERR_NGROK_27712");
  });
});

describe("gateway config", () => {
  it("reads defaults, patches with omitted = keep and null = clear, and rejects bad durations", async () => {
    const got = await api("GET", "/gateway-config");
    expect(got.body).toEqual({
      accountId: "acc_emulator",
      uri: `${running.emulator.url}/gateway-config`,
      totalTimeout: "120s",
      perRequestTimeout: "60s",
      maxInputTokens: null,
      maxOutputTokens: null,
      metadata: null,
    });
    expect((await api("HEAD", "/gateway-config")).status).toBe(200);
    const p = await api("PATCH", "/gateway-config", {
      perRequestTimeout: "30s",
      maxInputTokens: 128000,
      metadata: "m",
    });
    expect(p.body).toMatchObject({
      totalTimeout: "120s",
      perRequestTimeout: "30s",
      maxInputTokens: 128000,
      metadata: "m",
    });
    const q = await api("PATCH", "/gateway-config", { maxInputTokens: null, metadata: null });
    expect(q.body).toMatchObject({
      perRequestTimeout: "30s",
      maxInputTokens: null,
      metadata: null,
    });
    expectError(
      await api("PATCH", "/gateway-config", { totalTimeout: null }),
      400,
      "ERR_NGROK_27606",
    );
    expectError(
      await api("PATCH", "/gateway-config", { totalTimeout: "soon" }),
      400,
      "ERR_NGROK_27606",
    );
    expectError(
      await api("PATCH", "/gateway-config", { maxOutputTokens: 1.5 }),
      400,
      "ERR_NGROK_27606",
    );
    expectError(await api("DELETE", "/gateway-config"), 405, "ERR_NGROK_27614");
  });
});

describe("routing of unknown paths and methods", () => {
  it("answers 404 for an unknown path and 405 with Allow for a wrong method", async () => {
    expectError(await api("GET", "/access-keys/a/b"), 404, "ERR_NGROK_27611");
    const res = await api("PUT", "/provider-keys", {});
    expectError(res, 405, "ERR_NGROK_27614");
    expect(res.headers.allow).toBe("GET, POST, HEAD");
  });

  it("takes a path that starts with // as sent, never as a host and the rest", async () => {
    // `new URL("//x/provider-keys", base)` reads `x` as a host: the emulator served
    // `//x/provider-keys/{id}` as `/provider-keys/{id}` and deleted the key.
    const id = await providerKey();
    const del = await api("DELETE", `//x/provider-keys/${id}`, undefined, { unchecked: true });
    expectError(del, 404, "ERR_NGROK_27611");
    expect(del.body.msg).toBe(`no such resource: //x/provider-keys/${id}`);
    expectError(
      await api("GET", "//whatever/api-keys?limit=1", undefined, { unchecked: true }),
      404,
      "ERR_NGROK_27611",
    );
    expect((await api("GET", `/provider-keys/${id}`)).status).toBe(200);
  });
});
