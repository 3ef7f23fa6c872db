/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { type Harness, providerRules, startHarness } from "./gateway-harness";

let gw: Harness;

afterEach(async () => {
  await gw.close();
});

/** A configuration routing openai through `user` keys (in order), then optionally `ngrok`. */
async function openaiRoute(keys: string[], managed = false): Promise<string> {
  const configuration = await gw.configuration({
    router: {
      rules: [
        {
          provider: "openai",
          steps: [
            { type: "user", keys: keys.map((id) => ({ id })) },
            ...(managed ? [{ type: "ngrok" }] : []),
          ],
        },
      ],
    },
  });
  return (await gw.accessKey(configuration)).token;
}

describe("gateway failover", () => {
  it.each([
    ["rate-limited", 429],
    ["invalid", 401],
    ["forbidden", 403],
    ["request-timeout", 408],
    ["failing", 500],
    ["unavailable", 503],
    ["reset", "reset"],
  ] as const)(
    "fails over from a %s key to the next key and answers 200",
    async (behaviour, upstreamOutcome) => {
      gw = await startHarness();
      const bad = await gw.providerKey("openai", "bad", `sk-${behaviour}-key-000000000001`);
      const good = await gw.providerKey("openai", "good", "sk-healthy-key-0000000000002");
      const token = await openaiRoute([bad, good]);

      const res = await gw.chat(token, { model: "openai:gpt-4o" });

      expect(res.status).toBe(200);
      expect(gw.keysTried()).toEqual(["bad", "good"]);
      expect(gw.stub.attempts.map((a) => a.outcome)).toEqual([upstreamOutcome, 200]);
      expect(res.headers["ngrok-aig-attempts"]).toBe("2");
      expect(res.headers["ngrok-aig-model"]).toBe("openai:gpt-4o");
      expect(res.headers["ngrok-aig-request-id"]).toMatch(/^aigreq_/);
      expect(res.body.object).toBe("chat.completion");
    },
  );

  it("fails over from a key slower than perRequestTimeout", async () => {
    gw = await startHarness({ stub: { slowDelayMs: 60_000 } });
    await gw.gatewayConfig({ perRequestTimeout: "150ms", totalTimeout: "60s" });
    const slow = await gw.providerKey("openai", "slow", "sk-slow-key-00000000000000001");
    const good = await gw.providerKey("openai", "good", "sk-healthy-key-0000000000002");
    const token = await openaiRoute([slow, good]);

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(200);
    expect(gw.keysTried()).toEqual(["slow", "good"]);
  });

  it("fails over on a refused connection to the next model", async () => {
    gw = await startHarness({ upstreams: { groq: "http://127.0.0.1:1" } });
    const down = await gw.providerKey("groq", "down", "sk-healthy-groq-000000000001");
    const good = await gw.providerKey("openai", "good", "sk-healthy-key-0000000000002");
    const token = await gw.tokenFor({
      router: providerRules({ groq: [down], openai: [good] }),
    });

    const res = await gw.chat(token, {
      model: "groq:llama-3.3-70b-versatile",
      models: ["openai:gpt-4o"],
    });

    expect(res.status).toBe(200);
    expect(res.headers["ngrok-aig-attempts"]).toBe("2");
    expect(res.headers["ngrok-aig-model"]).toBe("openai:gpt-4o");
    expect(gw.keysTried()).toEqual(["good"]);
  });

  it("answers 503 ERR_NGROK_3807 when every attempt fails, after trying each key once", async () => {
    gw = await startHarness();
    const a = await gw.providerKey("openai", "a", "sk-rate-limited-0000000000001");
    const b = await gw.providerKey("openai", "b", "sk-failing-key-0000000000002");
    const token = await openaiRoute([a, b]);

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("ERR_NGROK_3807");
    expect(res.headers["ngrok-aig-attempts"]).toBe("2");
    expect(gw.keysTried()).toEqual(["a", "b"]);
  });

  it("answers 504 ERR_NGROK_3810 when totalTimeout runs out", async () => {
    gw = await startHarness({ stub: { slowDelayMs: 60_000 } });
    await gw.gatewayConfig({ perRequestTimeout: "100ms", totalTimeout: "150ms" });
    const a = await gw.providerKey("openai", "a", "sk-slow-key-00000000000000001");
    const b = await gw.providerKey("openai", "b", "sk-slow-key-00000000000000002");
    const c = await gw.providerKey("openai", "c", "sk-healthy-key-0000000000003");
    const token = await openaiRoute([a, b, c]);

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe("ERR_NGROK_3810");
    expect(gw.keysTried()).toEqual(["a", "b"]);
  });

  it("returns a 400 from the upstream without failing over, by default", async () => {
    gw = await startHarness();
    const a = await gw.providerKey("openai", "a", "sk-bad-request-00000000000001");
    const b = await gw.providerKey("openai", "b", "sk-healthy-key-0000000000002");
    const token = await openaiRoute([a, b]);

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(400);
    expect(gw.keysTried()).toEqual(["a"]);
    expect(res.headers["ngrok-aig-attempts"]).toBe("1");
  });

  it("fails over on a 400 too with failoverOn any-4xx", async () => {
    gw = await startHarness({ failoverOn: "any-4xx" });
    const a = await gw.providerKey("openai", "a", "sk-bad-request-00000000000001");
    const b = await gw.providerKey("openai", "b", "sk-healthy-key-0000000000002");
    const token = await openaiRoute([a, b]);

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(200);
    expect(gw.keysTried()).toEqual(["a", "b"]);
  });

  it("runs the ngrok step after the user keys of the rule fail", async () => {
    gw = await startHarness();
    const a = await gw.providerKey("openai", "a", "sk-invalid-key-0000000000001");
    const b = await gw.providerKey("openai", "b", "sk-rate-limited-0000000000002");
    const token = await openaiRoute([a, b], true);

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(200);
    expect(gw.keysTried()).toEqual(["a", "b", "ngrok"]);
  });

  it("moves to the next model of `models` after the first model's keys fail", async () => {
    gw = await startHarness();
    const a = await gw.providerKey("openai", "a", "sk-failing-key-0000000000001");
    const c = await gw.providerKey("anthropic", "c", "sk-ant-healthy-000000000001");
    const token = await gw.tokenFor({
      router: providerRules({ openai: [a], anthropic: [c] }),
    });

    const res = await gw.chat(token, {
      model: "openai:gpt-4o",
      models: ["anthropic:claude-sonnet-4-6"],
    });

    expect(res.status).toBe(200);
    expect(gw.keysTried()).toEqual(["a", "c"]);
    expect(gw.stub.attempts.map((x) => x.model)).toEqual(["gpt-4o", "claude-sonnet-4-6"]);
    expect(res.headers["ngrok-aig-model"]).toBe("anthropic:claude-sonnet-4-6");
  });
});
