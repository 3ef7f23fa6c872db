import type { StoreDatabase } from "./database";
import type { ProviderKeyRecord } from "./records";
import type { SecretBox } from "./secrets";
import { AUDIT_COLUMNS, type Columns, Table, optionalText, text } from "./table";

const COLUMNS: Columns<ProviderKeyRecord> = {
  id: text("id"),
  providerId: text("provider_id"),
  name: text("name"),
  description: optionalText("description"),
  metadata: optionalText("metadata"),
  keyRedacted: text("key_redacted"),
  lastUsed: optionalText("last_used"),
  ...AUDIT_COLUMNS,
};

/** What saving a provider key again leaves as it was (its value changes only when given). */
const FIXED: readonly (keyof ProviderKeyRecord)[] = ["id", "providerId", "createdAt", "createdBy"];

/**
 * The `provider_keys` table. Values are sealed with AES-256-GCM under the master key, bound to
 * the row's id; records never carry them (see `openValue`).
 */
export class ProviderKeyRepository extends Table<ProviderKeyRecord> {
  readonly #box: SecretBox;

  constructor(db: StoreDatabase, box: SecretBox) {
    super(db, "provider_keys", COLUMNS, FIXED);
    this.#box = box;
  }

  /**
   * Inserts a provider key, or replaces its labels. With `value` the value is sealed and stored
   * (a create or a rotation); without it the stored value stays.
   */
  save(k: ProviderKeyRecord, value?: string): void {
    this.db.transaction(() => {
      const sealed = value === undefined ? {} : { value_sealed: this.#box.seal(value, k.id) };
      if (this.has(k.id)) {
        this.update(k.id, k, sealed);
        return;
      }
      if (value === undefined) throw new Error("a new provider key needs a value");
      this.insert(k, sealed);
    });
  }

  /**
   * Decrypts the value of provider key `id`; undefined when there is no such key. Never log,
   * store or return the result to an API client.
   */
  openValue(id: string): string | undefined {
    // Usage never writes this column, so pending usage need not be written first.
    const row = this.db.prepared("SELECT value_sealed FROM provider_keys WHERE id = ?").get(id) as
      { value_sealed: Buffer } | undefined;
    return row === undefined ? undefined : this.#box.open(row.value_sealed, id);
  }
}
