import type { ModelCatalog } from "pulumi-ngrok-ai/catalog";
import type { PlanOptions } from "pulumi-ngrok-ai/routing";
import type { EmulatorLogger } from "../control-plane/server";
import type { FaultInjector } from "../faults/faults";
import type { EmulatorStore, GatewayConfigRecord } from "../store/store";
import type { AccountCache } from "./plan-input";
import type { UpstreamClient } from "./upstream";

/** Which upstream statuses move on to the next attempt (spec 4.5, INFERRED either way). */
export type FailoverPolicy = "documented" | "any-4xx";

/** The data plane's switches; every one has a default (see `createEmulator`). */
export interface DataPlaneSettings {
  /**
   * Base URL per provider id (built-in or custom), overriding a custom provider's `baseUrl`. A
   * map, since provider ids are user data (`constructor` is a valid one).
   */
  readonly upstreams: ReadonlyMap<string, string>;
  /** Base URL of ngrok's managed inference, per provider id. */
  readonly managedUpstreams: ReadonlyMap<string, string>;
  /**
   * `documented` (default): 429, 401, 403, 408, 5xx, per-attempt timeouts and transport errors
   * fail over; other 4xx return to the client. `any-4xx`: every 4xx fails over too.
   */
  readonly failoverOn: FailoverPolicy;
  /** The routing planner's switches (no-configuration routing among them). */
  readonly planOptions: PlanOptions;
  /** The model catalog names resolve through and `GET /v1/models` lists. */
  readonly catalog: ModelCatalog;
  /** The credential sent to a managed-inference upstream (the stub reads behaviour from it). */
  readonly managedInferenceKey: string;
  /** Where a provider with no configured upstream goes: the in-process stub, or nowhere. */
  readonly defaultUpstream: "stub" | "none";
  /** Largest request body in bytes. */
  readonly maxBodyBytes: number;
  /** Gateway configuration before the account writes one. */
  readonly gatewayConfigDefaults: GatewayConfigRecord;
}

/** What the data plane works with. */
export interface DataPlaneDeps {
  readonly store: EmulatorStore;
  readonly faults: FaultInjector;
  readonly settings: DataPlaneSettings;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger?: EmulatorLogger | undefined;
  /** The base URL of the in-process stub upstream, started on first use. */
  readonly defaultStubUrl: () => Promise<string>;
}

/**
 * What the stages of a request share: the data plane's dependencies, its upstream connection
 * pool and its cache of the account. Made once per data plane, never per request, so that each
 * stage is a plain function call.
 */
export interface DataPlaneContext {
  readonly deps: DataPlaneDeps;
  readonly store: EmulatorStore;
  readonly settings: DataPlaneSettings;
  readonly upstream: UpstreamClient;
  readonly account: AccountCache;
}
