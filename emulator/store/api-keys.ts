import type { StoreDatabase } from "./database";
import type { ApiKeyRecord } from "./records";
import { hashToken } from "./secrets";
import { AUDIT_COLUMNS, type Columns, Table, flag, optionalText, text } from "./table";

const COLUMNS: Columns<ApiKeyRecord> = {
  id: text("id"),
  name: optionalText("name"),
  description: optionalText("description"),
  metadata: optionalText("metadata"),
  keyRedacted: text("key_redacted"),
  lastUsed: optionalText("last_used"),
  bootstrap: flag("bootstrap"),
  ...AUDIT_COLUMNS,
};

/** What saving an API key again leaves as it was (its token is never replaced). */
const FIXED: readonly (keyof ApiKeyRecord)[] = [
  "id",
  "keyRedacted",
  "bootstrap",
  "createdAt",
  "createdBy",
];

/** The `api_keys` table: management API keys, kept only as SHA-256 hashes. */
export class ApiKeyRepository extends Table<ApiKeyRecord> {
  constructor(db: StoreDatabase) {
    super(db, "api_keys", COLUMNS, FIXED);
  }

  /** The API key whose token is `token` (compared by SHA-256). */
  findByToken(token: string): ApiKeyRecord | undefined {
    return this.find("token_hash", hashToken(token));
  }

  /** Inserts an API key (`token` stored as its hash only) or replaces its labels. */
  save(k: ApiKeyRecord, token?: string): void {
    this.db.transaction(() => {
      if (token === undefined) this.update(k.id, k);
      else this.insert(k, { token_hash: hashToken(token) });
    });
  }

  /**
   * Makes `token` the bootstrap API key: keeps its row when it already exists, otherwise
   * inserts one, and removes the bootstrap rows of earlier starts with other keys.
   */
  ensureBootstrap(record: ApiKeyRecord, token: string): ApiKeyRecord {
    return this.db.transaction(() => {
      const hash = hashToken(token);
      this.db.statement("DELETE FROM api_keys WHERE bootstrap = 1 AND token_hash <> ?").run(hash);
      const existing = this.findByToken(token);
      if (existing !== undefined) return existing;
      this.save(record, token);
      return record;
    });
  }
}
