/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { request } from "undici";
import { harnessPerTest, providerRules, userKeys } from "./gateway-harness";

const startGateway = harnessPerTest();

describe("gateway scope enforcement", () => {
  it("rejects a disallowed primary model with 422 ERR_NGROK_27232 and never calls an upstream", async () => {
    const gw = await startGateway();
    const key = await gw.providerKey("openai", "a", "sk-healthy-key-0000000000001");
    const token = await gw.tokenFor({
      access: { models: { allow: ["openai:gpt-4o-mini"] } },
      router: providerRules({ openai: [key] }),
    });

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      error: {
        code: "ERR_NGROK_27232",
        message: expect.stringContaining("not allowed") as unknown,
        type: "invalid_request_error",
      },
    });
    expect(res.headers["ngrok-aig-attempts"]).toBeUndefined();
    expect(res.headers["ngrok-aig-request-id"]).toMatch(/^aigreq_/);
    expect(gw.stub.attempts).toEqual([]);
  });

  it("rejects a disallowed provider with ERR_NGROK_27231 before routing", async () => {
    const gw = await startGateway();
    const token = await gw.tokenFor({
      access: { providers: { allow: ["anthropic"] } },
    });

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("ERR_NGROK_27231");
    expect(gw.stub.attempts).toEqual([]);
  });

  it("uses the status the scopeRejectionStatus switch sets", async () => {
    const gw = await startGateway({ routing: { scopeRejectionStatus: 403 } });
    const token = await gw.tokenFor({ access: { models: { allow: [] } } });

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("ERR_NGROK_27232");
  });

  it("skips a disallowed fallback, lists it in Ngrok-AIG-Rejected-Models and routes the rest", async () => {
    const gw = await startGateway();
    const a = await gw.providerKey("openai", "a", "sk-failing-key-0000000000001");
    const c = await gw.providerKey("anthropic", "c", "sk-ant-healthy-000000000003");
    const token = await gw.tokenFor({
      access: { models: { allow: ["openai:gpt-4o", "anthropic:claude-sonnet-4-6"] } },
      router: providerRules({ openai: [a], anthropic: [c] }),
    });

    const res = await gw.chat(token, {
      model: "openai:gpt-4o",
      models: ["openai:o3", "anthropic:claude-sonnet-4-6"],
    });

    expect(res.status).toBe(200);
    expect(res.headers["ngrok-aig-rejected-models"]).toBe("openai:o3");
    expect(gw.keysTried()).toEqual(["a", "c"]);
    expect(gw.stub.attempts.map((x) => x.model)).toEqual(["gpt-4o", "claude-sonnet-4-6"]);
  });
});

describe("gateway routing", () => {
  it("prefers a model rule over a provider rule over the default", async () => {
    const gw = await startGateway();
    const byModel = await gw.providerKey("openai", "by-model", "sk-healthy-model-00000000001");
    const byProvider = await gw.providerKey("openai", "by-provider", "sk-healthy-prov-00000000002");
    const token = await gw.tokenFor({
      router: {
        rules: [
          { provider: "openai", steps: [userKeys(byProvider)] },
          { model: "openai:gpt-4o-mini", steps: [userKeys(byModel)] },
        ],
      },
    });

    expect((await gw.chat(token, { model: "openai:gpt-4o-mini" })).status).toBe(200);
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);
    // No rule for anthropic: the default routing's implicit ngrok step.
    expect((await gw.chat(token, { model: "anthropic:claude-sonnet-4-6" })).status).toBe(200);

    expect(gw.keysTried()).toEqual(["by-model", "by-provider", "ngrok"]);
  });

  it("answers 400 ERR_NGROK_3802 when no credentials route the model", async () => {
    const gw = await startGateway();
    const token = await gw.tokenFor({ router: { rules: [] } });

    const res = await gw.chat(token, { model: "groq:llama-3.3-70b-versatile" });

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("ERR_NGROK_3802");
    expect(gw.stub.attempts).toEqual([]);
  });

  it("routes an access key without configuration to its provider's keys in creation order, then ngrok", async () => {
    const gw = await startGateway();
    await gw.providerKey("openai", "first", "sk-rate-limited-0000000000001");
    await gw.providerKey("anthropic", "other", "sk-ant-healthy-000000000009");
    await gw.providerKey("openai", "second", "sk-failing-key-0000000000002");
    const { token } = await gw.accessKey();

    const res = await gw.chat(token, { model: "gpt-4o" });

    expect(res.status).toBe(200);
    expect(gw.keysTried()).toEqual(["first", "second", "ngrok"]);
    expect(res.headers["ngrok-aig-attempts"]).toBe("3");
  });

  it("uses ngrok inference only for an access key without configuration under managed-only", async () => {
    const gw = await startGateway({ noConfigurationRouting: "managed-only" });
    await gw.providerKey("openai", "first", "sk-healthy-key-0000000000001");
    const { token } = await gw.accessKey();

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(200);
    expect(gw.keysTried()).toEqual(["ngrok"]);
  });

  it("rejects an unknown bare model with 422 ERR_NGROK_27224 and a suggestion", async () => {
    const gw = await startGateway();
    const { token } = await gw.accessKey();

    const res = await gw.chat(token, { model: "gpt-4oo" });

    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("ERR_NGROK_27224");
    expect(res.body.error.message).toContain("gpt-4o");
  });

  it("answers 400 ERR_NGROK_3801 for a body without a model or with a malformed models list", async () => {
    const gw = await startGateway();
    const { token } = await gw.accessKey();

    const none = await gw.chat(token, {});
    const badModels = await gw.chat(token, { model: "gpt-4o", models: "gpt-4o-mini" });
    const notJson = await gw.call("/v1/chat/completions", undefined, token);

    expect([none.status, none.body.error.code]).toEqual([400, "ERR_NGROK_3801"]);
    expect([badModels.status, badModels.body.error.code]).toEqual([400, "ERR_NGROK_3801"]);
    expect(notJson.status).toBe(405);
  });

  it("answers 400 ERR_NGROK_3801 for a body nested 5,000 levels deep, and keeps serving", async () => {
    const gw = await startGateway();
    await gw.providerKey("openai", "a", "sk-healthy-key-0000000000001");
    const { token } = await gw.accessKey();
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;

    const res = await request(`${gw.emulator.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: `{"model":"openai:gpt-4o","messages":${deep}}`,
    });
    const body = (await res.body.json()) as { error: { code: string; message: string } };

    expect(res.statusCode).toBe(400);
    expect(body.error.code).toBe("ERR_NGROK_3801");
    expect(body.error.message).toContain("deeper than 512 levels");
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);
    expect(gw.keysTried()).toEqual(["a"]);
  });

  it.each(["constructor", "toString", "hasOwnProperty", "valueOf"])(
    "routes a custom provider whose id is the Object.prototype name %s",
    async (providerId) => {
      const gw = await startGateway();
      await gw.customProvider(providerId);
      const key = await gw.providerKey(providerId, "own", "sk-healthy-custom-000000000001");
      const token = await gw.tokenFor({ router: providerRules({ [providerId]: [key] }) });

      const res = await gw.chat(token, { model: `${providerId}:tiny` });

      expect(res.status).toBe(200);
      expect(res.headers["ngrok-aig-model"]).toBe(`${providerId}:tiny`);
      expect(gw.keysTried()).toEqual(["own"]);
    },
  );
});
