import { AccessKeyConfigurationRepository } from "./access-key-configurations";
import { AccessKeyRepository } from "./access-keys";
import { ApiKeyRepository } from "./api-keys";
import { CreditRepository } from "./credits";
import { StoreDatabase } from "./database";
import { GatewayConfigRepository } from "./gateway-config";
import { IdGenerator } from "./ids";
import { ProviderKeyRepository } from "./provider-keys";
import { ProviderRepository } from "./providers";
import type {
  AccessKeyConfigurationRecord,
  AccessKeyRecord,
  ApiKeyRecord,
  CreditAccountRecord,
  CreditTransactionRecord,
  GatewayConfigRecord,
  Page,
  PageQuery,
  ProviderKeyRecord,
  ProviderRecord,
  UsageEventRecord,
  UsageOverviewQuery,
  UsageOverviewRow,
  UsageQuery,
} from "./records";
import { migrate } from "./schema";
import { SecretCache } from "./secret-cache";
import { SecretBox, hashToken, resolveMasterKey } from "./secrets";
import { UsageEventRepository } from "./usage-events";
import { type KeysUsed, UsageWriter } from "./usage-writer";
import { MILLICENTS_PER_CENT } from "../usage-cost";
import { FileWriteError, prepareFilePath } from "pulumi-ngrok-ai/core";
import { EmulatorError } from "../errors";

export type {
  AccessDimension,
  AccessKeyConfigurationRecord,
  AccessKeyRecord,
  AccessScope,
  ApiKeyRecord,
  AuditFields,
  CreditAccountRecord,
  CreditTransactionRecord,
  GatewayConfigRecord,
  Page,
  PageQuery,
  ProviderKeyRecord,
  ProviderModel,
  ProviderRecord,
  StoredRouter,
  StoredRouterRule,
  StoredRouterStep,
  SupportedApiSurface,
  UsageEventRecord,
  UsageOverviewGroupBy,
  UsageOverviewQuery,
  UsageOverviewRow,
  UsageQuery,
} from "./records";
export { routerKeyIds } from "./access-key-configurations";

/** Options of `openStore`. */
export interface StoreOptions {
  /** SQLite file path, or `:memory:`. */
  readonly path: string;
  /** Master key (32 bytes, hex or base64, or a Buffer); else env, else `<path>.key`. */
  readonly masterKey?: string | Buffer | undefined;
  /** Environment to read `AIGW_EMULATOR_MASTER_KEY` from; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/**
 * The emulator's storage: one SQLite database (better-sqlite3, synchronous), provider key values
 * sealed with AES-256-GCM, tokens kept as SHA-256 hashes, one repository per table. Every write
 * runs in a transaction. The control plane serves the API from it; the data plane uses the
 * look-ups (`findAccessKeyByToken`, `getAccessKeyConfiguration`, `decryptProviderKeyValue`, …) on
 * the same instance.
 */
export class EmulatorStore {
  readonly #db: StoreDatabase;
  /** Makes the ids of new rows; shared so ids stay ordered across collections. */
  readonly ids = new IdGenerator();

  readonly #providers: ProviderRepository;
  readonly #providerKeys: ProviderKeyRepository;
  readonly #configurations: AccessKeyConfigurationRepository;
  readonly #accessKeys: AccessKeyRepository;
  readonly #apiKeys: ApiKeyRepository;
  readonly #gatewayConfig: GatewayConfigRepository;
  readonly #usageEvents: UsageEventRepository;
  readonly #credits: CreditRepository;
  /** Usage recorded by the data plane and not yet written (see `recordUsage`). */
  readonly #usage: UsageWriter;
  /** Provider key values at the current revision, under a one-time pad (see `SecretCache`). */
  readonly #values = new SecretCache();

  private constructor(db: StoreDatabase, box: SecretBox) {
    this.#db = db;
    this.#providers = new ProviderRepository(db);
    this.#providerKeys = new ProviderKeyRepository(db, box);
    this.#configurations = new AccessKeyConfigurationRepository(db);
    this.#accessKeys = new AccessKeyRepository(db);
    this.#apiKeys = new ApiKeyRepository(db);
    this.#gatewayConfig = new GatewayConfigRepository(db);
    this.#usageEvents = new UsageEventRepository(db);
    this.#credits = new CreditRepository(db);
    this.#usage = new UsageWriter(db, {
      usageEvents: this.#usageEvents,
      accessKeys: this.#accessKeys,
      providerKeys: this.#providerKeys,
      credits: this.#credits,
    });
    db.writeFirst(this.#usage);
    db.onTransaction(() => this.#values.clear());
  }

  /**
   * Opens (creating when needed) the database at `options.path` and checks that the master key
   * is the one its secrets were sealed with.
   * @throws EmulatorError `AIGW_EMULATOR_MASTER_KEY_MISMATCH`, `AIGW_EMULATOR_MASTER_KEY_INVALID`,
   * `AIGW_EMULATOR_DB_OPEN`, `AIGW_EMULATOR_DB_VERSION`.
   */
  static open(options: StoreOptions): EmulatorStore {
    const path = options.path;
    if (path !== ":memory:") {
      // Before anything is created beside it (the key file): a directory there, a path through a
      // file, or a file system that takes no new directories (/proc) is said as such.
      try {
        prepareFilePath(path, { label: `the emulator database ${path}`, fileName: "emulator.db" });
      } catch (err) {
        if (!(err instanceof FileWriteError)) throw err;
        throw new EmulatorError("AIGW_EMULATOR_DB_OPEN", `could not open ${err.message}`, {
          cause: err,
        });
      }
    }
    const box = new SecretBox(
      resolveMasterKey(options.masterKey, options.env ?? process.env, path),
    );
    const db = StoreDatabase.open(path);
    try {
      const store = new EmulatorStore(db, box);
      migrate(db, box);
      return store;
    } catch (err) {
      db.close();
      throw err;
    }
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
    return this.#db.revision;
  }

  /** Runs `fn` in one transaction (nested calls join the outer one); rolls back when it throws. */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn);
  }

  // ---- providers -------------------------------------------------------------------------

  /** A page of user-defined providers, newest first. */
  listProviders(page: PageQuery): Page<ProviderRecord> {
    return this.#providers.list(page);
  }

  /** Every user-defined provider. */
  allProviders(): ProviderRecord[] {
    return this.#providers.all();
  }

  /** The provider with this `aigp_` id. */
  getProvider(id: string): ProviderRecord | undefined {
    return this.#providers.get(id);
  }

  /** The user-defined provider whose `providerId` (address segment) is `providerId`. */
  getProviderByProviderId(providerId: string): ProviderRecord | undefined {
    return this.#providers.getByProviderId(providerId);
  }

  /** Inserts a provider, or replaces every column of the row with the same id. */
  saveProvider(p: ProviderRecord): void {
    this.#providers.save(p);
  }

  /** Deletes a provider (and so its models); false when there was none. */
  deleteProvider(id: string): boolean {
    return this.#providers.delete(id);
  }

  // ---- provider keys ---------------------------------------------------------------------

  /** A page of provider keys, newest first, optionally only those of one `providerId`. */
  listProviderKeys(page: PageQuery, providerId?: string): Page<ProviderKeyRecord> {
    return providerId === undefined
      ? this.#providerKeys.list(page)
      : this.#providerKeys.list(page, ["provider_id = ?", providerId]);
  }

  /** Every provider key of `providerId`, oldest first (creation order). */
  providerKeysOfProvider(providerId: string): ProviderKeyRecord[] {
    return this.#providerKeys.all(["provider_id = ?", providerId]);
  }

  /** Every provider key of the account, oldest first (creation order), without values. */
  allProviderKeys(): ProviderKeyRecord[] {
    return this.#providerKeys.all();
  }

  /** The provider key with this id (without its value). */
  getProviderKey(id: string): ProviderKeyRecord | undefined {
    return this.#providerKeys.get(id);
  }

  /**
   * Inserts a provider key, or replaces its labels. With `value` the value is sealed and stored
   * (a create or a rotation); without it the stored value stays.
   */
  saveProviderKey(k: ProviderKeyRecord, value?: string): void {
    this.#providerKeys.save(k, value);
  }

  /**
   * Decrypts the value of provider key `id` in memory, for one upstream request of the data
   * plane. Never log, store or return the result to an API client. Until the next change to the
   * account, the value is kept under a one-time pad (`MaskedSecret`), never in plaintext.
   */
  decryptProviderKeyValue(id: string): string | undefined {
    return this.#values.reveal(id, this.#openProviderKeyValue);
  }

  readonly #openProviderKeyValue = (id: string): string | undefined =>
    this.#providerKeys.openValue(id);

  /** Records that provider key `id` was used at `at` (RFC 3339). */
  touchProviderKey(id: string, at: string): void {
    this.#providerKeys.touch(id, at);
  }

  /** The ids of the configurations whose router refers to provider key `id`. */
  configurationsUsingProviderKey(id: string): string[] {
    return this.#configurations.usingProviderKey(id);
  }

  /** Deletes a provider key; false when there was none. */
  deleteProviderKey(id: string): boolean {
    return this.#providerKeys.delete(id);
  }

  // ---- access key configurations ---------------------------------------------------------

  /** A page of configurations, newest first. */
  listAccessKeyConfigurations(page: PageQuery): Page<AccessKeyConfigurationRecord> {
    return this.#configurations.list(page);
  }

  /** Every configuration, oldest first. */
  allAccessKeyConfigurations(): AccessKeyConfigurationRecord[] {
    return this.#configurations.all();
  }

  /** The configuration with this id (its router holds provider key ids). */
  getAccessKeyConfiguration(id: string): AccessKeyConfigurationRecord | undefined {
    return this.#configurations.get(id);
  }

  /** Inserts or replaces a configuration and the index of the provider keys its router uses. */
  saveAccessKeyConfiguration(c: AccessKeyConfigurationRecord): void {
    this.#configurations.save(c);
  }

  /** The ids of the access keys linked to configuration `id`. */
  accessKeysUsingConfiguration(id: string): string[] {
    return this.#accessKeys.idsWithConfiguration(id);
  }

  /** Deletes a configuration; false when there was none. */
  deleteAccessKeyConfiguration(id: string): boolean {
    return this.#configurations.delete(id);
  }

  // ---- access keys -----------------------------------------------------------------------

  /** A page of access keys, newest first. */
  listAccessKeys(page: PageQuery): Page<AccessKeyRecord> {
    return this.#accessKeys.list(page);
  }

  /** The access key with this id. */
  getAccessKey(id: string): AccessKeyRecord | undefined {
    return this.#accessKeys.get(id);
  }

  /**
   * The access key whose token is `token` (compared by SHA-256), for the data plane's
   * authentication; undefined for an unknown or deleted key.
   */
  findAccessKeyByToken(token: string): AccessKeyRecord | undefined {
    return this.#accessKeys.findByTokenHash(hashToken(token));
  }

  /** The access key whose token has this SHA-256 (`hashToken`); undefined for none. */
  findAccessKeyByTokenHash(hash: string): AccessKeyRecord | undefined {
    return this.#accessKeys.findByTokenHash(hash);
  }

  /** Inserts an access key (`token` is stored as its hash only) or replaces its fields. */
  saveAccessKey(k: AccessKeyRecord, token?: string): void {
    this.#accessKeys.save(k, token);
  }

  /** Records that access key `id` was used at `at` (RFC 3339). */
  touchAccessKey(id: string, at: string): void {
    this.#accessKeys.touch(id, at);
  }

  /** Deletes an access key; its token stops working at once. False when there was none. */
  deleteAccessKey(id: string): boolean {
    return this.#accessKeys.delete(id);
  }

  // ---- API keys --------------------------------------------------------------------------

  /** A page of API keys, newest first. */
  listApiKeys(page: PageQuery): Page<ApiKeyRecord> {
    return this.#apiKeys.list(page);
  }

  /** The API key with this id. */
  getApiKey(id: string): ApiKeyRecord | undefined {
    return this.#apiKeys.get(id);
  }

  /** The API key whose token is `token` (compared by SHA-256). */
  findApiKeyByToken(token: string): ApiKeyRecord | undefined {
    return this.#apiKeys.findByToken(token);
  }

  /** Inserts an API key (`token` stored as its hash only) or replaces its labels. */
  saveApiKey(k: ApiKeyRecord, token?: string): void {
    this.#apiKeys.save(k, token);
  }

  /**
   * Makes `token` the bootstrap API key: keeps its row when it already exists, otherwise
   * inserts one, and removes the bootstrap rows of earlier starts with other keys.
   */
  ensureBootstrapApiKey(record: ApiKeyRecord, token: string): ApiKeyRecord {
    return this.#apiKeys.ensureBootstrap(record, token);
  }

  /** Records that API key `id` was used at `at`. */
  touchApiKey(id: string, at: string): void {
    this.#apiKeys.touch(id, at);
  }

  /** Deletes an API key; false when there was none. */
  deleteApiKey(id: string): boolean {
    return this.#apiKeys.delete(id);
  }

  // ---- usage events ----------------------------------------------------------------------

  /**
   * Records the usage events of one request and marks the access and provider keys used. The
   * write is deferred to the end of the current turn of the event loop, so that the requests
   * finishing together share one transaction; any query, any other write and `close` write the
   * pending usage first, so nothing reads around it.
   */
  recordUsage(events: readonly UsageEventRecord[], used: KeysUsed): void {
    this.#usage.record(events, used);
  }

  /** Writes the usage recorded by `recordUsage` that is not written yet, in one transaction. */
  flushUsage(): void {
    this.#usage.flush();
  }

  /** A page of usage events in a time window, newest first. */
  listUsageEvents(query: UsageQuery): Page<UsageEventRecord> {
    return this.#usageEvents.query(query);
  }

  /** The usage events of a time window summed per UTC day and provider or access key. */
  usageOverview(query: UsageOverviewQuery): UsageOverviewRow[] {
    return this.#usageEvents.overview(query);
  }

  // ---- credits ---------------------------------------------------------------------------

  /**
   * The account's credits, with the cost of usage recorded but not yet written already taken off
   * the balance (so each request sees the debits of the ones before it). An account whose credits
   * were never set has none and never purchased any. Cheap: one look-up, no write; the data plane
   * asks on every request.
   */
  credits(): CreditAccountRecord {
    const stored = this.#credits.stored() ?? { balanceMillicents: 0, purchased: false };
    return { ...stored, balanceMillicents: stored.balanceMillicents - this.#usage.pendingDebit };
  }

  /**
   * Sets the account's credits and its grants, unless they were set before (a database file
   * keeps them across starts); true when it set them.
   */
  ensureCredits(account: CreditAccountRecord, grants: readonly CreditTransactionRecord[]): boolean {
    return this.#credits.ensure(account, grants);
  }

  /** Replaces the account's credits and all its grants. */
  resetCredits(account: CreditAccountRecord, grants: readonly CreditTransactionRecord[]): void {
    this.#credits.reset(account, grants);
  }

  /**
   * Sets the balance or the purchased flag (each optional) and leaves the grants: the admin API's
   * and tests' way to run out of credit, or to have never bought any. Returns the result.
   */
  setCredits(patch: Partial<CreditAccountRecord>): CreditAccountRecord {
    this.#credits.set(patch);
    return this.credits();
  }

  /** Records a purchase: its amount joins the balance and the account counts as purchased. */
  purchaseCredits(grant: CreditTransactionRecord): void {
    this.#credits.purchase(grant, grant.amountCents * MILLICENTS_PER_CENT);
  }

  /** Every grant of credits, newest first. */
  creditTransactions(): CreditTransactionRecord[] {
    return this.#credits.transactions();
  }

  // ---- gateway configuration -------------------------------------------------------------

  /** The gateway configuration, or `defaults` when it was never written. */
  getGatewayConfig(defaults: GatewayConfigRecord): GatewayConfigRecord {
    return this.#gatewayConfig.current(defaults);
  }

  /** Writes the gateway configuration. */
  saveGatewayConfig(c: GatewayConfigRecord): void {
    this.#gatewayConfig.save(c);
  }
}

/** Opens the emulator's store; see `EmulatorStore.open`. */
export function openStore(options: StoreOptions): EmulatorStore {
  return EmulatorStore.open(options);
}
