import type * as pulumi from "@pulumi/pulumi";
import provider = require("./providers/provider");
import { ApiObjectResource, type LabelArgs, outputsOnly } from "./resource";

export type { ProviderInputs, ProviderOutputs } from "../state/provider";

/** An API surface a custom provider speaks. */
export interface SupportedApiSurfaceArgs {
  format: pulumi.Input<string>;
  surface?: pulumi.Input<string>;
  supportedParams?: pulumi.Input<pulumi.Input<{ name: pulumi.Input<string> }>[]>;
}

/** The arguments of a {@link Provider} (a custom provider), mirroring the API. */
export interface ProviderArgs extends Omit<LabelArgs, "description"> {
  /** The id used before `:` in model names. A change replaces the provider. */
  providerId: pulumi.Input<string>;
  /** Where the gateway sends requests (`https://`, or `http://` for ngrok `.internal` endpoints). */
  baseUrl: pulumi.Input<string>;
  supportedApiSurfaces?: pulumi.Input<pulumi.Input<SupportedApiSurfaceArgs>[]>;
  /** The models it serves, as a full list. */
  models?: pulumi.Input<pulumi.Input<{ modelId: pulumi.Input<string> }>[]>;
  /** The id (`aigp_…`) of an existing provider to take over instead of creating one. */
  adopt?: pulumi.Input<string>;
}

/** A custom (user-defined) upstream provider. */
export class Provider extends ApiObjectResource {
  declare readonly providerId: pulumi.Output<string>;
  declare readonly baseUrl: pulumi.Output<string>;
  declare readonly supportedApiSurfaces: pulumi.Output<SupportedApiSurfaceArgs[] | undefined>;
  declare readonly models: pulumi.Output<{ modelId: string }[] | undefined>;

  constructor(name: string, args: ProviderArgs, opts?: pulumi.CustomResourceOptions) {
    const { providerId, baseUrl, metadata, supportedApiSurfaces, models, adopt } = args;
    const inputs = { providerId, name: args.name ?? name, baseUrl, metadata };
    super(
      "Provider",
      provider,
      name,
      { ...inputs, supportedApiSurfaces, models, adopt, ...outputsOnly("createdAt", "updatedAt") },
      opts,
    );
  }
}
