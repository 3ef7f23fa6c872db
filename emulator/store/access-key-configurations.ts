import { routerKeys } from "pulumi-ngrok-ai/core";
import type { StoreDatabase } from "./database";
import type { AccessKeyConfigurationRecord, AccessScope, StoredRouter } from "./records";
import { AUDIT_COLUMNS, type Columns, Table, json, optionalText, text } from "./table";

const COLUMNS: Columns<AccessKeyConfigurationRecord> = {
  id: text("id"),
  name: text("name"),
  description: optionalText("description"),
  metadata: optionalText("metadata"),
  access: json<AccessScope>("access"),
  router: json<StoredRouter>("router"),
  ...AUDIT_COLUMNS,
};

/** What saving a configuration again leaves as it was: its id and its creation. */
const FIXED: readonly (keyof AccessKeyConfigurationRecord)[] = ["id", "createdAt", "createdBy"];

/** The provider key ids a router refers to, in order, without repeats. */
export function routerKeyIds(router: StoredRouter | null): string[] {
  const ids = new Set<string>();
  for (const { key } of routerKeys(router)) ids.add(key.id);
  return [...ids];
}

/**
 * The `access_key_configurations` table, and `configuration_provider_keys`, the index of the
 * provider keys each configuration's router uses (so a key in use cannot be deleted).
 */
export class AccessKeyConfigurationRepository extends Table<AccessKeyConfigurationRecord> {
  constructor(db: StoreDatabase) {
    super(db, "access_key_configurations", COLUMNS, FIXED);
  }

  /** Inserts or replaces a configuration and the index of the provider keys its router uses. */
  save(c: AccessKeyConfigurationRecord): void {
    this.db.transaction(() => {
      this.upsert(c);
      this.db
        .statement("DELETE FROM configuration_provider_keys WHERE configuration_id = ?")
        .run(c.id);
      const link = this.db.statement(
        "INSERT INTO configuration_provider_keys (configuration_id, provider_key_id) VALUES (?, ?)",
      );
      for (const keyId of routerKeyIds(c.router)) link.run(c.id, keyId);
    });
  }

  /** The ids of the configurations whose router refers to provider key `id`. */
  usingProviderKey(id: string): string[] {
    const rows = this.db
      .statement(
        "SELECT configuration_id FROM configuration_provider_keys WHERE provider_key_id = ? ORDER BY configuration_id",
      )
      .all(id) as { configuration_id: string }[];
    return rows.map((r) => r.configuration_id);
  }
}
