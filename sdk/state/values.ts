// What a value recorded in Pulumi state may be, and how two recorded values compare.

/**
 * A deep copy without `undefined` anywhere: the engine cannot marshal it
 * (pulumi/pulumi#2205, "Unexpected struct type").
 */
export function clean<T>(value: T): Defined<T> {
  if (Array.isArray(value)) return value.map((v) => clean(v as unknown)) as Defined<T>;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = clean(v);
    }
    return out as Defined<T>;
  }
  return value as Defined<T>;
}

/** `T` with every property that may be undefined made optional instead, recursively. */
export type Defined<T> = T extends readonly (infer U)[]
  ? Defined<U>[]
  : T extends object
    ? { [K in keyof T as undefined extends T[K] ? never : K]: Defined<T[K]> } & {
        [K in keyof T as undefined extends T[K] ? K : never]?: Defined<Exclude<T[K], undefined>>;
      }
    : T;

/** Deep equality of JSON values; key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) =>
      jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    );
  }
  return false;
}

/** `value` when it is a non-empty string, otherwise undefined (API optional strings). */
export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `value` when it is a string, otherwise undefined (inputs kept in state as given: `adopt`). */
export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** When the API created and last changed an object (RFC 3339): outputs only, never inputs. */
export interface Timestamps {
  createdAt: string;
  updatedAt: string;
}

/** The {@link Timestamps} properties, which `read` leaves out of the inputs it rebuilds. */
export const TIMESTAMPS = ["createdAt", "updatedAt"] as const;
