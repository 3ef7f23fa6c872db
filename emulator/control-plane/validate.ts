import { ERROR_CODES, ValidationError, invalid } from "./error-codes";

/** `name` of configurations, access keys and API keys (the general 276xx family). */
export const NAME_RULE: StringRule = { max: 255, tooLongCode: ERROR_CODES.nameTooLong };
/** `description` of configurations, access keys and API keys. */
export const DESCRIPTION_RULE: StringRule = { max: 255 };
/** `metadata` of configurations, access keys, API keys and the gateway configuration. */
export const METADATA_RULE: StringRule = { max: 4096, tooLongCode: ERROR_CODES.metadataTooLong };

/** A parsed JSON request body. */
export type Body = Record<string, unknown>;

/** Rejects any field of `body` not in `allowed` (the schemas set `additionalProperties: false`). */
export function rejectUnknownFields(body: Body, allowed: readonly string[], where = ""): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      throw invalid(`unknown field "${where}${key}"`, { field: `${where}${key}` });
    }
  }
}

/** How to check one string field. */
export interface StringRule {
  /** Longest allowed length, in characters. */
  readonly max?: number;
  /** Code for a value longer than `max` (default 27606). */
  readonly tooLongCode?: string;
  /** Shortest allowed length (reported with `missingCode` when 1, else 27606). */
  readonly min?: number;
  /** Code for a missing required field. */
  readonly missingCode?: string;
}

function length(value: string): number {
  return [...value].length;
}

function checkString(field: string, value: unknown, rule: StringRule): string {
  if (typeof value !== "string") {
    throw invalid(`${field} must be a string`, { field });
  }
  if (rule.min !== undefined && length(value) < rule.min) {
    if (rule.min === 1 && rule.missingCode !== undefined) {
      throw new ValidationError(rule.missingCode, `${field} is required and must not be empty`, {
        field,
      });
    }
    throw invalid(`${field} must be at least ${rule.min} characters`, { field });
  }
  if (rule.max !== undefined && length(value) > rule.max) {
    throw new ValidationError(
      rule.tooLongCode ?? ERROR_CODES.validation,
      `${field} must be at most ${rule.max} characters`,
      { field, maxLength: String(rule.max) },
    );
  }
  return value;
}

/** A required string field. */
export function requiredString(
  body: Body,
  field: string,
  rule: StringRule & { missingCode: string },
): string {
  const value = body[field];
  if (value === undefined || value === null) {
    throw new ValidationError(rule.missingCode, `${field} is required`, { field });
  }
  return checkString(field, value, rule);
}

/** An optional, non-nullable string field: undefined when omitted. */
export function optionalString(
  body: Body,
  field: string,
  rule: StringRule = {},
): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  return checkString(field, value, rule);
}

/**
 * A PATCH field: undefined when omitted (unchanged), null when sent as null (clear), else the
 * checked string.
 */
export function patchString(
  body: Body,
  field: string,
  rule: StringRule = {},
): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  return checkString(field, value, rule);
}

/** A PATCH field that may be omitted but not cleared. */
export function patchRequiredString(
  body: Body,
  field: string,
  rule: StringRule = {},
): string | undefined {
  const value = body[field];
  if (value === null) {
    throw invalid(`${field} cannot be cleared`, { field });
  }
  return optionalString(body, field, rule);
}

/** Merges a PATCH value into the stored one: undefined keeps, null clears. */
export function merge<T>(stored: T | null, patch: T | null | undefined): T | null {
  return patch === undefined ? stored : patch;
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An array of strings (an allow-list). */
export function stringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw invalid(`${field} must be an array of strings`, { field });
  }
  return [...value];
}

/** The optional labels of access keys and API keys (null: not set). */
export interface Labels {
  readonly name: string | null;
  readonly description: string | null;
  readonly metadata: string | null;
}

/** The labels of a create body; an omitted label is null. */
export function createLabels(body: Body): Labels {
  return {
    name: optionalString(body, "name", NAME_RULE) ?? null,
    description: optionalString(body, "description", DESCRIPTION_RULE) ?? null,
    metadata: optionalString(body, "metadata", METADATA_RULE) ?? null,
  };
}

/** A PATCH of labels: undefined keeps a label, null clears it. */
export type LabelsPatch = { readonly [K in keyof Labels]: string | null | undefined };

/** The labels of a PATCH body. */
export function patchLabels(body: Body): LabelsPatch {
  return {
    name: patchString(body, "name", NAME_RULE),
    description: patchString(body, "description", DESCRIPTION_RULE),
    metadata: patchString(body, "metadata", METADATA_RULE),
  };
}

/** `stored` with `patch` applied. */
export function mergeLabels(stored: Labels, patch: LabelsPatch): Labels {
  return {
    name: merge(stored.name, patch.name),
    description: merge(stored.description, patch.description),
    metadata: merge(stored.metadata, patch.metadata),
  };
}
