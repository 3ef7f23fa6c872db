import type { StoreDatabase } from "./database";
import type {
  Page,
  UsageEventRecord,
  UsageOverviewQuery,
  UsageOverviewRow,
  UsageQuery,
} from "./records";
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

  /**
   * The usage overview's buckets: the events in the window summed per UTC day (event times are
   * stored as `Date#toISOString` writes them, so the day is their first ten characters) and per
   * provider or access key, ordered by day then group key. Each cost is rounded to whole
   * millicents before the sum, so the sum is exact.
   */
  overview(query: UsageOverviewQuery): UsageOverviewRow[] {
    const group = query.groupBy === "provider" ? "provider" : "access_key_id";
    const sql = `SELECT substr(event_time, 1, 10) AS day, ${group} AS group_key,
        SUM(CAST(ROUND(CAST(total_cost AS REAL) * 100000) AS INTEGER)) AS cost,
        SUM(is_final_attempt) AS requests,
        SUM(CASE WHEN is_final_attempt = 1 AND is_error = 1 THEN 1 ELSE 0 END) AS errors
      FROM usage_events WHERE event_time >= ? AND event_time <= ?
      GROUP BY day, group_key ORDER BY day, group_key`;
    const rows = this.db.statement(sql).all(query.startTime, query.endTime) as {
      day: string;
      group_key: string;
      cost: number | bigint;
      requests: number | bigint;
      errors: number | bigint;
    }[];
    return rows.map((r) => ({
      day: r.day,
      groupKey: r.group_key,
      costMillicents: Number(r.cost),
      requests: Number(r.requests),
      errors: Number(r.errors),
    }));
  }
}
