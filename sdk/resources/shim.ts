import type * as pulumi from "@pulumi/pulumi";

/** The resource kinds whose implementations live in `resources/impl/<kind>`. */
export type ResourceKind =
  "provider-key" | "access-key-configuration" | "access-key" | "provider" | "gateway-config";

/** What every implementation module exports: the full provider interface. */
export type ResourceImpl = Required<pulumi.dynamic.ResourceProvider>;

/**
 * Builds the provider object that Pulumi serializes into every resource's state.
 *
 * Why it looks like this: the engine runs a dynamic provider from the text stored in state, in a
 * separate process whose working directory is the program's. So each method requires the compiled
 * implementation by package name at call time and captures nothing but the kind string. The text
 * stays well under 2 KB, holds no path, client or credential, and a newer installed package takes
 * effect even for refresh and destroy, which run the copy stored in state.
 */
export function dynamicProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // Short names on purpose: in a workspace checkout (a symlinked package) the closure serializer
  // inlines these functions by value, and every character counts towards the 2 KB budget.
  const m = (): ResourceImpl =>
    require(`pulumi-ngrok-ai/dist/resources/impl/${kind}`) as ResourceImpl;
  return {
    configure: (r) => m().configure(r),
    check: (o, n) => m().check(o, n),
    diff: (i, o, n) => m().diff(i, o, n),
    create: (n) => m().create(n),
    read: (i, o) => m().read(i, o),
    update: (i, o, n) => m().update(i, o, n),
    delete: (i, o) => m().delete(i, o),
  };
}
