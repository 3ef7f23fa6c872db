import type { StoreDatabase } from "./database";
import type { AccessKeyRecord } from "./records";
import { hashToken } from "./secrets";
import { AUDIT_COLUMNS, type Columns, Table, optionalText, text } from "./table";

const COLUMNS: Columns<AccessKeyRecord> = {
  id: text("id"),
  name: optionalText("name"),
  description: optionalText("description"),
  metadata: optionalText("metadata"),
  keyRedacted: text("key_redacted"),
  accessKeyConfigurationId: optionalText("configuration_id"),
  lastUsed: optionalText("last_used"),
  ...AUDIT_COLUMNS,
};

/** What saving an access key again leaves as it was (its token is never replaced). */
const FIXED: readonly (keyof AccessKeyRecord)[] = ["id", "keyRedacted", "createdAt", "createdBy"];

/** The `access_keys` table: data plane tokens, kept only as SHA-256 hashes. */
export class AccessKeyRepository extends Table<AccessKeyRecord> {
  constructor(db: StoreDatabase) {
    super(db, "access_keys", COLUMNS, FIXED);
  }

  /** The access key whose token has this SHA-256 (`hashToken`); undefined for none. */
  findByTokenHash(hash: string): AccessKeyRecord | undefined {
    return this.find("token_hash", hash);
  }

  /** Inserts an access key (`token` is stored as its hash only) or replaces its fields. */
  save(k: AccessKeyRecord, token?: string): void {
    this.db.transaction(() => {
      if (token === undefined) this.update(k.id, k);
      else this.insert(k, { token_hash: hashToken(token) });
    });
  }

  /** The ids of the access keys linked to configuration `id`. */
  idsWithConfiguration(id: string): string[] {
    return this.all(["configuration_id = ?", id]).map((k) => k.id);
  }
}
