import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../core/diagnostics";
import { formatPath, pointerToPath, type DocumentPath } from "./document-path";
import type { TaggedValue } from "./document-shape";
import type { YamlLocator } from "./locator";
import { branchErrorMessage } from "../core/schema";
import { closestMatch, didYouMean } from "../core/suggest";

/** Re-exported for the policy file's loader, which reads policy.yaml the same way. */
export { unreadableDocumentDiagnostic } from "./yaml-errors";

/** Where a secret would be read from, as the schema's SecretRef title marks it. */
const SECRET_REF_TITLE = "SecretRef";

interface SchemaLike {
  readonly title?: unknown;
  readonly errorMessage?: unknown;
  readonly patternErrorMessage?: unknown;
  readonly enum?: unknown;
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
      // The values of YAML 1.1 types (`!!timestamp`, `!!binary`, `!!omap`, `!!set`).
      if (data instanceof Date) return "a timestamp";
      if (ArrayBuffer.isView(data)) return "binary data";
      if (data instanceof Map) return "an ordered map";
      if (data instanceof Set) return "a set";
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
    if (Array.isArray(parent.enum)) {
      // Keys from a closed list (policy.yaml's rule ids): say so, list them, suggest the closest.
      const allowed = parent.enum.filter((v): v is string => typeof v === "string");
      const reason =
        typeof parent.errorMessage === "string"
          ? parent.errorMessage
          : `must be one of ${allowed.join(", ")}`;
      return {
        code: "schema",
        path: keyPath,
        at: "key",
        message: `${where} has an unknown key "${error.propertyName}": it ${reason}.${didYouMean(error.propertyName, allowed)}`,
      };
    }
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
      // A date a YAML 1.1 document reads from plain text (a tagged one is a TaggedValue).
      const date = error.data instanceof Date && typeName(params.type).includes("a string");
      return {
        code: "schema",
        path,
        at: "value",
        message:
          `${where} must be ${typeName(params.type)}, but it is ${describeValue(error.data)}` +
          (empty
            ? "; give it a value or remove the key."
            : date
              ? "; quote the value to write a string."
              : "."),
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

/** What the schema says about a value written with a tag gateway.yaml does not read. */
interface TaggedVerdict {
  readonly value: TaggedValue;
  /** The types the schema expects there (an object where it reported no type error). */
  types: unknown;
  /** True when another error at the value (an unknown property, a constant) stands for it. */
  standing: boolean;
}

const pathKey = (path: DocumentPath): string => JSON.stringify(path.map(String));

/** True when a tagged value contains `path` (strictly): its errors follow from the tag. */
function insideTagged(path: DocumentPath, verdicts: ReadonlyMap<string, TaggedVerdict>): boolean {
  for (let i = 0; i < path.length; i++) if (verdicts.has(pathKey(path.slice(0, i)))) return true;
  return false;
}

/**
 * Turns Ajv errors into diagnostics: one per problem, each with the path of the offending value,
 * its YAML range (or its closest existing ancestor's key), and a message that says how to fix
 * it. Errors that only restate another (`if`, `propertyNames`, the branches of a failed
 * `anyOf`/`oneOf`) are dropped; schemas with an `errorMessage` give one message per value. A
 * value written with a tag gateway.yaml does not read (`tagged`) gets one error of its own in
 * place of its type error and of every error inside it.
 */
export function schemaDiagnostics(
  errors: readonly ErrorObject[],
  data: unknown,
  locator: YamlLocator,
  file: string,
  tagged: readonly TaggedValue[] = [],
): Diagnostic[] {
  const failedUnions = errors
    .filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf")
    .map((e) => `${e.schemaPath}/`);
  // A tagged secret reference keeps the schema's own message, which says what a secret must be.
  const own = tagged.filter((value) => !isSecretPath(value.path));
  const verdicts =
    own.length === 0
      ? undefined
      : new Map(
          own.map((value): [string, TaggedVerdict] => [
            pathKey(value.path),
            { value, types: "object", standing: false },
          ]),
        );
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
    if (verdicts !== undefined) {
      const verdict = verdicts.get(pathKey(mapped.path));
      if (verdict !== undefined && error.keyword === "type") {
        verdict.types = (error.params as Record<string, unknown>).type;
        continue;
      }
      if (verdict !== undefined) verdict.standing = true;
      else if (insideTagged(mapped.path, verdicts)) continue;
    }
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
  for (const verdict of verdicts?.values() ?? []) {
    if (!verdict.standing) diagnostics.push(taggedValueDiagnostic(verdict, file));
  }
  return diagnostics;
}

/**
 * The `schema` error of a value written with a tag gateway.yaml does not read: what it must be
 * (the schema's type; a plain mapping where the schema takes it for an object, as it takes an
 * ordered map or a set, which the model would read as empty), what the tag made it, and to remove
 * the tag.
 */
function taggedValueDiagnostic(verdict: TaggedVerdict, file: string): Diagnostic {
  const { value, types } = verdict;
  const list = Array.isArray(types) ? (types as unknown[]).map(String) : [String(types)];
  const expected = list.includes("object") ? "a plain mapping" : typeName(types);
  let howTo = ` and write ${expected} here`;
  if (list.includes("object") && value.collection) {
    howTo =
      value.short === "!!set"
        ? " and give each key a value (key: value)"
        : ' and write its entries as key: value lines of a mapping, without the leading "- "';
  } else if (list.includes("string") && !value.collection) {
    howTo = " to keep the text as a string";
  }
  return {
    code: "schema",
    severity: "error",
    message: `${formatPath(value.path)} must be ${expected}, but it is ${value.kind} (tagged ${value.short}): remove the ${value.short} tag${howTo}.`,
    file,
    path: value.path,
    range: value.range,
  };
}
