import type { UsageEventRecord } from "../store/store";
import {
  type HandlerResult,
  type PageCursor,
  type RequestContext,
  listEnvelope,
  pageLimit,
} from "./context";
import { invalid } from "./error-codes";

/** `AIGatewayUsageEvent` for a stored event; the provider key fields only for `keySource: user`. */
export function renderUsageEvent(e: UsageEventRecord): Record<string, unknown> {
  const { providerKeyId, providerKeyDisplayName, ...rest } = e;
  return {
    ...rest,
    ...(providerKeyId === null ? {} : { providerKeyId }),
    ...(providerKeyDisplayName === null ? {} : { providerKeyDisplayName }),
  };
}

/**
 * The RFC 3339 query parameter `name`, normalised as `Date#toISOString` writes it (the form event
 * times are stored in); undefined when absent and not required.
 * @throws ValidationError naming the parameter when it is missing but required, or no timestamp.
 */
export function timeParam(url: URL, name: string, required: boolean): string | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") {
    if (required) throw invalid(`${name} is required (an RFC 3339 timestamp)`, { field: name });
    return undefined;
  }
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(raw)
    ? Date.parse(raw)
    : Number.NaN;
  if (Number.isNaN(ms)) {
    throw invalid(`${name} must be an RFC 3339 timestamp such as 2026-01-02T15:04:05Z`, {
      field: name,
    });
  }
  return new Date(ms).toISOString();
}

/** The usage cursor: the last id of a page, base64url (INFERRED). */
const USAGE_CURSOR: PageCursor = {
  param: "cursor",
  encode: (lastId) => Buffer.from(lastId, "utf8").toString("base64url"),
};

function decodeCursor(cursor: string | null): string | undefined {
  if (cursor === null || cursor === "") return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^aigue_[0-9a-z]+$/.test(id)) throw invalid("cursor is not valid", { field: "cursor" });
  return id;
}

/**
 * GET /usage: the account's usage events (one per upstream attempt) in a time window, newest
 * first. By default only each request's terminal attempt; `includeRetries=true` adds the others.
 * Paged with an opaque `cursor` carried in `nextPageUri` (INFERRED: the last id, base64url).
 */
export function listUsage(ctx: RequestContext): HandlerResult {
  const url = ctx.url;
  const startTime = timeParam(url, "startTime", true)!;
  const endTime = timeParam(url, "endTime", false) ?? new Date(ctx.now).toISOString();
  const retries = url.searchParams.get("includeRetries");
  if (retries !== null && retries !== "true" && retries !== "false") {
    throw invalid("includeRetries must be true or false", { field: "includeRetries" });
  }
  const limit = pageLimit(url);
  const accessKeyId = url.searchParams.get("accessKeyId") ?? undefined;
  const page = ctx.store.listUsageEvents({
    startTime,
    endTime,
    accessKeyId: accessKeyId === "" ? undefined : accessKeyId,
    includeRetries: retries === "true",
    beforeId: decodeCursor(url.searchParams.get("cursor")),
    limit,
  });
  return listEnvelope(ctx, "aiGatewayUsage", page, renderUsageEvent, USAGE_CURSOR);
}
