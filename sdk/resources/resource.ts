// What the resource classes share: the `ngrok-ai` module of their type tokens, the labels most API
// objects carry, and the outputs every named object has.
import * as pulumi from "@pulumi/pulumi";
import { warnIfPlaintextConfig } from "./config-check";
import { CONFIG_API_KEY } from "./impl/api";

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

/**
 * Whether the Pulumi SDK reports leaked promises with the stack trace of each
 * (`PULUMI_DEBUG_PROMISE_LEAKS`, read the way the SDK reads it): then every trace is kept.
 */
function debuggingPromiseLeaks(): boolean {
  return !!process.env.PULUMI_DEBUG_PROMISE_LEAKS;
}

/**
 * A dynamic resource of the `ngrok-ai` module, typed `pulumi-nodejs:dynamic/ngrok-ai:<type>`.
 *
 * Why the constructor lowers `Error.stackTraceLimit` around `super`: while it registers a resource,
 * the SDK formats a stack trace for every promise it makes (four per property, so about forty for
 * one of ours), and under the TypeScript runner each trace goes through source maps. Those traces
 * are read only by the SDK's promise-leak report, and the program's registrations reach the engine
 * only when the synchronous construction is over, so they delayed every `pulumi up`. The stack
 * trace the engine records for the resource is not affected: the SDK lifts the limit itself while
 * it captures that one (`Resource.callsites`). The limit is restored before anything else runs;
 * with `PULUMI_DEBUG_PROMISE_LEAKS` set, nothing changes; an error thrown during registration gets
 * the stack of this constructor, which leads to the program's line. An error that code run during
 * registration makes and does not throw (in a `transformations` callback, say) has no frames.
 */
export abstract class NgrokAiResource extends pulumi.dynamic.Resource {
  protected constructor(
    type: string,
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    warnIfPlaintextConfig(CONFIG_API_KEY);
    const limit = Error.stackTraceLimit;
    const lowered = !debuggingPromiseLeaks();
    if (lowered) Error.stackTraceLimit = 0;
    try {
      super(provider, name, props, opts, "ngrok-ai", type);
    } catch (err) {
      Error.stackTraceLimit = limit;
      if (lowered && err instanceof Error) Error.captureStackTrace(err);
      throw err;
    }
    Error.stackTraceLimit = limit;
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
