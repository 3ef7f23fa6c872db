import * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/provider");

export type { ProviderInputs, ProviderOutputs } from "./impl/provider";

/** An API surface a custom provider speaks. */
export interface SupportedApiSurfaceArgs {
  format: pulumi.Input<string>;
  surface?: pulumi.Input<string>;
  supportedParams?: pulumi.Input<pulumi.Input<{ name: pulumi.Input<string> }>[]>;
}

/** The arguments of a {@link Provider} (a custom provider), mirroring the API. */
export interface ProviderArgs {
  /** The id used before `:` in model names. A change replaces the provider. */
  providerId: pulumi.Input<string>;
  /** The provider's name in the API; the resource name by default. */
  name?: pulumi.Input<string>;
  /** Where the gateway sends requests (`https://`, or `http://` for ngrok `.internal` endpoints). */
  baseUrl: pulumi.Input<string>;
  metadata?: pulumi.Input<string>;
  supportedApiSurfaces?: pulumi.Input<pulumi.Input<SupportedApiSurfaceArgs>[]>;
  /** The models it serves, as a full list. */
  models?: pulumi.Input<pulumi.Input<{ modelId: pulumi.Input<string> }>[]>;
  /** The id (`aigp_…`) of an existing provider to take over instead of creating one. */
  adopt?: pulumi.Input<string>;
}

/** A custom (user-defined) upstream provider. */
export class Provider extends pulumi.dynamic.Resource {
  declare readonly providerId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly baseUrl: pulumi.Output<string>;
  declare readonly metadata: pulumi.Output<string | undefined>;
  declare readonly supportedApiSurfaces: pulumi.Output<SupportedApiSurfaceArgs[] | undefined>;
  declare readonly models: pulumi.Output<{ modelId: string }[] | undefined>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: ProviderArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        providerId: args.providerId,
        name: args.name ?? name,
        baseUrl: args.baseUrl,
        metadata: args.metadata,
        supportedApiSurfaces: args.supportedApiSurfaces,
        models: args.models,
        adopt: args.adopt,
        createdAt: undefined,
        updatedAt: undefined,
      },
      opts,
      "ngrok-ai",
      "Provider",
    );
  }
}
