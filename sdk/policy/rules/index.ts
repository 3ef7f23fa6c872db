import type { PolicyRule, PolicyRuleId } from "../types";
import { disallowedModel } from "./disallowed-model";
import { disallowedProvider } from "./disallowed-provider";
import { disallowedRoute } from "./disallowed-route";
import { expiredWaiver } from "./expired-waiver";
import { foreignReference } from "./foreign-reference";
import { noFailover } from "./no-failover";
import { plaintextSecret } from "./plaintext-secret";
import { schemaRule } from "./schema";
import { timeoutOrder } from "./timeout-order";
import { unknownModel } from "./unknown-model";
import { unknownProvider } from "./unknown-provider";
import { unknownReference } from "./unknown-reference";
import { unreachableRoute } from "./unreachable-route";
import { unrestrictedScope } from "./unrestricted-scope";
import { yamlSyntax } from "./yaml-syntax";

/**
 * The ordered registry of lint rules. The order is the order of `aigw lint`'s rule metadata
 * (SARIF `rules`, docs); ids are stable forever.
 */
export const POLICY_RULES: readonly PolicyRule[] = [
  disallowedModel,
  disallowedProvider,
  disallowedRoute,
  unrestrictedScope,
  unknownReference,
  unknownProvider,
  unknownModel,
  plaintextSecret,
  unreachableRoute,
  noFailover,
  expiredWaiver,
  schemaRule,
  yamlSyntax,
  foreignReference,
  timeoutOrder,
];

const byId = new Map<PolicyRuleId, PolicyRule>(POLICY_RULES.map((rule) => [rule.id, rule]));

/** The rule with this id. */
export function getPolicyRule(id: PolicyRuleId): PolicyRule {
  const rule = byId.get(id);
  if (rule === undefined) throw new Error(`unknown policy rule ${id}`);
  return rule;
}
