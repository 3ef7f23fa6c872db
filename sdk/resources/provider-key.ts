import * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/provider-key");
import { ApiObjectResource, type LabelArgs, labelInputs, outputsOnly } from "./resource";

export type { ProviderKeyInputs, ProviderKeyOutputs } from "../state/provider-key";

/** The arguments of a {@link ProviderKey}, mirroring the API's provider key. */
export interface ProviderKeyArgs extends LabelArgs {
  /** The provider the key is for (`openai`, `anthropic`, or a custom provider's providerId). A change replaces the key. */
  providerId: pulumi.Input<string>;
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
export class ProviderKey extends ApiObjectResource {
  /** The provider the key is for. */
  declare readonly providerId: pulumi.Output<string>;
  /** The description, if any. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The key value (secret). */
  declare readonly value: pulumi.Output<string>;
  /** The API's redacted display of the value, `first10***last4`. */
  declare readonly keyRedacted: pulumi.Output<string>;

  constructor(name: string, args: ProviderKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = {
      providerId: args.providerId,
      ...labelInputs(name, args),
      value: pulumi.secret(args.value),
      adopt: args.adopt,
    };
    super(
      "ProviderKey",
      provider,
      name,
      { ...inputs, ...outputsOnly("keyRedacted", "createdAt", "updatedAt") },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["value"] }),
    );
  }
}
