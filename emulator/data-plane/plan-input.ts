import type { PlanInput } from "pulumi-ngrok-ai/dist/routing/planner";
import type { PlanConfiguration } from "pulumi-ngrok-ai/dist/routing/types";
import type {
  AccessKeyConfigurationRecord,
  AccessKeyRecord,
  EmulatorStore,
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
export function planConfiguration(
  c: AccessKeyConfigurationRecord,
  providerKeys: ReadonlyMap<string, ProviderKeyRecord>,
): PlanConfiguration {
  return {
    id: c.id,
    name: c.name,
    access: c.access,
    router:
      c.router === null
        ? null
        : {
            ...(c.router.rules === undefined
              ? {}
              : {
                  rules: c.router.rules.map((rule) => ({
                    ...rule,
                    steps: rule.steps.map((step) => ({
                      ...step,
                      ...(step.keys === undefined
                        ? {}
                        : {
                            keys: step.keys.map((k) => {
                              const key = providerKeys.get(k.id);
                              return {
                                id: k.id,
                                name: key?.name ?? "",
                                keyRedacted: key?.keyRedacted ?? "",
                              };
                            }),
                          }),
                    })),
                  })),
                }),
          },
  };
}

/**
 * Reads what the planner needs for one request of `accessKey`: its configuration (none ⇒
 * allow-all), the account's provider keys in creation order and its custom providers.
 */
export function accountView(
  store: EmulatorStore,
  accessKey: AccessKeyRecord,
  model: string | null | undefined,
  models: readonly string[] | undefined,
): AccountView {
  const keyRows = store.allProviderKeys();
  const providerRows = store.allProviders();
  const providerKeys = new Map(keyRows.map((k) => [k.id, k]));
  const configurationId = accessKey.accessKeyConfigurationId;
  const configuration =
    configurationId === null ? undefined : store.getAccessKeyConfiguration(configurationId);
  return {
    input: {
      accessKey: { id: accessKey.id, accessKeyConfigurationId: configuration?.id ?? null },
      configuration:
        configuration === undefined ? undefined : planConfiguration(configuration, providerKeys),
      providerKeys: keyRows.map((k) => ({
        id: k.id,
        providerId: k.providerId,
        name: k.name,
        createdAt: k.createdAt,
      })),
      customProviders: providerRows.map((p) => ({
        id: p.id,
        providerId: p.providerId,
        models: p.models.map((m) => ({ modelId: m.modelId })),
      })),
      model,
      models,
    },
    providerKeys,
    providers: new Map(providerRows.map((p) => [p.providerId, p])),
  };
}
