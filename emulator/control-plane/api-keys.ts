import { ID_PREFIX } from "../store/ids";
import { newApiKeyToken, redact } from "../store/secrets";
import type { ApiKeyRecord } from "../store/store";
import {
  type HandlerResult,
  type RequestContext,
  listEnvelope,
  optionalFields,
  pageQuery,
  principalRef,
} from "./context";
import { ERROR_CODES, notFound } from "./error-codes";
import { merge, optionalString, patchString, rejectUnknownFields } from "./validate";

const KIND = "API key";
const FIELDS = ["name", "description", "metadata"];
const NAME = { max: 255, tooLongCode: ERROR_CODES.nameTooLong };
const DESCRIPTION = { max: 255 };
const METADATA = { max: 4096, tooLongCode: ERROR_CODES.metadataTooLong };

/** `AIGatewayAPIKey` for a stored API key; `token` only in the create response. */
export function renderApiKey(
  baseUrl: string,
  k: ApiKeyRecord,
  token?: string,
): Record<string, unknown> {
  return {
    id: k.id,
    uri: `${baseUrl}/api-keys/${k.id}`,
    ...optionalFields({ name: k.name, description: k.description, metadata: k.metadata }),
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    createdBy: principalRef(baseUrl, k.createdBy),
    lastUpdatedBy: principalRef(baseUrl, k.lastUpdatedBy),
    ...(token === undefined ? {} : { token }),
    keyRedacted: k.keyRedacted,
    lastUsed: k.lastUsed,
  };
}

/** A new API key record for `token` (not yet saved). */
export function newApiKeyRecord(
  id: string,
  token: string,
  now: string,
  principal: string,
  fields: {
    name?: string | undefined;
    description?: string | undefined;
    metadata?: string | undefined;
    bootstrap?: boolean;
  },
): ApiKeyRecord {
  return {
    id,
    name: fields.name ?? null,
    description: fields.description ?? null,
    metadata: fields.metadata ?? null,
    keyRedacted: redact(token, 8),
    lastUsed: null,
    bootstrap: fields.bootstrap ?? false,
    createdAt: now,
    updatedAt: now,
    createdBy: principal,
    lastUpdatedBy: principal,
  };
}

function load(ctx: RequestContext): ApiKeyRecord {
  const id = ctx.params[0]!;
  const k = ctx.store.getApiKey(id);
  if (k === undefined) throw notFound(KIND, id);
  return k;
}

/** GET/HEAD /api-keys */
export function listApiKeys(ctx: RequestContext): HandlerResult {
  const page = ctx.store.listApiKeys(pageQuery(ctx.url));
  return listEnvelope(ctx, "aiGatewayApiKeys", page, (k) => renderApiKey(ctx.baseUrl, k));
}

/** POST /api-keys: the response carries the token, the only time it is shown. */
export async function createApiKey(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, FIELDS);
  const fields = {
    name: optionalString(body, "name", NAME),
    description: optionalString(body, "description", DESCRIPTION),
    metadata: optionalString(body, "metadata", METADATA),
  };
  const token = newApiKeyToken();
  const record = newApiKeyRecord(
    ctx.store.ids.next(ID_PREFIX.apiKey),
    token,
    ctx.now,
    ctx.principal,
    fields,
  );
  ctx.store.saveApiKey(record, token);
  return { status: 201, body: renderApiKey(ctx.baseUrl, record, token) };
}

/** GET/HEAD /api-keys/{id} */
export function getApiKey(ctx: RequestContext): HandlerResult {
  return { status: 200, body: renderApiKey(ctx.baseUrl, load(ctx)) };
}

/** PATCH /api-keys/{id} */
export async function updateApiKey(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, FIELDS);
  const name = patchString(body, "name", NAME);
  const description = patchString(body, "description", DESCRIPTION);
  const metadata = patchString(body, "metadata", METADATA);
  const updated = ctx.store.transaction(() => {
    const k = load(ctx);
    const next: ApiKeyRecord = {
      ...k,
      name: merge(k.name, name),
      description: merge(k.description, description),
      metadata: merge(k.metadata, metadata),
      updatedAt: ctx.now,
      lastUpdatedBy: ctx.principal,
    };
    ctx.store.saveApiKey(next);
    return next;
  });
  return { status: 200, body: renderApiKey(ctx.baseUrl, updated) };
}

/** DELETE /api-keys/{id}: the key stops authenticating at once (even the one in use). */
export function deleteApiKey(ctx: RequestContext): HandlerResult {
  ctx.store.transaction(() => {
    const k = load(ctx);
    ctx.store.deleteApiKey(k.id);
  });
  return { status: 204 };
}
