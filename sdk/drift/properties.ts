// Property-by-property comparison of what a stack recorded with what the API has now. It projects
// the live object with the resource's own `toOutputs` (what `read`, and so `pulumi refresh`,
// would record) and compares with the resource's own rules (`sameAccess`, `normalizeRouter`,
// `listOrNone`, `sameField`), so `aigw drift` finds a change exactly when refresh's `diff` would.
import type {
  AccessDimension,
  AccessKey,
  AccessKeyConfiguration,
  AccessScope,
  GatewayConfig,
  Provider,
  ProviderKey,
  RouterWrite,
} from "../client/types";
import {
  normalizeRouter,
  sameAccess,
  toOutputs as configurationOutputs,
} from "../state/access-key-configuration";
import { toOutputs as accessKeyOutputs } from "../state/access-key";
import { jsonEqual } from "../state/values";
import { FIELD_NAMES, sameField, toOutputs as gatewayConfigOutputs } from "../state/gateway-config";
import { listOrNone, toOutputs as providerOutputs } from "../state/provider";
import { toOutputs as providerKeyOutputs } from "../state/provider-key";
import type { PropertyChange } from "./report";
import { isSecretValue } from "./state";

/** Recorded outputs, as read from the stack's state (secret values still encrypted). */
export type RecordedOutputs = Readonly<Record<string, unknown>>;

/** A change with absent sides left out (absent and empty stay distinct). */
export function propertyChange(
  property: string,
  recorded: unknown,
  live: unknown,
  sets?: { added: readonly string[]; removed: readonly string[] },
): PropertyChange {
  return {
    property,
    ...(recorded !== undefined ? { recorded } : {}),
    ...(live !== undefined ? { live } : {}),
    ...(sets !== undefined ? { added: sets.added, removed: sets.removed } : {}),
  };
}

/**
 * Compares plain properties with `===`, as the resources' `diff` does. A property recorded as a
 * secret is skipped: it cannot be compared without decrypting, and its live value must not be
 * shown.
 */
function scalars(
  names: readonly string[],
  recorded: RecordedOutputs,
  live: Readonly<Record<string, unknown>>,
): PropertyChange[] {
  const changes: PropertyChange[] = [];
  for (const name of names) {
    const before = recorded[name];
    if (isSecretValue(before)) continue;
    if (before !== live[name]) changes.push(propertyChange(name, before, live[name]));
  }
  return changes;
}

function adoptOf(recorded: RecordedOutputs): string | undefined {
  return typeof recorded.adopt === "string" ? recorded.adopt : undefined;
}

/** The comparison of a provider key: label changes, and a rotation by `keyRedacted`. */
export interface ProviderKeyComparison {
  readonly changes: PropertyChange[];
  /** Set when the value was replaced outside Pulumi. */
  readonly rotation?: { readonly recorded: string; readonly live: string };
}

/**
 * Compares a provider key. Its value is a secret and stays encrypted in state; the API shows only
 * its redaction, so a different `keyRedacted` is how a rotation outside Pulumi shows (the same test
 * `read` applies before it drops the recorded value).
 */
export function compareProviderKey(
  recorded: RecordedOutputs,
  liveKey: ProviderKey,
): ProviderKeyComparison {
  const live = providerKeyOutputs(liveKey, undefined, adoptOf(recorded)) as unknown as Record<
    string,
    unknown
  >;
  const changes = scalars(["providerId", "name", "description", "metadata"], recorded, live);
  const before = recorded.keyRedacted;
  if (typeof before === "string" && before !== liveKey.keyRedacted) {
    return { changes, rotation: { recorded: before, live: liveKey.keyRedacted } };
  }
  return { changes };
}

function dimensionChanges(
  dim: "providers" | "models",
  before: AccessDimension | undefined,
  after: AccessDimension | undefined,
): PropertyChange[] {
  const scopeOf = (d: AccessDimension | undefined): AccessScope =>
    d === undefined ? {} : { [dim]: d };
  if (sameAccess(scopeOf(before), scopeOf(after))) return [];
  if (before === undefined || after === undefined) {
    return [propertyChange(`access.${dim}`, before, after)];
  }
  if (before.allow === undefined || after.allow === undefined) {
    return [propertyChange(`access.${dim}.allow`, before.allow, after.allow)];
  }
  const had = new Set(before.allow);
  const has = new Set(after.allow);
  return [
    propertyChange(`access.${dim}.allow`, before.allow, after.allow, {
      added: [...has].filter((x) => !had.has(x)),
      removed: [...had].filter((x) => !has.has(x)),
    }),
  ];
}

/** Scope changes, per dimension; allow-lists compare as sets (as `sameAccess` does). */
export function accessChanges(
  before: AccessScope | undefined,
  after: AccessScope | undefined,
): PropertyChange[] {
  if (sameAccess(before, after)) return [];
  if (before === undefined || after === undefined) {
    return [propertyChange("access", before, after)];
  }
  return [
    ...dimensionChanges("providers", before.providers, after.providers),
    ...dimensionChanges("models", before.models, after.models),
  ];
}

/**
 * Routing changes; rules, steps and keys compare in order (order is failover). With the same
 * number of rules each differing rule is its own entry, otherwise the router is one entry.
 */
export function routerChanges(before: unknown, after: unknown): PropertyChange[] {
  const a = normalizeRouter(before as RouterWrite | undefined);
  const b = normalizeRouter(after as RouterWrite | undefined);
  if (jsonEqual(a, b)) return [];
  const ra = a?.rules ?? [];
  const rb = b?.rules ?? [];
  if (a === undefined || b === undefined || ra.length !== rb.length) {
    return [propertyChange("router", a, b)];
  }
  return ra.flatMap((rule, i) =>
    jsonEqual(rule, rb[i]) ? [] : [propertyChange(`router.rules[${i}]`, rule, rb[i])],
  );
}

/** Compares an access key configuration. */
export function compareAccessKeyConfiguration(
  recorded: RecordedOutputs,
  liveConfiguration: AccessKeyConfiguration,
): PropertyChange[] {
  const live = configurationOutputs(liveConfiguration, adoptOf(recorded));
  const changes = scalars(
    ["name", "description", "metadata"],
    recorded,
    live as unknown as Record<string, unknown>,
  );
  if (!isSecretValue(recorded.access)) {
    changes.push(...accessChanges(recorded.access as AccessScope | undefined, live.access));
  }
  if (!isSecretValue(recorded.router)) changes.push(...routerChanges(recorded.router, live.router));
  return changes;
}

/** Compares an access key (its token is a secret and never compared). */
export function compareAccessKey(recorded: RecordedOutputs, liveKey: AccessKey): PropertyChange[] {
  const live = accessKeyOutputs(liveKey, { adopt: adoptOf(recorded) }) as unknown as Record<
    string,
    unknown
  >;
  return scalars(["name", "description", "metadata", "accessKeyConfigurationId"], recorded, live);
}

/** Compares a custom provider; surfaces and models compare in order, empty as absent. */
export function compareProvider(
  recorded: RecordedOutputs,
  liveProvider: Provider,
): PropertyChange[] {
  const live = providerOutputs(liveProvider, adoptOf(recorded));
  const changes = scalars(
    ["providerId", "name", "baseUrl", "metadata"],
    recorded,
    live as unknown as Record<string, unknown>,
  );
  for (const name of ["supportedApiSurfaces", "models"] as const) {
    const before = recorded[name];
    if (isSecretValue(before)) continue;
    const a = listOrNone(Array.isArray(before) ? (before as unknown[]) : undefined);
    const b = listOrNone(live[name] as unknown[] | undefined);
    if (!jsonEqual(a, b)) changes.push(propertyChange(name, a, b));
  }
  return changes;
}

/**
 * Compares the gateway configuration: only the fields the stack declared (recorded), durations by
 * length (`60s` = `1m`), as the resource's `diff` does.
 */
export function compareGatewayConfig(
  recorded: RecordedOutputs,
  liveConfig: GatewayConfig,
): PropertyChange[] {
  const declared: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    if (recorded[name] !== undefined && !isSecretValue(recorded[name])) {
      declared[name] = recorded[name];
    }
  }
  const live: Record<string, unknown> = { ...gatewayConfigOutputs(liveConfig, declared) };
  return FIELD_NAMES.filter((name) => name in declared)
    .filter((name) => !sameField(name, declared[name], live[name]))
    .map((name) => propertyChange(name, declared[name], live[name]));
}
