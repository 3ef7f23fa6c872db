import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../core/diagnostics";
import { formatPath, pointerToPath, type DocumentPath } from "./document-path";
import type { YamlLocator } from "./locator";
import { branchErrorMessage } from "../core/schema";
import { closestMatch } from "../core/suggest";

/** The `yaml-syntax` error of a document that parsed but could not be turned into data. */
export function unreadableDocumentDiagnostic(
  error: unknown,
  file: string,
  locator: YamlLocator,
): Diagnostic {
  return {
    code: "yaml-syntax",
    severity: "error",
    message: `${error instanceof Error ? error.message : String(error)} (the document could not be read).`,
    file,
    path: [],
    range: locator.rangeAt([]),
  };
}

/** Where a secret would be read from, as the schema's SecretRef title marks it. */
const SECRET_REF_TITLE = "SecretRef";

interface SchemaLike {
  readonly title?: unknown;
  readonly errorMessage?: unknown;
  readonly patternErrorMessage?: unknown;
  readonly properties?: Record<
    string,
    { readonly description?: unknown; readonly const?: unknown } | boolean
  >;
}

/**
 * The Pulumi config key suggested for a literal secret: the logical name in camelCase
 * (`openai-primary` → `openaiPrimary`), as in the DESIGN example.
 */
export function suggestedSecretKey(path: DocumentPath): string {
  const owner = path.length >= 2 ? String(path[path.length - 2]) : "providerKey";
  const key = owner.replace(/[-_.]+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return /^[A-Za-z0-9]/.test(key) ? key : `key${key}`;
}

/** The message for a literal secret value; it never contains the value. */
export function plaintextSecretMessage(path: DocumentPath): string {
  const key = suggestedSecretKey(path);
  return (
    `${formatPath(path)} is a literal secret; secret values must never be written in ` +
    `gateway.yaml, which is committed to git. Move the value to a Pulumi config secret: ` +
    `pulumi config set --secret ${key} <value>, and write value: {secret: ${key}} ` +
    `(or value: {env: <VAR>} to read an environment variable). If the value was ever ` +
    `committed, rotate the key.`
  );
}

function describeValue(data: unknown): string {
  if (data === null || data === undefined) return "empty";
  if (Array.isArray(data)) return "a list";
  switch (typeof data) {
    case "object":
      return "a mapping";
    case "string":
      return "a string";
    case "number":
      return Number.isInteger(data) ? "an integer" : "a number";
    case "boolean":
      return "a boolean";
    default:
      return typeof data;
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping",
  array: "a list",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  null: "null",
};

function typeName(type: unknown): string {
  const types = Array.isArray(type) ? (type as string[]) : [String(type)];
  return types.map((t) => TYPE_NAMES[t] ?? t).join(" or ");
}

/** True for paths under a secret reference, whose data must never be echoed in a message. */
function isSecretPath(path: DocumentPath): boolean {
  return path[0] === "providerKeys" && path[2] === "value";
}

function quoted(data: unknown, path: DocumentPath): string {
  if (isSecretPath(path) || typeof data !== "string") return "";
  const shown = data.length > 60 ? `${data.slice(0, 57)}…` : data;
  return ` (got "${shown}")`;
}

interface Mapped {
  readonly code: "schema" | "plaintext-secret";
  readonly path: DocumentPath;
  readonly message: string;
  /** Point at the key (unknown property, invalid logical name) rather than the value. */
  readonly at: "value" | "key";
}

function mapError(error: ErrorObject, data: unknown, inherited?: string): Mapped | undefined {
  const path = pointerToPath(error.instancePath, data);
  const where = formatPath(path);
  const parent = (error.parentSchema ?? {}) as SchemaLike;
  const params = error.params as Record<string, unknown>;

  if (error.propertyName !== undefined) {
    // An error inside propertyNames: the key itself is invalid.
    const keyPath = [...path, error.propertyName];
    const reason =
      typeof parent.patternErrorMessage === "string" && error.keyword === "pattern"
        ? parent.patternErrorMessage
        : (error.message ?? "is invalid");
    return {
      code: "schema",
      path: keyPath,
      at: "key",
      message: `${where} has an invalid logical name "${error.propertyName}": it ${reason}.`,
    };
  }

  if (parent.title === SECRET_REF_TITLE) {
    if (typeof error.data === "string") {
      return { code: "plaintext-secret", path, at: "value", message: plaintextSecretMessage(path) };
    }
    return {
      code: "schema",
      path,
      at: "value",
      message: `${where} ${String(parent.errorMessage)}.`,
    };
  }
  const errorMessage = typeof parent.errorMessage === "string" ? parent.errorMessage : inherited;
  if (errorMessage !== undefined) {
    return { code: "schema", path, at: "value", message: `${where} ${errorMessage}.` };
  }

  switch (error.keyword) {
    case "required": {
      const property = String(params.missingProperty);
      const schema = parent.properties?.[property];
      const hint =
        typeof schema === "object" && typeof schema.description === "string"
          ? ` (${schema.description.replace(/\.$/, "")})`
          : "";
      const example =
        typeof schema === "object" && schema.const !== undefined
          ? JSON.stringify(schema.const)
          : "…";
      return {
        code: "schema",
        path: [...path, property],
        at: "value",
        message: `${where} is missing the required property "${property}"${hint}: add ${property}: ${example}`,
      };
    }
    case "additionalProperties": {
      const property = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const suggestion = closestMatch(property, allowed);
      return {
        code: "schema",
        path: [...path, property],
        at: "key",
        message:
          `${where} has an unknown property "${property}".` +
          (suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`) +
          (allowed.length > 0 ? ` Allowed here: ${allowed.join(", ")}.` : " Remove it."),
      };
    }
    case "type": {
      if (path.length === 0 && (error.data === null || error.data === undefined)) {
        return {
          code: "schema",
          path,
          at: "value",
          message: "the file is empty: start it with version: 1",
        };
      }
      const empty = error.data === null || error.data === undefined;
      return {
        code: "schema",
        path,
        at: "value",
        message:
          `${where} must be ${typeName(params.type)}, but it is ${describeValue(error.data)}` +
          (empty ? "; give it a value or remove the key." : "."),
      };
    }
    case "const":
      return {
        code: "schema",
        path,
        at: "value",
        message: `${where} must be ${JSON.stringify(params.allowedValue)}${quoted(error.data, path)}.`,
      };
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v));
      const suggestion =
        typeof error.data === "string" ? closestMatch(error.data, allowed) : undefined;
      return {
        code: "schema",
        path,
        at: "value",
        message:
          `${where} must be one of ${allowed.join(", ")}${quoted(error.data, path)}.` +
          (suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`),
      };
    }
    case "pattern": {
      const reason =
        typeof parent.patternErrorMessage === "string"
          ? parent.patternErrorMessage
          : `must match the pattern ${String(params.pattern)}`;
      return {
        code: "schema",
        path,
        at: "value",
        message: `${where} ${reason}${quoted(error.data, path)}.`,
      };
    }
    case "maxLength":
      return {
        code: "schema",
        path,
        at: "value",
        message: `${where} must be at most ${String(params.limit)} characters long (it has ${String((error.data as string).length)}).`,
      };
    case "minLength":
      return { code: "schema", path, at: "value", message: `${where} must not be empty.` };
    case "minItems":
      return {
        code: "schema",
        path,
        at: "value",
        message: `${where} must list at least ${String(params.limit)} item${params.limit === 1 ? "" : "s"}.`,
      };
    case "uniqueItems": {
      const i = Math.min(Number(params.i), Number(params.j));
      const j = Math.max(Number(params.i), Number(params.j));
      return {
        code: "schema",
        path: [...path, j],
        at: "value",
        message: `${formatPath([...path, j])} repeats ${formatPath([...path, i])}; list each entry once.`,
      };
    }
    case "format":
      return {
        code: "schema",
        path,
        at: "value",
        message: `${where} must be a valid ${String(params.format)}${quoted(error.data, path)}.`,
      };
    case "minimum":
      return {
        code: "schema",
        path,
        at: "value",
        message: `${where} must be at least ${String(params.limit)}.`,
      };
    default:
      return {
        code: "schema",
        path,
        at: "value",
        message: `${where} ${error.message ?? "is invalid"}.`,
      };
  }
}

/**
 * Turns Ajv errors into diagnostics: one per problem, each with the path of the offending value,
 * its YAML range (or its closest existing ancestor's key), and a message that says how to fix
 * it. Errors that only restate another (`if`, `propertyNames`, the branches of a failed
 * `anyOf`/`oneOf`) are dropped; schemas with an `errorMessage` give one message per value.
 */
export function schemaDiagnostics(
  errors: readonly ErrorObject[],
  data: unknown,
  locator: YamlLocator,
  file: string,
): Diagnostic[] {
  const failedUnions = errors
    .filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf")
    .map((e) => `${e.schemaPath}/`);
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (
      error.keyword === "if" ||
      (error.keyword === "propertyNames" && error.propertyName === undefined)
    )
      continue;
    if (failedUnions.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const mapped = mapError(error, data, branchErrorMessage(error, errors));
    if (mapped === undefined) continue;
    const dedupe = `${mapped.code}\u0000${mapped.path.join("\u0000")}\u0000${mapped.message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    diagnostics.push({
      code: mapped.code,
      severity: "error",
      message: mapped.message,
      file,
      path: mapped.path,
      range: locator.rangeAt(mapped.path, mapped.at),
    });
  }
  return diagnostics;
}
