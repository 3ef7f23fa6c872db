/**
 * The routing planner: for one request, which upstream attempts the gateway makes and in what
 * order, or why it rejects the request before routing (spec 4.2–4.7). Pure: no I/O, no clock. The
 * emulator's data plane executes the plan, `aigw explain` prints it, and both read the same
 * answer.
 */
import { BUILTIN_CATALOG, type ModelCatalog, type ResolvedModelRef } from "../catalog/catalog";
import { formatModelName, modelKey, sameModel } from "../core/model-name";
import { closestMatch } from "../core/suggest";
import { GATEWAY_ERROR_CODES, type GatewayErrorCode } from "./gateway-errors";
import {
  type ProviderResolver,
  type ScopeAdmission,
  type ScopeOptions,
  type ScopeRejection,
  checkConfigurationLink,
  customProviderResolver,
  resolveEntry,
  scopeAdmits,
} from "./scope";
import type {
  PlanAccessKey,
  PlanConfiguration,
  PlanCustomProvider,
  PlanProviderKey,
  RouterRuleInput,
  RouterStepInput,
} from "./types";

/** Everything the planner reads about one request and the account. */
export interface PlanInput {
  /** The access key the request authenticated with. */
  readonly accessKey: PlanAccessKey;
  /** Its configuration; undefined ⇒ no configuration (allow-all, no-configuration routing). */
  readonly configuration?: PlanConfiguration | undefined;
  /** The account's provider keys, in creation order. */
  readonly providerKeys: readonly PlanProviderKey[];
  /** The account's user-defined providers. */
  readonly customProviders?: readonly PlanCustomProvider[] | undefined;
  /** The request body's `model`. */
  readonly model?: string | null | undefined;
  /** The request body's `models`: fallbacks tried after `model`, in order. */
  readonly models?: readonly string[] | null | undefined;
  /**
   * The model catalog the gateway resolves names with: the package's (default) or one with an
   * overlay (`aigw catalog pull`, `--catalog`).
   */
  readonly catalog?: ModelCatalog | undefined;
}

/**
 * The planner's switches. Each one settles a point the spec marks INFERRED or CONFLICT; the
 * defaults are in {@link DEFAULT_PLAN_OPTIONS}.
 */
export interface PlanOptions {
  /**
   * Routing for an access key with no configuration (spec 4.4 item 4, 6.2).
   * `"provider-keys-then-managed"` (default, the reading): the provider's keys in creation
   * order, then ngrok inference where the provider has it. `"managed-only"`: ngrok inference only;
   * provider keys are unused.
   */
  readonly noConfigurationRouting?: "provider-keys-then-managed" | "managed-only";
  /** A disallowed or unresolvable fallback is skipped (default, spec 4.3) or rejects the request. */
  readonly disallowedFallbacks?: "skip" | "reject-request";
  /**
   * How a bare request name resolves: through the catalog only (default, spec 4.2), or, when the
   * catalog does not know it, to the first custom provider that lists the model.
   */
  readonly bareModelNames?: "catalog" | "catalog-then-custom-providers";
  /** How a bare `models.allow` entry or rule `model` is read; see {@link ScopeOptions}. */
  readonly bareModelEntries?: "catalog" | "never";
  /** A `user` step key that is not among the account's provider keys is skipped (default) or attempted. */
  readonly missingProviderKeys?: "skip" | "attempt";
  /** A `user` step key whose providerId is not the candidate's provider is skipped (default) or attempted. */
  readonly foreignProviderKeys?: "skip" | "attempt";
  /** HTTP status of a scope rejection, 27231/27232 (INFERRED 422, spec 4.3). */
  readonly scopeRejectionStatus?: number;
  /** HTTP status of an unknown model or provider, 27224/27225 (INFERRED 422, spec 4.7). */
  readonly unresolvedModelStatus?: number;
  /** HTTP status of a request without a model (3801, 400). */
  readonly invalidRequestStatus?: number;
  /** HTTP status when no attempt is left (3802 is 400 in the reference). */
  readonly noCredentialsStatus?: number;
  /**
   * Code when no attempt is left: the reference's 3802 (`GATEWAY_ERROR_CODES.noApiKey`, default)
   * or the catalogue's 27202 (`GATEWAY_ERROR_CODES.noKeysForProvider`).
   */
  readonly noCredentialsCode?: GatewayErrorCode;
}

/** The defaults of every {@link PlanOptions} switch. */
export const DEFAULT_PLAN_OPTIONS: Readonly<Required<PlanOptions>> = {
  noConfigurationRouting: "provider-keys-then-managed",
  disallowedFallbacks: "skip",
  bareModelNames: "catalog",
  bareModelEntries: "catalog",
  missingProviderKeys: "skip",
  foreignProviderKeys: "skip",
  scopeRejectionStatus: 422,
  unresolvedModelStatus: 422,
  invalidRequestStatus: 400,
  noCredentialsStatus: 400,
  noCredentialsCode: GATEWAY_ERROR_CODES.noApiKey,
};

/** Why an attempt is in the plan: which kind of routing produced it. */
export type AttemptReason = "model rule" | "provider rule" | "default" | "no configuration";

/** One upstream attempt, in failover order. */
export interface PlannedAttempt {
  /** 1-based, like a usage event's `attemptNumber`. */
  readonly attemptNumber: number;
  /** Which request candidate: 0 is `model`, n is `models[n-1]`. */
  readonly candidateIndex: number;
  /** The resolved model. */
  readonly model: ResolvedModelRef;
  /** The canonical `provider:model` name. */
  readonly modelName: string;
  readonly provider: string;
  /** `user`: a provider key (billed by the provider); `ngrok`: managed inference (billed to credits). */
  readonly source: "user" | "ngrok";
  readonly providerKeyId?: string;
  readonly keyName?: string;
  readonly keyRedacted?: string;
  /** The router rule that produced it (absent for default and no-configuration routing). */
  readonly ruleIndex?: number;
  /** The step within that rule. */
  readonly stepIndex?: number;
  /** The key within that step. */
  readonly keyIndex?: number;
  readonly reason: AttemptReason;
}

/** Why a route was left out of the plan. */
export type SkipReason =
  | "duplicate"
  | "no managed inference"
  | "model not priced"
  | "key not found"
  | "key of another provider";

/** A step or key the routing named but the plan leaves out, with the reason. */
export interface SkippedRoute {
  readonly candidateIndex: number;
  readonly modelName: string;
  readonly source: "user" | "ngrok";
  readonly providerKeyId?: string;
  readonly ruleIndex?: number;
  readonly stepIndex?: number;
  readonly keyIndex?: number;
  readonly routeReason: AttemptReason;
  readonly why: SkipReason;
  /** The gateway code this corresponds to, where there is one (27233 for an unpriced model). */
  readonly code?: string;
  readonly message: string;
}

/** Why a candidate model is not routed: it does not resolve, or the scope rejects it. */
export interface CandidateRejection {
  readonly stage: "resolution" | "scope";
  readonly code: string;
  readonly message: string;
  /** The scope's reason when `stage` is `scope`. */
  readonly scope?: ScopeRejection;
  /** A likely intended model for an unknown one. */
  readonly suggestion?: string;
  /** For an unknown model: the date of the catalog it is not in (`YYYY-MM-DD`). */
  readonly catalogDate?: string;
}

/** One candidate of the request (`model`, then each of `models`) and what became of it. */
export type CandidatePlan =
  | {
      readonly index: number;
      /** The name as the request wrote it. */
      readonly requested: string;
      readonly outcome: "routed";
      readonly model: ResolvedModelRef;
      readonly modelName: string;
      /** Which scope entries admitted it. */
      readonly scope: ScopeAdmission;
      /** The routing chosen for it: a rule (with its index), the default, or no configuration. */
      readonly route: { readonly reason: AttemptReason; readonly ruleIndex?: number };
      /** How many attempts of the plan it contributed (after dedupe and skips). */
      readonly attemptCount: number;
    }
  | {
      readonly index: number;
      readonly requested: string;
      readonly outcome: "rejected";
      readonly modelName?: string;
      readonly rejection: CandidateRejection;
    };

/** A fallback of `models` that never runs, with the reason (the `Ngrok-AIG-Rejected-Models` list). */
export interface RejectedFallback extends CandidateRejection {
  readonly candidateIndex: number;
  readonly requested: string;
  readonly modelName?: string;
}

/** Why the whole request is rejected before any upstream attempt. */
export interface PlanRejection {
  readonly stage: "request" | "resolution" | "scope" | "routing";
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** The candidate that caused it (absent for `request` and `routing`). */
  readonly candidateIndex?: number;
  readonly scope?: ScopeRejection;
  readonly suggestion?: string;
  /** For an unknown model: the date of the catalog it is not in (`YYYY-MM-DD`). */
  readonly catalogDate?: string;
}

interface PlanCommon {
  readonly accessKeyId: string;
  /** The configuration routing used, or undefined for an access key without one. */
  readonly configuration?: { readonly id?: string; readonly name?: string };
  /** The no-configuration routing in force, when the access key has no configuration. */
  readonly noConfigurationRouting?: "provider-keys-then-managed" | "managed-only";
  readonly candidates: readonly CandidatePlan[];
  readonly rejectedFallbacks: readonly RejectedFallback[];
  readonly skipped: readonly SkippedRoute[];
}

/** The request is routed: try `attempts` in order until one succeeds. */
export interface AcceptedPlan extends PlanCommon {
  readonly outcome: "accepted";
  readonly attempts: readonly PlannedAttempt[];
}

/** The request is rejected before routing; no upstream is called. */
export interface RejectedPlan extends PlanCommon {
  readonly outcome: "rejected";
  readonly rejection: PlanRejection;
  readonly attempts: readonly [];
}

/** The planner's answer for one request. */
export type RoutingPlan = AcceptedPlan | RejectedPlan;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Context {
  readonly input: PlanInput;
  readonly options: Readonly<Required<PlanOptions>>;
  readonly resolveProvider: ProviderResolver;
  readonly scopeOptions: ScopeOptions;
  readonly knownProviders: ReadonlySet<string>;
  readonly catalog: ModelCatalog;
}

/**
 * Plans one request: resolves `model` and each of `models`, checks each against the access
 * key's scope (a disallowed primary rejects the request; a disallowed fallback is skipped), then
 * lists the attempts of every allowed candidate in failover order — next key, next step, next
 * model — never the same (model, key) twice. Throws {@link RoutingInputError} only when the
 * configuration given is not the access key's.
 */
export function planRequest(input: PlanInput, options: PlanOptions = {}): RoutingPlan {
  checkConfigurationLink(input.accessKey, input.configuration);
  const resolved: Readonly<Required<PlanOptions>> = { ...DEFAULT_PLAN_OPTIONS, ...options };
  const customProviders = input.customProviders ?? [];
  const resolveProvider = customProviderResolver(customProviders);
  const catalog = input.catalog ?? BUILTIN_CATALOG;
  const ctx: Context = {
    input,
    options: resolved,
    resolveProvider,
    catalog,
    scopeOptions: { resolveProvider, bareModelEntries: resolved.bareModelEntries, catalog },
    knownProviders: new Set([
      ...customProviders.map((p) => p.providerId),
      ...input.providerKeys.map((k) => k.providerId),
    ]),
  };
  const common: Mutable<PlanCommon> = {
    accessKeyId: input.accessKey.id,
    candidates: [],
    rejectedFallbacks: [],
    skipped: [],
  };
  if (input.configuration !== undefined) {
    common.configuration = pickDefined({
      id: input.configuration.id,
      name: input.configuration.name,
    });
  } else {
    common.noConfigurationRouting = resolved.noConfigurationRouting;
  }
  const candidates = common.candidates as CandidatePlan[];
  const rejectedFallbacks = common.rejectedFallbacks as RejectedFallback[];
  const skipped = common.skipped as SkippedRoute[];

  const primary = input.model ?? "";
  if (primary.trim() === "") {
    return reject(common, {
      stage: "request",
      status: resolved.invalidRequestStatus,
      code: GATEWAY_ERROR_CODES.invalidBody,
      message: "The request has no model; set `model` (and optionally `models` as fallbacks)",
    });
  }

  const attempts: PlannedAttempt[] = [];
  const seen = new Set<string>();
  const requested = [primary, ...(input.models ?? [])];
  for (const [index, name] of requested.entries()) {
    const checked = checkCandidate(ctx, name);
    if (!checked.ok) {
      const { rejection } = checked;
      const modelName = checked.modelName;
      candidates.push({
        index,
        requested: name,
        outcome: "rejected",
        ...(modelName === undefined ? {} : { modelName }),
        rejection,
      });
      if (index === 0 || resolved.disallowedFallbacks === "reject-request") {
        return reject(common, {
          ...pickDefined({
            scope: rejection.scope,
            suggestion: rejection.suggestion,
            catalogDate: rejection.catalogDate,
          }),
          stage: rejection.stage,
          status:
            rejection.stage === "scope"
              ? resolved.scopeRejectionStatus
              : resolved.unresolvedModelStatus,
          code: rejection.code,
          message: rejection.message,
          candidateIndex: index,
        });
      }
      rejectedFallbacks.push({
        candidateIndex: index,
        requested: name,
        ...(modelName === undefined ? {} : { modelName }),
        ...rejection,
      });
      continue;
    }
    const { model, scope } = checked;
    const modelName = formatModelName(model);
    const before = attempts.length;
    const route = routeCandidate(
      ctx,
      index,
      model,
      (attempt) => {
        const dedupeKey = `${modelKey(model)}|${attempt.providerKeyId ?? "ngrok"}`;
        if (seen.has(dedupeKey)) {
          skipped.push({
            ...routeFields(attempt),
            why: "duplicate",
            message: `${modelName} with ${attempt.providerKeyId ?? "ngrok inference"} is already attempted earlier`,
          });
          return;
        }
        seen.add(dedupeKey);
        attempts.push({ ...attempt, attemptNumber: attempts.length + 1 });
      },
      (skip) => skipped.push(skip),
    );
    candidates.push({
      index,
      requested: name,
      outcome: "routed",
      model,
      modelName,
      scope,
      route,
      attemptCount: attempts.length - before,
    });
  }

  if (attempts.length === 0) return reject(common, noCredentials(resolved, candidates, skipped));
  return { ...common, outcome: "accepted", attempts };
}

/**
 * The rejection of a plan with no attempt left, saying why the steps gave none (the skipped
 * routes' reasons). In the catalogue's numbering (`noCredentialsCode` 27202), a plan whose only
 * routes were ngrok steps that cannot serve the model is that code, 27233 (spec 4.2); its status
 * is undocumented, INFERRED the same as no credentials.
 */
function noCredentials(
  options: Readonly<Required<PlanOptions>>,
  candidates: readonly CandidatePlan[],
  skipped: readonly SkippedRoute[],
): PlanRejection {
  const base = { stage: "routing", status: options.noCredentialsStatus } as const;
  const unserved = skipped.find((s) => s.code === GATEWAY_ERROR_CODES.managedKeyCannotServeModel);
  if (
    options.noCredentialsCode !== GATEWAY_ERROR_CODES.noApiKey &&
    unserved !== undefined &&
    skipped.every((s) => s.code === unserved.code)
  ) {
    return {
      ...base,
      code: GATEWAY_ERROR_CODES.managedKeyCannotServeModel,
      message: unserved.message,
    };
  }
  const routed = candidates.filter((c) => c.outcome === "routed");
  const providers = [...new Set(routed.map((c) => c.model.provider))];
  const list = providers.map((p) => `"${p}"`).join(", ");
  const noun = providers.length === 1 ? "provider" : "providers";
  const reasons = [...new Set(skipped.map((s) => s.message))].join("; ");
  const what =
    options.noCredentialsCode === GATEWAY_ERROR_CODES.noApiKey
      ? `No API key found for ${noun} ${list}`
      : `No keys available for ${noun} ${list}`;
  return {
    ...base,
    code: options.noCredentialsCode,
    message: reasons === "" ? what : `${what}: ${reasons}`,
  };
}

type CheckedCandidate =
  | { readonly ok: true; readonly model: ResolvedModelRef; readonly scope: ScopeAdmission }
  | { readonly ok: false; readonly modelName?: string; readonly rejection: CandidateRejection };

/** Resolves a requested name (spec 4.2) and checks it against the access key's scope (4.3). */
function checkCandidate(ctx: Context, name: string): CheckedCandidate {
  const model = resolveCandidate(ctx, name);
  if ("rejection" in model) return { ok: false, ...model };
  const configuration = ctx.input.configuration;
  const scope =
    configuration === undefined
      ? scopeAdmits(undefined, model, ctx.scopeOptions)
      : scopeAdmits(configuration.access, model, ctx.scopeOptions);
  const modelName = formatModelName(model);
  if (!scope.allowed) {
    return {
      ok: false,
      modelName,
      rejection: { stage: "scope", code: scope.code, message: scope.message, scope },
    };
  }
  return {
    ok: true,
    model,
    scope: configuration === undefined ? { ...scope, unrestricted: "no-configuration" } : scope,
  };
}

function resolveCandidate(
  ctx: Context,
  name: string,
): ResolvedModelRef | { readonly modelName?: string; readonly rejection: CandidateRejection } {
  const parsed = ctx.catalog.parseRequestName(name);
  if (parsed.model === "") {
    return {
      rejection: {
        stage: "resolution",
        code: GATEWAY_ERROR_CODES.invalidModelAddress,
        message: `Model address "${name}" is invalid`,
      },
    };
  }
  if (parsed.provider === undefined) {
    const resolution = ctx.catalog.resolveModel(parsed);
    if (resolution.kind !== "unknown") return resolution.ref;
    if (ctx.options.bareModelNames === "catalog-then-custom-providers") {
      const custom = (ctx.input.customProviders ?? []).find((p) =>
        (p.models ?? []).some((m) => sameModel(m.modelId, parsed)),
      );
      if (custom !== undefined) return { provider: custom.providerId, model: parsed.model };
    }
    const suggestion = closestMatch(
      parsed.model,
      ctx.catalog.models.map((m) => m.model),
    );
    return {
      rejection: {
        stage: "resolution",
        code: GATEWAY_ERROR_CODES.unknownModel,
        message:
          `Model "${parsed.model}" is unknown; name its provider (provider:model) for a model ` +
          `outside the catalog` +
          (suggestion === undefined ? "" : `. Did you mean "${suggestion}"?`),
        ...(suggestion === undefined ? {} : { suggestion }),
        catalogDate: ctx.catalog.date,
      },
    };
  }
  const provider = ctx.resolveProvider(parsed.provider) ?? parsed.provider;
  if (!ctx.catalog.isProvider(provider) && !ctx.knownProviders.has(provider)) {
    return {
      modelName: formatModelName(parsed),
      rejection: {
        stage: "resolution",
        code: GATEWAY_ERROR_CODES.unknownProvider,
        message: `Provider "${parsed.provider}" is unknown: not a built-in provider, a custom provider or the provider of a provider key`,
      },
    };
  }
  const resolution = ctx.catalog.resolveModel({ provider, model: parsed.model });
  return resolution.kind === "unknown" ? { provider, model: parsed.model } : resolution.ref;
}

type AttemptDraft = Omit<PlannedAttempt, "attemptNumber">;

/**
 * Chooses the routing of one allowed candidate (model rule, else provider rule, else default; or
 * no-configuration routing) and emits its attempts and skips in order.
 */
function routeCandidate(
  ctx: Context,
  candidateIndex: number,
  model: ResolvedModelRef,
  emit: (attempt: AttemptDraft) => void,
  skip: (skipped: SkippedRoute) => void,
): { readonly reason: AttemptReason; readonly ruleIndex?: number } {
  const base = {
    candidateIndex,
    model,
    modelName: formatModelName(model),
    provider: model.provider,
  };
  const configuration = ctx.input.configuration;
  if (configuration === undefined) {
    const reason: AttemptReason = "no configuration";
    if (ctx.options.noConfigurationRouting === "provider-keys-then-managed") {
      for (const key of keysInCreationOrder(ctx.input.providerKeys, model.provider)) {
        emit({
          ...base,
          source: "user",
          providerKeyId: key.id,
          keyName: key.name,
          reason,
        });
      }
    }
    if (ctx.catalog.findProvider(model.provider)?.managedInference === true) {
      managedStep(ctx.catalog, base, reason, {}, emit, skip);
    }
    return { reason };
  }

  const rules = configuration.router?.rules ?? [];
  const providerMatches = (entry: string): boolean =>
    entry === model.provider || ctx.resolveProvider(entry) === model.provider;
  let ruleIndex = rules.findIndex((rule) => {
    if (rule.model === undefined) return false;
    const ruleModel = resolveEntry(rule.model, ctx.scopeOptions);
    return (
      ruleModel !== undefined &&
      sameModel(ruleModel, model) &&
      (rule.provider === undefined || providerMatches(rule.provider))
    );
  });
  let reason: AttemptReason = "model rule";
  if (ruleIndex < 0) {
    ruleIndex = rules.findIndex(
      (rule) =>
        rule.model === undefined && rule.provider !== undefined && providerMatches(rule.provider),
    );
    reason = "provider rule";
  }
  const rule: RouterRuleInput | undefined = rules[ruleIndex];
  if (rule === undefined) {
    // Default routing (spec 3.1, 4.4 item 3): an implicit ngrok step for built-in providers with
    // managed inference; nothing for BYOK and custom providers.
    if (ctx.catalog.findProvider(model.provider)?.managedInference === true) {
      managedStep(ctx.catalog, base, "default", {}, emit, skip);
    }
    return { reason: "default" };
  }
  for (const [stepIndex, step] of rule.steps.entries()) {
    const at = { ruleIndex, stepIndex };
    if (step.type === "ngrok") {
      managedStep(ctx.catalog, base, reason, at, emit, skip);
      continue;
    }
    userStep(ctx, base, reason, at, step, emit, skip);
  }
  return { reason, ruleIndex };
}

interface AttemptBase {
  readonly candidateIndex: number;
  readonly model: ResolvedModelRef;
  readonly modelName: string;
  readonly provider: string;
}

function managedStep(
  catalog: ModelCatalog,
  base: AttemptBase,
  reason: AttemptReason,
  at: { readonly ruleIndex?: number; readonly stepIndex?: number },
  emit: (attempt: AttemptDraft) => void,
  skip: (skipped: SkippedRoute) => void,
): void {
  if (catalog.isManagedInferenceModel(base.model)) {
    emit({ ...base, ...at, source: "ngrok", reason });
    return;
  }
  const managed = catalog.findProvider(base.provider)?.managedInference === true;
  const entry = catalog.findModel(base.model);
  skip({
    candidateIndex: base.candidateIndex,
    modelName: base.modelName,
    source: "ngrok",
    ...at,
    routeReason: reason,
    ...(managed
      ? {
          why: "model not priced",
          code: GATEWAY_ERROR_CODES.managedKeyCannotServeModel,
          message:
            entry?.note !== undefined
              ? `ngrok inference cannot serve ${base.modelName}: ${entry.note} Use a provider key`
              : `ngrok inference cannot serve ${base.modelName}: the model is not priced; use a provider key`,
        }
      : {
          why: "no managed inference",
          message: `Provider "${base.provider}" has no ngrok inference; only provider keys can serve it`,
        }),
  });
}

function userStep(
  ctx: Context,
  base: AttemptBase,
  reason: AttemptReason,
  at: { readonly ruleIndex: number; readonly stepIndex: number },
  step: RouterStepInput,
  emit: (attempt: AttemptDraft) => void,
  skip: (skipped: SkippedRoute) => void,
): void {
  for (const [keyIndex, key] of (step.keys ?? []).entries()) {
    const where = { ...at, keyIndex, providerKeyId: key.id };
    const accountKey = ctx.input.providerKeys.find((k) => k.id === key.id);
    const skipped = {
      candidateIndex: base.candidateIndex,
      modelName: base.modelName,
      source: "user" as const,
      ...where,
      routeReason: reason,
    };
    if (accountKey === undefined && ctx.options.missingProviderKeys === "skip") {
      skip({
        ...skipped,
        why: "key not found",
        message: `Provider key ${key.id} is not among the account's provider keys (deleted?)`,
      });
      continue;
    }
    if (
      accountKey !== undefined &&
      accountKey.providerId !== base.provider &&
      ctx.options.foreignProviderKeys === "skip"
    ) {
      skip({
        ...skipped,
        why: "key of another provider",
        message: `Provider key ${key.id} is a "${accountKey.providerId}" key and cannot call "${base.provider}"`,
      });
      continue;
    }
    const keyName = key.name ?? accountKey?.name;
    emit({
      ...base,
      ...where,
      source: "user",
      ...(keyName === undefined ? {} : { keyName }),
      ...(key.keyRedacted === undefined ? {} : { keyRedacted: key.keyRedacted }),
      reason,
    });
  }
}

/** The provider's keys in creation order (stable for equal or unparsable timestamps). */
function keysInCreationOrder(
  keys: readonly PlanProviderKey[],
  provider: string,
): PlanProviderKey[] {
  const time = (k: PlanProviderKey): number => {
    const t = Date.parse(k.createdAt);
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  };
  return keys
    .map((key, order) => ({ key, order }))
    .filter(({ key }) => key.providerId === provider)
    .sort((a, b) => time(a.key) - time(b.key) || a.order - b.order)
    .map(({ key }) => key);
}

function routeFields(attempt: AttemptDraft): Omit<SkippedRoute, "why" | "message" | "code"> {
  return {
    candidateIndex: attempt.candidateIndex,
    modelName: attempt.modelName,
    source: attempt.source,
    routeReason: attempt.reason,
    ...pickDefined({
      providerKeyId: attempt.providerKeyId,
      ruleIndex: attempt.ruleIndex,
      stepIndex: attempt.stepIndex,
      keyIndex: attempt.keyIndex,
    }),
  };
}

function reject(common: PlanCommon, rejection: PlanRejection): RejectedPlan {
  return { ...common, outcome: "rejected", rejection, attempts: [] };
}

/** Drops undefined properties, so optional fields are absent rather than `undefined`. */
function pickDefined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
