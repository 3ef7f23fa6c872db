import { examplesText, reachFindings } from "../rule-helpers";
import type { PolicyRule } from "../types";

/**
 * `unrestricted-scope`: an unrestricted part of a scope lets clients reach models the policy
 * disallows: a configuration with no `access`, an `access` with neither allow-list, a
 * `providers.allow` entry with no `models.allow` when the policy disallows some of that
 * provider's models, or an access key with no configuration (reported at the access key).
 */
export const unrestrictedScope: PolicyRule = {
  id: "unrestricted-scope",
  defaultSeverity: "error",
  description:
    "An unrestricted scope (no access, no models.allow, or an access key with no configuration) lets clients reach models policy.yaml disallows.",
  help: "Restrict the scope: give the configuration access.providers.allow and access.models.allow listing only allowed models, or link the access key to such a configuration.",
  check: (context) =>
    reachFindings(context, "unrestricted-scope", (f) => {
      const fix = f.subject.includes("access key with no configuration")
        ? "Link the access key to a configuration (configuration: <name>) whose access lists only allowed models."
        : f.subject.includes("configuration with no access")
          ? "Add access with providers.allow and models.allow listing only allowed models."
          : f.subject.includes("with no models.allow")
            ? "Add access.models.allow listing the allowed models of this provider."
            : "Add providers.allow and models.allow listing only allowed providers and models.";
      return `${f.subject} is unrestricted, so clients of ${f.owner} can reach disallowed models, ${examplesText(f)}. ${fix}`;
    }),
};
