import * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/provider-key");

export type { ProviderKeyInputs, ProviderKeyOutputs } from "./impl/provider-key";

/** The arguments of a {@link ProviderKey}, mirroring the API's provider key. */
export interface ProviderKeyArgs {
  /** The provider the key is for (`openai`, `anthropic`, or a custom provider's providerId). A change replaces the key. */
  providerId: pulumi.Input<string>;
  /** The key's name in the API; the resource name by default. */
  name?: pulumi.Input<string>;
  /** A description, at most 255 characters. */
  description?: pulumi.Input<string>;
  /** Opaque metadata, at most 4096 characters. */
  metadata?: pulumi.Input<string>;
  /** The upstream API key. Always stored as a secret; a new value rotates the key in place (same id). */
  value: pulumi.Input<string>;
  /** The id (`aigpk_…`) of an existing key to take over instead of creating one. */
  adopt?: pulumi.Input<string>;
}

/**
 * An upstream provider's API key held by ngrok.ai. Changing `value` rotates it through
 * `POST /provider-keys/{id}/rotate`: the id stays, so every configuration that routes to it keeps
 * working. Refresh notices a key rotated outside Pulumi by its `keyRedacted`.
 */
export class ProviderKey extends pulumi.dynamic.Resource {
  /** The provider the key is for. */
  declare readonly providerId: pulumi.Output<string>;
  /** The key's name. */
  declare readonly name: pulumi.Output<string>;
  /** The description, if any. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The metadata, if any. */
  declare readonly metadata: pulumi.Output<string | undefined>;
  /** The key value (secret). */
  declare readonly value: pulumi.Output<string>;
  /** The API's redacted display of the value, `first10***last4`. */
  declare readonly keyRedacted: pulumi.Output<string>;
  /** When the key was created (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When the key was last changed or rotated (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: ProviderKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        providerId: args.providerId,
        name: args.name ?? name,
        description: args.description,
        metadata: args.metadata,
        value: pulumi.secret(args.value),
        adopt: args.adopt,
        keyRedacted: undefined,
        createdAt: undefined,
        updatedAt: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["value"] }),
      "ngrok-ai",
      "ProviderKey",
    );
  }
}
