import { formatPath } from "../../gitops/document-path";
import { routerRules } from "../rule-helpers";
import { type PolicyRule, type RuleFinding, at } from "../types";

/**
 * `no-failover`: a router rule with a single `user` step holding a single key and no further
 * step, so one revoked or rate-limited key fails every request the rule routes.
 */
export const noFailover: PolicyRule = {
  id: "no-failover",
  title: "No failover",
  defaultSeverity: "warn",
  description:
    "A router rule has a single provider key and no further step, so it has no failover.",
  help: "Add a second provider key to the step, or a further step (type: ngrok for a provider with ngrok inference).",
  check: (context) =>
    routerRules(context).flatMap(({ rule }): RuleFinding[] => {
      const [only, ...rest] = rule.steps;
      if (only === undefined || rest.length > 0 || only.type.value !== "user") return [];
      const key = only.keys?.[0];
      if (key === undefined || (only.keys?.length ?? 0) !== 1) return [];
      return [
        {
          ...at(context.parsed.file, key),
          message: `${formatPath(rule.location.path)} routes ${rule.upstream === undefined ? "its requests" : `"${rule.upstream}"`} through the single key "${key.value}" and no further step; when that key is revoked or rate-limited every request fails. Add a second key to this step, or a further step (type: ngrok where the provider has ngrok inference).`,
        },
      ];
    }),
};
