import { formatPath } from "../../gitops/document-path";
import { formatModelName } from "../../core/model-name";
import { resolveEntry } from "../../routing/scope";
import { routerRules, violationText } from "../rule-helpers";
import type { PolicyMatcher } from "../policy";
import { type PolicyRule, type RuleContext, type RuleFinding, at } from "../types";

/**
 * `disallowed-route`: a router rule targets a model or provider the policy disallows. A model
 * rule is checked as that model; a provider rule as its provider, which is disallowed when the
 * provider is, or when the policy disallows every one of its models.
 */
export const disallowedRoute: PolicyRule = {
  id: "disallowed-route",
  title: "Disallowed route",
  defaultSeverity: "error",
  description: "A router rule routes a model or provider that policy.yaml disallows.",
  help: "Remove the router rule (and the provider or model from the scope), or route an allowed model instead.",
  check: (context) => check(context, context.matcher),
};

function check(context: RuleContext, matcher: PolicyMatcher): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const file = context.parsed.file;
  for (const { rule } of routerRules(context)) {
    const where = formatPath(rule.location.path);
    if (rule.model !== undefined) {
      const ref = resolveEntry(rule.model.value, context.scopeOptions);
      if (ref === undefined || ref.provider === undefined) continue;
      const violation = matcher.violation({ provider: ref.provider, model: ref.model });
      if (violation === undefined) continue;
      const model = formatModelName(ref);
      findings.push({
        ...at(file, rule.model),
        message: `${where} routes ${model}, which the policy disallows: ${violationText(violation)}. Remove the rule, or route an allowed model.`,
        model,
        policyEntry: violation.label,
      });
      continue;
    }
    if (rule.provider === undefined) continue;
    const provider =
      context.scopeOptions.resolveProvider?.(rule.provider.value) ?? rule.provider.value;
    const violation = matcher.deniesWholeProvider(provider);
    if (violation === undefined) continue;
    findings.push({
      ...at(file, rule.provider),
      message: `${where} routes provider "${provider}", whose models the policy disallows: ${violationText(violation)}. Remove the rule and the provider from the scope.`,
      policyEntry: violation.label,
    });
  }
  return findings;
}
