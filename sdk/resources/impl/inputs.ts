// The input side of every resource kind: the preview "unknown" sentinel, validation against the
// gateway schema, and the pieces of a diff.
import type * as pulumi from "@pulumi/pulumi";
import { branchErrorMessage, getValidator } from "../../core/schema";
import { optionalString } from "../../state/values";

/**
 * The value the engine substitutes for a property whose value is not known yet during preview
 * (pulumi/pulumi#6310). It can show up as the value of a property of any type.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value`, or anything inside it, is the preview's unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

/** One input property checked against a `$defs` entry of `schema/gateway.schema.json`. */
export interface FieldCheck {
  readonly property: string;
  readonly def: string;
  readonly required?: boolean;
}

/**
 * Validates inputs with the same schema definitions `gateway.yaml` uses, so a value rejected in
 * the file is rejected in a program too. Unknown values (preview) are accepted unchecked.
 */
export function checkFields(
  inputs: Record<string, unknown>,
  fields: readonly FieldCheck[],
): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const { property, def, required } of fields) {
    const value = inputs[property];
    if (value === undefined || value === null) {
      if (required === true) {
        failures.push({ property, reason: `${property} is required; set it on the resource.` });
      }
      continue;
    }
    if (containsUnknown(value)) continue;
    const validate = getValidator(def);
    if (!validate(value)) {
      const errors = validate.errors ?? [];
      for (const error of errors) {
        // A failed `if` only restates the failure of its branch, reported on its own.
        if (error.keyword === "if") continue;
        const at = error.instancePath === "" ? "" : error.instancePath.replace(/\//g, ".");
        // The schema words its own messages where Ajv's would be cryptic (a pattern, say).
        const parent = error.parentSchema as Record<string, unknown> | undefined;
        const custom =
          parent?.[`${error.keyword}ErrorMessage`] ??
          parent?.errorMessage ??
          branchErrorMessage(error, errors);
        const message = typeof custom === "string" ? custom : (error.message ?? "is invalid");
        failures.push({ property: `${property}${at}`, reason: `${property}${at} ${message}.` });
      }
    }
  }
  return failures;
}

/** Checks that `adopt`, when given, is an id of the right kind. */
export function checkAdopt(
  inputs: Record<string, unknown>,
  prefix: string,
): pulumi.dynamic.CheckFailure[] {
  const adopt = inputs.adopt;
  if (adopt === undefined || adopt === null || adopt === UNKNOWN) return [];
  if (typeof adopt !== "string" || !adopt.startsWith(prefix)) {
    return [
      {
        property: "adopt",
        reason: `adopt must be the id of an existing object, starting with "${prefix}"; remove it to create a new one.`,
      },
    ];
  }
  return [];
}

/** The schema checks of the labels most objects carry, in the order their failures are listed. */
export const LABEL_FIELDS: readonly FieldCheck[] = [
  { property: "name", def: "Name", required: true },
  { property: "description", def: "Description" },
  { property: "metadata", def: "Metadata" },
];

/** A kind's own input checks, run after the schema and `adopt` checks. */
export type ExtraCheck = (news: Record<string, unknown>) => pulumi.dynamic.CheckFailure[];

/** A kind's `check`: `olds` are the previous inputs, `news` the inputs to check. */
export type InputCheck = (
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
) => Promise<pulumi.dynamic.CheckResult>;

/**
 * Builds a kind's `check`: its fields against the gateway schema, `adopt` against the kind's id
 * prefix (when it can adopt), then its own checks. The inputs pass through unchanged when nothing
 * failed; unknown values (preview) pass unchecked.
 */
export function inputChecker(
  fields: readonly FieldCheck[],
  adoptPrefix: string | undefined,
  extra: ExtraCheck = () => [],
): InputCheck {
  return (_olds, news) => {
    const failures = [
      ...checkFields(news, fields),
      ...(adoptPrefix === undefined ? [] : checkAdopt(news, adoptPrefix)),
      ...extra(news),
    ];
    return Promise.resolve(failures.length > 0 ? { failures } : { inputs: news });
  };
}

/**
 * The labels the API gives back as `""` when set to `""`, and that the state records as absent
 * then (`optionalString`): for them an empty input and an absent output are the same value.
 */
const OPTIONAL_LABELS: ReadonlySet<string> = new Set(["description", "metadata"]);

/**
 * Which of `keys` have another value in `news` than in `olds`, in order: compared with `===`,
 * but an empty {@link OPTIONAL_LABELS} label equals an absent one, so `description: ""` does
 * not propose an update at every preview.
 */
export function changedKeys<T extends object>(
  olds: Partial<T>,
  news: T,
  keys: readonly (keyof T & string)[],
): string[] {
  return keys.filter((key) =>
    OPTIONAL_LABELS.has(key)
      ? optionalString(olds[key]) !== optionalString(news[key])
      : olds[key] !== news[key],
  );
}

/** `[key]` when a new or unknown (preview) value of `key` replaces the object, else `[]`. */
export function replacedBy<T extends object>(
  olds: Partial<T>,
  news: T,
  key: keyof T & string,
): string[] {
  return news[key] === UNKNOWN || olds[key] !== news[key] ? [key] : [];
}

/**
 * A diff's result. Every kind creates a replacement before it deletes the old object, so that
 * what refers to the old one can move over in between.
 */
export function diffResult(
  changes: boolean,
  replaces: string[] = [],
): Promise<pulumi.dynamic.DiffResult> {
  return Promise.resolve({ changes, replaces, deleteBeforeReplace: false });
}
