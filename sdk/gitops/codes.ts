/**
 * The codes of the diagnostics gateway.yaml loading reports, each with how to fix it. Codes are
 * stable: tools and tests match on them, never on the message.
 */
export const GATEWAY_DIAGNOSTIC_CODES = {
  "file-read": "The file could not be read: check the path and permissions.",
  "yaml-syntax": "The file is not valid YAML: fix the syntax at the position shown.",
  "yaml-warning": "The YAML is valid but suspicious (for example an unknown tag): check it.",
  "alias-expansion":
    "Aliases repeat so much that the document would grow past the cap (100,000 YAML nodes, or the file's own size when larger): alias a smaller anchor, or fewer times, or write the shared part out.",
  "duplicate-key": "A mapping has the same key twice: rename one entry or merge the two.",
  "duplicate-name":
    "A logical name (or gatewayConfig) is declared in two files of one gateway: logical names are the Pulumi resource names, so rename one or remove one.",
  schema:
    "A value does not match schema/gateway.schema.json: fix it as the message says (editors with yaml-language-server show the same schema).",
  "plaintext-secret":
    "A secret is written in the file: move it to a Pulumi config secret (pulumi config set --secret <key> <value>) and write value: {secret: <key>}, or use value: {env: <VAR>}; rotate it if it was committed.",
  "unknown-reference":
    "A name refers to nothing of the right kind: fix the spelling or declare the object under the right section.",
  "provider-mismatch":
    "A rule routes one provider but names a key or model of another: use a key for the rule's provider.",
  "duplicate-provider-rule":
    "A configuration has two rules for the same provider: merge their steps into one rule.",
  "ngrok-step-custom-provider":
    "A rule for a custom provider has an ngrok step, which serves built-in providers only: give the step type: user with keys of that provider, or remove it.",
  "provider-id-conflict":
    "A custom provider reuses a built-in or another custom provider's providerId: choose another providerId.",
  "unknown-provider":
    "A provider id is neither in the model catalog nor declared under providers: fix the spelling; if ngrok.ai added the provider after the catalog's date, run aigw catalog pull and pass its file (--catalog, stack config aigw:catalog); ignore this when the provider was created outside gateway.yaml.",
  "missing-secret":
    "A Pulumi config secret named by value: {secret: <key>} is not set: run pulumi config set --secret <key> <value>.",
  "missing-env":
    "An environment variable named by value: {env: <VAR>} is not set: export it before running (in CI, as a masked secret).",
} as const;

/** A diagnostic code of gateway.yaml loading. */
export type GatewayDiagnosticCode = keyof typeof GATEWAY_DIAGNOSTIC_CODES;
