import { loaderFindings } from "../rule-helpers";
import type { PolicyRule } from "../types";

/** The gateway.yaml loader codes this rule surfaces. */
const CODES = ["plaintext-secret"] as const;

/**
 * `plaintext-secret`: A secret value is written in gateway.yaml instead of a reference to a Pulumi config secret or an environment variable. The loader detects these; the rule surfaces its diagnostics
 * (codes plaintext-secret) as findings.
 */
export const plaintextSecret: PolicyRule = {
  id: "plaintext-secret",
  title: "Secret written in plain text",
  defaultSeverity: "error",
  description:
    "A secret value is written in gateway.yaml instead of a reference to a Pulumi config secret or an environment variable.",
  help: "Move the value to a Pulumi config secret (pulumi config set --secret <key> <value>) and write value: {secret: <key>}, or use value: {env: <VAR>}; rotate the key if it was committed.",
  check: (context) => loaderFindings(context, CODES),
};
