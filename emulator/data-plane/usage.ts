import type { HandlerResult, RequestContext } from "../control-plane/context";
import { invalid } from "../control-plane/error-codes";
import type { UsageEventRecord } from "../store/store";

/** ngrok's processing fee: USD 0.05 per million tokens, request plus response (spec 4.6). */
const PROCESSING_FEE_PER_TOKEN = 0.05 / 1_000_000;

/**
 * The `totalCost` of an attempt: the processing fee on its tokens, as a 5-place decimal string.
 * INFERRED: the emulator has no model price list, so managed-inference attempts are charged the
 * processing fee only, like BYOK attempts.
 */
export function attemptCost(inputTokens: number, outputTokens: number): string {
  return ((inputTokens + outputTokens) * PROCESSING_FEE_PER_TOKEN).toFixed(5);
}

/** `AIGatewayUsageEvent` for a stored event; the provider key fields only for `keySource: user`. */
export function renderUsageEvent(e: UsageEventRecord): Record<string, unknown> {
  const { providerKeyId, providerKeyDisplayName, ...rest } = e;
  return {
    ...rest,
    ...(providerKeyId === null ? {} : { providerKeyId }),
    ...(providerKeyDisplayName === null ? {} : { providerKeyDisplayName }),
  };
}

function timeParam(url: URL, name: string, required: boolean): string | undefined {
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
  const rawLimit = url.searchParams.get("limit");
  let limit = 100;
  if (rawLimit !== null) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > 100) {
      throw invalid("limit must be an integer from 1 to 100", { field: "limit" });
    }
    limit = Number(rawLimit);
  }
  const accessKeyId = url.searchParams.get("accessKeyId") ?? undefined;
  const page = ctx.store.listUsageEvents({
    startTime,
    endTime,
    accessKeyId: accessKeyId === "" ? undefined : accessKeyId,
    includeRetries: retries === "true",
    beforeId: decodeCursor(url.searchParams.get("cursor")),
    limit,
  });
  let nextPageUri: string | null = null;
  const last = page.items[page.items.length - 1];
  if (page.more && last !== undefined) {
    const next = new URLSearchParams(url.searchParams);
    next.set("cursor", Buffer.from(last.id, "utf8").toString("base64url"));
    nextPageUri = `${ctx.baseUrl}${url.pathname}?${next.toString()}`;
  }
  return {
    status: 200,
    body: {
      aiGatewayUsage: page.items.map(renderUsageEvent),
      uri: `${ctx.baseUrl}${url.pathname}${url.search}`,
      nextPageUri,
    },
  };
}
