import { loaderFindings } from "../rule-helpers";
import type { PolicyRule } from "../types";

/** The gateway.yaml loader codes this rule surfaces. */
const CODES = ["unknown-reference"] as const;

/**
 * `unknown-reference`: A name refers to nothing of the right kind (a provider key, configuration or provider that is not declared). The loader detects these; the rule surfaces its diagnostics
 * (code unknown-reference) as findings. A provider id outside the catalog is `unknown-provider`.
 */
export const unknownReference: PolicyRule = {
  id: "unknown-reference",
  title: "Unknown reference",
  defaultSeverity: "error",
  description:
    "A name refers to nothing of the right kind (a provider key, configuration or provider that is not declared).",
  help: "Fix the spelling or declare the object under the right section; references are logical names, not ids.",
  check: (context) => loaderFindings(context, CODES),
};
