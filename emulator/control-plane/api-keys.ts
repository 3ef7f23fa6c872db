import { ID_PREFIX } from "../store/ids";
import { newApiKeyToken, redact } from "../store/secrets";
import type { ApiKeyRecord } from "../store/store";
import { type Handler, type HandlerResult, type RequestContext, optionalFields } from "./context";
import * as crud from "./crud";
import { createLabels, mergeLabels, patchLabels, rejectUnknownFields } from "./validate";

const FIELDS = ["name", "description", "metadata"];

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
    ...crud.renderAudit(baseUrl, k),
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
    name?: string | null | undefined;
    description?: string | null | undefined;
    metadata?: string | null | undefined;
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
    ...crud.created(now, principal),
  };
}

const API_KEY: crud.ObjectKind<ApiKeyRecord> = {
  kind: "API key",
  listField: "aiGatewayApiKeys",
  find: (store, id) => store.getApiKey(id),
  render: (ctx, k) => renderApiKey(ctx.baseUrl, k),
};

/** GET/HEAD /api-keys */
export const listApiKeys: Handler = crud.listHandler(API_KEY, (store, page) =>
  store.listApiKeys(page),
);

/** POST /api-keys: the response carries the token, the only time it is shown. */
export async function createApiKey(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, FIELDS);
  const labels = createLabels(body);
  const token = newApiKeyToken();
  const id = ctx.store.ids.next(ID_PREFIX.apiKey);
  const record = newApiKeyRecord(id, token, ctx.now, ctx.principal, labels);
  ctx.store.saveApiKey(record, token);
  return { status: 201, body: renderApiKey(ctx.baseUrl, record, token) };
}

/** GET/HEAD /api-keys/{id} */
export const getApiKey: Handler = crud.getHandler(API_KEY);

/** PATCH /api-keys/{id} */
export const updateApiKey: Handler = crud.changeHandler(API_KEY, {
  fields: FIELDS,
  parse: patchLabels,
  apply: (_ctx, k, labels) => ({ ...k, ...mergeLabels(k, labels) }),
  save: (store, k) => store.saveApiKey(k),
});

/** DELETE /api-keys/{id}: the key stops authenticating at once (even the one in use). */
export const deleteApiKey: Handler = crud.deleteHandler(API_KEY, (ctx, k) => {
  ctx.store.deleteApiKey(k.id);
});
