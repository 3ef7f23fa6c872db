// The text format of a plan, for a terminal: verdict and scope, attempts, skipped routes, hints.
import { configurationLabel, MANAGED_INFERENCE_LABEL, planHints } from "../explain";
import type { Admission, ScopeAdmission, ScopeRejection } from "../scope";
import type { CandidatePlan, PlannedAttempt, RoutingPlan, SkippedRoute } from "../planner";
import type { PlanFormatter } from "./types";

/** The plan as text for a terminal: verdict and scope, attempts, skipped routes, hints. */
export const formatPlanText: PlanFormatter = (plan) => {
  const lines: string[] = [];
  lines.push(`Access key ${plan.accessKeyId}, ${configurationLabel(plan)}`);
  if (plan.noConfigurationRouting !== undefined) {
    lines.push(
      `  no configuration: every provider and model is allowed; routing is ` +
        (plan.noConfigurationRouting === "managed-only"
          ? "ngrok inference only"
          : "the provider's keys in creation order, then ngrok inference where available"),
    );
  }
  lines.push("");
  if (plan.outcome === "rejected") {
    const r = plan.rejection;
    lines.push(`REJECTED before routing: ${r.status} ${r.code} ${r.message}`);
    if (r.scope !== undefined) lines.push(`  ${scopeRejectionText(r.scope, plan)}`);
  } else {
    lines.push(
      `ALLOWED: ${plan.attempts.length} attempt${plan.attempts.length === 1 ? "" : "s"} in failover order`,
    );
  }
  for (const candidate of plan.candidates) {
    // The rejecting candidate was just described by the REJECTED line.
    if (plan.outcome === "rejected" && candidate.index === plan.rejection.candidateIndex) continue;
    lines.push(...candidateLines(candidate, plan));
  }

  if (plan.attempts.length > 0) {
    lines.push("", "Attempts:");
    for (const attempt of plan.attempts) {
      lines.push(`  ${attempt.attemptNumber}. ${attempt.modelName} via ${credentialText(attempt)}`);
      lines.push(`     ${originText(attempt)}`);
    }
  }
  if (plan.skipped.length > 0) {
    lines.push("", "Skipped:");
    for (const s of plan.skipped) {
      lines.push(
        `  - ${s.modelName} ${skipOrigin(s)}: ${s.message}${s.code === undefined ? "" : ` (${s.code})`}`,
      );
    }
  }
  const hints = planHints(plan);
  if (hints.length > 0) {
    lines.push("", "Hints:");
    for (const hint of hints) lines.push(`  - ${hint.message}`);
  }
  return `${lines.join("\n")}\n`;
};

function candidateLines(c: CandidatePlan, plan: RoutingPlan): string[] {
  const role = c.index === 0 ? "model" : `fallback ${c.index}`;
  if (c.outcome === "rejected") {
    const lines = [
      `  ${role} "${c.requested}": rejected, ${c.rejection.code} ${c.rejection.message}`,
    ];
    if (c.rejection.scope !== undefined) {
      lines.push(`    ${scopeRejectionText(c.rejection.scope, plan)}`);
    }
    return lines;
  }
  const route =
    c.route.ruleIndex === undefined
      ? c.route.reason === "default"
        ? "default routing (no rule matches)"
        : "no-configuration routing"
      : `${c.route.reason} router.rules[${c.route.ruleIndex}]`;
  return [
    `  ${role} "${c.requested}" → ${c.modelName}: allowed, ${scopeAdmissionText(c.scope)}`,
    `    routed by ${route}; ${c.attemptCount} attempt${c.attemptCount === 1 ? "" : "s"}`,
  ];
}

function scopeAdmissionText(scope: ScopeAdmission): string {
  if (scope.unrestricted === "no-configuration")
    return "the access key has no configuration (allow-all)";
  if (scope.unrestricted === "no-access")
    return "the configuration has no access scope (allow-all)";
  const part = (
    dimension: "providers" | "models",
    admission: Admission,
    entry: string | undefined,
  ) =>
    admission === "unrestricted"
      ? `${dimension}: no allow-list (unrestricted)`
      : `access.${dimension}.allow[${admission}] "${entry ?? ""}" admits it`;
  return `${part("providers", scope.admittedBy.providers, scope.entries.providers)}; ${part(
    "models",
    scope.admittedBy.models,
    scope.entries.models,
  )}`;
}

function scopeRejectionText(scope: ScopeRejection, plan: RoutingPlan): string {
  const list =
    scope.allow.length === 0
      ? "is empty (allow: [] admits nothing)"
      : `does not list it: [${scope.allow.map((e) => `"${e}"`).join(", ")}]`;
  return `access.${scope.dimension}.allow of ${configurationLabel(plan)} ${list}`;
}

function credentialText(attempt: PlannedAttempt): string {
  if (attempt.source === "ngrok") return MANAGED_INFERENCE_LABEL;
  const redacted = attempt.keyRedacted === undefined ? "" : `, ${attempt.keyRedacted}`;
  const id = attempt.providerKeyId ?? "";
  return attempt.keyName === undefined
    ? `provider key ${id}${redacted}`
    : `provider key "${attempt.keyName}" (${id}${redacted})`;
}

function originText(attempt: PlannedAttempt): string {
  if (attempt.ruleIndex === undefined) {
    return attempt.reason === "default"
      ? "default routing: implicit ngrok step"
      : attempt.source === "ngrok"
        ? "no configuration: ngrok inference after the provider's keys"
        : "no configuration: the account's provider keys in creation order";
  }
  const step = `router.rules[${attempt.ruleIndex}].steps[${attempt.stepIndex ?? 0}]`;
  return `${attempt.reason}, ${step}${attempt.keyIndex === undefined ? "" : `.keys[${attempt.keyIndex}]`}`;
}

function skipOrigin(s: SkippedRoute): string {
  const what = s.source === "ngrok" ? "ngrok step" : `key ${s.providerKeyId ?? ""}`;
  if (s.ruleIndex === undefined) return `${what} (${s.routeReason})`;
  const step = `router.rules[${s.ruleIndex}].steps[${s.stepIndex ?? 0}]`;
  return `${what} at ${step}${s.keyIndex === undefined ? "" : `.keys[${s.keyIndex}]`}`;
}
