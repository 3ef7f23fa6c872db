// Request and response shapes of the ngrok.ai management API, field for field from the official
// OpenAPI file (`components.schemas`, version 0.1.0). Names drop the `AIGateway` prefix; each type
// names its schema. Update (PATCH) bodies follow the API's convention: an omitted field is left
// unchanged and an explicit `null` clears it.

/** A reference to another API object (`Ref`), used for `createdBy` and `lastUpdatedBy`. */
export interface Ref {
  /** The id of the referenced principal or object. */
  id: string;
  /** The API URI of the referenced object. */
  uri: string;
}

/** The API's error body (`Error`): every non-success response carries one. */
export interface ApiErrorBody {
  /** A stable `ERR_NGROK_…` code, when the API gives one. */
  errorCode?: string;
  /** The HTTP status, repeated in the body. */
  statusCode: number;
  /** A human-readable message. */
  msg: string;
  /** Extra string facts about the error; `{}` when there are none. */
  details: Record<string, string>;
}

/** Query parameters shared by every list endpoint. */
export interface ListParams {
  /** Return the items before this id (lists are in descending id order, newest first). */
  beforeId?: string;
  /** Page size, 1 to 100; the client asks for 100 when this is omitted. */
  limit?: number;
}

/** Query parameters of `GET /provider-keys`. */
export interface ProviderKeyListParams extends ListParams {
  /** Only keys of this provider, such as `openai`. */
  provider?: string;
}

/** The envelope fields every list response carries besides its items. */
export interface ListEnvelope {
  /** The URI of this page. */
  uri: string;
  /** The URI of the next page, or `null` (or absent) on the last page. Follow it verbatim. */
  nextPageUri?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Access scope and router

/** One dimension of an access scope (`AccessDimension`). */
export interface AccessDimension {
  /**
   * Allowed entries, exact strings. Absent means no restriction on this dimension; an empty array
   * means nothing is allowed.
   */
  allow?: string[];
}

/** Which providers and models a configuration may reach (`AccessScope`); absent means allow-all. */
export interface AccessScope {
  /** Allowed provider references: a catalog providerId, a custom providerId or an `aigp_…` id. */
  providers?: AccessDimension;
  /** Allowed model ids. */
  models?: AccessDimension;
}

/** A provider key as shown inside a router step (`RouterStepKey`). */
export interface RouterStepKey {
  /** The provider key's id (`aigpk_…`). */
  id: string;
  /** The provider key's name. */
  name: string;
  /** The provider key's redacted value. */
  keyRedacted: string;
}

/** The kind of a router step: `user` tries the listed provider keys, `ngrok` uses ngrok inference. */
export type RouterStepType = "user" | "ngrok";

/** A router step as read (`RouterStep`). */
export interface RouterStep {
  /** `user` (bring your own keys) or `ngrok` (ngrok-paid inference). */
  type: RouterStepType;
  /** The keys tried in order, for `user` steps. */
  keys?: RouterStepKey[];
  /** How keys are chosen; only `ordered` exists. */
  keySelectionStrategy?: "ordered";
}

/** A routing rule as read (`RouterRule`). */
export interface RouterRule {
  /** The provider this rule applies to. */
  provider?: string;
  /** The provider-qualified model this rule applies to. */
  model?: string;
  /** The fallback chain, tried in order. */
  steps: RouterStep[];
}

/** Routing as read (`Router`). */
export interface Router {
  /** The routing rules. */
  rules?: RouterRule[];
}

/**
 * A key reference in a router step on write (`RouterStepKeyWrite`): either `{ id }` to attach an
 * existing provider key, or `{ name, value }` to create one inline (`value` is a secret).
 */
export interface RouterStepKeyWrite {
  /** The id of an existing provider key. */
  id?: string;
  /** The name of an inline-created key. */
  name?: string;
  /** The secret value of an inline-created key; write-only. */
  value?: string;
}

/** A router step on write (`RouterStepWrite`). */
export interface RouterStepWrite {
  /** `user` (bring your own keys) or `ngrok` (ngrok-paid inference). */
  type: RouterStepType;
  /** The keys to try in order; required for `user` steps. */
  keys?: RouterStepKeyWrite[];
  /** How keys are chosen; only `ordered` exists. */
  keySelectionStrategy?: "ordered";
}

/** A routing rule on write (`RouterRuleWrite`); `steps` has at least one entry. */
export interface RouterRuleWrite {
  /** The provider this rule applies to. */
  provider?: string;
  /** The provider-qualified model this rule applies to, such as `openai:openai/gpt-5.5`. */
  model?: string;
  /** The fallback chain, tried in order. */
  steps: RouterStepWrite[];
}

/** Routing on write (`RouterWrite`); absent means default routing. */
export interface RouterWrite {
  /** The routing rules. */
  rules?: RouterRuleWrite[];
}

// ---------------------------------------------------------------------------------------------
// Access key configurations

/** An access key configuration (`AIGatewayAccessKeyConfiguration`). */
export interface AccessKeyConfiguration {
  /** The id, `aigac_…`. */
  id: string;
  /** The API URI of this object. */
  uri: string;
  /** The name. */
  name: string;
  /** When it was created (RFC 3339). */
  createdAt: string;
  /** When it was last changed (RFC 3339). */
  updatedAt: string;
  /** Who created it. */
  createdBy: Ref;
  /** Who changed it last. */
  lastUpdatedBy: Ref;
  /** A description, at most 255 characters. */
  description?: string;
  /** Opaque user metadata, at most 4096 characters. */
  metadata?: string;
  /** The access scope; absent means allow-all. */
  access?: AccessScope;
  /** The routing; absent means default routing. */
  router?: Router;
}

/** A page of access key configurations (`AIGatewayAccessKeyConfigurationList`). */
export interface AccessKeyConfigurationList extends ListEnvelope {
  /** The configurations on this page, newest first. */
  aiGatewayAccessKeyConfigurations: AccessKeyConfiguration[];
}

/** The body of `POST /access-key-configurations` (`AIGatewayAccessKeyConfigurationCreate`). */
export interface AccessKeyConfigurationCreate {
  /** The name, at most 255 characters. */
  name: string;
  /** A description, at most 255 characters. */
  description?: string;
  /** Opaque user metadata, at most 4096 characters. */
  metadata?: string;
  /** The access scope; omit for allow-all. */
  access?: AccessScope;
  /** The routing; omit for default routing. */
  router?: RouterWrite;
}

/**
 * The body of `PATCH /access-key-configurations/{id}` (`AIGatewayAccessKeyConfigurationUpdate`):
 * omitted fields stay, `null` clears (`access: null` is allow-all, `router: null` default routing).
 */
export interface AccessKeyConfigurationUpdate {
  /** The name. */
  name?: string | null;
  /** The description. */
  description?: string | null;
  /** Opaque user metadata. */
  metadata?: string | null;
  /** The access scope, replaced whole. */
  access?: AccessScope | null;
  /** The routing, replaced whole. */
  router?: RouterWrite | null;
}

// ---------------------------------------------------------------------------------------------
// Access keys

/** The configuration an access key is linked to, as shown on the key. */
export interface AccessKeyConfigurationLink {
  /** The configuration's id. */
  id: string;
  /** The configuration's API URI. */
  uri: string;
  /** The configuration's name. */
  name: string;
}

/**
 * An access key (`AIGatewayAccessKey`): the client credential for gateway traffic. Its id is
 * `aigk_…` and its `token` (`ng-…-g1-…`) is present only in the create response; otherwise it has
 * the fields of an {@link ApiKey} and the configuration it is linked to.
 */
export interface AccessKey extends ApiKey {
  /** The linked configuration; `null` or absent means allow-all. */
  accessKeyConfiguration?: AccessKeyConfigurationLink | null;
}

/** A page of access keys (`AIGatewayAccessKeyList`). */
export interface AccessKeyList extends ListEnvelope {
  /** The access keys on this page, newest first. */
  aiGatewayAccessKeys: AccessKey[];
}

/** The body of `POST /access-keys` (`AIGatewayAccessKeyCreate`); `{}` is valid. */
export interface AccessKeyCreate {
  /** The name, at most 255 characters. */
  name?: string;
  /** A description, at most 255 characters. */
  description?: string;
  /** Opaque user metadata, at most 4096 characters. */
  metadata?: string;
  /** The configuration to link; omit for allow-all. */
  accessKeyConfigurationId?: string;
}

/** The body of `PATCH /access-keys/{id}` (`AIGatewayAccessKeyUpdate`); `null` clears a field. */
export interface AccessKeyUpdate {
  /** The name. */
  name?: string | null;
  /** The description. */
  description?: string | null;
  /** Opaque user metadata. */
  metadata?: string | null;
  /** The configuration to link; `null` reverts to allow-all. */
  accessKeyConfigurationId?: string | null;
}

// ---------------------------------------------------------------------------------------------
// AI Gateway API keys

/** A management API key (`AIGatewayAPIKey`). */
export interface ApiKey {
  /** The id. */
  id: string;
  /** The API URI of this object. */
  uri: string;
  /** When it was created (RFC 3339). */
  createdAt: string;
  /** When it was last changed (RFC 3339). */
  updatedAt: string;
  /** Who created it. */
  createdBy: Ref;
  /** Who changed it last. */
  lastUpdatedBy: Ref;
  /** The redacted token. */
  keyRedacted: string;
  /** The name. */
  name?: string;
  /** A description. */
  description?: string;
  /** Opaque user metadata. */
  metadata?: string;
  /** The plaintext token, a secret present only in the create response. */
  token?: string;
  /** When it was last used, or `null`. */
  lastUsed?: string | null;
}

/** A page of API keys (`AIGatewayAPIKeyList`). */
export interface ApiKeyList extends ListEnvelope {
  /** The API keys on this page, newest first. */
  aiGatewayApiKeys: ApiKey[];
}

/** The body of `POST /api-keys` (`AIGatewayAPIKeyCreate`); `{}` is valid. */
export interface ApiKeyCreate {
  /** The name, at most 255 characters. */
  name?: string;
  /** A description, at most 255 characters. */
  description?: string;
  /** Opaque user metadata, at most 4096 characters. */
  metadata?: string;
}

/** The body of `PATCH /api-keys/{id}` (`AIGatewayAPIKeyUpdate`); `null` clears a field. */
export interface ApiKeyUpdate {
  /** The name. */
  name?: string | null;
  /** The description. */
  description?: string | null;
  /** Opaque user metadata. */
  metadata?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Provider keys

/** A provider key (`AIGatewayProviderAPIKeyDetail`); its value is write-only. */
export interface ProviderKey {
  /** The id, `aigpk_…`; kept by rotation. */
  id: string;
  /** The API URI of this object. */
  uri: string;
  /** When it was created (RFC 3339). */
  createdAt: string;
  /** When it was last changed or rotated (RFC 3339). */
  updatedAt: string;
  /** The provider, such as `openai` or a custom providerId. */
  providerId: string;
  /** The name. */
  name: string;
  /** The redacted value, `first10***last4`. */
  keyRedacted: string;
  /** A description. */
  description?: string;
  /** Opaque user metadata. */
  metadata?: string;
  /** Who created it. */
  createdBy: Ref;
  /** Who changed it last. */
  lastUpdatedBy: Ref;
  /** When it was last used, or `null`. */
  lastUsed?: string | null;
}

/** A page of provider keys (`AIGatewayProviderAPIKeyList`). */
export interface ProviderKeyList extends ListEnvelope {
  /** The provider keys on this page, newest first. */
  aiGatewayProviderKeys: ProviderKey[];
}

/** The body of `POST /provider-keys` (`AIGatewayProviderAPIKeyCreate`). */
export interface ProviderKeyCreate {
  /** The provider, such as `openai`. */
  providerId: string;
  /** The name, at most 255 characters. */
  name: string;
  /** The secret value; write-only, never returned. */
  value: string;
  /** A description, at most 255 characters. */
  description?: string;
  /** Opaque user metadata, at most 4096 characters. */
  metadata?: string;
}

/**
 * The body of `PATCH /provider-keys/{id}` (`AIGatewayProviderAPIKeyUpdate`): labels only; the
 * provider and the value cannot be patched. `null` clears a field.
 */
export interface ProviderKeyUpdate {
  /** The name. */
  name?: string | null;
  /** The description. */
  description?: string | null;
  /** Opaque user metadata. */
  metadata?: string | null;
}

/** The body of `POST /provider-keys/{id}/rotate` (`AIGatewayProviderAPIKeyRotate`). */
export interface ProviderKeyRotate {
  /** The name (required by the API). */
  name: string;
  /** The new secret value. */
  value: string;
}

// ---------------------------------------------------------------------------------------------
// Providers (user-defined)

/** A parameter an API surface supports (`SupportedAPISurfaceParam`). */
export interface SupportedApiSurfaceParam {
  /** The parameter name. */
  name: string;
}

/** An API surface a custom provider speaks (`SupportedAPISurface`). */
export interface SupportedApiSurface {
  /** The API format, such as `openai` or `anthropic`. */
  format: string;
  /** The surface within the format, such as `chat-completions`. */
  surface?: string;
  /** The parameters this surface supports. */
  supportedParams?: SupportedApiSurfaceParam[];
}

/** A model declared on a custom provider, as read (`AIGatewayProviderModel`). */
export interface ProviderModel {
  /** The model entry's id. */
  id: string;
  /** The model id used in requests. */
  modelId: string;
}

/** A model declared on a custom provider, on write (`AIGatewayProviderModelCreate`). */
export interface ProviderModelCreate {
  /** The model id used in requests, 1 to 255 characters. */
  modelId: string;
}

/** A user-defined (custom) provider (`AIGatewayProvider`). */
export interface Provider {
  /** The id, `aigp_…`. */
  id: string;
  /** The API URI of this object. */
  uri: string;
  /** The address segment used in `provider:model` strings; unique in the account. */
  providerId: string;
  /** The display name. */
  name: string;
  /** The upstream base URL. */
  baseUrl: string;
  /** Opaque user metadata. */
  metadata?: string;
  /** When it was created (RFC 3339). */
  createdAt: string;
  /** When it was last changed (RFC 3339). */
  updatedAt: string;
  /** Who created it. */
  createdBy: Ref;
  /** Who changed it last. */
  lastUpdatedBy: Ref;
  /** The API surfaces the upstream speaks. */
  supportedApiSurfaces?: SupportedApiSurface[];
  /** The declared models. */
  models?: ProviderModel[];
}

/** A page of custom providers (`AIGatewayProviderList`). */
export interface ProviderList extends ListEnvelope {
  /** The providers on this page, newest first. */
  aiGatewayProviders: Provider[];
}

/** The body of `POST /providers` (`AIGatewayProviderCreate`). */
export interface ProviderCreate {
  /** The address segment; must not be a built-in catalog id. */
  providerId: string;
  /** The display name, 1 to 255 characters. */
  name: string;
  /** The upstream base URL, 1 to 2048 characters. */
  baseUrl: string;
  /** Opaque user metadata, at most 4096 characters. */
  metadata?: string;
  /** The API surfaces the upstream speaks. */
  supportedApiSurfaces?: SupportedApiSurface[];
  /** The declared models. */
  models?: ProviderModelCreate[];
}

/**
 * The body of `PATCH /providers/{id}` (`AIGatewayProviderUpdate`). `providerId` is immutable and
 * `baseUrl` cannot be cleared; `models` is a full replacement (`[]` removes all).
 */
export interface ProviderUpdate {
  /** The display name. */
  name?: string | null;
  /** The upstream base URL (not nullable). */
  baseUrl?: string;
  /** Opaque user metadata. */
  metadata?: string | null;
  /** The API surfaces, replaced whole. */
  supportedApiSurfaces?: SupportedApiSurface[] | null;
  /** The declared models, replaced whole. */
  models?: ProviderModelCreate[] | null;
}

// ---------------------------------------------------------------------------------------------
// Gateway configuration (singleton)

/** The account's gateway configuration (`AIGatewayConfig`). */
export interface GatewayConfig {
  /** The account id. */
  accountId: string;
  /** The API URI of this object. */
  uri: string;
  /** The total time budget of one gateway request, a Go duration such as `120s`. */
  totalTimeout: string;
  /** The time budget of one upstream attempt, a Go duration such as `60s`. */
  perRequestTimeout: string;
  /** The input token cap per request, or `null` for none. */
  maxInputTokens?: number | null;
  /** The output token cap per request, or `null` for none. */
  maxOutputTokens?: number | null;
  /** Opaque user metadata, or `null`. */
  metadata?: string | null;
}

/** The body of `PATCH /gateway-config` (`AIGatewayConfigUpdate`); durations are not nullable. */
export interface GatewayConfigUpdate {
  /** The total time budget, a Go duration. */
  totalTimeout?: string;
  /** The per-attempt time budget, a Go duration. */
  perRequestTimeout?: string;
  /** The input token cap; `null` removes the cap. */
  maxInputTokens?: number | null;
  /** The output token cap; `null` removes the cap. */
  maxOutputTokens?: number | null;
  /** Opaque user metadata; `null` clears it. */
  metadata?: string | null;
}
