import { BUILTIN_CATALOG } from "../../sdk/catalog/catalog";
import { overlayFromModelList, readModelList } from "../../sdk/catalog/model-list";

const options = { date: "2026-12-01", source: { url: "http://127.0.0.1:1" } };

describe("overlayFromModelList", () => {
  it("adds unknown models, updates changed details, and reports what the list lacks", () => {
    const list = {
      object: "list",
      data: [
        { id: "deepseek:deepseek-v4-pro", object: "model", owned_by: "deepseek" },
        { id: "deepseek:deepseek-v5", object: "model", context_window: 2_000_000 },
        { id: "deepseek:DEEPSEEK-V5", object: "model" },
        { id: "deepseek-v4-flash", object: "model", display_name: "DeepSeek V4 Flash (new)" },
        { object: "model" },
      ],
    };
    const result = overlayFromModelList(list, BUILTIN_CATALOG, options);
    expect(result.added).toEqual(["deepseek:deepseek-v5"]);
    expect(result.changed).toEqual(["deepseek:deepseek-v4-flash"]);
    expect(result.missing).toEqual([]);
    expect(result.overlay.models).toEqual([
      { provider: "deepseek", id: "deepseek-v5", contextWindow: 2_000_000 },
      { provider: "deepseek", id: "deepseek-v4-flash", displayName: "DeepSeek V4 Flash (new)" },
    ]);
    expect(result.overlay.source).toEqual({ url: "http://127.0.0.1:1", base: "2026-08-07" });
    // The overlay applies: the new model resolves from its bare name.
    const catalog = BUILTIN_CATALOG.withOverlay(result.overlay);
    expect(catalog.resolveModel("deepseek-v5")).toMatchObject({
      ref: { provider: "deepseek", model: "deepseek-v5" },
    });
  });

  it("leaves out details that are not the catalog's kinds of value", () => {
    const list = {
      data: [
        {
          id: "openai:gpt-7",
          context_window: -1,
          max_output_tokens: "many",
          modalities: ["text", "smell"],
          ngrok_inference: "yes",
        },
      ],
    };
    expect(overlayFromModelList(list, BUILTIN_CATALOG, options).overlay.models).toEqual([
      { provider: "openai", id: "gpt-7", modalities: ["text"] },
    ]);
  });

  it("rejects a body that is not a model list, saying what to check", () => {
    expect(() => readModelList({ error: { message: "nope" } })).toThrow(
      /not a model list .*check that --gateway-url points at an AI gateway/,
    );
  });
});
