import type { StoreDatabase } from "./database";
import type { ProviderModel, ProviderRecord, SupportedApiSurface } from "./records";
import { AUDIT_COLUMNS, type Columns, Table, json, jsonList, optionalText, text } from "./table";

const COLUMNS: Columns<ProviderRecord> = {
  id: text("id"),
  providerId: text("provider_id"),
  name: text("name"),
  baseUrl: text("base_url"),
  metadata: optionalText("metadata"),
  supportedApiSurfaces: json<SupportedApiSurface[]>("supported_api_surfaces"),
  models: jsonList<ProviderModel>("models"),
  ...AUDIT_COLUMNS,
};

/** What saving a provider again leaves as it was: its ids and its creation. */
const FIXED: readonly (keyof ProviderRecord)[] = ["id", "providerId", "createdAt", "createdBy"];

/** The `providers` table: the account's user-defined providers, with their models. */
export class ProviderRepository extends Table<ProviderRecord> {
  constructor(db: StoreDatabase) {
    super(db, "providers", COLUMNS, FIXED);
  }

  /** The provider whose `providerId` (address segment) is `providerId`. */
  getByProviderId(providerId: string): ProviderRecord | undefined {
    return this.find("provider_id", providerId);
  }

  /** Inserts a provider, or replaces the row with the same id (all but its ids and creation). */
  save(p: ProviderRecord): void {
    this.db.transaction(() => this.upsert(p));
  }
}
