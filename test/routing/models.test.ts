import {
  findCatalogModel,
  isManagedInferenceModel,
  isPricedModel,
  resolveModel,
} from "../../sdk/catalog/models";

describe("resolveModel", () => {
  it.each([
    ["gpt-4o", "catalogued", "openai", "gpt-4o"],
    ["GPT-4o-mini", "catalogued", "openai", "gpt-4o-mini"],
    ["claude-sonnet-4-6", "catalogued", "anthropic", "claude-sonnet-4-6"],
    ["gemini-2.5-flash", "catalogued", "google", "gemini-2.5-flash"],
    ["openai:openai/gpt-4.1", "catalogued", "openai", "gpt-4.1"],
    ["openai:gpt-9-experimental", "pass-through", "openai", "gpt-9-experimental"],
    ["my-ollama:llama3.2", "pass-through", "my-ollama", "llama3.2"],
  ])("resolves %s as %s %s:%s", (name, kind, provider, model) => {
    const resolution = resolveModel(name);
    expect(resolution.kind).toBe(kind);
    expect(resolution.kind !== "unknown" && resolution.ref).toEqual({ provider, model });
  });

  it("answers unknown for a bare name outside the catalog", () => {
    expect(resolveModel("llama3.2")).toEqual({ kind: "unknown", model: "llama3.2" });
  });
});

describe("isPricedModel and isManagedInferenceModel", () => {
  it.each([
    ["openai:gpt-4o", true, true],
    ["anthropic/claude-opus-4-1", true, true],
    ["openai:gpt-4-32k", false, false],
    ["openai:gpt-9-experimental", false, false],
    ["groq:llama-3.3-70b-versatile", false, false],
  ])("%s is priced %s and servable by ngrok inference %s", (name, priced, managed) => {
    expect(isPricedModel(name)).toBe(priced);
    const resolution = resolveModel(name);
    expect(resolution.kind !== "unknown" && isManagedInferenceModel(resolution.ref)).toBe(managed);
  });

  it("keeps catalog entries per provider, so another provider's copy of a model is not priced", () => {
    expect(findCatalogModel("openrouter:gpt-4o")).toBeUndefined();
    expect(isPricedModel("openrouter:gpt-4o")).toBe(false);
  });
});
