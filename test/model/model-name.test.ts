import { formatModelName, modelKey, parseModelName, sameModel } from "../../sdk/core/model-name";

describe("parseModelName", () => {
  it.each([
    ["openai:gpt-4o", "openai", "gpt-4o"],
    ["openai/gpt-4o", "openai", "gpt-4o"],
    ["openai:openai/gpt-4o", "openai", "gpt-4o"],
    ["groq:openai/gpt-oss-20b", "groq", "openai/gpt-oss-20b"],
    ["openrouter:anthropic/claude-3.5-sonnet", "openrouter", "anthropic/claude-3.5-sonnet"],
    ["my-ollama:llama3.2", "my-ollama", "llama3.2"],
    ["gpt-4o", undefined, "gpt-4o"],
  ])("reads %s as provider %s and model %s", (input, provider, model) => {
    expect(parseModelName(input)).toEqual({ provider, model });
  });

  it("splits on the first colon only, so model ids may contain colons", () => {
    expect(parseModelName("bedrock:anthropic.claude-v2:1")).toEqual({
      provider: "bedrock",
      model: "anthropic.claude-v2:1",
    });
  });
});

describe("sameModel", () => {
  it("treats the request, guide and OpenAPI forms of one model as equal", () => {
    expect(sameModel("openai:gpt-4o", "openai/gpt-4o")).toBe(true);
    expect(sameModel("openai:gpt-4o", "openai:openai/gpt-4o")).toBe(true);
  });

  it("compares model ids case-insensitively and provider ids exactly", () => {
    expect(sameModel("openai:GPT-4o", "openai:gpt-4o")).toBe(true);
    expect(sameModel("OpenAI:gpt-4o", "openai:gpt-4o")).toBe(false);
  });

  it("keeps a different author as part of the model id", () => {
    expect(sameModel("groq:openai/gpt-oss-20b", "groq:gpt-oss-20b")).toBe(false);
  });
});

describe("formatModelName", () => {
  it("writes the request form", () => {
    expect(formatModelName(parseModelName("anthropic/claude-sonnet-4-6"))).toBe(
      "anthropic:claude-sonnet-4-6",
    );
    expect(formatModelName(parseModelName("gpt-4o"))).toBe("gpt-4o");
    expect(modelKey("openai:GPT-4o")).toBe("openai:gpt-4o");
  });
});
