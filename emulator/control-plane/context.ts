import { BUILTIN_PROVIDERS as CATALOG } from "pulumi-ngrok-ai/catalog";
import type { EmulatorStore, GatewayConfigRecord, PageQuery } from "../store/store";
import { invalid } from "./error-codes";
import type { Body } from "./validate";

/** Catalog provider ids, from the SDK's catalog (one list for the SDK, policy and emulator). */
export const BUILTIN_PROVIDERS: readonly string[] = CATALOG.map((p) => p.id);

/** Known `supportedApiSurfaces[].format` values (INFERRED; validated upstream at runtime). */
export const SURFACE_FORMATS: readonly string[] = ["openai", "anthropic", "google"];

/** Known `supportedApiSurfaces[].surface` values (INFERRED). */
export const SURFACES: readonly string[] = [
  "chat-completions",
  "completions",
  "embeddings",
  "responses",
  "messages",
  "models",
];

/** Settings of the control plane that tests and INFERRED behaviours switch. */
export interface ControlPlaneSettings {
  /** Status of validation errors: 400 (default) or 422 (INFERRED either way). */
  readonly validationStatus: 400 | 422;
  /** Largest accepted request body in bytes (default 1 MiB); larger gets 413. */
  readonly maxBodyBytes: number;
  /** Catalog provider ids. */
  readonly builtinProviders: readonly string[];
  /**
   * `ngrok` (default): custom provider base URLs must be `https://`, or `http://` on a
   * `.internal` host, as documented; `any`: every http(s) URL (for local stub upstreams).
   */
  readonly providerBaseUrlPolicy: "ngrok" | "any";
  /** The gateway configuration an account reads before it writes one. */
  readonly gatewayConfigDefaults: GatewayConfigRecord;
  /** `accountId` of the gateway configuration. */
  readonly accountId: string;
}

/** Everything a handler needs for one request. */
export interface RequestContext {
  /** The emulator's base URL (no trailing slash); every `uri` starts with it. */
  readonly baseUrl: string;
  /** The request URL. */
  readonly url: URL;
  /** Path parameters, in order. */
  readonly params: readonly string[];
  /** The id of the authenticated principal (an API key id). */
  readonly principal: string;
  /** RFC 3339 time of this request. */
  readonly now: string;
  readonly store: EmulatorStore;
  readonly settings: ControlPlaneSettings;
  /** The JSON object body (rejects empty, malformed, non-object and oversize bodies). */
  body(): Promise<Body>;
}

/** A handler's answer: status and JSON body (undefined for 204). */
export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
}

/** A route handler. */
export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;

/** The `{id, uri}` Ref of a principal. */
export function principalRef(baseUrl: string, id: string): { id: string; uri: string } {
  return {
    id,
    uri: id.startsWith("aigak_") ? `${baseUrl}/api-keys/${id}` : `${baseUrl}/users/${id}`,
  };
}

/** Reads `limit` (integer 1..100, default 100). INFERRED: an out-of-range limit is rejected, not clamped. */
export function pageLimit(url: URL): number {
  const raw = url.searchParams.get("limit");
  if (raw === null) return 100;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) {
    throw invalid("limit must be an integer from 1 to 100", { field: "limit" });
  }
  return Number(raw);
}

/** Reads `beforeId` and `limit` (see `pageLimit`). */
export function pageQuery(url: URL): PageQuery {
  const beforeId = url.searchParams.get("beforeId") ?? undefined;
  const limit = pageLimit(url);
  return { beforeId: beforeId === "" ? undefined : beforeId, limit };
}

/** How a list asks for its next page: a query parameter, set from the last id of this page. */
export interface PageCursor {
  readonly param: string;
  readonly encode: (lastId: string) => string;
}

/** `beforeId=<last id>`, the cursor of every list but usage (INFERRED, api.ngrok.com's convention). */
const BEFORE_ID: PageCursor = { param: "beforeId", encode: (lastId) => lastId };

/**
 * A list envelope: `{<key>: items, uri, nextPageUri}`; `nextPageUri` is the same path and query
 * with the cursor set from the last id on this page, or null on the last page.
 */
export function listEnvelope<T extends { id: string }>(
  ctx: RequestContext,
  key: string,
  page: { items: T[]; more: boolean },
  render: (item: T) => unknown,
  cursor: PageCursor = BEFORE_ID,
): HandlerResult {
  const uri = `${ctx.baseUrl}${ctx.url.pathname}${ctx.url.search}`;
  let nextPageUri: string | null = null;
  const last = page.items[page.items.length - 1];
  if (page.more && last !== undefined) {
    const next = new URLSearchParams(ctx.url.searchParams);
    next.set(cursor.param, cursor.encode(last.id));
    nextPageUri = `${ctx.baseUrl}${ctx.url.pathname}?${next.toString()}`;
  }
  return { status: 200, body: { [key]: page.items.map(render), uri, nextPageUri } };
}

/** Copies optional string fields into an API shape, leaving out nulls. */
export function optionalFields(fields: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null) out[k] = v;
  return out;
}
