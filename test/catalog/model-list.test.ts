import { BUILTIN_CATALOG } from "../../sdk/catalog/catalog";
import { parseCatalogDocument } from "../../sdk/catalog/file";
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

  it("leaves out and reports each entry the catalog cannot hold, and what it makes passes the schema", () => {
    const long = `openai:${"x".repeat(256)}`;
    const list = {
      data: [
        1,
        null,
        "nocolon",
        { id: 5 },
        { object: "model" },
        { id: "" },
        { id: "nocolon" },
        { id: "openai:" },
        { id: long },
        { id: "openai:gpt 7" },
        { id: "my ollama:llama3.2" },
        { id: "openai:gpt-7", modalities: ["text", "text"] },
      ],
    };
    const result = overlayFromModelList(list, BUILTIN_CATALOG, {
      ...options,
      includeProviders: ["my ollama"],
    });
    expect(result.added).toEqual(["openai:gpt-7"]);
    expect(result.overlay.models).toEqual([
      { provider: "openai", id: "gpt-7", modalities: ["text"] },
    ]);
    expect(result.overlay.providers).toEqual([]);
    expect(() => parseCatalogDocument(JSON.stringify(result.overlay), "pulled.json")).not.toThrow();
    expect(result.leftOut).toEqual([
      { index: 0, entry: "1", reason: 'not a model object ({"id": "provider:model"})' },
      { index: 1, entry: "null", reason: 'not a model object ({"id": "provider:model"})' },
      { index: 2, entry: '"nocolon"', reason: 'not a model object ({"id": "provider:model"})' },
      { index: 3, entry: '{"id":5}', reason: 'its "id" is not a string' },
      { index: 4, entry: '{"object":"model"}', reason: 'it has no "id"' },
      { index: 5, entry: '""', reason: 'its "id" is empty' },
      {
        index: 6,
        entry: '"nocolon"',
        reason: "it names no provider (provider:model) and the catalog has no model of that name",
      },
      {
        index: 7,
        entry: '"openai:"',
        reason: "the model id must NOT have fewer than 1 characters",
      },
      {
        index: 8,
        entry: `"${long.slice(0, 40)}…" (263 characters)`,
        reason: "the model id must NOT have more than 255 characters",
      },
      { index: 9, entry: '"openai:gpt 7"', reason: 'the model id must match pattern "^\\S+$"' },
      {
        index: 10,
        entry: '"my ollama:llama3.2"',
        reason: 'the provider id must match pattern "^[^\\s:/]+$"',
      },
    ]);
  });

  it("rejects a body that is not a model list, saying what to check", () => {
    expect(() => readModelList({ error: { message: "nope" } })).toThrow(
      /not a model list .*check that --gateway-url points at an AI gateway/,
    );
  });
});
