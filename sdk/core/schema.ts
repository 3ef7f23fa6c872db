import * as fs from "node:fs";
import * as path from "node:path";
import type * as AjvModule from "ajv/dist/2020";
import type Ajv2020 from "ajv/dist/2020";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020";
import type * as AjvFormatsModule from "ajv-formats";
import { AigwError } from "./errors";

/** The file name of the gateway.yaml schema under `schema/`. */
export const GATEWAY_SCHEMA_FILE = "gateway.schema.json";

/** The `$id` of the gateway.yaml schema; `$defs` are addressed as `<id>#/$defs/<Name>`. */
export const GATEWAY_SCHEMA_ID = "https://aigw.dev/schema/gateway.schema.json";

/**
 * Non-standard annotation keywords the schemas carry. Editors that use vscode-json-languageservice
 * (and so yaml-language-server) show them in place of the generic message; our own diagnostics
 * use them the same way. Ajv in strict mode rejects unknown keywords, so they are declared here.
 */
const ANNOTATION_KEYWORDS = ["errorMessage", "patternErrorMessage"] as const;

let ajvInstance: Ajv2020 | undefined;
const loadedSchemas = new Map<string, string>();
const validators = new Map<string, ValidateFunction>();

/**
 * The directories searched for `schema/*.json`, in order: the package's own `schema/` (where a
 * prepack step copies it), then the repository's top-level `schema/` next to the package, then
 * the same two places relative to this file (compiled or not) in case the package name does not
 * resolve, as inside a bundled or relocated copy.
 */
export function schemaDirectories(): string[] {
  const dirs: string[] = [];
  try {
    const root = path.dirname(require.resolve("pulumi-ngrok-ai/package.json"));
    dirs.push(path.join(root, "schema"), path.join(root, "..", "schema"));
  } catch {
    // The package name does not resolve here; the paths relative to this file still apply.
  }
  // This file is sdk/core/schema.ts or sdk/dist/core/schema.js.
  for (const up of [path.join("..", ".."), path.join("..", "..", "..")]) {
    dirs.push(path.resolve(__dirname, up, "schema"));
  }
  return [...new Set(dirs)];
}

/** Reads and parses one schema file by name (for example `gateway.schema.json`). */
export function loadSchema(name: string): Record<string, unknown> {
  const tried: string[] = [];
  for (const dir of schemaDirectories()) {
    const file = path.join(dir, name);
    tried.push(file);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    return JSON.parse(text) as Record<string, unknown>;
  }
  throw new AigwError(
    "AIGW_SCHEMA_NOT_FOUND",
    `schema ${name} not found; looked in ${tried.join(", ")}`,
  );
}

/**
 * The one Ajv instance of the process: JSON Schema 2020-12, strict, allErrors, verbose (so errors
 * carry the schema that failed, which the diagnostics read `errorMessage` from), with formats.
 * Created on first use, and Ajv is loaded only then: loading it costs a few hundred milliseconds,
 * which commands that validate nothing (`aigw drift`) should not pay at start-up.
 */
export function getAjv(): Ajv2020 {
  if (ajvInstance === undefined) {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
    const Ajv = (require("ajv/dist/2020") as typeof AjvModule).default;
    const addFormats = (require("ajv-formats") as typeof AjvFormatsModule).default;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const ajv = new Ajv({
      strict: true,
      allErrors: true,
      verbose: true,
      allowUnionTypes: true,
    });
    addFormats(ajv);
    for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: "string" });
    ajvInstance = ajv;
  }
  return ajvInstance;
}

/** Adds a schema file to the shared instance once and returns its `$id`. */
function ensureSchema(schemaFile: string): string {
  const known = loadedSchemas.get(schemaFile);
  if (known !== undefined) return known;
  const schema = loadSchema(schemaFile);
  const id = typeof schema.$id === "string" ? schema.$id : schemaFile;
  const ajv = getAjv();
  if (ajv.getSchema(id) === undefined) ajv.addSchema(schema, id);
  loadedSchemas.set(schemaFile, id);
  return id;
}

/**
 * A compiled validator for a whole schema file, or for one of its `$defs` by name (for example
 * `getValidator("ProviderKey")` or `getValidator("AccessScope")`), compiled once per process.
 */
export function getValidator(
  defName?: string,
  schemaFile: string = GATEWAY_SCHEMA_FILE,
): ValidateFunction {
  const cacheKey = `${schemaFile}#${defName ?? ""}`;
  const cached = validators.get(cacheKey);
  if (cached !== undefined) return cached;
  const id = ensureSchema(schemaFile);
  const ref = defName === undefined ? id : `${id}#/$defs/${defName}`;
  const validate = getAjv().getSchema(ref);
  if (validate === undefined) {
    throw new AigwError(
      "AIGW_SCHEMA_NOT_FOUND",
      `schema ${schemaFile} has no definition ${defName ?? ""}`,
    );
  }
  validators.set(cacheKey, validate);
  return validate;
}

/**
 * The `errorMessage` of the conditional branch that forbids the property an Ajv error is about, or
 * undefined. A branch such as `then: {properties: {keys: false}, errorMessage: …}` (the shape
 * yaml-language-server reports with the branch's message, at the property) fails in Ajv as a bare
 * `false` schema that carries no message of its own; the branch is found through the `if` error
 * of the same validation (verbose), whose parent schema holds it.
 */
export function branchErrorMessage(
  error: ErrorObject,
  errors: readonly ErrorObject[],
): string | undefined {
  if (error.keyword !== "false schema") return undefined;
  const m = /^(.*)\/(then|else)\/properties\/[^/]+\/false schema$/.exec(error.schemaPath);
  if (m === null) return undefined;
  const base = m[1]!;
  const branch = m[2] as "then" | "else";
  const condition = errors.find(
    (e) =>
      e.keyword === "if" &&
      e.schemaPath === `${base}/if` &&
      (e.params as { failingKeyword?: unknown }).failingKeyword === branch,
  );
  const schema = (condition?.parentSchema as Record<string, unknown> | undefined)?.[branch] as
    { errorMessage?: unknown } | undefined;
  return typeof schema?.errorMessage === "string" ? schema.errorMessage : undefined;
}
