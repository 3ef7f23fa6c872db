// What an AccessKeyConfiguration records in state: its inputs and outputs, the outputs of a live
// configuration (what read, and so refresh, records and drift compares with), and the rules by
// which two recorded scopes or routers are the same.
import type { AccessKeyConfiguration, AccessScope, Router, RouterWrite } from "../client/types";
import { type RouterRuleShape, mapRouter } from "../core/router-shape";
import { type Timestamps, clean, optionalString, stringOrUndefined } from "./values";

/** The inputs: API shapes, with router step keys as provider key ids. */
export interface AccessKeyConfigurationInputs {
  name: string;
  description?: string;
  metadata?: string;
  access?: AccessScope;
  router?: RouterWrite;
  adopt?: string;
}

/** The outputs kept in state. */
export interface AccessKeyConfigurationOutputs extends AccessKeyConfigurationInputs, Timestamps {}

/**
 * The router as written: keys by id only, `keySelectionStrategy` dropped when it is the only
 * strategy (`ordered`), and no rules at all represented as absent.
 */
export function normalizeRouter(
  router: Router | RouterWrite | undefined | null,
): RouterWrite | undefined {
  const rules: readonly RouterRuleShape<{ readonly id?: string | undefined }>[] =
    router?.rules ?? [];
  if (rules.length === 0) return undefined;
  return mapRouter(
    { rules },
    (key) => clean({ id: key.id }),
    (strategy) => (strategy === "ordered" ? undefined : strategy),
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Scope equality: dimensions present/absent must match, `allow` lists compare as sets. */
export function sameAccess(a: AccessScope | undefined, b: AccessScope | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  for (const dim of ["providers", "models"] as const) {
    const da = a[dim];
    const db = b[dim];
    if (da === undefined || db === undefined) {
      if (da !== db) return false;
      continue;
    }
    if (da.allow === undefined || db.allow === undefined) {
      if (da.allow !== db.allow) return false;
      continue;
    }
    if (!sameSet(da.allow, db.allow)) return false;
  }
  return true;
}

/** The outputs state records for a live configuration (also what drift compares against). */
export function toOutputs(
  live: AccessKeyConfiguration,
  adopt: unknown,
): AccessKeyConfigurationOutputs {
  return clean({
    name: live.name,
    description: optionalString(live.description),
    metadata: optionalString(live.metadata),
    access: live.access,
    router: normalizeRouter(live.router),
    adopt: stringOrUndefined(adopt),
    createdAt: live.createdAt,
    updatedAt: live.updatedAt,
  });
}
