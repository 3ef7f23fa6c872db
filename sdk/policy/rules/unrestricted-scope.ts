import { openScopes } from "../reach";
import type { ScopeNode } from "../reach";
import type { PolicyRule, RuleFinding } from "../types";

/** What an open scope lets through and how to close it, by the kind of node. */
function message(node: ScopeNode): string {
  const later = "including models added to the catalog later";
  switch (node.path) {
    case "no-configuration":
      return `${node.owner} has no configuration, so its clients can reach every model of every provider, ${later}. Link the access key to a configuration (configuration: <name>) whose access lists the allowed models.`;
    case "no-access":
      return `${node.owner} has no access, so its clients can reach every model of every provider, ${later}. Add access with providers.allow and models.allow listing the allowed providers and models.`;
    case "open-access":
      return `${node.subject} has neither providers.allow nor models.allow, so clients of ${node.owner} can reach every model of every provider, ${later}. Add providers.allow and models.allow listing the allowed providers and models.`;
    default:
      return `${node.subject} has no models.allow beside it, so clients of ${node.owner} can reach every model of "${node.provider ?? ""}", ${later}. Add access.models.allow listing the allowed models of this provider.`;
  }
}

/**
 * `unrestricted-scope`: scope hygiene. An open scope, reported as such whatever the policy
 * denies: an access key with no configuration, a configuration with no `access`, an `access`
 * with neither allow-list, or a `providers.allow` entry with no `models.allow`. A disallowed model
 * such a scope lets through is a `disallowed-model` (or `disallowed-provider`) finding on the
 * same node as well, so turning this rule off or down never hides one.
 */
export const unrestrictedScope: PolicyRule = {
  id: "unrestricted-scope",
  title: "Unrestricted scope",
  defaultSeverity: "warn",
  description:
    "A scope is open: an access key with no configuration, a configuration with no access, or an access without models.allow admits every model of its providers, including models added later.",
  help: "Close the scope: give the configuration access.models.allow (and providers.allow) listing the allowed models, or link the access key to such a configuration. Disallowed models an open scope reaches are reported as disallowed-model or disallowed-provider.",
  check: (context) =>
    openScopes(context.parsed, context.scopeOptions).map((node): RuleFinding => ({
      file: context.parsed.file,
      path: node.location.path,
      range: node.location.range,
      message: message(node),
    })),
};
