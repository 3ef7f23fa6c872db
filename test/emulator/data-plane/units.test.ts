import { BoundedCache } from "../../../emulator/bounded-cache";
import { durationMs, parseGoDuration } from "../../../emulator/durations";
import { stubBehaviourOf } from "../../../emulator/data-plane/stub-upstream";
import { upstreamUrl } from "../../../emulator/data-plane/upstream";
import { UsageMeter } from "../../../emulator/data-plane/usage-meter";
import { attemptCost } from "../../../emulator/usage-cost";

describe("parseGoDuration", () => {
  it.each([
    ["30s", 30_000],
    ["1m30s", 90_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
    ["2m", 120_000],
    ["0", 0],
    ["500us", 0.5],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(["", "30", "-1s", "1d", "s", "1m x"])("rejects %j", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe("durationMs", () => {
  it("reads a Go duration, and falls back for text that is not one", () => {
    expect(durationMs("1m30s", "60s")).toBe(90_000);
    expect(durationMs("soon", "60s")).toBe(60_000);
    expect(durationMs("", "2m")).toBe(120_000);
  });
});

describe("BoundedCache", () => {
  it("keeps undefined values, makes each missing value once, and starts over at its limit", () => {
    const cache = new BoundedCache<string, number | undefined>(2);
    let made = 0;
    const make = (): undefined => {
      made += 1;
      return undefined;
    };
    expect(cache.getOrMake("a", make)).toBeUndefined();
    expect(cache.getOrMake("a", make)).toBeUndefined();
    expect(made).toBe(1);
    cache.set("b", 2);
    expect(cache.has("a") && cache.has("b")).toBe(true);
    cache.set("c", 3);
    expect([cache.has("a"), cache.has("b"), cache.get("c")]).toEqual([false, false, 3]);
  });
});

describe("upstreamUrl", () => {
  // The base URLs of the custom provider pages (ngrok/ngrok-docs ai-gateway/custom-providers/*.mdx
  // and concepts/custom-providers.mdx), and where each surface of a request goes.
  it.each([
    [
      "azure-openai",
      "https://your-resource.openai.azure.com/openai/deployments/your-deployment?api-version=2024-02-15-preview",
      "chat-completions",
      "https://your-resource.openai.azure.com/openai/deployments/your-deployment/chat/completions?api-version=2024-02-15-preview",
    ],
    [
      "azure-openai (embeddings)",
      "https://your-resource.openai.azure.com/openai/deployments/embed/?api-version=2024-02-15-preview",
      "embeddings",
      "https://your-resource.openai.azure.com/openai/deployments/embed/embeddings?api-version=2024-02-15-preview",
    ],
    [
      "ollama",
      "https://ollama.internal",
      "chat-completions",
      "https://ollama.internal/v1/chat/completions",
    ],
    ["vllm", "https://vllm.internal", "completions", "https://vllm.internal/v1/completions"],
    [
      "lm-studio",
      "https://lm-studio.internal/",
      "responses",
      "https://lm-studio.internal/v1/responses",
    ],
    [
      "an external /v1 base",
      "https://api.example.com/v1",
      "embeddings",
      "https://api.example.com/v1/embeddings",
    ],
    [
      "a /v1/ base",
      "https://api.openai.com/v1/",
      "chat-completions",
      "https://api.openai.com/v1/chat/completions",
    ],
    [
      "google's base",
      "https://generativelanguage.googleapis.com/v1beta/openai/",
      "chat-completions",
      "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
    ],
    [
      "z-ai's base",
      "https://api.z.ai/api/paas/v4",
      "chat-completions",
      "https://api.z.ai/api/paas/v4/chat/completions",
    ],
    ["a stub on loopback", "http://h:1", "messages", "http://h:1/v1/messages"],
  ])("%s: %s + %s is %s", (_page, base, surface, url) => {
    expect(upstreamUrl(base, surface as Parameters<typeof upstreamUrl>[1]).href).toBe(url);
  });
});

describe("stubBehaviourOf", () => {
  it("reads the behaviour from a word in the key value, healthy otherwise", () => {
    expect(stubBehaviourOf("sk-rate-limited-1")).toBe("rate-limited");
    expect(stubBehaviourOf("sk-invalid-1")).toBe("invalid");
    expect(stubBehaviourOf("sk-slow-1")).toBe("slow");
    expect(stubBehaviourOf("sk-anything")).toBe("healthy");
    expect(stubBehaviourOf(undefined)).toBe("invalid");
  });
});

describe("UsageMeter", () => {
  it("reads OpenAI completion usage and finish reason", () => {
    const meter = new UsageMeter();
    meter.observe({
      choices: [{ finish_reason: "length" }],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 5,
        prompt_tokens_details: { cached_tokens: 2 },
        completion_tokens_details: { reasoning_tokens: 3 },
      },
    });
    expect(meter.usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 2,
      reasoningTokens: 3,
      stopReason: "length",
    });
  });

  it("reads an Anthropic stream split at arbitrary points", () => {
    const meter = new UsageMeter();
    const text =
      'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":7,"output_tokens":0}}}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}\n\n' +
      "data: [DONE]\n\n";
    for (let i = 0; i < text.length; i += 13) meter.write(text.slice(i, i + 13));
    expect(meter.usage).toMatchObject({ inputTokens: 7, outputTokens: 4, stopReason: "end_turn" });
  });
});

describe("attemptCost", () => {
  it("charges the processing fee, USD 0.05 per million tokens, to 5 places", () => {
    expect(attemptCost(600_000, 400_000)).toBe("0.05000");
    expect(attemptCost(0, 0)).toBe("0.00000");
  });
});
