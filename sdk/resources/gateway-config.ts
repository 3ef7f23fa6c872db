import * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/gateway-config");

export type { GatewayConfigInputs, GatewayConfigOutputs } from "./impl/gateway-config";

/** The arguments of the {@link GatewayConfig} singleton; undeclared fields are left alone. */
export interface GatewayConfigArgs {
  /** How long one upstream attempt may take before failover, a Go duration (`30s`). */
  perRequestTimeout?: pulumi.Input<string>;
  /** How long a request may take across all attempts (`2m`). */
  totalTimeout?: pulumi.Input<string>;
  maxInputTokens?: pulumi.Input<number>;
  maxOutputTokens?: pulumi.Input<number>;
  metadata?: pulumi.Input<string>;
}

/**
 * The account's gateway configuration. There is one per account: creating it PATCHes the declared
 * fields, deleting it restores their documented defaults. Declare it in one stack only.
 */
export class GatewayConfig extends pulumi.dynamic.Resource {
  declare readonly accountId: pulumi.Output<string>;
  declare readonly perRequestTimeout: pulumi.Output<string | undefined>;
  declare readonly totalTimeout: pulumi.Output<string | undefined>;
  declare readonly maxInputTokens: pulumi.Output<number | undefined>;
  declare readonly maxOutputTokens: pulumi.Output<number | undefined>;
  declare readonly metadata: pulumi.Output<string | undefined>;

  constructor(name: string, args: GatewayConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        perRequestTimeout: args.perRequestTimeout,
        totalTimeout: args.totalTimeout,
        maxInputTokens: args.maxInputTokens,
        maxOutputTokens: args.maxOutputTokens,
        metadata: args.metadata,
        accountId: undefined,
      },
      opts,
      "ngrok-ai",
      "GatewayConfig",
    );
  }
}
