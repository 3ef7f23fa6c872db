import type { CatalogProvider } from "../catalog/providers";
import type { ModelRef } from "../core/model-name";
import type { SourceLocation } from "./locator";

// The resolved, typed form of a gateway.yaml. Every value keeps where it came from (path, 1-based
// range, YAML node), so the policy rules, the review diff and the Pulumi declaration can point
// back at the exact line. "Absent" and "empty" stay distinct everywhere: an `undefined` field was
// not written, `[]` was written empty (for allow-lists: unrestricted versus nothing allowed).

/** A value read from the file, with where it came from. */
export interface Located<T> extends SourceLocation {
  readonly value: T;
}

/** The object sections of gateway.yaml, in declaration (dependency) order. */
export const GATEWAY_SECTIONS = [
  "providers",
  "providerKeys",
  "accessKeyConfigurations",
  "accessKeys",
] as const;

/** One object section of gateway.yaml. */
export type GatewaySection = (typeof GATEWAY_SECTIONS)[number];

/** What every object declared under a section has. */
export interface DeclaredObject {
  readonly section: GatewaySection;
  /** The file that declares the object (its diagnostics' file). */
  readonly file: string;
  /** The team that owns the object: its file's top-level `owner:`, when written. */
  readonly owner: Located<string> | undefined;
  /** The key under the section: the Pulumi resource name and the default API `name`. */
  readonly logicalName: string;
  /** Where the logical name is written (its mapping key node): where to report the object. */
  readonly key: SourceLocation;
  /** The object's mapping node and range. */
  readonly location: SourceLocation;
  /** `name:` when written; the API name is then `apiName`. */
  readonly name: Located<string> | undefined;
  /** The name sent to the API: `name` when written, else the logical name. */
  readonly apiName: string;
  /** `adopt: <id>`: an existing live object the first apply takes over. */
  readonly adopt: Located<string> | undefined;
}

/** A provider a reference resolved to: built-in (catalog) or a custom provider of this file. */
export type ProviderTarget =
  | { readonly kind: "builtin"; readonly catalog: CatalogProvider }
  | { readonly kind: "custom"; readonly provider: ProviderModel };

/** A custom provider API surface, as written. */
export interface ApiSurfaceModel {
  readonly format: string;
  readonly surface?: string;
  readonly supportedParams?: readonly { readonly name: string }[];
}

/** A custom provider (`providers.<name>`). */
export interface ProviderModel extends DeclaredObject {
  readonly kind: "provider";
  readonly section: "providers";
  readonly providerId: Located<string>;
  readonly baseUrl: Located<string>;
  readonly metadata: Located<string> | undefined;
  readonly supportedApiSurfaces: Located<readonly ApiSurfaceModel[]> | undefined;
  /** The declared model ids; undefined keeps the live list, [] removes every model. */
  readonly models: readonly Located<string>[] | undefined;
}

/** Where a secret comes from: a Pulumi config secret of the stack or an environment variable. */
export type SecretSource =
  | { readonly kind: "secret"; readonly key: string }
  | { readonly kind: "env"; readonly variable: string };

/** A provider key (`providerKeys.<name>`). */
export interface ProviderKeyModel extends DeclaredObject {
  readonly kind: "providerKey";
  readonly section: "providerKeys";
  readonly providerId: Located<string>;
  /** The provider `providerId` resolved to; undefined when it names nothing known. */
  readonly provider: ProviderTarget | undefined;
  readonly description: Located<string> | undefined;
  readonly metadata: Located<string> | undefined;
  /** Where the value comes from (never the value itself); its location is the `value` node. */
  readonly value: Located<SecretSource>;
}

/** An entry of `access.providers.allow`. */
export interface ProviderAllowEntry extends Located<string> {
  /** The provider the entry names, when it is built-in or declared in this file. */
  readonly target: ProviderTarget | undefined;
}

/** An entry of `access.models.allow`. */
export interface ModelAllowEntry extends Located<string> {
  /** The entry normalised into `(provider, model)`. */
  readonly ref: ModelRef;
}

/** One dimension of an access scope (`access.providers` or `access.models`). */
export interface AccessDimensionModel<Entry> {
  /** The dimension's mapping. */
  readonly location: SourceLocation;
  /** The allowed entries; undefined when `allow` is absent (unrestricted), [] allows nothing. */
  readonly allow: readonly Entry[] | undefined;
  /** The `allow` list node, when written. */
  readonly allowLocation: SourceLocation | undefined;
}

/** A configuration's `access`: undefined dimensions are unrestricted. */
export interface AccessScopeModel {
  readonly location: SourceLocation;
  readonly providers: AccessDimensionModel<ProviderAllowEntry> | undefined;
  readonly models: AccessDimensionModel<ModelAllowEntry> | undefined;
}

/** A provider key named in a router step, resolved to its declaration. */
export interface ProviderKeyReference extends Located<string> {
  /** The provider key declared under that logical name; undefined when unresolved. */
  readonly target: ProviderKeyModel | undefined;
}

/** One step of a routing rule. */
export interface RouterStepModel {
  readonly index: number;
  readonly location: SourceLocation;
  readonly type: Located<"user" | "ngrok">;
  /** The keys of a `user` step, in failover order; undefined when not written. */
  readonly keys: readonly ProviderKeyReference[] | undefined;
  readonly keySelectionStrategy: Located<"ordered"> | undefined;
}

/** One routing rule. */
export interface RouterRuleModel {
  readonly index: number;
  readonly location: SourceLocation;
  readonly provider: Located<string> | undefined;
  /** The provider `provider` resolved to, when built-in or declared in this file. */
  readonly providerTarget: ProviderTarget | undefined;
  readonly model: (Located<string> & { readonly ref: ModelRef }) | undefined;
  /** The provider the rule routes: `provider`, else the provider part of `model`. */
  readonly upstream: string | undefined;
  readonly steps: readonly RouterStepModel[];
}

/** A configuration's `router`. */
export interface RouterModel {
  readonly location: SourceLocation;
  /** The rules; undefined when `rules` is absent. */
  readonly rules: readonly RouterRuleModel[] | undefined;
}

/** An access key configuration (`accessKeyConfigurations.<name>`). */
export interface AccessKeyConfigurationModel extends DeclaredObject {
  readonly kind: "accessKeyConfiguration";
  readonly section: "accessKeyConfigurations";
  readonly description: Located<string> | undefined;
  readonly metadata: Located<string> | undefined;
  /** undefined: no `access` (allow-all). */
  readonly access: AccessScopeModel | undefined;
  /** undefined: no `router` (default routing). */
  readonly router: RouterModel | undefined;
}

/** The configuration an access key names, resolved to its declaration. */
export interface ConfigurationReference extends Located<string> {
  readonly target: AccessKeyConfigurationModel | undefined;
}

/** An access key (`accessKeys.<name>`). */
export interface AccessKeyModel extends DeclaredObject {
  readonly kind: "accessKey";
  readonly section: "accessKeys";
  readonly description: Located<string> | undefined;
  readonly metadata: Located<string> | undefined;
  /** undefined: no configuration (allow-all). */
  readonly configuration: ConfigurationReference | undefined;
}

/** The gateway configuration singleton (`gatewayConfig`). */
export interface GatewayConfigModel {
  readonly kind: "gatewayConfig";
  /** Where `gatewayConfig` is written. */
  readonly key: SourceLocation;
  readonly location: SourceLocation;
  readonly perRequestTimeout: Located<string> | undefined;
  readonly totalTimeout: Located<string> | undefined;
  /** null clears the cap; undefined leaves it as it is. */
  readonly maxInputTokens: Located<number | null> | undefined;
  readonly maxOutputTokens: Located<number | null> | undefined;
  readonly metadata: Located<string> | undefined;
}

/** Any object declared under a section. */
export type GatewayObjectModel =
  ProviderModel | ProviderKeyModel | AccessKeyConfigurationModel | AccessKeyModel;

/**
 * A whole gateway.yaml, or several merged into one declaration, resolved. Each map is keyed by
 * logical name in document order (files in load order). Objects
 * whose own required fields are missing or mistyped are left out (their diagnostics say why),
 * and a reference to them stays unresolved without a second diagnostic. Every reference is
 * resolved only when the diagnostics hold no error.
 */
export interface GatewayModel {
  /** The file; for the model of several files merged, the first of them. */
  readonly file: string;
  /** Every file the model was read from, in load order (one, unless several were merged). */
  readonly files: readonly string[];
  /** The file's top-level `owner:`; undefined for several files merged (see each object's). */
  readonly owner: Located<string> | undefined;
  readonly version: number | undefined;
  readonly gatewayConfig: GatewayConfigModel | undefined;
  readonly providers: ReadonlyMap<string, ProviderModel>;
  readonly providerKeys: ReadonlyMap<string, ProviderKeyModel>;
  readonly accessKeyConfigurations: ReadonlyMap<string, AccessKeyConfigurationModel>;
  readonly accessKeys: ReadonlyMap<string, AccessKeyModel>;
}

/**
 * Every declared object in dependency order: providers, provider keys, configurations, access
 * keys (document order within a section). Declaring Pulumi resources in this order means each
 * object's references already exist.
 */
export function declarationOrder(model: GatewayModel): GatewayObjectModel[] {
  return [
    ...model.providers.values(),
    ...model.providerKeys.values(),
    ...model.accessKeyConfigurations.values(),
    ...model.accessKeys.values(),
  ];
}
