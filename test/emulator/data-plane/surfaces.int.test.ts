/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { type Harness, startHarness } from "./gateway-harness";

let gw: Harness;

afterEach(async () => {
  await gw.close();
});

/** The `data:` payloads of an SSE text, without `[DONE]`. */
function events(text: string): unknown[] {
  return text
    .split("\n\n")
    .flatMap((block) => block.split("\n").filter((l) => l.startsWith("data: ")))
    .map((l) => l.slice(6))
    .filter((d) => d !== "[DONE]")
    .map((d) => JSON.parse(d) as unknown);
}

async function routed(keys: { provider: string; value: string; name: string }[]): Promise<string> {
  const ids: Record<string, string[]> = {};
  for (const k of keys) {
    (ids[k.provider] ??= []).push(await gw.providerKey(k.provider, k.name, k.value));
  }
  const configuration = await gw.configuration({
    router: {
      rules: Object.entries(ids).map(([provider, list]) => ({
        provider,
        steps: [{ type: "user", keys: list.map((id) => ({ id })) }],
      })),
    },
  });
  return (await gw.accessKey(configuration)).token;
}

describe("gateway API surfaces", () => {
  it("streams a chat completion as server-sent events after failing over", async () => {
    gw = await startHarness();
    const token = await routed([
      { provider: "openai", name: "a", value: "sk-rate-limited-0000000000001" },
      { provider: "openai", name: "b", value: "sk-healthy-key-0000000000002" },
    ]);

    const res = await gw.chat(token, {
      model: "openai:gpt-4o",
      stream: true,
      stream_options: { include_usage: true },
    });

    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("text/event-stream");
    expect(res.headers["ngrok-aig-attempts"]).toBe("2");
    expect(res.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const chunks = events(res.text) as { choices: { delta: { content?: string } }[] }[];
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(content).toBe("Hello from the aigw stub upstream.");
    expect(gw.keysTried()).toEqual(["a", "b"]);
    expect(gw.stub.attempts.every((a) => a.stream)).toBe(true);
  });

  it("serves Anthropic messages, whole and streamed, with failover", async () => {
    gw = await startHarness();
    const token = await routed([
      { provider: "anthropic", name: "a", value: "sk-ant-failing-00000000000001" },
      { provider: "anthropic", name: "b", value: "sk-ant-healthy-00000000000002" },
    ]);
    const body = {
      model: "anthropic:claude-sonnet-4-6",
      max_tokens: 64,
      messages: [{ role: "user", content: "hi" }],
    };

    const whole = await gw.call("/v1/messages", body, token, "x-api-key");
    const streamed = await gw.call("/v1/messages", { ...body, stream: true }, token, "x-api-key");

    expect(whole.status).toBe(200);
    expect(whole.body.type).toBe("message");
    expect(whole.body.content[0].text).toBe("Hello from the aigw stub upstream.");
    expect(streamed.status).toBe(200);
    expect(streamed.text).toContain("event: message_stop");
    expect(gw.stub.attempts.map((a) => a.surface)).toEqual([
      "messages",
      "messages",
      "messages",
      "messages",
    ]);
    expect(gw.keysTried()).toEqual(["a", "b", "a", "b"]);
  });

  it("sends the model without its provider prefix and without `models` upstream", async () => {
    gw = await startHarness();
    const token = await routed([
      { provider: "openai", name: "a", value: "sk-healthy-key-0000000000001" },
    ]);

    await gw.chat(token, { model: "openai/gpt-4o-mini", models: ["openai:gpt-4o"] });

    expect(gw.stub.attempts.map((a) => a.model)).toEqual(["gpt-4o-mini"]);
  });

  it("rejects a prompt over maxInputTokens with 413 ERR_NGROK_3811 before routing", async () => {
    gw = await startHarness();
    await gw.gatewayConfig({ maxInputTokens: 5 });
    const { token } = await gw.accessKey();

    const res = await gw.chat(token, {
      model: "openai:gpt-4o",
      messages: [{ role: "user", content: "x".repeat(200) }],
    });

    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("ERR_NGROK_3811");
    expect(gw.stub.attempts).toEqual([]);
  });
});
