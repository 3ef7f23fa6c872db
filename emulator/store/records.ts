// The rows of the emulator's tables as the rest of the emulator sees them, and the page queries.

/** Who made or last changed an object: a principal id (an API key id, or `usr_emulator`). */
export interface AuditFields {
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
  readonly lastUpdatedBy: string;
}

/** One allow-list dimension: `allow` absent = unrestricted, `[]` = nothing allowed. */
export interface AccessDimension {
  allow?: string[];
}

/** `access` of a configuration, exactly as written. */
export interface AccessScope {
  providers?: AccessDimension;
  models?: AccessDimension;
}

/** A router step as stored: `user` steps list provider key ids in failover order. */
export interface StoredRouterStep {
  type: "user" | "ngrok";
  keys?: { id: string }[];
  keySelectionStrategy?: "ordered";
}

/** A router rule as stored (inline keys already turned into provider key ids). */
export interface StoredRouterRule {
  provider?: string;
  model?: string;
  steps: StoredRouterStep[];
}

/** `router` of a configuration as stored. */
export interface StoredRouter {
  rules?: StoredRouterRule[];
}

/** A supported API surface of a custom provider. */
export interface SupportedApiSurface {
  format: string;
  surface?: string;
  supportedParams?: { name: string }[];
}

/** A model of a custom provider. */
export interface ProviderModel {
  id: string;
  modelId: string;
}

/** A user-defined provider row. */
export interface ProviderRecord extends AuditFields {
  readonly id: string;
  readonly providerId: string;
  readonly name: string;
  readonly baseUrl: string;
  readonly metadata: string | null;
  readonly supportedApiSurfaces: SupportedApiSurface[] | null;
  readonly models: ProviderModel[];
}

/** A provider key row, without its value (see `decryptProviderKeyValue`). */
export interface ProviderKeyRecord extends AuditFields {
  readonly id: string;
  readonly providerId: string;
  readonly name: string;
  readonly description: string | null;
  readonly metadata: string | null;
  readonly keyRedacted: string;
  readonly lastUsed: string | null;
}

/** An access key configuration row. */
export interface AccessKeyConfigurationRecord extends AuditFields {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly metadata: string | null;
  readonly access: AccessScope | null;
  readonly router: StoredRouter | null;
}

/** An access key row (its token exists only as a hash). */
export interface AccessKeyRecord extends AuditFields {
  readonly id: string;
  readonly name: string | null;
  readonly description: string | null;
  readonly metadata: string | null;
  readonly keyRedacted: string;
  readonly accessKeyConfigurationId: string | null;
  readonly lastUsed: string | null;
}

/** A management API key row (its token exists only as a hash). */
export interface ApiKeyRecord extends AuditFields {
  readonly id: string;
  readonly name: string | null;
  readonly description: string | null;
  readonly metadata: string | null;
  readonly keyRedacted: string;
  readonly lastUsed: string | null;
  /** True for the key the emulator was started with (replaced at each start). */
  readonly bootstrap: boolean;
}

/** The account's gateway configuration. */
export interface GatewayConfigRecord {
  readonly totalTimeout: string;
  readonly perRequestTimeout: string;
  readonly maxInputTokens: number | null;
  readonly maxOutputTokens: number | null;
  readonly metadata: string | null;
}

/** One upstream attempt of the data plane (`AIGatewayUsageEvent`, spec 3.7). */
export interface UsageEventRecord {
  readonly id: string;
  /** RFC 3339 (UTC, milliseconds): when the attempt completed. */
  readonly eventTime: string;
  readonly requestId: string;
  readonly accessKeyId: string;
  readonly provider: string;
  readonly providerDisplayName: string;
  readonly model: string;
  readonly modelDisplayName: string;
  readonly attemptNumber: number;
  readonly isFinalAttempt: boolean;
  readonly statusCode: number;
  readonly timedOut: boolean;
  readonly isError: boolean;
  readonly isStreaming: boolean;
  readonly stopReason: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly reasoningTokens: number;
  /** USD, a decimal string with 5 places. */
  readonly totalCost: string;
  readonly keySource: "ngrok" | "user";
  readonly providerKeyId: string | null;
  /** The provider key's `keyRedacted` at the time of the attempt. */
  readonly providerKeyDisplayName: string | null;
}

/** A query of usage events: a time window, newest first, paged by id. */
export interface UsageQuery {
  /** Inclusive lower bound of `eventTime` (RFC 3339 as `Date#toISOString` writes it). */
  readonly startTime: string;
  /** Inclusive upper bound of `eventTime`. */
  readonly endTime: string;
  readonly accessKeyId?: string | undefined;
  /** False: only the terminal attempt of each request. */
  readonly includeRetries: boolean;
  /** Only events with an id below this one (the cursor). */
  readonly beforeId?: string | undefined;
  readonly limit: number;
}

/** A page request: items with id below `beforeId`, newest first. */
export interface PageQuery {
  readonly beforeId?: string | undefined;
  readonly limit: number;
}

/** A page of items and whether more exist after the last one. */
export interface Page<T> {
  readonly items: T[];
  readonly more: boolean;
}
