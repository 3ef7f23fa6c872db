/* eslint-disable @typescript-eslint/no-unsafe-member-access */
// The data plane keeps what it reads from the account in memory between requests; these tests
// hold it to reading every change committed before a request, exactly as a database read would.
import { harnessPerTest } from "./gateway-harness";

const startGateway = harnessPerTest();

describe("the gateway sees each change from the next request on", () => {
  it("narrows a configuration's scope: the next request is rejected before routing", async () => {
    const gw = await startGateway();
    const id = await gw.providerKey("openai", "key", "sk-healthy-scope-0000000001");
    const configuration = await gw.configuration({
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id }] }] }] },
    });
    const { token } = await gw.accessKey(configuration);
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);

    const patched = await gw.api("PATCH", `/access-key-configurations/${configuration}`, {
      access: { models: { allow: ["openai:gpt-4o-mini"] } },
    });
    expect(patched.status).toBe(200);
    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("ERR_NGROK_27232");
    expect(gw.stub.attempts).toHaveLength(1);
  });

  it("moves an access key to another configuration, then to none", async () => {
    const gw = await startGateway();
    const first = await gw.providerKey("openai", "first", "sk-healthy-first-000000001");
    const second = await gw.providerKey("openai", "second", "sk-healthy-second-00000002");
    const route = (id: string): Promise<string> =>
      gw.configuration({
        router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id }] }] }] },
      });
    const toFirst = await route(first);
    const toSecond = await route(second);
    const { id, token } = await gw.accessKey(toFirst);
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);

    const relink = async (accessKeyConfigurationId: string | null): Promise<void> => {
      const res = await gw.api("PATCH", `/access-keys/${id}`, { accessKeyConfigurationId });
      expect(res.status).toBe(200);
      expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);
    };
    await relink(toSecond);
    await relink(null);

    // No configuration: the provider's keys in creation order, the first one healthy.
    expect(gw.keysTried()).toEqual(["first", "second", "first"]);
  });

  it("routes to a provider key added after the first request", async () => {
    const gw = await startGateway();
    const { token } = await gw.accessKey();
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);
    expect(gw.keysTried()).toEqual(["ngrok"]);

    await gw.providerKey("openai", "added", "sk-healthy-added-000000001");
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);

    expect(gw.keysTried()).toEqual(["ngrok", "added"]);
  });

  it("applies a gateway configuration change to the next request", async () => {
    const gw = await startGateway();
    const { token } = await gw.accessKey();
    const prompt = {
      model: "openai:gpt-4o",
      messages: [{ role: "user", content: "x".repeat(400) }],
    };
    expect((await gw.chat(token, prompt)).status).toBe(200);

    await gw.gatewayConfig({ maxInputTokens: 10 });
    const res = await gw.chat(token, prompt);

    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain("maxInputTokens (10)");
  });
});
