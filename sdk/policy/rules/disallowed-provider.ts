import { verdictFindings } from "../rule-helpers";
import type { ReachPath } from "../reach";
import type { PolicyRule } from "../types";

/** How to fix a finding, by the path that lets the provider through. */
const FIX: Readonly<Record<ReachPath, string>> = {
  entry: "Remove the entry from the allow-list.",
  "provider-wide": "Remove the provider from access.providers.allow.",
  "open-access": "Add providers.allow listing only allowed providers.",
  "no-access": "Add access with providers.allow listing only allowed providers.",
  "no-configuration":
    "Link the access key to a configuration (configuration: <name>) whose access lists only allowed providers.",
};

/**
 * `disallowed-provider`: a configuration or an access key lets clients reach a provider the
 * policy disallows (a `providers.deny` pattern matches it, or it is outside `providers.allow`),
 * whatever lets it through: a `models.allow` entry of its model, a `providers.allow` entry, an
 * `access` with neither allow-list, a configuration with no `access`, or an access key with no
 * configuration. Reported at that node, naming the path and example models.
 */
export const disallowedProvider: PolicyRule = {
  id: "disallowed-provider",
  title: "Disallowed provider reachable",
  defaultSeverity: "error",
  description:
    "A configuration or access key lets clients reach a provider that policy.yaml denies or does not allow, through an explicit entry, a provider-wide allow or an unrestricted scope.",
  help: "Restrict the scope at the node shown: remove the provider (or its models) from the access allow-lists, add access.providers.allow listing only allowed providers, or link the access key to such a configuration; if the exception is approved, add a disallowed-provider waiver with a reason and an expiry date.",
  check: (context) =>
    verdictFindings(
      context,
      "disallowed-provider",
      ["a disallowed provider", "disallowed providers"],
      FIX,
      (e) => `${e.model} of the disallowed provider "${e.model.slice(0, e.model.indexOf(":"))}"`,
    ),
};
