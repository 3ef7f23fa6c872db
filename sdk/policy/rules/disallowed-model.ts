import { verdictFindings } from "../rule-helpers";
import type { ReachPath } from "../reach";
import type { PolicyRule } from "../types";

/** How to fix a finding, by the path that lets the models through. */
const FIX: Readonly<Record<ReachPath, string>> = {
  entry: "Remove the entry or replace it with an allowed model.",
  "provider-wide": "Add access.models.allow listing the allowed models of this provider.",
  "open-access": "Add providers.allow and models.allow listing only allowed providers and models.",
  "no-access": "Add access with providers.allow and models.allow listing only allowed models.",
  "no-configuration":
    "Link the access key to a configuration (configuration: <name>) whose access lists only allowed models.",
};

/**
 * `disallowed-model`: a configuration or an access key lets clients reach a model the policy
 * disallows (a `models.deny` pattern matches it, or it is outside `models.allow`), whatever lets
 * it through: an explicit `models.allow` entry, a `providers.allow` entry with no `models.allow`,
 * an `access` with neither allow-list, a configuration with no `access`, or an access key with no
 * configuration. Reported at that node, naming the path and example models.
 */
export const disallowedModel: PolicyRule = {
  id: "disallowed-model",
  title: "Disallowed model reachable",
  defaultSeverity: "error",
  description:
    "A configuration or access key lets clients reach a model that policy.yaml denies or does not allow, through an explicit entry, a provider-wide allow or an unrestricted scope.",
  help: "Restrict the scope at the node shown: remove or replace the models.allow entry, add access.models.allow listing only allowed models, or link the access key to such a configuration; if the exception is approved, add a disallowed-model waiver with a reason and an expiry date.",
  check: (context) =>
    verdictFindings(
      context,
      "disallowed-model",
      ["a disallowed model", "disallowed models"],
      FIX,
      (e) => `the disallowed model ${e.model}`,
    ),
};
