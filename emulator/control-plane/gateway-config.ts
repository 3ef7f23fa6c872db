import { MAX_TIMEOUT_MS, MAX_TIMEOUT_TEXT, parseGoDuration } from "../durations";
import type { GatewayConfigRecord } from "../store/store";
import type { HandlerResult, RequestContext } from "./context";
import { invalid } from "./error-codes";
import { METADATA_RULE, patchString, rejectUnknownFields, type Body } from "./validate";

/** The defaults of the new architecture docs: 120s total, 60s per request, no token caps. */
export const DEFAULT_GATEWAY_CONFIG: GatewayConfigRecord = {
  totalTimeout: "120s",
  perRequestTimeout: "60s",
  maxInputTokens: null,
  maxOutputTokens: null,
  metadata: null,
};

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** `AIGatewayConfig` for the account. */
export function renderGatewayConfig(
  ctx: RequestContext,
  c: GatewayConfigRecord,
): Record<string, unknown> {
  return {
    accountId: ctx.settings.accountId,
    uri: `${ctx.baseUrl}/gateway-config`,
    totalTimeout: c.totalTimeout,
    perRequestTimeout: c.perRequestTimeout,
    maxInputTokens: c.maxInputTokens,
    maxOutputTokens: c.maxOutputTokens,
    metadata: c.metadata,
  };
}

function duration(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !GO_DURATION.test(v) || !/[1-9]/.test(v)) {
    throw invalid(`${field} must be a positive Go duration such as "30s" or "2m"`, { field });
  }
  // The spec documents no upper limit (INFERRED): the bound is what the data plane's timers hold.
  if ((parseGoDuration(v) ?? Infinity) > MAX_TIMEOUT_MS) {
    throw invalid(
      `${field} must be at most ${MAX_TIMEOUT_TEXT} (the longest timeout the gateway emulator can wait), such as "10m"`,
      { field, max: MAX_TIMEOUT_TEXT },
    );
  }
  return v;
}

function tokenCap(body: Body, field: string): number | null | undefined {
  const v = body[field];
  if (v === undefined || v === null) return v;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    throw invalid(`${field} must be a positive integer or null`, { field });
  }
  return v;
}

/** GET/HEAD /gateway-config */
export function getGatewayConfig(ctx: RequestContext): HandlerResult {
  return {
    status: 200,
    body: renderGatewayConfig(ctx, ctx.store.getGatewayConfig(ctx.settings.gatewayConfigDefaults)),
  };
}

/** PATCH /gateway-config: omitted = keep; null clears caps and metadata; durations cannot be null. */
export async function updateGatewayConfig(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, [
    "totalTimeout",
    "perRequestTimeout",
    "maxInputTokens",
    "maxOutputTokens",
    "metadata",
  ]);
  const totalTimeout = duration(body, "totalTimeout");
  const perRequestTimeout = duration(body, "perRequestTimeout");
  const maxInputTokens = tokenCap(body, "maxInputTokens");
  const maxOutputTokens = tokenCap(body, "maxOutputTokens");
  const metadata = patchString(body, "metadata", METADATA_RULE);
  const next = ctx.store.transaction(() => {
    const c = ctx.store.getGatewayConfig(ctx.settings.gatewayConfigDefaults);
    const updated: GatewayConfigRecord = {
      totalTimeout: totalTimeout ?? c.totalTimeout,
      perRequestTimeout: perRequestTimeout ?? c.perRequestTimeout,
      maxInputTokens: maxInputTokens === undefined ? c.maxInputTokens : maxInputTokens,
      maxOutputTokens: maxOutputTokens === undefined ? c.maxOutputTokens : maxOutputTokens,
      metadata: metadata === undefined ? c.metadata : metadata,
    };
    ctx.store.saveGatewayConfig(updated);
    return updated;
  });
  return { status: 200, body: renderGatewayConfig(ctx, next) };
}
