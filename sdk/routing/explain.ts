/**
 * What a routing plan means to a person or a program: hints for the three problems users hit most
 * (a request rejected before routing, a provider auth error from a key, and usage missing from the
 * provider's bill) and the plan's stable JSON shape. The formats of `aigw explain` that print them
 * are under `formatters/`.
 */
import type { Admission, ScopeRejection } from "./scope";
import type {
  CandidatePlan,
  PlannedAttempt,
  PlanRejection,
  RejectedFallback,
  RoutingPlan,
  SkippedRoute,
} from "./planner";

/** The three common problems a hint addresses. */
export type PlanHintProblem =
  "rejected-before-routing" | "provider-auth-error" | "usage-missing-from-provider-bill";

/** A short, actionable note about one common problem that applies to this plan. */
export interface PlanHint {
  readonly problem: PlanHintProblem;
  readonly message: string;
}

/** How managed-inference attempts are described everywhere, so nobody mistakes who pays. */
export const MANAGED_INFERENCE_LABEL =
  "ngrok inference (billed to credits, not to your provider account)";

/** The hints that apply to a plan, in the order of {@link PlanHintProblem}. */
export function planHints(plan: RoutingPlan): PlanHint[] {
  const hints: PlanHint[] = [];
  const config = configurationLabel(plan);
  if (plan.outcome === "rejected") {
    hints.push({
      problem: "rejected-before-routing",
      message: rejectionFix(plan, plan.rejection, config),
    });
  } else if (plan.rejectedFallbacks.length > 0) {
    const names = plan.rejectedFallbacks.map((f) => `"${f.modelName ?? f.requested}"`).join(", ");
    hints.push({
      problem: "rejected-before-routing",
      message:
        `Fallback ${names} never run${plan.rejectedFallbacks.length === 1 ? "s" : ""}; ` +
        `allow ${plan.rejectedFallbacks.length === 1 ? "it" : "them"} in the access scope of ${config} ` +
        `or drop ${plan.rejectedFallbacks.length === 1 ? "it" : "them"} from "models".`,
    });
  }
  const userAttempts = plan.attempts.filter((a) => a.source === "user");
  if (userAttempts.length > 0) {
    const keys = [...new Set(userAttempts.map(keyLabel))].join(", ");
    hints.push({
      problem: "provider-auth-error",
      message:
        `A 401/403 from the provider for ${keys} means that key's value is wrong, revoked or ` +
        `for another provider; the gateway fails over to the next attempt. Rotate the value ` +
        `in place (POST /provider-keys/{id}/rotate keeps the id, so rules keep working).`,
    });
  }
  const managed = plan.attempts.filter((a) => a.source === "ngrok");
  if (managed.length > 0) {
    const numbers = managed.map((a) => a.attemptNumber).join(", ");
    const providersOf = (reasons: PlannedAttempt["reason"][]): string =>
      [
        ...new Set(managed.filter((a) => reasons.includes(a.reason)).map((a) => `"${a.provider}"`)),
      ].join(", ");
    const advice: string[] = [];
    const ruled = providersOf(["model rule", "provider rule"]);
    if (ruled !== "") {
      advice.push(
        `For ${ruled}, a rule's "ngrok" step runs after the "user" keys before it fail; remove it to bill only your provider account.`,
      );
    }
    const defaulted = providersOf(["default"]);
    if (defaulted !== "") {
      advice.push(
        `No rule routes ${defaulted} to your keys, so default routing uses ngrok inference; add a rule with a "user" step.`,
      );
    }
    const unconfigured = providersOf(["no configuration"]);
    if (unconfigured !== "") {
      advice.push(
        `Without a configuration, ${unconfigured} fall${unconfigured.includes(",") ? "" : "s"} back to ngrok inference; link a configuration whose rule has only "user" steps.`,
      );
    }
    hints.push({
      problem: "usage-missing-from-provider-bill",
      message:
        `Attempt${managed.length === 1 ? "" : "s"} ${numbers} use${managed.length === 1 ? "s" : ""} ngrok inference, ` +
        `paid from ngrok credits: that usage never appears on your provider's bill. ${advice.join(" ")}`,
    });
  }
  return hints;
}

/** The stable JSON shape of a plan: every field always present, `null` when it does not apply. */
export interface PlanJson {
  readonly schemaVersion: 1;
  readonly outcome: "accepted" | "rejected";
  readonly accessKeyId: string;
  readonly configuration: { readonly id: string | null; readonly name: string | null } | null;
  readonly noConfigurationRouting: "provider-keys-then-managed" | "managed-only" | null;
  readonly rejection: {
    readonly stage: PlanRejection["stage"];
    readonly status: number;
    readonly code: string;
    readonly message: string;
    readonly candidateIndex: number | null;
    readonly scope: ScopeRejectionJson | null;
    readonly suggestion: string | null;
  } | null;
  readonly candidates: readonly CandidateJson[];
  readonly rejectedFallbacks: readonly {
    readonly candidateIndex: number;
    readonly requested: string;
    readonly modelName: string | null;
    readonly stage: RejectedFallback["stage"];
    readonly code: string;
    readonly message: string;
    readonly scope: ScopeRejectionJson | null;
  }[];
  readonly attempts: readonly {
    readonly attemptNumber: number;
    readonly candidateIndex: number;
    readonly modelName: string;
    readonly provider: string;
    readonly model: string;
    readonly source: "user" | "ngrok";
    readonly billedTo: "provider account" | "ngrok credits";
    readonly providerKeyId: string | null;
    readonly keyName: string | null;
    readonly keyRedacted: string | null;
    readonly ruleIndex: number | null;
    readonly stepIndex: number | null;
    readonly keyIndex: number | null;
    readonly reason: PlannedAttempt["reason"];
  }[];
  readonly skipped: readonly {
    readonly candidateIndex: number;
    readonly modelName: string;
    readonly source: "user" | "ngrok";
    readonly providerKeyId: string | null;
    readonly ruleIndex: number | null;
    readonly stepIndex: number | null;
    readonly keyIndex: number | null;
    readonly routeReason: SkippedRoute["routeReason"];
    readonly why: SkippedRoute["why"];
    readonly code: string | null;
    readonly message: string;
  }[];
  readonly hints: readonly PlanHint[];
}

/** A candidate in {@link PlanJson}. */
export interface CandidateJson {
  readonly index: number;
  readonly requested: string;
  readonly outcome: "routed" | "rejected";
  readonly modelName: string | null;
  readonly scope: {
    readonly allowed: boolean;
    readonly unrestricted: "no-configuration" | "no-access" | null;
    readonly providers: Admission | null;
    readonly models: Admission | null;
    readonly entries: { readonly providers: string | null; readonly models: string | null };
  } | null;
  readonly rejection: {
    readonly stage: "resolution" | "scope";
    readonly code: string;
    readonly message: string;
    readonly scope: ScopeRejectionJson | null;
    readonly suggestion: string | null;
  } | null;
  readonly route: {
    readonly reason: PlannedAttempt["reason"];
    readonly ruleIndex: number | null;
  } | null;
  readonly attemptCount: number;
}

/** A scope rejection in {@link PlanJson}. */
export interface ScopeRejectionJson {
  readonly dimension: "providers" | "models";
  readonly code: string;
  readonly message: string;
  readonly allow: readonly string[];
}

/** The plan in its stable JSON shape (see {@link PlanJson}). */
export function planToJson(plan: RoutingPlan): PlanJson {
  const rejection = plan.outcome === "rejected" ? plan.rejection : undefined;
  return {
    schemaVersion: 1,
    outcome: plan.outcome,
    accessKeyId: plan.accessKeyId,
    configuration:
      plan.configuration === undefined
        ? null
        : { id: plan.configuration.id ?? null, name: plan.configuration.name ?? null },
    noConfigurationRouting: plan.noConfigurationRouting ?? null,
    rejection:
      rejection === undefined
        ? null
        : {
            stage: rejection.stage,
            status: rejection.status,
            code: rejection.code,
            message: rejection.message,
            candidateIndex: rejection.candidateIndex ?? null,
            scope: scopeRejectionJson(rejection.scope),
            suggestion: rejection.suggestion ?? null,
          },
    candidates: plan.candidates.map(candidateJson),
    rejectedFallbacks: plan.rejectedFallbacks.map((f) => ({
      candidateIndex: f.candidateIndex,
      requested: f.requested,
      modelName: f.modelName ?? null,
      stage: f.stage,
      code: f.code,
      message: f.message,
      scope: scopeRejectionJson(f.scope),
    })),
    attempts: plan.attempts.map((a) => ({
      attemptNumber: a.attemptNumber,
      candidateIndex: a.candidateIndex,
      modelName: a.modelName,
      provider: a.provider,
      model: a.model.model,
      source: a.source,
      billedTo: a.source === "ngrok" ? "ngrok credits" : "provider account",
      providerKeyId: a.providerKeyId ?? null,
      keyName: a.keyName ?? null,
      keyRedacted: a.keyRedacted ?? null,
      ruleIndex: a.ruleIndex ?? null,
      stepIndex: a.stepIndex ?? null,
      keyIndex: a.keyIndex ?? null,
      reason: a.reason,
    })),
    skipped: plan.skipped.map((s) => ({
      candidateIndex: s.candidateIndex,
      modelName: s.modelName,
      source: s.source,
      providerKeyId: s.providerKeyId ?? null,
      ruleIndex: s.ruleIndex ?? null,
      stepIndex: s.stepIndex ?? null,
      keyIndex: s.keyIndex ?? null,
      routeReason: s.routeReason,
      why: s.why,
      code: s.code ?? null,
      message: s.message,
    })),
    hints: planHints(plan),
  };
}

function candidateJson(c: CandidatePlan): CandidateJson {
  if (c.outcome === "rejected") {
    return {
      index: c.index,
      requested: c.requested,
      outcome: c.outcome,
      modelName: c.modelName ?? null,
      scope: null,
      rejection: {
        stage: c.rejection.stage,
        code: c.rejection.code,
        message: c.rejection.message,
        scope: scopeRejectionJson(c.rejection.scope),
        suggestion: c.rejection.suggestion ?? null,
      },
      route: null,
      attemptCount: 0,
    };
  }
  return {
    index: c.index,
    requested: c.requested,
    outcome: c.outcome,
    modelName: c.modelName,
    scope: {
      allowed: true,
      unrestricted: c.scope.unrestricted ?? null,
      providers: c.scope.admittedBy.providers,
      models: c.scope.admittedBy.models,
      entries: {
        providers: c.scope.entries.providers ?? null,
        models: c.scope.entries.models ?? null,
      },
    },
    rejection: null,
    route: { reason: c.route.reason, ruleIndex: c.route.ruleIndex ?? null },
    attemptCount: c.attemptCount,
  };
}

function scopeRejectionJson(scope: ScopeRejection | undefined): ScopeRejectionJson | null {
  return scope === undefined
    ? null
    : { dimension: scope.dimension, code: scope.code, message: scope.message, allow: scope.allow };
}

/** How a plan names its configuration, such as `configuration "search-team" (aikc_1)`. */
export function configurationLabel(plan: RoutingPlan): string {
  const c = plan.configuration;
  if (c === undefined) return "no configuration";
  if (c.name !== undefined && c.id !== undefined) return `configuration "${c.name}" (${c.id})`;
  if (c.name !== undefined) return `configuration "${c.name}"`;
  return c.id === undefined ? "its configuration" : `configuration ${c.id}`;
}

function keyLabel(attempt: PlannedAttempt): string {
  const id = attempt.providerKeyId ?? "";
  return attempt.keyName === undefined
    ? `provider key ${id}`
    : `provider key "${attempt.keyName}" (${id})`;
}

function rejectionFix(plan: RoutingPlan, r: PlanRejection, config: string): string {
  const candidate = plan.candidates.find((c) => c.index === r.candidateIndex);
  const name =
    candidate?.outcome === "rejected" ? (candidate.modelName ?? candidate.requested) : "";
  switch (r.stage) {
    case "request":
      return `Send "model" in the request body (and "models" for fallbacks).`;
    case "resolution": {
      const fix =
        r.suggestion !== undefined
          ? `Use "${r.suggestion}", or name the provider as provider:model for a model outside the catalog.`
          : `Name the model as provider:model with a built-in or custom provider id (e.g. openai:gpt-4o).`;
      return r.catalogDate === undefined
        ? fix
        : `${fix} If ngrok.ai added the model after ${r.catalogDate} (the catalog's date), run aigw catalog pull and pass its file with --catalog.`;
    }
    case "scope": {
      const provider = name.includes(":") ? name.slice(0, name.indexOf(":")) : name;
      return r.scope?.dimension === "providers"
        ? `Add "${provider}" to access.providers.allow of ${config}, or call with an access key whose configuration allows it. Scope is checked before any routing.`
        : `Add "${name}" to access.models.allow of ${config}, or call with an access key whose configuration allows it. Scope is checked before any routing.`;
    }
    case "routing": {
      const providers = [
        ...new Set(
          plan.candidates.flatMap((c) => (c.outcome === "routed" ? [`"${c.model.provider}"`] : [])),
        ),
      ].join(", ");
      const why =
        "custom and BYOK providers have no ngrok inference, and unpriced models need your own key";
      return plan.noConfigurationRouting === undefined
        ? `No credentials: add a router rule for ${providers} with a "user" step listing a provider key of that provider (${why}).`
        : plan.noConfigurationRouting === "managed-only"
          ? `No credentials: without a configuration only ngrok inference is used (${why}); link a configuration with a rule whose "user" step lists a provider key.`
          : `No credentials: create a provider key for ${providers}, or link a configuration with a rule whose "user" step lists one (${why}).`;
    }
  }
}
