import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { BUILTIN_CATALOG, ModelCatalog, type CatalogDocument } from "../../sdk/catalog/catalog";
import { loadCatalogFile, parseCatalogDocument } from "../../sdk/catalog/file";
import { findBuiltinProvider, isBuiltinProvider } from "../../sdk/catalog/providers";
import {
  BUILTIN_MODELS,
  findCatalogModel,
  isManagedInferenceModel,
  resolveModel,
} from "../../sdk/catalog/models";

// The generator is a plain CommonJS script of the repository (npm run catalog).
const generator = require("../../scripts/catalog.js") as {
  PATHS: Record<"copy" | "supplement" | "catalog" | "gatewaySchema", string>;
  SUGGESTED: Record<string, (catalog: CatalogDocument) => string[]>;
  parseFacts(copy: string): {
    heading: string;
    fields: Record<string, string>;
    models: { id: string }[];
    warnings: string[];
  }[];
  extractPageFacts(mdx: string): string;
};

/** Runs `npm run catalog -- --check` (in a process of its own: prettier formats the output). */
function check(...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(
    process.execPath,
    [path.join(__dirname, "../../scripts/catalog.js"), "--check", ...args],
    {
      encoding: "utf8",
    },
  );
  return { status: run.status, stderr: run.stderr };
}

const read = (file: string): string => fs.readFileSync(file, "utf8");
const copy = read(generator.PATHS.copy);
const supplement = JSON.parse(read(generator.PATHS.supplement)) as {
  source: { date: string; commit: string };
  ngrokInferenceExceptions: { provider: string; models: string[]; quote: string }[];
};
const shipped = JSON.parse(read(generator.PATHS.catalog)) as CatalogDocument;
const facts = generator.parseFacts(copy).filter((p) => p.fields["Provider ID"] !== undefined);

/** The error `fn` throws, for asserting on its code and message. */
/** An overlay of 2026-12-01 with the given models (well-formed or not) and no providers. */
function overlay(...models: readonly object[]): CatalogDocument {
  const entries = models as CatalogDocument["models"];
  return { kind: "overlay", date: "2026-12-01", source: {}, providers: [], models: entries };
}

function thrown(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error("expected an error");
}

function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "errorMessage", schemaType: "string" });
  ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
  return ajv;
}

describe("the catalog data", () => {
  it("is what the generator makes of the copy of the page (npm run catalog -- --check)", () => {
    expect(check()).toEqual({ status: 0, stderr: "" });
  });

  it("is found out of date when the copy of the page changes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-catalog-copy-"));
    try {
      const changed = path.join(dir, "model-catalog.md");
      fs.writeFileSync(
        changed,
        copy.replace("| `gpt-5.5` | GPT-5.5 |", "| `gpt-5.5-new` | GPT-5.5 new |"),
      );
      const result = check("--copy", changed);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("catalog.json is out of date: run npm run catalog");
      expect(result.stderr).toContain("gateway.schema.json is out of date");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists every provider and every model row of the page copy, in the page's order", () => {
    expect(shipped.providers.map((p) => p.id)).toEqual(facts.map((p) => p.fields["Provider ID"]));
    expect(shipped.models.map((m) => `${m.provider}:${m.id}`)).toEqual(
      facts.flatMap((p) => p.models.map((m) => `${p.fields["Provider ID"]}:${m.id}`)),
    );
    // The page of 2026-08-07: 38 OpenAI, 11 Anthropic, 10 Google, 2 DeepSeek, 7 Groq, 4 Moonshot
    // AI and 14 Z.ai models; OpenRouter, Hyperbolic, InceptionLabs and Inference.net have none.
    expect(shipped.models).toHaveLength(86);
    expect(shipped.providers).toHaveLength(11);
  });

  it("leaves out what the page only has in an MDX comment (Groq's retired models)", () => {
    const mdx =
      "### Groq\n| Field | Value |\n|--|--|\n| **Provider ID** | `groq` |\n| **Provider key required** | Yes |\n" +
      "#### Groq models\n| Model ID | Display Name | Context Window | Output Tokens | Modalities |\n|--|--|--|--|--|\n" +
      "| `a` | A | 1 | 1 | text |\n{/* retired\n| `qwen/qwen3-32b` | Qwen3-32B | 131,072 | 40,960 | text |\n*/}\n";
    const parsed = generator.parseFacts(generator.extractPageFacts(mdx));
    expect(parsed[0]?.models.map((m) => m.id)).toEqual(["a"]);
    expect(shipped.models.some((m) => m.id === "qwen/qwen3-32b")).toBe(false);
  });

  it("records the snapshot's source, commit and date", () => {
    expect(shipped.date).toBe("2026-08-07");
    expect(shipped.source).toEqual(
      expect.objectContaining({
        repository: "ngrok/ngrok-docs",
        page: "ai-gateway/reference/model-catalog.mdx",
        commit: supplement.source.commit,
      }),
    );
  });

  it("ties each ngrok-inference exception to a warning of the page and a model it lists", () => {
    for (const exception of supplement.ngrokInferenceExceptions) {
      const provider = facts.find((p) => p.fields["Provider ID"] === exception.provider);
      expect(provider?.warnings.some((w) => w.includes(exception.quote))).toBe(true);
      for (const model of exception.models) {
        expect(provider?.models.some((m) => m.id === model)).toBe(true);
      }
    }
  });

  it("validates against schema/catalog.schema.json, which compiles in Ajv strict mode", () => {
    const schema = JSON.parse(
      read(path.join(__dirname, "../../schema/catalog.schema.json")),
    ) as Record<string, unknown>;
    const validate = strictAjv().compile(schema);
    expect(validate(shipped)).toBe(true);
    // A whole catalog needs every field; an overlay only the model's provider and id.
    const partial = { ...shipped, models: [{ provider: "openai", id: "gpt-6" }] };
    expect(validate(partial)).toBe(false);
    expect(validate({ ...partial, kind: "overlay" })).toBe(true);
  });
});

describe("the gateway.yaml schema's suggestions", () => {
  const schemaText = read(generator.PATHS.gatewaySchema);
  const schema = JSON.parse(schemaText) as { $defs: Record<string, { examples?: unknown }> };

  it("are the catalog's provider ids and model names, as npm run catalog writes them", () => {
    for (const [name, names] of Object.entries(generator.SUGGESTED)) {
      expect(schema.$defs[name]?.examples).toEqual(names(shipped));
    }
    expect(schema.$defs.ModelName?.examples).toContain("openai:gpt-5.5");
    expect(schema.$defs.ProviderId?.examples).toContain("z-ai");
  });

  it("still accept names the catalog lacks (examples, never an enum) and compile strictly", () => {
    const ajv = strictAjv();
    ajv.addSchema(schema);
    const id = "https://aigw.dev/schema/gateway.schema.json";
    const providerId = ajv.getSchema(`${id}#/$defs/ProviderId`);
    const modelName = ajv.getSchema(`${id}#/$defs/ModelName`);
    expect(providerId?.("brand-new-provider")).toBe(true);
    expect(modelName?.("openai:gpt-99")).toBe(true);
    expect(providerId?.("not/valid")).toBe(false);
  });
});

describe("ModelCatalog", () => {
  it.each(BUILTIN_MODELS.map((m) => [m.model, m.provider] as const))(
    "resolves the bare name %s to %s",
    (model, provider) => {
      const resolution = resolveModel(model);
      expect(resolution.kind === "catalogued" && resolution.ref.provider).toBe(provider);
    },
  );

  it("serves OpenAI, Anthropic and Google models on ngrok inference, except the Gemini 2.5 models", () => {
    expect(isManagedInferenceModel({ provider: "openai", model: "gpt-5.5" })).toBe(true);
    expect(isManagedInferenceModel({ provider: "anthropic", model: "claude-opus-5" })).toBe(true);
    expect(isManagedInferenceModel({ provider: "google", model: "gemini-3.6-flash" })).toBe(true);
    for (const model of ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite"]) {
      expect(isManagedInferenceModel({ provider: "google", model })).toBe(false);
      expect(findCatalogModel(`google:${model}`)?.note).toContain("your own key");
    }
    expect(isManagedInferenceModel({ provider: "deepseek", model: "deepseek-v4-pro" })).toBe(false);
    expect(isManagedInferenceModel({ provider: "openai", model: "some-new-model" })).toBe(false);
  });

  it("keeps the 0.1.0 functions and lists answering from the data", () => {
    expect(findBuiltinProvider("moonshotai")).toEqual(
      expect.objectContaining({ displayName: "Moonshot AI", managedInference: false }),
    );
    expect(isBuiltinProvider("brand-new-provider")).toBe(false);
    expect(findCatalogModel("GLM-5.2")).toEqual(
      expect.objectContaining({ provider: "z-ai", model: "glm-5.2", contextWindow: 1_000_000 }),
    );
  });

  it("adds and updates models from an overlay, keeping bare names' default providers", () => {
    const overlaid = BUILTIN_CATALOG.withOverlay({
      kind: "overlay",
      date: "2026-12-01",
      source: { url: "http://127.0.0.1:1", endpoint: "GET /v1/models" },
      providers: [{ id: "xai", displayName: "xAI", managedInference: true }],
      models: [
        { provider: "openai", id: "gpt-6" },
        { provider: "xai", id: "grok-5" },
        { provider: "google", id: "gemini-2.5-pro", displayName: "Gemini 2.5 Pro (renamed)" },
        { provider: "groq", id: "gpt-5.5" },
      ],
    });
    expect(overlaid.date).toBe("2026-12-01");
    expect(overlaid.describe()).toBe(
      "the model catalog of 2026-08-07 with the overlay of 2026-12-01",
    );
    expect(overlaid.resolveModel("gpt-6")).toEqual(
      expect.objectContaining({ ref: { provider: "openai", model: "gpt-6" } }),
    );
    expect(overlaid.isManagedInferenceModel({ provider: "xai", model: "grok-5" })).toBe(true);
    // An update changes the fields it gives and keeps the page's exception.
    const pro = overlaid.findModel("google:gemini-2.5-pro");
    expect(pro?.displayName).toBe("Gemini 2.5 Pro (renamed)");
    expect(pro?.priced).toBe(false);
    expect(pro?.contextWindow).toBe(1_048_576);
    // A second provider's copy of a name does not take the bare name.
    expect(overlaid.resolveModel("gpt-5.5")).toEqual(
      expect.objectContaining({ ref: { provider: "openai", model: "gpt-5.5" } }),
    );
    expect(overlaid.isPricedModel("groq:gpt-5.5")).toBe(false);
    // The package's catalog is unchanged.
    expect(BUILTIN_CATALOG.findModel("gpt-6")).toBeUndefined();
  });

  it("rejects an overlay model of a provider nobody lists, naming the entry", () => {
    expect(() => BUILTIN_CATALOG.withOverlay(overlay({ provider: "newco", id: "m" }))).toThrow(
      /models\[0\] \(newco:m\) names provider "newco".*add it to providers/,
    );
  });

  it("builds a whole catalog from a document", () => {
    const catalog = ModelCatalog.fromDocument(shipped);
    expect(catalog.models).toEqual(BUILTIN_CATALOG.models);
    expect(catalog.date).toBe("2026-08-07");
  });
});

describe("loadCatalogFile", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-catalog-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("applies an overlay file to the package's catalog", () => {
    const file = path.join(dir, "overlay.json");
    fs.writeFileSync(file, JSON.stringify(overlay({ provider: "anthropic", id: "claude-opus-6" })));
    expect(loadCatalogFile(file).resolveModel("claude-opus-6").kind).toBe("catalogued");
  });

  it("names the file and the fix when it cannot be read", () => {
    const error = thrown(() => loadCatalogFile(path.join(dir, "missing.json"), "missing.json"));
    expect(error.code).toBe("AIGW_CATALOG_NOT_FOUND");
    expect(error.message).toMatch(/missing\.json \(ENOENT\).*aigw catalog pull --output/);
  });

  it("names the file, line and column of JSON that does not parse", () => {
    const error = thrown(() =>
      parseCatalogDocument('{\n  "kind": "overlay",\n  oops\n}', "cat.json"),
    );
    expect(error.code).toBe("AIGW_CATALOG_INVALID");
    expect(error.message).toMatch(/^cat\.json:3:3: not JSON/);
  });

  it("says a file that is not JSON is not a catalog file, never to write a catalog over it", () => {
    const error = thrown(() =>
      parseCatalogDocument("version: 1\naccessKeys:\n  free: {}\n", "gateway.yaml"),
    );
    expect(error.code).toBe("AIGW_CATALOG_INVALID");
    expect(error.message).toMatch(
      /^gateway\.yaml(:1:1)?: not JSON \(.*\), so not a catalog file \(JSON, schema\/catalog\.schema\.json\); check the path, or write a catalog with aigw catalog pull --output <a new path>$/,
    );
    expect(error.message).not.toContain("--output gateway.yaml");
  });

  it("says JSON without a catalog's kind is not a catalog file, never to write a catalog over it", () => {
    const error = thrown(() => parseCatalogDocument('{"name": "my-app"}', "package.json"));
    expect(error.code).toBe("AIGW_CATALOG_INVALID");
    expect(error.message).toBe(
      'package.json is not a catalog file (JSON of schema/catalog.schema.json with "kind": "catalog" or "overlay"); check the path, or write a catalog with aigw catalog pull --output <a new path>',
    );
  });

  it("says to fix a whole catalog by hand, never to write an overlay over it", () => {
    const text = JSON.stringify({
      ...overlay({ provider: "openai", id: "gpt-6" }),
      kind: "catalog",
    });
    const error = thrown(() => parseCatalogDocument(text, "mine.json"));
    expect(error.message).toMatch(
      /^mine\.json is not a catalog or overlay \(schema\/catalog\.schema\.json\): .*\/models\/0 must have required property 'displayName'.*\. Fix the properties named$/,
    );
  });

  it("names the file and the fix when it is a directory, never to write a catalog over it", () => {
    const error = thrown(() => loadCatalogFile(dir, "catalogs"));
    expect(error.code).toBe("AIGW_CATALOG_NOT_FOUND");
    expect(error.message).toBe(
      "cannot read the catalog file catalogs (EISDIR); check the path: it names a directory, not a catalog file",
    );
  });

  it("names the property that is not a catalog's, and how to fix it", () => {
    const text = JSON.stringify(overlay({ provider: "openai", id: "gpt-6", contextWindow: "big" }));
    const error = thrown(() => parseCatalogDocument(text, "cat.json"));
    expect(error.code).toBe("AIGW_CATALOG_INVALID");
    expect(error.message).toMatch(
      /cat\.json is not a catalog or overlay .*\/models\/0\/contextWindow must be integer.*aigw catalog pull/,
    );
  });

  it("names the entry whose provider nobody lists", () => {
    const file = path.join(dir, "o.json");
    fs.writeFileSync(file, JSON.stringify(overlay({ provider: "newco", id: "m" })));
    const error = thrown(() => loadCatalogFile(file, "o.json"));
    expect(error.code).toBe("AIGW_CATALOG_INVALID");
    expect(error.message).toMatch(/^o\.json: models\[0\]/);
  });
});
