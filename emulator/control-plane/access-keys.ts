import { ID_PREFIX } from "../store/ids";
import { newAccessKeyToken, redact } from "../store/secrets";
import type { AccessKeyRecord } from "../store/store";
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

const KIND = "access key";
const FIELDS = ["name", "description", "metadata", "accessKeyConfigurationId"];
const NAME = { max: 255, tooLongCode: ERROR_CODES.nameTooLong };
const DESCRIPTION = { max: 255 };
const METADATA = { max: 4096, tooLongCode: ERROR_CODES.metadataTooLong };

/** `AIGatewayAccessKey` for a stored access key; `token` only when given (the create response). */
export function renderAccessKey(
  ctx: RequestContext,
  k: AccessKeyRecord,
  token?: string,
): Record<string, unknown> {
  const config =
    k.accessKeyConfigurationId === null
      ? undefined
      : ctx.store.getAccessKeyConfiguration(k.accessKeyConfigurationId);
  return {
    id: k.id,
    uri: `${ctx.baseUrl}/access-keys/${k.id}`,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    createdBy: principalRef(ctx.baseUrl, k.createdBy),
    lastUpdatedBy: principalRef(ctx.baseUrl, k.lastUpdatedBy),
    keyRedacted: k.keyRedacted,
    ...optionalFields({ name: k.name, description: k.description, metadata: k.metadata }),
    ...(token === undefined ? {} : { token }),
    lastUsed: k.lastUsed,
    accessKeyConfiguration:
      config === undefined
        ? null
        : {
            id: config.id,
            uri: `${ctx.baseUrl}/access-key-configurations/${config.id}`,
            name: config.name,
          },
  };
}

/** The configuration id must name an existing configuration (INFERRED: 404 like a missing resource). */
function checkConfiguration(ctx: RequestContext, id: string): void {
  if (ctx.store.getAccessKeyConfiguration(id) === undefined) {
    throw notFound("access key configuration", id);
  }
}

function load(ctx: RequestContext): AccessKeyRecord {
  const id = ctx.params[0]!;
  const k = ctx.store.getAccessKey(id);
  if (k === undefined) throw notFound(KIND, id);
  return k;
}

/** GET/HEAD /access-keys */
export function listAccessKeys(ctx: RequestContext): HandlerResult {
  const page = ctx.store.listAccessKeys(pageQuery(ctx.url));
  return listEnvelope(ctx, "aiGatewayAccessKeys", page, (k) => renderAccessKey(ctx, k));
}

/** POST /access-keys: the response carries the token, the only time it is shown. */
export async function createAccessKey(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, FIELDS);
  const name = optionalString(body, "name", NAME);
  const description = optionalString(body, "description", DESCRIPTION);
  const metadata = optionalString(body, "metadata", METADATA);
  const configurationId = optionalString(body, "accessKeyConfigurationId");
  const token = newAccessKeyToken();
  const record = ctx.store.transaction(() => {
    if (configurationId !== undefined) checkConfiguration(ctx, configurationId);
    const k: AccessKeyRecord = {
      id: ctx.store.ids.next(ID_PREFIX.accessKey),
      name: name ?? null,
      description: description ?? null,
      metadata: metadata ?? null,
      keyRedacted: redact(token, 8),
      accessKeyConfigurationId: configurationId ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: ctx.principal,
      lastUpdatedBy: ctx.principal,
      lastUsed: null,
    };
    ctx.store.saveAccessKey(k, token);
    return k;
  });
  return { status: 201, body: renderAccessKey(ctx, record, token) };
}

/** GET/HEAD /access-keys/{id} */
export function getAccessKey(ctx: RequestContext): HandlerResult {
  return { status: 200, body: renderAccessKey(ctx, load(ctx)) };
}

/** PATCH /access-keys/{id}: `accessKeyConfigurationId: null` reverts to allow-all. */
export async function updateAccessKey(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, FIELDS);
  const name = patchString(body, "name", NAME);
  const description = patchString(body, "description", DESCRIPTION);
  const metadata = patchString(body, "metadata", METADATA);
  const configurationId = patchString(body, "accessKeyConfigurationId");
  const updated = ctx.store.transaction(() => {
    const k = load(ctx);
    if (typeof configurationId === "string") checkConfiguration(ctx, configurationId);
    const next: AccessKeyRecord = {
      ...k,
      name: merge(k.name, name),
      description: merge(k.description, description),
      metadata: merge(k.metadata, metadata),
      accessKeyConfigurationId: merge(k.accessKeyConfigurationId, configurationId),
      updatedAt: ctx.now,
      lastUpdatedBy: ctx.principal,
    };
    ctx.store.saveAccessKey(next);
    return next;
  });
  return { status: 200, body: renderAccessKey(ctx, updated) };
}

/** DELETE /access-keys/{id}: permanent; the token stops working at once. */
export function deleteAccessKey(ctx: RequestContext): HandlerResult {
  ctx.store.transaction(() => {
    const k = load(ctx);
    ctx.store.deleteAccessKey(k.id);
  });
  return { status: 204 };
}
