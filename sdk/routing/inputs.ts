/**
 * The one adapter into the routing core's inputs ({@link PlanInput} and its parts), from each
 * place an account is read: a gateway.yaml declaration (by logical names), the management API's
 * read shapes (`aigw explain --live`), and the emulator's stored rows (its data plane and its
 * rendering of routers). `aigw explain`, the policy validator and the emulator all build their
 * planner input here, so a configuration means the same to each of them.
 */
import { type MappedRouter, type RouterShape, mapRouter } from "../core/router-shape";
import type {
  AccessDimensionModel,
  AccessKeyConfigurationModel,
  AccessKeyModel,
  GatewayModel,
  ProviderKeyReference,
  RouterModel,
} from "../gitops/model";
import type { PlanInput } from "./planner";
import type {
  AccessDimensionInput,
  AccessScopeInput,
  PlanConfiguration,
  PlanCustomProvider,
  PlanProviderKey,
  RouterStepKeyInput,
} from "./types";

/** The planner's input for an account, without the request's models. */
export type AccountPlanInput = Omit<PlanInput, "model" | "models">;

// ---- gateway.yaml --------------------------------------------------------------------------

/** The id a declared object stands under in a plan: its section and logical name. */
export function declaredId(section: string, logicalName: string): string {
  return `${section}.${logicalName}`;
}

function dimensionFromModel(
  dimension: AccessDimensionModel<{ readonly value: string }> | undefined,
): AccessDimensionInput | undefined {
  if (dimension === undefined) return undefined;
  return dimension.allow === undefined ? {} : { allow: dimension.allow.map((e) => e.value) };
}

/**
 * The scope predicate's input for a declared configuration's `access`: undefined when it has no
 * `access` (allow-all); a dimension without `allow` is unrestricted, `allow: []` admits nothing.
 */
export function accessFromModel(config: AccessKeyConfigurationModel): AccessScopeInput | undefined {
  const access = config.access;
  if (access === undefined) return undefined;
  const providers = dimensionFromModel(access.providers);
  const models = dimensionFromModel(access.models);
  return {
    ...(providers === undefined ? {} : { providers }),
    ...(models === undefined ? {} : { models }),
  };
}

/** A declared router as plain values, its keys the references as written (logical names). */
export function routerFromModel(
  router: RouterModel | undefined,
): RouterShape<ProviderKeyReference> | undefined {
  if (router === undefined) return undefined;
  if (router.rules === undefined) return {};
  return {
    rules: router.rules.map((rule) => ({
      provider: rule.provider?.value,
      model: rule.model?.value,
      steps: rule.steps.map((step) => ({
        type: step.type.value,
        keys: step.keys,
        keySelectionStrategy: step.keySelectionStrategy?.value,
      })),
    })),
  };
}

/** The logical name a router key reference resolves to (or names, when unresolved). */
function keyName(ref: ProviderKeyReference): string {
  return ref.target?.logicalName ?? ref.value;
}

/**
 * A declared configuration as the planner reads it, objects standing under their
 * {@link declaredId}s: router keys are `providerKeys.<name>`.
 */
export function configurationFromModel(config: AccessKeyConfigurationModel): PlanConfiguration {
  const router = routerFromModel(config.router);
  return {
    id: declaredId("accessKeyConfigurations", config.logicalName),
    name: config.logicalName,
    access: accessFromModel(config),
    router:
      router === undefined
        ? undefined
        : mapRouter(router, (ref) => ({
            id: declaredId("providerKeys", keyName(ref)),
            name: keyName(ref),
          })),
  };
}

/** The access key declared as `ref`: by logical name, API name or adopted id. */
export function findDeclaredAccessKey(
  model: GatewayModel,
  ref: string,
): AccessKeyModel | undefined {
  return (
    model.accessKeys.get(ref) ??
    [...model.accessKeys.values()].find((k) => k.apiName === ref || k.adopt?.value === ref)
  );
}

/**
 * The planner input for a declared access key, by logical names: every object stands under its
 * {@link declaredId}, and the provider keys' creation order is their document order. A link to a
 * configuration the file does not declare is read as no configuration.
 */
export function declaredPlanInput(
  model: GatewayModel,
  accessKey: AccessKeyModel,
): AccountPlanInput {
  const target = accessKey.configuration?.target;
  return {
    accessKey: {
      id: declaredId("accessKeys", accessKey.logicalName),
      accessKeyConfigurationId:
        target === undefined ? null : declaredId("accessKeyConfigurations", target.logicalName),
    },
    configuration: target === undefined ? undefined : configurationFromModel(target),
    ...declaredAccountInput(model),
  };
}

/**
 * The account part of a declared planner input (provider keys in document order, custom
 * providers), shared by every access key and configuration of the file.
 */
export function declaredAccountInput(
  model: GatewayModel,
): Pick<AccountPlanInput, "providerKeys" | "customProviders"> {
  const epoch = Date.UTC(2000, 0, 1);
  return {
    providerKeys: [...model.providerKeys.values()].map((k, i) => ({
      id: declaredId("providerKeys", k.logicalName),
      providerId: k.providerId.value,
      name: k.logicalName,
      createdAt: new Date(epoch + i * 1000).toISOString(),
    })),
    customProviders: [...model.providers.values()].map((p) =>
      planCustomProvider({
        id: declaredId("providers", p.logicalName),
        providerId: p.providerId.value,
        models: (p.models ?? []).map((m) => ({ modelId: m.value })),
      }),
    ),
  };
}

// ---- the account, as the API shows it or the emulator stores it ---------------------------

/** What the planner reads of a provider key: the API's read shape and the stored row both fit. */
export interface ProviderKeyShape {
  readonly id: string;
  readonly providerId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly keyRedacted?: string | undefined;
}

/** What the planner reads of a custom provider. */
export interface CustomProviderShape {
  readonly id: string;
  readonly providerId: string;
  readonly models?: readonly { readonly modelId: string }[] | null | undefined;
}

/** A provider key as the planner reads it. */
export function planProviderKey(key: ProviderKeyShape): PlanProviderKey {
  return { id: key.id, providerId: key.providerId, name: key.name, createdAt: key.createdAt };
}

/** A custom provider as the planner reads it. */
export function planCustomProvider(provider: CustomProviderShape): PlanCustomProvider {
  return {
    id: provider.id,
    providerId: provider.providerId,
    models: (provider.models ?? []).map((m) => ({ modelId: m.modelId })),
  };
}

/**
 * A router whose keys are ids, with each key shown as the API reads it back: `{id, name,
 * keyRedacted}` of the account's provider key (empty strings for a key the account no longer
 * has). The emulator renders routers this way, and its data plane plans from the same shape that
 * `aigw explain --live` reads from the API.
 */
export function routerWithKeyDetails(
  router: RouterShape<{ readonly id: string }>,
  providerKey: (id: string) => ProviderKeyShape | undefined,
): MappedRouter<Required<Pick<RouterStepKeyInput, "id" | "name" | "keyRedacted">>> {
  return mapRouter(router, (k) => {
    const key = providerKey(k.id);
    return { id: k.id, name: key?.name ?? "", keyRedacted: key?.keyRedacted ?? "" };
  });
}

/** A configuration of the account (read shape or stored row) as the planner reads it. */
export interface ConfigurationShape {
  readonly id: string;
  readonly name?: string | null | undefined;
  readonly access?: AccessScopeInput | null | undefined;
  readonly router?: RouterShape<RouterStepKeyInput> | null | undefined;
}

/** A configuration of the account as the planner reads it. */
export function planConfiguration(configuration: ConfigurationShape): PlanConfiguration {
  return {
    id: configuration.id,
    ...(configuration.name === undefined || configuration.name === null
      ? {}
      : { name: configuration.name }),
    access: configuration.access,
    router: configuration.router,
  };
}

/** What {@link accountPlanInput} reads: one access key and the account's objects. */
export interface AccountObjects {
  readonly accessKey: { readonly id: string };
  /** The access key's configuration; undefined ⇒ none (allow-all). */
  readonly configuration: ConfigurationShape | undefined;
  /** The account's provider keys, oldest first (their creation order). */
  readonly providerKeys: readonly ProviderKeyShape[];
  readonly customProviders: readonly CustomProviderShape[];
}

/** The planner input for an access key of a live or emulated account. */
export function accountPlanInput(account: AccountObjects): AccountPlanInput {
  const configuration = account.configuration;
  return {
    accessKey: { id: account.accessKey.id, accessKeyConfigurationId: configuration?.id ?? null },
    configuration: configuration === undefined ? undefined : planConfiguration(configuration),
    providerKeys: account.providerKeys.map(planProviderKey),
    customProviders: account.customProviders.map(planCustomProvider),
  };
}
