// Loads the official OpenAPI description of the ngrok.ai management API and checks response
// bodies against it, so the emulator (and later the client) cannot drift from the published
// shapes. The file is reference data in ../shared/spec, never copied into the project.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/** Where the OpenAPI file is: `AIGW_OPENAPI`, else `../shared/spec/ai-gateway.openapi.yaml` from the repo root. */
export function openApiPath(): string {
  return (
    process.env.AIGW_OPENAPI ??
    resolve(join(__dirname, "..", "..", "..", "shared", "spec", "ai-gateway.openapi.yaml"))
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { responses?: Record<string, { content?: Record<string, { schema?: Json }>; $ref?: string }> }
    >
  >;
  components: {
    schemas: Record<string, Json>;
    responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
  };
}

const SCHEMA_ID = "ngrok-ai-openapi";

/**
 * OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a `"null"` type (or an `anyOf` with null
 * when there is no `type`), `#/components/...` refs point into the registered document, and
 * `x-` extensions are dropped.
 */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-") || key === "nullable" || key === "example") continue;
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/")) {
      out.$ref = `${SCHEMA_ID}${value}`;
      continue;
    }
    out[key] =
      key === "properties" && value !== null && typeof value === "object" && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]))
        : toJsonSchema(value);
  }
  if (node.nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    const description = out.description;
    delete out.description;
    return {
      anyOf: [out, { type: "null" }],
      ...(description === undefined ? {} : { description }),
    };
  }
  return out;
}

let cached: { doc: OpenApiDocument; ajv: Ajv } | undefined;

/**
 * The parsed OpenAPI document and an Ajv instance holding its components.
 * @throws Error naming the missing path when the file is absent.
 */
export function loadOpenApi(): { doc: OpenApiDocument; ajv: Ajv } {
  if (cached !== undefined) return cached;
  const path = openApiPath();
  if (!existsSync(path)) {
    throw new Error(
      `the official OpenAPI description was not found at ${path}; set AIGW_OPENAPI to its path (ngrok's openapi/ai-gateway.yaml)`,
    );
  }
  const doc = parse(readFileSync(path, "utf8")) as OpenApiDocument;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema({
    $id: SCHEMA_ID,
    components: toJsonSchema(doc.components),
  });
  cached = { doc, ajv };
  return cached;
}

const validators = new Map<string, ValidateFunction | null>();

/** The OpenAPI path template that a concrete path (no query) matches, such as `/provider-keys/{id}`. */
export function pathTemplate(path: string): string {
  const { doc } = loadOpenApi();
  const segments = path.split("/");
  for (const template of Object.keys(doc.paths)) {
    const parts = template.split("/");
    if (parts.length !== segments.length) continue;
    if (
      parts.every((p, i) =>
        p.startsWith("{") && p.endsWith("}") ? segments[i] !== "" : p === segments[i],
      )
    ) {
      return template;
    }
  }
  throw new Error(`no OpenAPI path matches ${path}`);
}

/**
 * The compiled validator for the JSON response of (method, path template, status): the status's
 * own response, else `default` (the Error schema). Null when that response has no JSON body.
 */
export function responseValidator(
  method: string,
  template: string,
  status: number,
): ValidateFunction | null {
  const key = `${method.toLowerCase()} ${template} ${status}`;
  if (validators.has(key)) return validators.get(key)!;
  const { doc, ajv } = loadOpenApi();
  const operation = doc.paths[template]?.[method.toLowerCase()];
  if (operation === undefined)
    throw new Error(`the OpenAPI file has no operation ${method.toUpperCase()} ${template}`);
  let response = operation.responses?.[String(status)] ?? operation.responses?.default;
  if (response === undefined)
    throw new Error(
      `${method.toUpperCase()} ${template} documents no response ${status} and no default`,
    );
  if (response.$ref !== undefined) {
    response = doc.components.responses?.[response.$ref.split("/").pop()!];
  }
  const schema = response?.content?.["application/json"]?.schema;
  const validate = schema === undefined ? null : ajv.compile(toJsonSchema(schema) as object);
  validators.set(key, validate);
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
    .join("; ");
}

/** The validator of the shared `Error` schema. */
export function errorValidator(): ValidateFunction {
  const { ajv } = loadOpenApi();
  return ajv.getSchema(`${SCHEMA_ID}#/components/schemas/Error`)!;
}

/**
 * Throws unless `body` is what the OpenAPI description says (method, concrete path, status)
 * answers. A response documented without a body must have none. An error on a path or method
 * the file does not document (404, 405) must still be the shared `Error` body.
 */
export function assertResponseMatchesOpenApi(
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  const { doc } = loadOpenApi();
  let template: string | undefined;
  try {
    template = pathTemplate(path);
  } catch {
    template = undefined;
  }
  const documented =
    template !== undefined && doc.paths[template]?.[method.toLowerCase()] !== undefined;
  if (!documented && status >= 400) {
    if (method.toUpperCase() === "HEAD") return;
    const validate = errorValidator();
    if (!validate(body)) {
      throw new Error(
        `${method} ${path} ${status}: not the Error body: ${describe(validate.errors)}`,
      );
    }
    return;
  }
  if (template === undefined) throw new Error(`no OpenAPI path matches ${path}`);
  const validate = responseValidator(method, template, status);
  if (validate === null || method.toUpperCase() === "HEAD") {
    if (body !== undefined && body !== "") {
      throw new Error(
        `${method} ${template} ${status} should have no body, got ${JSON.stringify(body).slice(0, 200)}`,
      );
    }
    return;
  }
  if (!validate(body)) {
    throw new Error(
      `${method} ${template} ${status}: response does not match the OpenAPI schema: ${describe(validate.errors)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    );
  }
}
