import { formatPath } from "../../gitops/document-path";
import { formatModelName } from "../../core/model-name";
import { resolveEntry, scopeAdmits } from "../../routing/scope";
import { accessFromModel } from "../../routing/inputs";
import type { AccessScopeInput } from "../../routing/types";
import type { AccessKeyConfigurationModel, RouterRuleModel } from "../../gitops/model";
import { routerRules } from "../rule-helpers";
import { type PolicyRule, type RuleContext, type RuleFinding, at } from "../types";

/**
 * `unreachable-route`: a router rule for a model or provider that the configuration's own scope
 * never admits, so the rule can never run (asked of the reachability predicate). A provider rule
 * is reachable when any model of the provider is admitted.
 */
export const unreachableRoute: PolicyRule = {
  id: "unreachable-route",
  title: "Unreachable route",
  defaultSeverity: "warn",
  description:
    "A router rule routes a model or provider that the configuration's access never admits.",
  help: "Add the model or provider to the configuration's access allow-lists, or remove the dead rule.",
  check: (context) =>
    routerRules(context).flatMap(({ config, rule }) => {
      const access = accessFromModel(config);
      return access === undefined ? [] : unreachable(context, config, access, rule); // no access admits everything
    }),
};

/** The finding of `rule` of `config` when `access` never admits what it routes. */
function unreachable(
  context: RuleContext,
  config: AccessKeyConfigurationModel,
  access: AccessScopeInput,
  rule: RouterRuleModel,
): RuleFinding[] {
  const options = context.scopeOptions;
  const where = formatPath(rule.location.path);
  if (rule.model !== undefined) {
    const ref = resolveEntry(rule.model.value, options);
    if (ref === undefined) return [];
    const decision = scopeAdmits(access, ref, options);
    if (decision.allowed) return [];
    return [
      {
        ...at(context.parsed.file, rule.model),
        message: `${where} routes ${formatModelName(ref)}, but accessKeyConfigurations.${config.logicalName}.access.${decision.dimension}.allow never admits it, so the rule never runs. Add it to access.${decision.dimension}.allow, or remove the rule.`,
        model: formatModelName(ref),
      },
    ];
  }
  if (rule.provider === undefined) return [];
  const provider = options.resolveProvider?.(rule.provider.value) ?? rule.provider.value;
  const models = access.models?.allow;
  const reachable =
    models === undefined
      ? scopeAdmits(access, { provider, model: "any-model" }, options).allowed
      : models.some(
          (entry) =>
            resolveEntry(entry, options)?.provider === provider &&
            scopeAdmits(access, entry, options).allowed,
        );
  if (reachable) return [];
  const dimension =
    access.providers?.allow !== undefined &&
    !scopeAdmits({ providers: access.providers }, { provider, model: "any-model" }, options).allowed
      ? "providers"
      : "models";
  return [
    {
      ...at(context.parsed.file, rule.provider),
      message: `${where} routes provider "${provider}", but accessKeyConfigurations.${config.logicalName}.access.${dimension}.allow admits none of its models, so the rule never runs. Add the provider${dimension === "models" ? "'s models" : ""} to access.${dimension}.allow, or remove the rule.`,
    },
  ];
}
