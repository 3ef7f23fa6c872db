import {
  type PlanConfiguration,
  type PlanCustomProvider,
  type PlanInput,
  type PlanOptions,
  type PlanProviderKey,
  type RoutingPlan,
  planConfiguration,
  planCustomProvider,
  planProviderKey,
  planRequest,
  routerWithKeyDetails,
} from "pulumi-ngrok-ai/routing";
import type { ModelCatalog } from "pulumi-ngrok-ai/catalog";
import { BoundedCache } from "../bounded-cache";
import { hashToken } from "../store/secrets";
import { durationMs } from "../durations";
import type {
  AccessKeyConfigurationRecord,
  AccessKeyRecord,
  EmulatorStore,
  GatewayConfigRecord,
  ProviderKeyRecord,
  ProviderRecord,
} from "../store/store";

/** The planner's input for one request, and the account rows the data plane needs to run it. */
export interface AccountView {
  readonly input: PlanInput;
  /** Provider keys by id. */
  readonly providerKeys: ReadonlyMap<string, ProviderKeyRecord>;
  /** Custom providers by `providerId`. */
  readonly providers: ReadonlyMap<string, ProviderRecord>;
}

/**
 * A stored configuration in the planner's shape, router keys read as the API shows them
 * (`{id, name, keyRedacted}`), exactly what `aigw explain --live` reads back from the API.
 */
export function planStoredConfiguration(
  c: AccessKeyConfigurationRecord,
  providerKeys: ReadonlyMap<string, ProviderKeyRecord>,
): PlanConfiguration {
  return planConfiguration({
    id: c.id,
    name: c.name,
    access: c.access,
    router: c.router === null ? null : routerWithKeyDetails(c.router, (id) => providerKeys.get(id)),
  });
}

/** The gateway configuration with its timeouts parsed (Go durations, in milliseconds). */
export interface GatewayLimits extends GatewayConfigRecord {
  readonly perRequestMs: number;
  readonly totalMs: number;
}

/** The account as the data plane reads it, valid for one revision of the store. */
interface Snapshot {
  readonly revision: number;
  readonly providerKeys: ReadonlyMap<string, ProviderKeyRecord>;
  readonly providers: ReadonlyMap<string, ProviderRecord>;
  readonly planProviderKeys: readonly PlanProviderKey[];
  readonly customProviders: readonly PlanCustomProvider[];
  /** Access keys by token hash, filled as tokens are presented (unknown tokens are not kept). */
  readonly accessKeys: BoundedCache<string, AccessKeyRecord>;
  /** Configurations in the planner's shape by id (undefined: no such configuration). */
  readonly configurations: BoundedCache<string, PlanConfiguration | undefined>;
  /** Plans by access key and requested models: the planner is pure, so its answer holds. */
  readonly plans: BoundedCache<string, RoutingPlan>;
  gatewayLimits?: GatewayLimits;
}

/**
 * What the data plane reads from the store for each request (provider keys, custom providers,
 * configurations, the access key of a token, the gateway configuration, and the routing plan
 * made from them), kept in memory until the store's `revision` changes, that is until any object
 * of the account is created, changed or deleted. A request therefore sees every change committed
 * before it, as if it had read the database. Provider key values are not kept here: each attempt
 * gets its key from `EmulatorStore.decryptProviderKeyValue`, which never keeps one in plaintext.
 */
export class AccountCache {
  readonly #store: EmulatorStore;
  readonly #planOptions: PlanOptions;
  readonly #gatewayConfigDefaults: GatewayConfigRecord;
  readonly #catalog: ModelCatalog | undefined;
  #snapshot: Snapshot | undefined;

  constructor(
    store: EmulatorStore,
    planOptions: PlanOptions,
    gatewayConfigDefaults: GatewayConfigRecord,
    catalog?: ModelCatalog,
  ) {
    this.#store = store;
    this.#planOptions = planOptions;
    this.#gatewayConfigDefaults = gatewayConfigDefaults;
    this.#catalog = catalog;
  }

  #current(): Snapshot {
    const revision = this.#store.revision;
    if (this.#snapshot?.revision === revision) return this.#snapshot;
    const keyRows = this.#store.allProviderKeys();
    const providerRows = this.#store.allProviders();
    this.#snapshot = {
      revision,
      providerKeys: new Map(keyRows.map((k) => [k.id, k])),
      providers: new Map(providerRows.map((p) => [p.providerId, p])),
      planProviderKeys: keyRows.map(planProviderKey),
      customProviders: providerRows.map(planCustomProvider),
      accessKeys: new BoundedCache(),
      configurations: new BoundedCache(),
      plans: new BoundedCache(),
    };
    return this.#snapshot;
  }

  /** The access key whose token is `token`; undefined for an unknown or deleted key. */
  findAccessKey(token: string): AccessKeyRecord | undefined {
    const snapshot = this.#current();
    const hash = hashToken(token);
    const cached = snapshot.accessKeys.get(hash);
    if (cached !== undefined) return cached;
    // Unknown tokens are not kept: a key created later must be found.
    const found = this.#store.findAccessKeyByTokenHash(hash);
    return found === undefined ? undefined : snapshot.accessKeys.set(hash, found);
  }

  /** The gateway configuration (its defaults until the account writes one), timeouts parsed. */
  gatewayLimits(): GatewayLimits {
    const snapshot = this.#current();
    if (snapshot.gatewayLimits === undefined) {
      const config = this.#store.getGatewayConfig(this.#gatewayConfigDefaults);
      snapshot.gatewayLimits = {
        ...config,
        perRequestMs: durationMs(config.perRequestTimeout, "60s"),
        totalMs: durationMs(config.totalTimeout, "120s"),
      };
    }
    return snapshot.gatewayLimits;
  }

  #configuration(snapshot: Snapshot, id: string): PlanConfiguration | undefined {
    return snapshot.configurations.getOrMake(id, () => {
      const row = this.#store.getAccessKeyConfiguration(id);
      return row === undefined ? undefined : planStoredConfiguration(row, snapshot.providerKeys);
    });
  }

  /**
   * The planner's input for one request of `accessKey`: its configuration (none ⇒ allow-all),
   * the account's provider keys in creation order and its custom providers.
   */
  view(
    accessKey: AccessKeyRecord,
    model: string | null | undefined,
    models: readonly string[] | undefined,
  ): AccountView {
    const snapshot = this.#current();
    const configurationId = accessKey.accessKeyConfigurationId;
    const configuration =
      configurationId === null ? undefined : this.#configuration(snapshot, configurationId);
    return {
      input: {
        accessKey: {
          id: accessKey.id,
          accessKeyConfigurationId: configuration === undefined ? null : configurationId,
        },
        configuration,
        providerKeys: snapshot.planProviderKeys,
        customProviders: snapshot.customProviders,
        model,
        models,
        catalog: this.#catalog,
      },
      providerKeys: snapshot.providerKeys,
      providers: snapshot.providers,
    };
  }

  /** The routing plan of one request (`planRequest` on `view`'s input), and that view. */
  plan(
    accessKey: AccessKeyRecord,
    model: string | null | undefined,
    models: readonly string[] | undefined,
  ): { readonly view: AccountView; readonly plan: RoutingPlan } {
    const view = this.view(accessKey, model, models);
    const snapshot = this.#current();
    // Access key ids hold no NUL and never start with "[", so the two forms cannot collide.
    const key =
      models === undefined && typeof model === "string"
        ? `${accessKey.id}\0${model}`
        : JSON.stringify([accessKey.id, model ?? null, models ?? null]);
    const plan = snapshot.plans.getOrMake(key, () => planRequest(view.input, this.#planOptions));
    return { view, plan };
  }
}
