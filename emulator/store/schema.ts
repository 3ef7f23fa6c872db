/** The schema version this code writes; `meta.schema_version` holds the version of a file. */
export const SCHEMA_VERSION = 1;

/**
 * The emulator's tables. Secrets never appear in them: provider key values are AES-256-GCM
 * ciphertext (`value_sealed`), access key and API key tokens are SHA-256 hashes (`token_hash`).
 * JSON columns hold the API's own shapes (access scope, router with key ids, surfaces, models).
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
`;
