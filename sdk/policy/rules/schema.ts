import { loaderFindings } from "../rule-helpers";
import type { PolicyRule } from "../types";

/** The gateway.yaml loader codes this rule surfaces. */
const CODES = [
  "schema",
  "duplicate-key",
  "duplicate-name",
  "provider-mismatch",
  "duplicate-provider-rule",
  "provider-id-conflict",
  "ngrok-step-custom-provider",
] as const;

/**
 * `schema`: gateway.yaml does not match schema/gateway.schema.json or is not a valid declaration (duplicate keys, a key of another provider in a rule, two rules for one provider, a conflicting providerId, an ngrok step for a custom provider). The loader detects these; the rule surfaces its diagnostics
 * (codes schema, duplicate-key, duplicate-name, provider-mismatch, duplicate-provider-rule, provider-id-conflict, ngrok-step-custom-provider) as findings.
 */
export const schemaRule: PolicyRule = {
  id: "schema",
  title: "Invalid declaration",
  defaultSeverity: "error",
  description:
    "gateway.yaml does not match schema/gateway.schema.json or is not a valid declaration (duplicate keys, a key of another provider in a rule, two rules for one provider, a conflicting providerId, an ngrok step for a custom provider).",
  help: "Fix the value as the message says; editors with yaml-language-server show the same schema.",
  check: (context) => loaderFindings(context, CODES),
};
