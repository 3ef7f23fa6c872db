import { ID_PREFIX } from "../store/ids";
import { newAccessKeyToken, redact } from "../store/secrets";
import type { AccessKeyRecord } from "../store/store";
import { type Handler, type HandlerResult, type RequestContext, optionalFields } from "./context";
import * as crud from "./crud";
import { notFound } from "./error-codes";
import {
  createLabels,
  merge,
  mergeLabels,
  optionalString,
  patchLabels,
  patchString,
  rejectUnknownFields,
} from "./validate";

const FIELDS = ["name", "description", "metadata", "accessKeyConfigurationId"];

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
    ...crud.renderAudit(ctx.baseUrl, k),
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

const ACCESS_KEY: crud.ObjectKind<AccessKeyRecord> = {
  kind: "access key",
  listField: "aiGatewayAccessKeys",
  find: (store, id) => store.getAccessKey(id),
  render: (ctx, k) => renderAccessKey(ctx, k),
};

/** The configuration id must name an existing configuration (INFERRED: 404 like a missing resource). */
function checkConfiguration(ctx: RequestContext, id: string): void {
  if (ctx.store.getAccessKeyConfiguration(id) === undefined) {
    throw notFound("access key configuration", id);
  }
}

/** GET/HEAD /access-keys */
export const listAccessKeys: Handler = crud.listHandler(ACCESS_KEY, (store, page) =>
  store.listAccessKeys(page),
);

/** POST /access-keys: the response carries the token, the only time it is shown. */
export async function createAccessKey(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, FIELDS);
  const labels = createLabels(body);
  const configurationId = optionalString(body, "accessKeyConfigurationId");
  const token = newAccessKeyToken();
  const record = ctx.store.transaction(() => {
    if (configurationId !== undefined) checkConfiguration(ctx, configurationId);
    const k: AccessKeyRecord = {
      id: ctx.store.ids.next(ID_PREFIX.accessKey),
      ...labels,
      keyRedacted: redact(token, 8),
      accessKeyConfigurationId: configurationId ?? null,
      ...crud.created(ctx.now, ctx.principal),
      lastUsed: null,
    };
    ctx.store.saveAccessKey(k, token);
    return k;
  });
  return { status: 201, body: renderAccessKey(ctx, record, token) };
}

/** GET/HEAD /access-keys/{id} */
export const getAccessKey: Handler = crud.getHandler(ACCESS_KEY);

/** PATCH /access-keys/{id}: `accessKeyConfigurationId: null` reverts to allow-all. */
export const updateAccessKey: Handler = crud.changeHandler(ACCESS_KEY, {
  fields: FIELDS,
  parse: (body) => ({
    labels: patchLabels(body),
    configurationId: patchString(body, "accessKeyConfigurationId"),
  }),
  apply: (ctx, k, { labels, configurationId }) => {
    if (typeof configurationId === "string") checkConfiguration(ctx, configurationId);
    return {
      ...k,
      ...mergeLabels(k, labels),
      accessKeyConfigurationId: merge(k.accessKeyConfigurationId, configurationId),
    };
  },
  save: (store, k) => store.saveAccessKey(k),
});

/** DELETE /access-keys/{id}: permanent; the token stops working at once. */
export const deleteAccessKey: Handler = crud.deleteHandler(ACCESS_KEY, (ctx, k) => {
  ctx.store.deleteAccessKey(k.id);
});
