import type * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/gateway-config");
import { NgrokAiResource } from "./resource";

export type { GatewayConfigInputs, GatewayConfigOutputs } from "../state/gateway-config";

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
export class GatewayConfig extends NgrokAiResource {
  declare readonly accountId: pulumi.Output<string>;
  declare readonly perRequestTimeout: pulumi.Output<string | undefined>;
  declare readonly totalTimeout: pulumi.Output<string | undefined>;
  declare readonly maxInputTokens: pulumi.Output<number | undefined>;
  declare readonly maxOutputTokens: pulumi.Output<number | undefined>;
  declare readonly metadata: pulumi.Output<string | undefined>;

  constructor(name: string, args: GatewayConfigArgs, opts?: pulumi.CustomResourceOptions) {
    const { perRequestTimeout, totalTimeout, maxInputTokens, maxOutputTokens, metadata } = args;
    const inputs = { perRequestTimeout, totalTimeout, maxInputTokens, maxOutputTokens, metadata };
    super("GatewayConfig", provider, name, { ...inputs, accountId: undefined }, opts);
  }
}
