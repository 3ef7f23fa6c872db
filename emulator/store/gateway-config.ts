import type { StoreDatabase } from "./database";
import type { GatewayConfigRecord } from "./records";
import { type Columns, Table, optionalInteger, optionalText, text } from "./table";

const COLUMNS: Columns<GatewayConfigRecord> = {
  totalTimeout: text("total_timeout"),
  perRequestTimeout: text("per_request_timeout"),
  maxInputTokens: optionalInteger("max_input_tokens"),
  maxOutputTokens: optionalInteger("max_output_tokens"),
  metadata: optionalText("metadata"),
};

/** The `gateway_config` table: one row (id 1), the account's gateway configuration. */
export class GatewayConfigRepository extends Table<GatewayConfigRecord> {
  constructor(db: StoreDatabase) {
    super(db, "gateway_config", COLUMNS);
  }

  /** The gateway configuration, or `defaults` when it was never written. */
  current(defaults: GatewayConfigRecord): GatewayConfigRecord {
    return this.find("id", 1) ?? defaults;
  }

  /** Writes the gateway configuration. */
  save(c: GatewayConfigRecord): void {
    this.db.transaction(() => this.upsert(c, { id: 1 }));
  }
}
