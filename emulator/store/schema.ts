import { EmulatorError } from "../errors";
import type { StoreDatabase } from "./database";
import type { SecretBox } from "./secrets";

/** The schema version this code writes; `meta.schema_version` holds the version of a file. */
export const SCHEMA_VERSION = 1;

/**
 * The emulator's tables. Secrets never appear in them: provider key values are AES-256-GCM
 * ciphertext (`value_sealed`), access key and API key tokens are SHA-256 hashes (`token_hash`).
 * JSON columns hold the API's own shapes (access scope, router with key ids, surfaces, models).
 * `usage_events` holds one row per upstream attempt of the data plane (spec 3.7); `credit_account`
 * (one row: the balance in millicents and whether credits were ever purchased) and
 * `credit_transactions` (the grants of credits) hold the account's credits (spec 3.7, 4.6). They
 * were added without a version bump because `CREATE TABLE IF NOT EXISTS` adds them to older files
 * as they open.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS providers (
  id TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  base_url TEXT NOT NULL,
  metadata TEXT,
  supported_api_surfaces TEXT,
  models TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_updated_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS provider_keys (
  id TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  metadata TEXT,
  value_sealed BLOB NOT NULL,
  key_redacted TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_updated_by TEXT NOT NULL,
  last_used TEXT
);
CREATE INDEX IF NOT EXISTS provider_keys_by_provider ON provider_keys (provider_id, id);
CREATE TABLE IF NOT EXISTS access_key_configurations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  metadata TEXT,
  access TEXT,
  router TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_updated_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS configuration_provider_keys (
  configuration_id TEXT NOT NULL REFERENCES access_key_configurations (id) ON DELETE CASCADE,
  provider_key_id TEXT NOT NULL REFERENCES provider_keys (id),
  PRIMARY KEY (configuration_id, provider_key_id)
);
CREATE INDEX IF NOT EXISTS configuration_provider_keys_by_key
  ON configuration_provider_keys (provider_key_id);
CREATE TABLE IF NOT EXISTS access_keys (
  id TEXT PRIMARY KEY,
  name TEXT,
  description TEXT,
  metadata TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  key_redacted TEXT NOT NULL,
  configuration_id TEXT REFERENCES access_key_configurations (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_updated_by TEXT NOT NULL,
  last_used TEXT
);
CREATE INDEX IF NOT EXISTS access_keys_by_configuration ON access_keys (configuration_id);
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  name TEXT,
  description TEXT,
  metadata TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  key_redacted TEXT NOT NULL,
  bootstrap INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_updated_by TEXT NOT NULL,
  last_used TEXT
);
CREATE TABLE IF NOT EXISTS gateway_config (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  total_timeout TEXT NOT NULL,
  per_request_timeout TEXT NOT NULL,
  max_input_tokens INTEGER,
  max_output_tokens INTEGER,
  metadata TEXT
);
CREATE TABLE IF NOT EXISTS usage_events (
  id TEXT PRIMARY KEY,
  event_time TEXT NOT NULL,
  request_id TEXT NOT NULL,
  access_key_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  provider_display_name TEXT NOT NULL,
  model TEXT NOT NULL,
  model_display_name TEXT NOT NULL,
  attempt_number INTEGER NOT NULL,
  is_final_attempt INTEGER NOT NULL,
  status_code INTEGER NOT NULL,
  timed_out INTEGER NOT NULL,
  is_error INTEGER NOT NULL,
  is_streaming INTEGER NOT NULL,
  stop_reason TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  total_cost TEXT NOT NULL,
  key_source TEXT NOT NULL,
  provider_key_id TEXT,
  provider_key_display_name TEXT
);
CREATE INDEX IF NOT EXISTS usage_events_by_time ON usage_events (event_time, id);
CREATE TABLE IF NOT EXISTS credit_account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  balance_millicents INTEGER NOT NULL,
  purchased INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS credit_transactions (
  id TEXT PRIMARY KEY,
  category TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  checkout_session_id TEXT
);
`;

const MASTER_KEY_CHECK = "master_key_check";

function meta(db: StoreDatabase, key: string): string | undefined {
  const row = db.statement("SELECT value FROM meta WHERE key = ?").get(key) as
    { value: string } | undefined;
  return row?.value;
}

function setMeta(db: StoreDatabase, key: string, value: string): void {
  db.statement(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  ).run(key, value);
}

/**
 * Creates the tables a file lacks, records the schema version of a new file, refuses a file of
 * another version, and checks that `box` holds the master key the file's secrets were sealed with.
 * @throws EmulatorError `AIGW_EMULATOR_DB_VERSION`, `AIGW_EMULATOR_MASTER_KEY_MISMATCH`.
 */
export function migrate(db: StoreDatabase, box: SecretBox): void {
  db.transaction(() => {
    db.exec(SCHEMA_SQL);
    const version = meta(db, "schema_version");
    if (version === undefined) {
      setMeta(db, "schema_version", String(SCHEMA_VERSION));
    } else if (Number(version) !== SCHEMA_VERSION) {
      throw new EmulatorError(
        "AIGW_EMULATOR_DB_VERSION",
        `the emulator database has schema version ${version}; this emulator reads version ${SCHEMA_VERSION}`,
      );
    }
    const check = meta(db, MASTER_KEY_CHECK);
    if (check === undefined) {
      setMeta(db, MASTER_KEY_CHECK, box.seal("aigw-emulator", MASTER_KEY_CHECK).toString("base64"));
    } else {
      try {
        box.open(Buffer.from(check, "base64"), MASTER_KEY_CHECK);
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
