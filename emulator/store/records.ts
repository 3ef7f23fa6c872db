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

/** Dimension of the usage overview's series (`groupBy`). */
export type UsageOverviewGroupBy = "provider" | "accessKey";

/** A query of the usage overview: a time window and the dimension to group by. */
export interface UsageOverviewQuery {
  /** Inclusive lower bound of `eventTime` (RFC 3339 as `Date#toISOString` writes it). */
  readonly startTime: string;
  /** Inclusive upper bound of `eventTime`. */
  readonly endTime: string;
  readonly groupBy: UsageOverviewGroupBy;
}

/** One bucket of the usage overview: a UTC day and a group's sums over its events. */
export interface UsageOverviewRow {
  /** The UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  /** The provider id or the access key id. */
  readonly groupKey: string;
  /** The cost of every attempt in the bucket, retries included, in millicents (USD 0.00001). */
  readonly costMillicents: number;
  /** Final attempts in the bucket (one per request). */
  readonly requests: number;
  /** Final attempts in the bucket that were errors. */
  readonly errors: number;
}

/** The account's credits: the balance and whether credits were ever purchased. */
export interface CreditAccountRecord {
  /** Balance in millicents (USD 0.00001, the precision of `totalCost`); may be negative. */
  readonly balanceMillicents: number;
  /** False until the account buys credits (the data plane answers 6033 until then). */
  readonly purchased: boolean;
}

/** A grant of credits (`CreditTransactionCredits`): a purchase or promotional credits. */
export interface CreditTransactionRecord {
  /** Internal id (never sent; orders the list). */
  readonly id: string;
  readonly category: "purchase" | "promotional";
  readonly amountCents: number;
  readonly createdAt: string;
  /** When the grant expires; null for never. */
  readonly expiresAt: string | null;
  /** The checkout session that bought it, for a purchase made through the API. */
  readonly checkoutSessionId: string | null;
}
