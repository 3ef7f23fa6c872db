import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import {
  GATEWAY_SCHEMA_ID,
  getAjv,
  getValidator,
  loadSchema,
  schemaDirectories,
} from "../../sdk/core/schema";
import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { parseGateway } from "../../sdk/gitops/load";

type Schema = Record<string, unknown>;

const schemaFile = path.join(__dirname, "..", "..", "schema", "gateway.schema.json");
const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as Schema;

/**
 * Every property an editor can complete: the `properties` of each schema reachable through
 * `properties`, `additionalProperties`, `items` and `$defs` (not the conditional branches, which
 * only restate constraints).
 */
function propertySchemas(
  node: unknown,
  at: string,
  out: [string, Schema][] = [],
): [string, Schema][] {
  if (node === null || typeof node !== "object") return out;
  const s = node as Schema;
  for (const [name, child] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
    if (typeof child === "object" && child !== null) {
      out.push([`${at}.properties.${name}`, child as Schema]);
      propertySchemas(child, `${at}.properties.${name}`, out);
    }
  }
  for (const key of ["additionalProperties", "items"]) {
    if (typeof s[key] === "object") propertySchemas(s[key], `${at}.${key}`, out);
  }
  for (const [name, def] of Object.entries((s.$defs ?? {}) as Record<string, unknown>)) {
    propertySchemas(def, `$defs.${name}`, out);
  }
  return out;
}

describe("schema/gateway.schema.json", () => {
  it("is JSON Schema 2020-12 with an $id", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe(GATEWAY_SCHEMA_ID);
  });

  it("compiles in a fresh Ajv in strict mode", () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addKeyword({ keyword: "errorMessage", schemaType: "string" });
    ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it("gives every property a description and examples", () => {
    const properties = propertySchemas(schema, "#");
    expect(properties.length).toBeGreaterThan(50);
    const missing = properties
      .filter(([, s]) => typeof s.description !== "string" || !Array.isArray(s.examples))
      .map(([at]) => at);
    expect(missing).toEqual([]);
  });

  it("describes every definition", () => {
    const defs = Object.entries(schema.$defs as Record<string, Schema>);
    expect(defs.filter(([, d]) => typeof d.description !== "string").map(([n]) => n)).toEqual([]);
  });

  it("has examples that are valid against the property they document", () => {
    const failures: string[] = [];
    for (const [at, property] of propertySchemas(schema, "#")) {
      const validate = getAjv().compile({ ...property, $defs: schema.$defs });
      for (const example of property.examples as unknown[]) {
        if (!validate(example)) failures.push(`${at}: ${JSON.stringify(example)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("takes a router rule's model only with a colon, which is all the API takes there", () => {
    // The API refuses the guide form (`openai/gpt-4o`) in a rule with 400 at apply time, after
    // the objects before it were made; the schema refuses it where the file says it.
    const { diagnostics } = parseGateway(
      [
        "version: 1",
        "accessKeyConfigurations:",
        "  c:",
        "    access: { models: { allow: [openai/gpt-4o] } }",
        "    router:",
        "      rules:",
        "        - model: openai/gpt-4o",
        "          steps: [{ type: ngrok }]",
        "        - model: openai:gpt-4o-mini",
        "          steps: [{ type: ngrok }]",
        "        - model: openrouter:anthropic/claude-3.5-sonnet",
        "          steps: [{ type: ngrok }]",
      ].join("\n"),
      "gateway.yaml",
    );
    expect(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([
      'gateway.yaml:7:18: error schema: accessKeyConfigurations.c.router.rules[0].model must be provider-qualified with a colon, such as openai:gpt-4o (the API refuses openai/gpt-4o in a router rule; allow-lists take both) (got "openai/gpt-4o").',
    ]);
  });

  it("accepts the DESIGN 4a example", () => {
    const text = fs.readFileSync(
      path.join(__dirname, "..", "fixtures", "gateway", "valid-full.yaml"),
      "utf8",
    );
    const validate = getValidator();
    expect(validate(parse(text))).toBe(true);
  });
});

describe("getValidator", () => {
  it("compiles each validator once per process", () => {
    expect(getValidator("ProviderKey")).toBe(getValidator("ProviderKey"));
    expect(getValidator()).toBe(getValidator());
  });

  it.each([
    ["AccessScope", { providers: { allow: ["openai"] }, models: { allow: [] } }, true],
    ["AccessScope", { providers: { allow: "openai" } }, false],
    [
      "RouterWrite",
      { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: "aigpk_1" }] }] }] },
      true,
    ],
    [
      "RouterWrite",
      { rules: [{ provider: "openai", steps: [{ type: "user", keys: ["openai-primary"] }] }] },
      false,
    ],
    ["ProviderKey", { providerId: "openai", value: { secret: "openaiPrimary" } }, true],
    ["ProviderKey", { providerId: "openai", value: "sk-literal" }, false],
    ["ProviderKey", { providerId: "openai", value: { secret: "a", env: "B" } }, false],
    ["Duration", "1m30s", true],
    ["Duration", "30 seconds", false],
    ["Metadata", "x".repeat(4096), true],
    ["Metadata", "x".repeat(4097), false],
    ["Description", "x".repeat(256), false],
    ["BaseUrl", "http://my-ollama.internal:11434", true],
    ["BaseUrl", "http://example.com", false],
  ])("validates %s against the definition alone (%#)", (def, value, valid) => {
    expect(getValidator(def)(value)).toBe(valid);
  });
});

describe("loadSchema", () => {
  it("finds the repository's schema/ through the package root", () => {
    const root = path.dirname(require.resolve("pulumi-ngrok-ai/package.json"));
    expect(schemaDirectories()).toContain(path.join(root, "..", "schema"));
    expect(loadSchema("gateway.schema.json").$id).toBe(GATEWAY_SCHEMA_ID);
  });

  it("throws a coded error for a schema that does not exist", () => {
    expect(() => loadSchema("nope.schema.json")).toThrow(
      expect.objectContaining({ code: "AIGW_SCHEMA_NOT_FOUND" }) as Error,
    );
  });
});
