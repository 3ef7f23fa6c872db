import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { BoundedCache } from "../bounded-cache";
import { EmulatorError } from "../errors";
import { IdGenerator } from "./ids";
import { SCHEMA_SQL, SCHEMA_VERSION } from "./schema";
import { MaskedSecret, SecretBox, hashToken, resolveMasterKey } from "./secrets";

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

/** Options of `openStore`. */
export interface StoreOptions {
  /** SQLite file path, or `:memory:`. */
  readonly path: string;
  /** Master key (32 bytes, hex or base64, or a Buffer); else env, else `<path>.key`. */
  readonly masterKey?: string | Buffer | undefined;
  /** Environment to read `AIGW_EMULATOR_MASTER_KEY` from; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

type Row = Record<string, unknown>;

function str(row: Row, column: string): string {
  return row[column] as string;
}

function strOrNull(row: Row, column: string): string | null {
  const v = row[column];
  return v === null || v === undefined ? null : (v as string);
}

function json<T>(row: Row, column: string): T | null {
  const v = row[column];
  return v === null || v === undefined ? null : (JSON.parse(v as string) as T);
}

function toUsageEvent(row: Row): UsageEventRecord {
  return {
    id: str(row, "id"),
    eventTime: str(row, "event_time"),
    requestId: str(row, "request_id"),
    accessKeyId: str(row, "access_key_id"),
    provider: str(row, "provider"),
    providerDisplayName: str(row, "provider_display_name"),
    model: str(row, "model"),
    modelDisplayName: str(row, "model_display_name"),
    attemptNumber: Number(row.attempt_number),
    isFinalAttempt: row.is_final_attempt === 1,
    statusCode: Number(row.status_code),
    timedOut: row.timed_out === 1,
    isError: row.is_error === 1,
    isStreaming: row.is_streaming === 1,
    stopReason: str(row, "stop_reason"),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    totalCost: str(row, "total_cost"),
    keySource: str(row, "key_source") === "ngrok" ? "ngrok" : "user",
    providerKeyId: strOrNull(row, "provider_key_id"),
    providerKeyDisplayName: strOrNull(row, "provider_key_display_name"),
  };
}

function audit(row: Row): AuditFields {
  return {
    createdAt: str(row, "created_at"),
    updatedAt: str(row, "updated_at"),
    createdBy: str(row, "created_by"),
    lastUpdatedBy: str(row, "last_updated_by"),
  };
}

function toProvider(row: Row): ProviderRecord {
  return {
    id: str(row, "id"),
    providerId: str(row, "provider_id"),
    name: str(row, "name"),
    baseUrl: str(row, "base_url"),
    metadata: strOrNull(row, "metadata"),
    supportedApiSurfaces: json<SupportedApiSurface[]>(row, "supported_api_surfaces"),
    models: json<ProviderModel[]>(row, "models") ?? [],
    ...audit(row),
  };
}

function toProviderKey(row: Row): ProviderKeyRecord {
  return {
    id: str(row, "id"),
    providerId: str(row, "provider_id"),
    name: str(row, "name"),
    description: strOrNull(row, "description"),
    metadata: strOrNull(row, "metadata"),
    keyRedacted: str(row, "key_redacted"),
    lastUsed: strOrNull(row, "last_used"),
    ...audit(row),
  };
}

function toConfiguration(row: Row): AccessKeyConfigurationRecord {
  return {
    id: str(row, "id"),
    name: str(row, "name"),
    description: strOrNull(row, "description"),
    metadata: strOrNull(row, "metadata"),
    access: json<AccessScope>(row, "access"),
    router: json<StoredRouter>(row, "router"),
    ...audit(row),
  };
}

function toAccessKey(row: Row): AccessKeyRecord {
  return {
    id: str(row, "id"),
    name: strOrNull(row, "name"),
    description: strOrNull(row, "description"),
    metadata: strOrNull(row, "metadata"),
    keyRedacted: str(row, "key_redacted"),
    accessKeyConfigurationId: strOrNull(row, "configuration_id"),
    lastUsed: strOrNull(row, "last_used"),
    ...audit(row),
  };
}

function toApiKey(row: Row): ApiKeyRecord {
  return {
    id: str(row, "id"),
    name: strOrNull(row, "name"),
    description: strOrNull(row, "description"),
    metadata: strOrNull(row, "metadata"),
    keyRedacted: str(row, "key_redacted"),
    lastUsed: strOrNull(row, "last_used"),
    bootstrap: row.bootstrap === 1,
    ...audit(row),
  };
}

/** The provider key ids a router refers to, in order, without repeats. */
export function routerKeyIds(router: StoredRouter | null): string[] {
  const ids = new Set<string>();
  for (const rule of router?.rules ?? []) {
    for (const step of rule.steps) for (const key of step.keys ?? []) ids.add(key.id);
  }
  return [...ids];
}

const MASTER_KEY_CHECK = "master_key_check";

/**
 * The emulator's storage: one SQLite database (better-sqlite3, synchronous), provider key values
 * sealed with AES-256-GCM, tokens kept as SHA-256 hashes. Every write runs in a transaction. The
 * control plane serves the API from it; the data plane uses the look-ups (`findAccessKeyByToken`,
 * `getAccessKeyConfiguration`, `decryptProviderKeyValue`, …) on the same instance.
 */
export class EmulatorStore {
  readonly #db: Database.Database;
  readonly #box: SecretBox;
  /** Makes the ids of new rows; shared so ids stay ordered across collections. */
  readonly ids = new IdGenerator();

  /** Prepared statements by SQL text: preparing is most of the cost of a small query. */
  readonly #statements = new Map<string, Database.Statement>();

  /** Counts committed changes to the account (see `revision`). */
  #revision = 0;
  /**
   * Provider key values by id, as read at the current revision, never in plaintext: each is
   * decrypted from its sealed column once and kept under a one-time pad (see `MaskedSecret`).
   */
  readonly #values = new BoundedCache<string, MaskedSecret | undefined>();

  /** Usage recorded by the data plane and not yet written (see `recordUsage`). */
  #pendingEvents: UsageEventRecord[] = [];
  /** The latest use of each access key and provider key among the pending usage. */
  readonly #pendingUse = {
    accessKeys: new Map<string, string>(),
    providerKeys: new Map<string, string>(),
  };
  /** True while `recordUsage` left something unwritten. */
  #pending = false;
  #flushScheduled = false;

  /** Runs its argument in a transaction; made once, as making one per call costs. */
  readonly #inTransaction: (fn: () => unknown) => unknown;

  private constructor(db: Database.Database, box: SecretBox) {
    this.#db = db;
    this.#box = box;
    this.#inTransaction = db.transaction((fn: () => unknown) => fn());
  }

  /**
   * Opens (creating when needed) the database at `options.path` and checks that the master key
   * is the one its secrets were sealed with.
   * @throws EmulatorError `AIGW_EMULATOR_MASTER_KEY_MISMATCH`, `AIGW_EMULATOR_MASTER_KEY_INVALID`,
   * `AIGW_EMULATOR_DB_OPEN`, `AIGW_EMULATOR_DB_VERSION`.
   */
  static open(options: StoreOptions): EmulatorStore {
    const path = options.path;
    const box = new SecretBox(
      resolveMasterKey(options.masterKey, options.env ?? process.env, path),
    );
    let db: Database.Database;
    try {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
    } catch (err) {
      throw new EmulatorError(
        "AIGW_EMULATOR_DB_OPEN",
        `could not open the emulator database ${path}`,
        {
          cause: err,
        },
      );
    }
    try {
      if (path !== ":memory:") {
        db.pragma("journal_mode = WAL");
        // In WAL mode NORMAL cannot corrupt the database; it only skips an fsync per commit.
        db.pragma("synchronous = NORMAL");
      }
      db.pragma("foreign_keys = ON");
      db.pragma("busy_timeout = 5000");
      const store = new EmulatorStore(db, box);
      store.#migrate();
      return store;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  #migrate(): void {
    this.transaction(() => {
      this.#db.exec(SCHEMA_SQL);
      const version = this.#meta("schema_version");
      if (version === undefined) {
        this.#setMeta("schema_version", String(SCHEMA_VERSION));
      } else if (Number(version) !== SCHEMA_VERSION) {
        throw new EmulatorError(
          "AIGW_EMULATOR_DB_VERSION",
          `the emulator database has schema version ${version}; this emulator reads version ${SCHEMA_VERSION}`,
        );
      }
      const check = this.#meta(MASTER_KEY_CHECK);
      if (check === undefined) {
        this.#setMeta(
          MASTER_KEY_CHECK,
          this.#box.seal("aigw-emulator", MASTER_KEY_CHECK).toString("base64"),
        );
      } else {
        try {
          this.#box.open(Buffer.from(check, "base64"), MASTER_KEY_CHECK);
        } catch (err) {
          throw new EmulatorError(
            "AIGW_EMULATOR_MASTER_KEY_MISMATCH",
            "the master key does not match the one this emulator database was created with",
            { cause: err },
          );
        }
      }
    });
  }

  #stmt(sql: string): Database.Statement {
    // Every read and write comes through here: pending usage is written first, so a query never
    // misses usage that was recorded before it.
    if (this.#pending && !this.#db.inTransaction) this.flushUsage();
    return this.#prepared(sql);
  }

  /** A statement without writing pending usage first, for reads that usage cannot affect. */
  #prepared(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #meta(key: string): string | undefined {
    const row = this.#stmt("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined;
    return row === undefined ? undefined : str(row, "value");
  }

  #setMeta(key: string, value: string): void {
    this.#stmt(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(key, value);
  }

  /** Writes pending usage, then closes the database (checkpointing the WAL into the main file). */
  close(): void {
    if (!this.#db.open) return;
    this.flushUsage();
    this.#db.close();
  }

  /**
   * Increases with every transaction run through `transaction` (every change to providers,
   * provider keys, configurations, access keys, API keys and the gateway configuration). Usage
   * and last-used marks do not change it. The data plane caches what it reads from the account
   * for as long as the revision stays the same.
   */
  get revision(): number {
    return this.#revision;
  }

  /** Runs `fn` in one transaction (nested calls join the outer one); rolls back when it throws. */
  transaction<T>(fn: () => T): T {
    if (this.#db.inTransaction) return fn();
    if (this.#pending) this.flushUsage();
    try {
      return this.#inTransaction(fn) as T;
    } finally {
      this.#revision += 1;
      this.#values.clear();
    }
  }

  /** Runs a write that does not change the account (usage, last-used marks) in a transaction. */
  #quietly(fn: () => void): void {
    if (this.#db.inTransaction) fn();
    else this.#inTransaction(fn);
  }

  #page<T>(
    table: string,
    map: (row: Row) => T,
    page: PageQuery,
    filter?: { column: string; value: string },
  ): Page<T> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (page.beforeId !== undefined) {
      where.push("id < ?");
      params.push(page.beforeId);
    }
    if (filter !== undefined) {
      where.push(`${filter.column} = ?`);
      params.push(filter.value);
    }
    const sql = `SELECT * FROM ${table}${where.length > 0 ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    const rows = this.#stmt(sql).all(...params, page.limit + 1) as Row[];
    return { items: rows.slice(0, page.limit).map(map), more: rows.length > page.limit };
  }

  #get<T>(table: string, map: (row: Row) => T, id: string): T | undefined {
    const row = this.#stmt(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;
    return row === undefined ? undefined : map(row);
  }

  #delete(table: string, id: string): boolean {
    return this.transaction(
      () => this.#stmt(`DELETE FROM ${table} WHERE id = ?`).run(id).changes > 0,
    );
  }

  // ---- providers -------------------------------------------------------------------------

  /** A page of user-defined providers, newest first. */
  listProviders(page: PageQuery): Page<ProviderRecord> {
    return this.#page("providers", toProvider, page);
  }

  /** Every user-defined provider. */
  allProviders(): ProviderRecord[] {
    return (this.#stmt("SELECT * FROM providers ORDER BY id").all() as Row[]).map(toProvider);
  }

  /** The provider with this `aigp_` id. */
  getProvider(id: string): ProviderRecord | undefined {
    return this.#get("providers", toProvider, id);
  }

  /** The user-defined provider whose `providerId` (address segment) is `providerId`. */
  getProviderByProviderId(providerId: string): ProviderRecord | undefined {
    const row = this.#stmt("SELECT * FROM providers WHERE provider_id = ?").get(providerId) as
      Row | undefined;
    return row === undefined ? undefined : toProvider(row);
  }

  /** Inserts a provider, or replaces every column of the row with the same id. */
  saveProvider(p: ProviderRecord): void {
    this.transaction(() => {
      this.#stmt(
        `INSERT INTO providers (id, provider_id, name, base_url, metadata, supported_api_surfaces, models,
             created_at, updated_at, created_by, last_updated_by)
           VALUES (@id, @providerId, @name, @baseUrl, @metadata, @surfaces, @models,
             @createdAt, @updatedAt, @createdBy, @lastUpdatedBy)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, base_url = excluded.base_url,
             metadata = excluded.metadata, supported_api_surfaces = excluded.supported_api_surfaces,
             models = excluded.models, updated_at = excluded.updated_at,
             last_updated_by = excluded.last_updated_by`,
      ).run({
        id: p.id,
        providerId: p.providerId,
        name: p.name,
        baseUrl: p.baseUrl,
        metadata: p.metadata,
        surfaces: p.supportedApiSurfaces === null ? null : JSON.stringify(p.supportedApiSurfaces),
        models: JSON.stringify(p.models),
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
        createdBy: p.createdBy,
        lastUpdatedBy: p.lastUpdatedBy,
      });
    });
  }

  /** Deletes a provider (and so its models); false when there was none. */
  deleteProvider(id: string): boolean {
    return this.#delete("providers", id);
  }

  // ---- provider keys ---------------------------------------------------------------------

  /** A page of provider keys, newest first, optionally only those of one `providerId`. */
  listProviderKeys(page: PageQuery, providerId?: string): Page<ProviderKeyRecord> {
    return this.#page(
      "provider_keys",
      toProviderKey,
      page,
      providerId === undefined ? undefined : { column: "provider_id", value: providerId },
    );
  }

  /** Every provider key of `providerId`, oldest first (creation order). */
  providerKeysOfProvider(providerId: string): ProviderKeyRecord[] {
    return (
      this.#stmt("SELECT * FROM provider_keys WHERE provider_id = ? ORDER BY id").all(
        providerId,
      ) as Row[]
    ).map(toProviderKey);
  }

  /** Every provider key of the account, oldest first (creation order), without values. */
  allProviderKeys(): ProviderKeyRecord[] {
    return (this.#stmt("SELECT * FROM provider_keys ORDER BY id").all() as Row[]).map(
      toProviderKey,
    );
  }

  /** The provider key with this id (without its value). */
  getProviderKey(id: string): ProviderKeyRecord | undefined {
    return this.#get("provider_keys", toProviderKey, id);
  }

  /**
   * Inserts a provider key, or replaces its labels. With `value` the value is sealed and stored
   * (a create or a rotation); without it the stored value stays.
   */
  saveProviderKey(k: ProviderKeyRecord, value?: string): void {
    this.transaction(() => {
      const params = {
        id: k.id,
        providerId: k.providerId,
        name: k.name,
        description: k.description,
        metadata: k.metadata,
        keyRedacted: k.keyRedacted,
        createdAt: k.createdAt,
        updatedAt: k.updatedAt,
        createdBy: k.createdBy,
        lastUpdatedBy: k.lastUpdatedBy,
        lastUsed: k.lastUsed,
      };
      const exists = this.#stmt("SELECT 1 FROM provider_keys WHERE id = ?").get(k.id);
      if (exists === undefined) {
        if (value === undefined) throw new Error("a new provider key needs a value");
        this.#stmt(
          `INSERT INTO provider_keys (id, provider_id, name, description, metadata, value_sealed,
               key_redacted, created_at, updated_at, created_by, last_updated_by, last_used)
             VALUES (@id, @providerId, @name, @description, @metadata, @sealed, @keyRedacted,
               @createdAt, @updatedAt, @createdBy, @lastUpdatedBy, @lastUsed)`,
        ).run({ ...params, sealed: this.#box.seal(value, k.id) });
        return;
      }
      this.#stmt(
        `UPDATE provider_keys SET name = @name, description = @description, metadata = @metadata,
             key_redacted = @keyRedacted, updated_at = @updatedAt,
             last_updated_by = @lastUpdatedBy, last_used = @lastUsed WHERE id = @id`,
      ).run(params);
      if (value !== undefined) {
        this.#stmt("UPDATE provider_keys SET value_sealed = ? WHERE id = ?").run(
          this.#box.seal(value, k.id),
          k.id,
        );
      }
    });
  }

  /**
   * Decrypts the value of provider key `id` in memory, for one upstream request of the data
   * plane. Never log, store or return the result to an API client. Until the next change to the
   * account, the value is kept under a one-time pad (`MaskedSecret`), never in plaintext.
   */
  decryptProviderKeyValue(id: string): string | undefined {
    const value = this.#values.getOrMake(id, () => {
      // Usage never writes this column, so pending usage need not be written first.
      const row = this.#prepared("SELECT value_sealed FROM provider_keys WHERE id = ?").get(id) as
        Row | undefined;
      const sealed = row?.value_sealed as Buffer | undefined;
      return sealed === undefined ? undefined : new MaskedSecret(this.#box.open(sealed, id));
    });
    return value?.reveal();
  }

  /** Records that provider key `id` was used at `at` (RFC 3339). */
  touchProviderKey(id: string, at: string): void {
    this.#quietly(() => {
      this.#stmt("UPDATE provider_keys SET last_used = ? WHERE id = ?").run(at, id);
    });
  }

  /** The ids of the configurations whose router refers to provider key `id`. */
  configurationsUsingProviderKey(id: string): string[] {
    return (
      this.#stmt(
        "SELECT configuration_id FROM configuration_provider_keys WHERE provider_key_id = ? ORDER BY configuration_id",
      ).all(id) as Row[]
    ).map((r) => str(r, "configuration_id"));
  }

  /** Deletes a provider key; false when there was none. */
  deleteProviderKey(id: string): boolean {
    return this.#delete("provider_keys", id);
  }

  // ---- access key configurations ---------------------------------------------------------

  /** A page of configurations, newest first. */
  listAccessKeyConfigurations(page: PageQuery): Page<AccessKeyConfigurationRecord> {
    return this.#page("access_key_configurations", toConfiguration, page);
  }

  /** Every configuration, oldest first. */
  allAccessKeyConfigurations(): AccessKeyConfigurationRecord[] {
    return (this.#stmt("SELECT * FROM access_key_configurations ORDER BY id").all() as Row[]).map(
      toConfiguration,
    );
  }

  /** The configuration with this id (its router holds provider key ids). */
  getAccessKeyConfiguration(id: string): AccessKeyConfigurationRecord | undefined {
    return this.#get("access_key_configurations", toConfiguration, id);
  }

  /** Inserts or replaces a configuration and the index of the provider keys its router uses. */
  saveAccessKeyConfiguration(c: AccessKeyConfigurationRecord): void {
    this.transaction(() => {
      this.#stmt(
        `INSERT INTO access_key_configurations (id, name, description, metadata, access, router,
             created_at, updated_at, created_by, last_updated_by)
           VALUES (@id, @name, @description, @metadata, @access, @router,
             @createdAt, @updatedAt, @createdBy, @lastUpdatedBy)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
             metadata = excluded.metadata, access = excluded.access, router = excluded.router,
             updated_at = excluded.updated_at, last_updated_by = excluded.last_updated_by`,
      ).run({
        id: c.id,
        name: c.name,
        description: c.description,
        metadata: c.metadata,
        access: c.access === null ? null : JSON.stringify(c.access),
        router: c.router === null ? null : JSON.stringify(c.router),
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        createdBy: c.createdBy,
        lastUpdatedBy: c.lastUpdatedBy,
      });
      this.#stmt("DELETE FROM configuration_provider_keys WHERE configuration_id = ?").run(c.id);
      const link = this.#stmt(
        "INSERT INTO configuration_provider_keys (configuration_id, provider_key_id) VALUES (?, ?)",
      );
      for (const keyId of routerKeyIds(c.router)) link.run(c.id, keyId);
    });
  }

  /** The ids of the access keys linked to configuration `id`. */
  accessKeysUsingConfiguration(id: string): string[] {
    return (
      this.#stmt("SELECT id FROM access_keys WHERE configuration_id = ? ORDER BY id").all(
        id,
      ) as Row[]
    ).map((r) => str(r, "id"));
  }

  /** Deletes a configuration; false when there was none. */
  deleteAccessKeyConfiguration(id: string): boolean {
    return this.#delete("access_key_configurations", id);
  }

  // ---- access keys -----------------------------------------------------------------------

  /** A page of access keys, newest first. */
  listAccessKeys(page: PageQuery): Page<AccessKeyRecord> {
    return this.#page("access_keys", toAccessKey, page);
  }

  /** The access key with this id. */
  getAccessKey(id: string): AccessKeyRecord | undefined {
    return this.#get("access_keys", toAccessKey, id);
  }

  /**
   * The access key whose token is `token` (compared by SHA-256), for the data plane's
   * authentication; undefined for an unknown or deleted key.
   */
  findAccessKeyByToken(token: string): AccessKeyRecord | undefined {
    return this.findAccessKeyByTokenHash(hashToken(token));
  }

  /** The access key whose token has this SHA-256 (`hashToken`); undefined for none. */
  findAccessKeyByTokenHash(hash: string): AccessKeyRecord | undefined {
    const row = this.#stmt("SELECT * FROM access_keys WHERE token_hash = ?").get(hash) as
      Row | undefined;
    return row === undefined ? undefined : toAccessKey(row);
  }

  /** Inserts an access key (`token` is stored as its hash only) or replaces its fields. */
  saveAccessKey(k: AccessKeyRecord, token?: string): void {
    this.transaction(() => {
      const params = {
        id: k.id,
        name: k.name,
        description: k.description,
        metadata: k.metadata,
        keyRedacted: k.keyRedacted,
        configurationId: k.accessKeyConfigurationId,
        createdAt: k.createdAt,
        updatedAt: k.updatedAt,
        createdBy: k.createdBy,
        lastUpdatedBy: k.lastUpdatedBy,
        lastUsed: k.lastUsed,
      };
      if (token !== undefined) {
        this.#stmt(
          `INSERT INTO access_keys (id, name, description, metadata, token_hash, key_redacted,
               configuration_id, created_at, updated_at, created_by, last_updated_by, last_used)
             VALUES (@id, @name, @description, @metadata, @tokenHash, @keyRedacted,
               @configurationId, @createdAt, @updatedAt, @createdBy, @lastUpdatedBy, @lastUsed)`,
        ).run({ ...params, tokenHash: hashToken(token) });
        return;
      }
      this.#stmt(
        `UPDATE access_keys SET name = @name, description = @description, metadata = @metadata,
             configuration_id = @configurationId, updated_at = @updatedAt,
             last_updated_by = @lastUpdatedBy, last_used = @lastUsed WHERE id = @id`,
      ).run(params);
    });
  }

  /** Records that access key `id` was used at `at` (RFC 3339). */
  touchAccessKey(id: string, at: string): void {
    this.#quietly(() => {
      this.#stmt("UPDATE access_keys SET last_used = ? WHERE id = ?").run(at, id);
    });
  }

  /** Deletes an access key; its token stops working at once. False when there was none. */
  deleteAccessKey(id: string): boolean {
    return this.#delete("access_keys", id);
  }

  // ---- API keys --------------------------------------------------------------------------

  /** A page of API keys, newest first. */
  listApiKeys(page: PageQuery): Page<ApiKeyRecord> {
    return this.#page("api_keys", toApiKey, page);
  }

  /** The API key with this id. */
  getApiKey(id: string): ApiKeyRecord | undefined {
    return this.#get("api_keys", toApiKey, id);
  }

  /** The API key whose token is `token` (compared by SHA-256). */
  findApiKeyByToken(token: string): ApiKeyRecord | undefined {
    const row = this.#stmt("SELECT * FROM api_keys WHERE token_hash = ?").get(hashToken(token)) as
      Row | undefined;
    return row === undefined ? undefined : toApiKey(row);
  }

  /** Inserts an API key (`token` stored as its hash only) or replaces its labels. */
  saveApiKey(k: ApiKeyRecord, token?: string): void {
    this.transaction(() => {
      const params = {
        id: k.id,
        name: k.name,
        description: k.description,
        metadata: k.metadata,
        keyRedacted: k.keyRedacted,
        bootstrap: k.bootstrap ? 1 : 0,
        createdAt: k.createdAt,
        updatedAt: k.updatedAt,
        createdBy: k.createdBy,
        lastUpdatedBy: k.lastUpdatedBy,
        lastUsed: k.lastUsed,
      };
      if (token !== undefined) {
        this.#stmt(
          `INSERT INTO api_keys (id, name, description, metadata, token_hash, key_redacted,
               bootstrap, created_at, updated_at, created_by, last_updated_by, last_used)
             VALUES (@id, @name, @description, @metadata, @tokenHash, @keyRedacted, @bootstrap,
               @createdAt, @updatedAt, @createdBy, @lastUpdatedBy, @lastUsed)`,
        ).run({ ...params, tokenHash: hashToken(token) });
        return;
      }
      this.#stmt(
        `UPDATE api_keys SET name = @name, description = @description, metadata = @metadata,
             updated_at = @updatedAt, last_updated_by = @lastUpdatedBy, last_used = @lastUsed
           WHERE id = @id`,
      ).run(params);
    });
  }

  /**
   * Makes `token` the bootstrap API key: keeps its row when it already exists, otherwise
   * inserts one, and removes the bootstrap rows of earlier starts with other keys.
   */
  ensureBootstrapApiKey(record: ApiKeyRecord, token: string): ApiKeyRecord {
    return this.transaction(() => {
      const hash = hashToken(token);
      this.#stmt("DELETE FROM api_keys WHERE bootstrap = 1 AND token_hash <> ?").run(hash);
      const existing = this.findApiKeyByToken(token);
      if (existing !== undefined) return existing;
      this.saveApiKey(record, token);
      return record;
    });
  }

  /** Records that API key `id` was used at `at`. */
  touchApiKey(id: string, at: string): void {
    this.#quietly(() => {
      this.#stmt("UPDATE api_keys SET last_used = ? WHERE id = ?").run(at, id);
    });
  }

  /** Deletes an API key; false when there was none. */
  deleteApiKey(id: string): boolean {
    return this.#delete("api_keys", id);
  }

  // ---- usage events ----------------------------------------------------------------------

  /**
   * Records the usage events of one request and marks the access and provider keys used. The
   * write is deferred to the end of the current turn of the event loop, so that the requests
   * finishing together share one transaction; any query, any other write and `close` write the
   * pending usage first, so nothing reads around it.
   */
  recordUsage(
    events: readonly UsageEventRecord[],
    used: { accessKeyId: string; providerKeyIds: readonly string[]; at: string },
  ): void {
    this.#pendingEvents.push(...events);
    this.#pendingUse.accessKeys.set(used.accessKeyId, used.at);
    for (const id of used.providerKeyIds) this.#pendingUse.providerKeys.set(id, used.at);
    this.#pending = true;
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      if (!this.#db.open) return;
      try {
        this.flushUsage();
      } catch {
        // Kept pending: the next query or write retries, and reports the error if it persists.
      }
    });
  }

  /** Writes the usage recorded by `recordUsage` that is not written yet, in one transaction. */
  flushUsage(): void {
    if (!this.#pending) return;
    const events = this.#pendingEvents;
    const { accessKeys, providerKeys } = this.#pendingUse;
    this.#pendingEvents = [];
    this.#pending = false;
    try {
      this.#quietly(() => {
        const insert = this.#stmt(
          `INSERT INTO usage_events (id, event_time, request_id, access_key_id, provider,
             provider_display_name, model, model_display_name, attempt_number, is_final_attempt,
             status_code, timed_out, is_error, is_streaming, stop_reason, input_tokens, output_tokens,
             cache_read_tokens, reasoning_tokens, total_cost, key_source, provider_key_id,
             provider_key_display_name)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        // Positional parameters, in the column order above (binding by name costs more).
        for (const e of events) {
          insert.run(
            e.id,
            e.eventTime,
            e.requestId,
            e.accessKeyId,
            e.provider,
            e.providerDisplayName,
            e.model,
            e.modelDisplayName,
            e.attemptNumber,
            e.isFinalAttempt ? 1 : 0,
            e.statusCode,
            e.timedOut ? 1 : 0,
            e.isError ? 1 : 0,
            e.isStreaming ? 1 : 0,
            e.stopReason,
            e.inputTokens,
            e.outputTokens,
            e.cacheReadTokens,
            e.reasoningTokens,
            e.totalCost,
            e.keySource,
            e.providerKeyId,
            e.providerKeyDisplayName,
          );
        }
        for (const [id, at] of accessKeys) this.touchAccessKey(id, at);
        for (const [id, at] of providerKeys) this.touchProviderKey(id, at);
      });
    } catch (err) {
      this.#pendingEvents = [...events, ...this.#pendingEvents];
      this.#pending = true;
      throw err;
    }
    accessKeys.clear();
    providerKeys.clear();
  }

  /** A page of usage events in a time window, newest first. */
  listUsageEvents(query: UsageQuery): Page<UsageEventRecord> {
    const where = ["event_time >= ?", "event_time <= ?"];
    const params: unknown[] = [query.startTime, query.endTime];
    if (query.accessKeyId !== undefined) {
      where.push("access_key_id = ?");
      params.push(query.accessKeyId);
    }
    if (!query.includeRetries) where.push("is_final_attempt = 1");
    if (query.beforeId !== undefined) {
      where.push("id < ?");
      params.push(query.beforeId);
    }
    const rows = this.#stmt(
      `SELECT * FROM usage_events WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ?`,
    ).all(...params, query.limit + 1) as Row[];
    return { items: rows.slice(0, query.limit).map(toUsageEvent), more: rows.length > query.limit };
  }

  // ---- gateway configuration -------------------------------------------------------------

  /** The gateway configuration, or `defaults` when it was never written. */
  getGatewayConfig(defaults: GatewayConfigRecord): GatewayConfigRecord {
    const row = this.#stmt("SELECT * FROM gateway_config WHERE id = 1").get() as Row | undefined;
    if (row === undefined) return defaults;
    return {
      totalTimeout: str(row, "total_timeout"),
      perRequestTimeout: str(row, "per_request_timeout"),
      maxInputTokens: row.max_input_tokens === null ? null : Number(row.max_input_tokens),
      maxOutputTokens: row.max_output_tokens === null ? null : Number(row.max_output_tokens),
      metadata: strOrNull(row, "metadata"),
    };
  }

  /** Writes the gateway configuration. */
  saveGatewayConfig(c: GatewayConfigRecord): void {
    this.transaction(() => {
      this.#stmt(
        `INSERT INTO gateway_config (id, total_timeout, per_request_timeout, max_input_tokens,
             max_output_tokens, metadata)
           VALUES (1, @totalTimeout, @perRequestTimeout, @maxInputTokens, @maxOutputTokens, @metadata)
           ON CONFLICT (id) DO UPDATE SET total_timeout = excluded.total_timeout,
             per_request_timeout = excluded.per_request_timeout,
             max_input_tokens = excluded.max_input_tokens,
             max_output_tokens = excluded.max_output_tokens, metadata = excluded.metadata`,
      ).run({ ...c });
    });
  }
}

/** Opens the emulator's store; see `EmulatorStore.open`. */
export function openStore(options: StoreOptions): EmulatorStore {
  return EmulatorStore.open(options);
}
