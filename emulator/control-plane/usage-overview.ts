import type { UsageOverviewGroupBy, UsageOverviewRow } from "../store/store";
import { formatUsd } from "../usage-cost";
import type { HandlerResult, RequestContext } from "./context";
import { invalid } from "./error-codes";
import { timeParam } from "./usage";

const GROUP_BY: readonly UsageOverviewGroupBy[] = ["provider", "accessKey"];

/** `groupBy`: `provider` (the default) or `accessKey`. */
function groupByParam(url: URL): UsageOverviewGroupBy {
  const raw = url.searchParams.get("groupBy");
  if (raw === null) return "provider";
  const groupBy = GROUP_BY.find((g) => g === raw);
  if (groupBy === undefined) {
    throw invalid("groupBy must be provider or accessKey (or left out, for provider)", {
      field: "groupBy",
    });
  }
  return groupBy;
}

/** `AIGatewayUsageOverviewBucket` for one row: the day's start in UTC and the sums. */
function renderBucket(row: UsageOverviewRow): Record<string, unknown> {
  return {
    bucketStart: `${row.day}T00:00:00.000Z`,
    groupKey: row.groupKey,
    cost: formatUsd(row.costMillicents),
    requests: row.requests,
    errors: row.errors,
  };
}

/**
 * GET/HEAD /usage/overview: the usage events with `eventTime` in [`startTime`, `endTime`]
 * (default now) summed per UTC day and per provider id or access key id (`groupBy`), ordered by
 * day then group key, and the window's totals. `cost` adds up every attempt, retries included;
 * `requests` and `errors` count final attempts only (the OpenAPI file's descriptions). Costs are
 * 5-place USD strings like `totalCost`. INFERRED: the series is sparse (a day and group with no
 * event has no bucket), and an `endTime` given before `startTime` is refused rather than answered
 * with nothing.
 */
export function getUsageOverview(ctx: RequestContext): HandlerResult {
  const url = ctx.url;
  const startTime = timeParam(url, "startTime", true)!;
  const givenEndTime = timeParam(url, "endTime", false);
  // Both are `Date#toISOString` text, which sorts as the times do.
  if (givenEndTime !== undefined && givenEndTime < startTime) {
    throw invalid(
      "endTime must not be before startTime: send an endTime at or after startTime, or leave it out for now",
      { field: "endTime" },
    );
  }
  const endTime = givenEndTime ?? new Date(ctx.now).toISOString();
  const rows = ctx.store.usageOverview({ startTime, endTime, groupBy: groupByParam(url) });
  let cost = 0;
  let requests = 0;
  let errors = 0;
  for (const row of rows) {
    cost += row.costMillicents;
    requests += row.requests;
    errors += row.errors;
  }
  return {
    status: 200,
    body: {
      uri: `${ctx.baseUrl}${url.pathname}${url.search}`,
      buckets: rows.map(renderBucket),
      totals: { cost: formatUsd(cost), requests, errors },
    },
  };
}
