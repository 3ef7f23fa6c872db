import { examplesText, reachFindings } from "../rule-helpers";
import type { PolicyRule } from "../types";

/**
 * `disallowed-provider`: an allow entry the scope admits lets clients reach a provider the policy
 * disallows (a `providers.deny` pattern matches it, or it is outside `providers.allow`). The
 * finding points at the `providers.allow` entry, or at the `models.allow` entry when that is what
 * admits the provider's model.
 */
export const disallowedProvider: PolicyRule = {
  id: "disallowed-provider",
  defaultSeverity: "error",
  description:
    "An access allow entry lets clients reach a provider that policy.yaml denies or does not allow.",
  help: "Remove the provider (or its models) from the configuration's access allow-lists; if the exception is approved, add a waiver with a reason and an expiry date.",
  check: (context) =>
    reachFindings(
      context,
      "disallowed-provider",
      (f) =>
        `${f.subject} lets clients of ${f.owner} reach a disallowed provider, ${examplesText(f)}. Remove the entry from the allow-list.`,
    ),
};
