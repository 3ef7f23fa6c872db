/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { harnessPerTest } from "./gateway-harness";

const startGateway = harnessPerTest();

describe("gateway authentication", () => {
  it("accepts the access key as Authorization: Bearer and as x-api-key", async () => {
    const gw = await startGateway();
    const { token } = await gw.accessKey();
    const body = { model: "openai:gpt-4o", messages: [{ role: "user", content: "hi" }] };

    expect((await gw.call("/v1/chat/completions", body, token, "bearer")).status).toBe(200);
    expect((await gw.call("/v1/chat/completions", body, token, "x-api-key")).status).toBe(200);
  });

  it("answers 401 in the gateway error body for a missing or unknown key", async () => {
    const gw = await startGateway();
    const body = { model: "openai:gpt-4o" };

    const missing = await gw.call("/v1/chat/completions", body, null);
    const unknown = await gw.call("/v1/chat/completions", body, "ng-nope-g1-nope");

    for (const res of [missing, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("ERR_NGROK_27201");
      expect(res.body.errorCode).toBeUndefined();
    }
    expect(gw.stub.attempts).toEqual([]);
  });

  it("answers 401 once the access key is deleted", async () => {
    const gw = await startGateway();
    const { id, token } = await gw.accessKey();
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);

    expect((await gw.api("DELETE", `/access-keys/${id}`)).status).toBe(204);
    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("ERR_NGROK_27201");
  });

  it("uses a rotated provider key's new value from the next request on", async () => {
    const gw = await startGateway();
    const id = await gw.providerKey("openai", "before", "sk-invalid-old-value-000000001");
    const token = await gw.tokenFor({
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id }] }] }] },
    });
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(503);

    await gw.rotate(id, "after", "sk-healthy-new-value-000000002");
    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(200);
    expect(gw.keysTried()).toEqual(["before", "after"]);
    expect(gw.stub.attempts[1]!.keyRedacted).toBe("sk-healthy***0002");
  });

  it("lists the models the access key's scope allows at GET /v1/models", async () => {
    const gw = await startGateway();
    const token = await gw.tokenFor({
      access: { providers: { allow: ["openai"] }, models: { allow: ["openai:gpt-4o", "o3"] } },
    });
    const free = await gw.accessKey();

    const scoped = await gw.call("/v1/models", undefined, token);
    const all = await gw.call("/v1/models", undefined, free.token);

    expect(scoped.status).toBe(200);
    expect(scoped.body.object).toBe("list");
    // In the catalog's order, which is the page's.
    expect((scoped.body.data as { id: string }[]).map((m) => m.id)).toEqual([
      "openai:o3",
      "openai:gpt-4o",
    ]);
    expect((all.body.data as { id: string }[]).length).toBeGreaterThan(10);
    expect((await gw.call("/v1/models", undefined, "ng-x-g1-y")).status).toBe(401);
  });

  it("answers 404 in the gateway error body for a path it does not serve", async () => {
    const gw = await startGateway();
    const { token } = await gw.accessKey();

    const res = await gw.call("/v1/images/generations", { model: "openai:gpt-image-1" }, token);

    expect(res.status).toBe(404);
    expect(res.body.error.code).toMatch(/^ERR_NGROK_/);
  });
});
