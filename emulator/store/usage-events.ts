import type { StoreDatabase } from "./database";
import type { Page, UsageEventRecord, UsageQuery } from "./records";
import {
  type Column,
  type Columns,
  type Condition,
  Table,
  flag,
  integer,
  optionalText,
  text,
} from "./table";

const KEY_SOURCE: Column<"ngrok" | "user"> = {
  name: "key_source",
  read: (v) => (v === "ngrok" ? "ngrok" : "user"),
  write: (v) => v,
};

const COLUMNS: Columns<UsageEventRecord> = {
  id: text("id"),
  eventTime: text("event_time"),
  requestId: text("request_id"),
  accessKeyId: text("access_key_id"),
  provider: text("provider"),
  providerDisplayName: text("provider_display_name"),
  model: text("model"),
  modelDisplayName: text("model_display_name"),
  attemptNumber: integer("attempt_number"),
  isFinalAttempt: flag("is_final_attempt"),
  statusCode: integer("status_code"),
  timedOut: flag("timed_out"),
  isError: flag("is_error"),
  isStreaming: flag("is_streaming"),
  stopReason: text("stop_reason"),
  inputTokens: integer("input_tokens"),
  outputTokens: integer("output_tokens"),
  cacheReadTokens: integer("cache_read_tokens"),
  reasoningTokens: integer("reasoning_tokens"),
  totalCost: text("total_cost"),
  keySource: KEY_SOURCE,
  providerKeyId: optionalText("provider_key_id"),
  providerKeyDisplayName: optionalText("provider_key_display_name"),
};

/** The `usage_events` table: one row per upstream attempt of the data plane (spec 3.7). */
export class UsageEventRepository extends Table<UsageEventRecord> {
  constructor(db: StoreDatabase) {
    super(db, "usage_events", COLUMNS);
  }

  /** A page of usage events in a time window, newest first. */
  query(query: UsageQuery): Page<UsageEventRecord> {
    const conditions: Condition[] = [
      ["event_time >= ?", query.startTime],
      ["event_time <= ?", query.endTime],
    ];
    if (query.accessKeyId !== undefined) conditions.push(["access_key_id = ?", query.accessKeyId]);
    if (!query.includeRetries) conditions.push(["is_final_attempt = 1"]);
    if (query.beforeId !== undefined) conditions.push(["id < ?", query.beforeId]);
    return this.page(conditions, query.limit);
  }
}
