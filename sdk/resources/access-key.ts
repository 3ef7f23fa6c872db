import * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/access-key");
import { ApiObjectResource, type LabelArgs, labelInputs, outputsOnly } from "./resource";

export type { AccessKeyInputs, AccessKeyOutputs } from "../state/access-key";

/** The arguments of an {@link AccessKey}, mirroring the API. */
export interface AccessKeyArgs extends LabelArgs {
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
export class AccessKey extends ApiObjectResource {
  /** The description, if any. */
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly accessKeyConfigurationId: pulumi.Output<string | undefined>;
  /** The linked configuration's name, as the API reports it. */
  declare readonly accessKeyConfigurationName: pulumi.Output<string | undefined>;
  declare readonly rotationTrigger: pulumi.Output<string | undefined>;
  /** The token clients send (`ng-…-g1-…`); secret; unset for an adopted key. */
  declare readonly token: pulumi.Output<string | undefined>;
  /** The API's redacted display of the token. */
  declare readonly keyRedacted: pulumi.Output<string>;

  constructor(name: string, args: AccessKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = {
      ...labelInputs(name, args),
      accessKeyConfigurationId: args.accessKeyConfigurationId,
      rotationTrigger: args.rotationTrigger,
      adopt: args.adopt,
    };
    super(
      "AccessKey",
      provider,
      name,
      {
        ...inputs,
        ...outputsOnly(
          "accessKeyConfigurationName",
          "token",
          "keyRedacted",
          "createdAt",
          "updatedAt",
        ),
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["token"] }),
    );
  }
}
