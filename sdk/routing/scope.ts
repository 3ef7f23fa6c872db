/**
 * THE reachability predicate (DESIGN.md section 4, spec 4.3): a configuration allows `(p, m)` when
 * its access scope admits both the provider and the model; an access key allows what its
 * configuration allows, or everything when it has none. The policy validator, `aigw explain` and
 * the emulator's data plane all answer "is this reachable?" through these functions, so they can
 * never disagree.
 */
import { type ModelRef, formatModelName, parseModelName, sameModel } from "../core/model-name";
import { BUILTIN_CATALOG, type ModelCatalog } from "../catalog/catalog";
import { RoutingInputError } from "./errors";
import { GATEWAY_ERROR_CODES, type GatewayErrorCode } from "./gateway-errors";
import type {
  AccessScopeInput,
  PlanAccessKey,
  PlanConfiguration,
  PlanCustomProvider,
} from "./types";

/** The gateway code for a provider outside `providers.allow`. */
export const PROVIDER_NOT_ALLOWED = GATEWAY_ERROR_CODES.providerNotAllowed;
/** The gateway code for a model outside `models.allow`. */
export const MODEL_NOT_ALLOWED = GATEWAY_ERROR_CODES.modelNotAllowed;

/**
 * Maps a `providers.allow` entry that is not itself a provider id (a custom provider's `aigp_…`
 * id) to the providerId it names, or undefined when it names none.
 */
export type ProviderResolver = (entry: string) => string | undefined;

/** How an allowed dimension admitted the model: by the allow-list entry at `entryIndex`, or because the dimension has no allow-list. */
export type Admission = number | "unrestricted";

/** The scope admits the model. */
export interface ScopeAdmission {
  readonly allowed: true;
  /** Which entry of each dimension admitted it (index into that dimension's `allow`). */
  readonly admittedBy: { readonly providers: Admission; readonly models: Admission };
  /** The admitting entries as written, for messages; absent for an unrestricted dimension. */
  readonly entries: { readonly providers?: string; readonly models?: string };
  /**
   * Set when the whole scope is unrestricted: the access key has no configuration, or the
   * configuration has no `access` object.
   */
  readonly unrestricted?: "no-configuration" | "no-access";
}

/** The scope rejects the model; `dimension` is the first dimension (providers, then models) that did. */
export interface ScopeRejection {
  readonly allowed: false;
  readonly dimension: "providers" | "models";
  /** {@link PROVIDER_NOT_ALLOWED} or {@link MODEL_NOT_ALLOWED}, by `dimension`. */
  readonly code: GatewayErrorCode;
  /** The gateway's message, e.g. `Model "openai:o1" is not allowed by the access policy`. */
  readonly message: string;
  /** The allow-list that did not admit it (empty for `allow: []`). */
  readonly allow: readonly string[];
}

/** The answer of the reachability predicate, with the reason. */
export type ScopeDecision = ScopeAdmission | ScopeRejection;

/** Options of the scope predicate. */
export interface ScopeOptions {
  /** Resolves `aigp_…` entries of `providers.allow` (see {@link customProviderResolver}). */
  readonly resolveProvider?: ProviderResolver;
  /**
   * How a bare `models.allow` entry (`gpt-4o`, no provider) is read. INFERRED, default
   * `"catalog"`: as the catalog's default provider's model, like a bare request name. `"never"`:
   * a bare entry admits nothing.
   */
  readonly bareModelEntries?: "catalog" | "never";
  /** The model catalog bare names resolve through; default the package's (`BUILTIN_CATALOG`). */
  readonly catalog?: ModelCatalog;
}

/** A {@link ProviderResolver} over the account's custom providers (`aigp_…` id → providerId). */
export function customProviderResolver(
  customProviders: readonly PlanCustomProvider[],
): ProviderResolver {
  const byId = new Map(customProviders.map((p) => [p.id, p.providerId]));
  return (entry) => byId.get(entry);
}

/**
 * Whether an access scope admits a model. `access` absent (or null) ⇒ allow-all; a dimension
 * without `allow` ⇒ unrestricted; `allow: []` ⇒ nothing. Provider entries match the provider id
 * exactly or through `resolveProvider`; model entries match through the normaliser
 * (`sameModel`: any of `p:m`, `p/m`, `p:p/m`; model ids case-insensitive). A bare `ref` is
 * resolved through the model catalog first; a bare name the catalog does not know has no provider,
 * so only an unrestricted providers dimension admits it.
 */
export function scopeAdmits(
  access: AccessScopeInput | null | undefined,
  ref: ModelRef | string,
  options: ScopeOptions = {},
): ScopeDecision {
  const target = resolveRef(ref, options);
  if (access === undefined || access === null) {
    return unrestrictedAdmission("no-access");
  }
  const admittedBy: { providers: Admission; models: Admission } = {
    providers: "unrestricted",
    models: "unrestricted",
  };
  const entries: { providers?: string; models?: string } = {};
  for (const dimension of ["providers", "models"] as const) {
    const allow = access[dimension]?.allow;
    if (allow === undefined) continue;
    const index = allow.findIndex((entry) => entryAdmits(dimension, entry, target, options));
    const entry = allow[index];
    if (entry === undefined) return scopeRejection(dimension, target, allow);
    admittedBy[dimension] = index;
    entries[dimension] = entry;
  }
  return { allowed: true, admittedBy, entries };
}

function entryAdmits(
  dimension: "providers" | "models",
  entry: string,
  target: ModelRef,
  options: ScopeOptions,
): boolean {
  if (dimension === "providers") {
    return (
      target.provider !== undefined &&
      (entry === target.provider || options.resolveProvider?.(entry) === target.provider)
    );
  }
  const entryRef = resolveEntry(entry, options);
  return entryRef !== undefined && sameModel(entryRef, target);
}

function scopeRejection(
  dimension: "providers" | "models",
  target: ModelRef,
  allow: readonly string[],
): ScopeRejection {
  return dimension === "providers"
    ? {
        allowed: false,
        dimension,
        code: PROVIDER_NOT_ALLOWED,
        message: `Provider "${target.provider ?? formatModelName(target)}" is not allowed by the access policy`,
        allow,
      }
    : {
        allowed: false,
        dimension,
        code: MODEL_NOT_ALLOWED,
        message: `Model "${formatModelName(target)}" is not allowed by the access policy`,
        allow,
      };
}

/**
 * Whether an access key may call a model: what its configuration's scope admits, or everything
 * when it has no configuration (`configuration` undefined). Custom providers, when given, resolve
 * `aigp_…` entries of `providers.allow`.
 */
export function accessKeyAllows(
  accessKey: PlanAccessKey,
  configuration: PlanConfiguration | undefined,
  ref: ModelRef | string,
  options: ScopeOptions & { readonly customProviders?: readonly PlanCustomProvider[] } = {},
): ScopeDecision {
  checkConfigurationLink(accessKey, configuration);
  if (configuration === undefined) return unrestrictedAdmission("no-configuration");
  const { customProviders, ...scopeOptions } = options;
  const resolveProvider =
    scopeOptions.resolveProvider ??
    (customProviders === undefined ? undefined : customProviderResolver(customProviders));
  return scopeAdmits(configuration.access, ref, {
    ...scopeOptions,
    ...(resolveProvider === undefined ? {} : { resolveProvider }),
  });
}

/**
 * Throws when the configuration given is not the access key's: the key links a configuration
 * that was not loaded, or a different one. A configuration given for a key without a link is
 * accepted (planning "what if this key used that configuration").
 */
export function checkConfigurationLink(
  accessKey: PlanAccessKey,
  configuration: PlanConfiguration | undefined,
): void {
  const linked = accessKey.accessKeyConfigurationId;
  if (linked === undefined || linked === null) return;
  if (configuration === undefined) {
    throw new RoutingInputError(
      `access key ${accessKey.id} links configuration ${linked}, which was not given`,
    );
  }
  if (configuration.id !== undefined && configuration.id !== linked) {
    throw new RoutingInputError(
      `access key ${accessKey.id} links configuration ${linked}, not ${configuration.id}`,
    );
  }
}

function unrestrictedAdmission(why: "no-configuration" | "no-access"): ScopeAdmission {
  return {
    allowed: true,
    admittedBy: { providers: "unrestricted", models: "unrestricted" },
    entries: {},
    unrestricted: why,
  };
}

/** The model a request names: bare names through the catalog, `aigp_…` providers to their providerId. */
function resolveRef(ref: ModelRef | string, options: ScopeOptions): ModelRef {
  const catalog = options.catalog ?? BUILTIN_CATALOG;
  const parsed = typeof ref === "string" ? catalog.parseRequestName(ref) : ref;
  if (parsed.provider !== undefined) {
    const provider = options.resolveProvider?.(parsed.provider) ?? parsed.provider;
    return provider === parsed.provider ? parsed : { provider, model: parsed.model };
  }
  const resolution = catalog.resolveModel(parsed);
  return resolution.kind === "unknown" ? parsed : resolution.ref;
}

/** Reads a `models.allow` entry (or a rule's `model`) as a provider-qualified reference. */
export function resolveEntry(entry: string, options: ScopeOptions = {}): ModelRef | undefined {
  const parsed = parseModelName(entry);
  if (parsed.provider === undefined) {
    if (options.bareModelEntries === "never") return undefined;
    const resolution = (options.catalog ?? BUILTIN_CATALOG).resolveModel(parsed);
    return resolution.kind === "unknown" ? undefined : resolution.ref;
  }
  const provider = options.resolveProvider?.(parsed.provider) ?? parsed.provider;
  return provider === parsed.provider ? parsed : { provider, model: parsed.model };
}
