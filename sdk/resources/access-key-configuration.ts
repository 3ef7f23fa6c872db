import type * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/access-key-configuration");
import { ApiObjectResource, type LabelArgs, labelInputs, outputsOnly } from "./resource";

export type {
  AccessKeyConfigurationInputs,
  AccessKeyConfigurationOutputs,
} from "../state/access-key-configuration";

/** One dimension of a scope: `allow` absent is unrestricted, `allow: []` allows nothing. */
export interface AccessDimensionArgs {
  allow?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Which providers and models a configuration may reach; absent means allow-all. */
export interface AccessScopeArgs {
  providers?: pulumi.Input<AccessDimensionArgs>;
  models?: pulumi.Input<AccessDimensionArgs>;
}

/** A router step: `user` tries the listed provider keys in order, `ngrok` uses ngrok inference. */
export interface RouterStepArgs {
  type: pulumi.Input<"user" | "ngrok">;
  /** Provider keys by id, in failover order; required for `user` steps. */
  keys?: pulumi.Input<pulumi.Input<{ id: pulumi.Input<string> }>[]>;
  keySelectionStrategy?: pulumi.Input<"ordered">;
}

/** A routing rule for a provider, a model, or both; its steps are a fallback chain. */
export interface RouterRuleArgs {
  provider?: pulumi.Input<string>;
  model?: pulumi.Input<string>;
  steps: pulumi.Input<pulumi.Input<RouterStepArgs>[]>;
}

/** Routing; absent means default routing. */
export interface RouterArgs {
  rules?: pulumi.Input<pulumi.Input<RouterRuleArgs>[]>;
}

/** The arguments of an {@link AccessKeyConfiguration}, mirroring the API. */
export interface AccessKeyConfigurationArgs extends LabelArgs {
  /** The scope; omit for allow-all. */
  access?: pulumi.Input<AccessScopeArgs>;
  /** The routing, with provider keys by id so the engine orders creation and deletion. */
  router?: pulumi.Input<RouterArgs>;
  /** The id (`aigac_…`) of an existing configuration to take over instead of creating one. */
  adopt?: pulumi.Input<string>;
}

/**
 * What a client may call (`access`) and how its requests are routed (`router`). Every change is an
 * update in place. Allow-lists compare as sets; rules, steps and keys compare in order, because
 * order is failover.
 */
export class AccessKeyConfiguration extends ApiObjectResource {
  /** The description, if any. */
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly access: pulumi.Output<AccessScopeArgs | undefined>;
  declare readonly router: pulumi.Output<RouterArgs | undefined>;

  constructor(name: string, args: AccessKeyConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
    const { access, router, adopt } = args;
    super(
      "AccessKeyConfiguration",
      provider,
      name,
      {
        ...labelInputs(name, args),
        access,
        router,
        adopt,
        ...outputsOnly("createdAt", "updatedAt"),
      },
      opts,
    );
  }
}
