// What the resource classes share: the `ngrok-ai` module of their type tokens, the labels most API
// objects carry, and the outputs every named object has.
import * as pulumi from "@pulumi/pulumi";

/** The labels of an API object, as its arguments declare them. */
export interface LabelArgs {
  /** The object's name in the API; the resource name by default. */
  name?: pulumi.Input<string>;
  /** A description, at most 255 characters. */
  description?: pulumi.Input<string>;
  /** Opaque metadata, at most 4096 characters. */
  metadata?: pulumi.Input<string>;
}

/** The label inputs of resource `name`: its declared labels, the name defaulting to `name`. */
export function labelInputs(name: string, args: LabelArgs): Record<keyof LabelArgs, unknown> {
  return { name: args.name ?? name, description: args.description, metadata: args.metadata };
}

/**
 * Output-only properties, each undefined: a dynamic resource registers the properties it is
 * constructed with, so the ones only the provider fills in are passed as undefined.
 */
export function outputsOnly(...names: string[]): Record<string, undefined> {
  return Object.fromEntries(names.map((name) => [name, undefined]));
}

/** A dynamic resource of the `ngrok-ai` module, typed `pulumi-nodejs:dynamic/ngrok-ai:<type>`. */
export abstract class NgrokAiResource extends pulumi.dynamic.Resource {
  protected constructor(
    type: string,
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(provider, name, props, opts, "ngrok-ai", type);
  }
}

/** A resource for an object the API names and dates. */
export abstract class ApiObjectResource extends NgrokAiResource {
  /** The object's name. */
  declare readonly name: pulumi.Output<string>;
  /** The metadata, if any. */
  declare readonly metadata: pulumi.Output<string | undefined>;
  /** When the object was created (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When the object was last changed (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;
}
