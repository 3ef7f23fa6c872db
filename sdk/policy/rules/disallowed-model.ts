import { examplesText, reachFindings } from "../rule-helpers";
import type { PolicyRule } from "../types";

/**
 * `disallowed-model`: an explicit `access.models.allow` entry that the scope admits names a model
 * the policy disallows (a `models.deny` pattern matches it, or it is outside `models.allow`).
 */
export const disallowedModel: PolicyRule = {
  id: "disallowed-model",
  defaultSeverity: "error",
  description:
    "An access.models.allow entry lets clients reach a model that policy.yaml denies or does not allow.",
  help: "Remove the entry from access.models.allow or replace it with a model the policy allows; if the exception is approved, add a waiver with a reason and an expiry date.",
  check: (context) =>
    reachFindings(
      context,
      "disallowed-model",
      (f) =>
        `${f.subject} lets clients of ${f.owner} reach a disallowed model, ${examplesText(f)}. Remove the entry or replace it with an allowed model.`,
    ),
};
