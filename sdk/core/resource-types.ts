// The resource type tokens of the package's Pulumi resources, and the kind of object each one
// is, named as the gateway.yaml sections name them (singular). Drift reads them from a stack's
// state and the review from the engine's preview, so both sit below those parts. The tokens are
// `pulumi-nodejs:dynamic/ngrok-ai:<Type>` (the 5th and 6th `dynamic.Resource` constructor
// arguments) and never change: stacks in use record them.

/** The kinds of objects the package manages. */
export type ResourceKind =
  "provider" | "providerKey" | "accessKeyConfiguration" | "accessKey" | "gatewayConfig";

/** The resource type token of each kind. */
export const TYPE_TOKENS: Readonly<Record<ResourceKind, string>> = {
  provider: "pulumi-nodejs:dynamic/ngrok-ai:Provider",
  providerKey: "pulumi-nodejs:dynamic/ngrok-ai:ProviderKey",
  accessKeyConfiguration: "pulumi-nodejs:dynamic/ngrok-ai:AccessKeyConfiguration",
  accessKey: "pulumi-nodejs:dynamic/ngrok-ai:AccessKey",
  gatewayConfig: "pulumi-nodejs:dynamic/ngrok-ai:GatewayConfig",
};

/** The kind of each type token; undefined for types that are not the package's. */
export const KIND_OF_TYPE: ReadonlyMap<string, ResourceKind> = new Map<string, ResourceKind>(
  Object.entries(TYPE_TOKENS).map(([kind, type]) => [type, kind as ResourceKind]),
);

/** The resource name of a URN (`urn:pulumi:stack::project::type::name`): the logical name. */
export function logicalNameOf(urn: string): string {
  const at = urn.lastIndexOf("::");
  return at < 0 ? urn : urn.slice(at + 2);
}

/** The marker key of a secret value in Pulumi's documents (`{"4dabf…": "1b47…", ciphertext}`). */
const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";

/**
 * True when `value` is a secret as Pulumi writes it in a state or an engine event: an envelope
 * with the secret signature key (its ciphertext is never decrypted here).
 */
export function isSecretValue(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    SECRET_SIGNATURE_KEY in (value as Record<string, unknown>)
  );
}
