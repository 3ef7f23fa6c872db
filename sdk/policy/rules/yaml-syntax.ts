import { loaderFindings } from "../rule-helpers";
import type { PolicyRule } from "../types";

/** The gateway.yaml loader codes this rule surfaces. */
const CODES = ["yaml-syntax", "yaml-warning", "file-read", "alias-expansion"] as const;

/**
 * `yaml-syntax`: The file is not valid YAML (or could not be read); nothing else in it was checked. The loader detects these; the rule surfaces its diagnostics
 * (codes yaml-syntax, yaml-warning, file-read, alias-expansion) as findings.
 */
export const yamlSyntax: PolicyRule = {
  id: "yaml-syntax",
  title: "YAML syntax error",
  defaultSeverity: "error",
  description: "The file is not valid YAML (or could not be read); nothing else in it was checked.",
  help: "Fix the YAML syntax at the position shown.",
  check: (context) => loaderFindings(context, CODES),
};
