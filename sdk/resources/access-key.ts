import * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/access-key");

export type { AccessKeyInputs, AccessKeyOutputs } from "./impl/access-key";

/** The arguments of an {@link AccessKey}, mirroring the API. */
export interface AccessKeyArgs {
  /** The key's name in the API; the resource name by default. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  metadata?: pulumi.Input<string>;
  /** The configuration that scopes and routes this key; omit for allow-all. A change is an update. */
  accessKeyConfigurationId?: pulumi.Input<string>;
  /**
   * Any string; changing it issues a new token by replacing the key, the new key created before
   * the old one is deleted (there is no rotate endpoint for access keys).
   */
  rotationTrigger?: pulumi.Input<string>;
  /** The id (`aigk_…`) of an existing key to take over; its token cannot be recovered. */
  adopt?: pulumi.Input<string>;
}

/** A client credential for the gateway. Its token is shown once, at creation, and kept as a secret. */
export class AccessKey extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly metadata: pulumi.Output<string | undefined>;
  declare readonly accessKeyConfigurationId: pulumi.Output<string | undefined>;
  /** The linked configuration's name, as the API reports it. */
  declare readonly accessKeyConfigurationName: pulumi.Output<string | undefined>;
  declare readonly rotationTrigger: pulumi.Output<string | undefined>;
  /** The token clients send (`ng-…-g1-…`); secret; unset for an adopted key. */
  declare readonly token: pulumi.Output<string | undefined>;
  /** The API's redacted display of the token. */
  declare readonly keyRedacted: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: AccessKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        name: args.name ?? name,
        description: args.description,
        metadata: args.metadata,
        accessKeyConfigurationId: args.accessKeyConfigurationId,
        rotationTrigger: args.rotationTrigger,
        adopt: args.adopt,
        accessKeyConfigurationName: undefined,
        token: undefined,
        keyRedacted: undefined,
        createdAt: undefined,
        updatedAt: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["token"] }),
      "ngrok-ai",
      "AccessKey",
    );
  }
}
