import { ManagementApiError } from "../errors";
import { ID_PREFIX } from "../store/ids";
import { redact } from "../store/secrets";
import type { ProviderKeyRecord } from "../store/store";
import {
  type Handler,
  type HandlerResult,
  type RequestContext,
  optionalFields,
  principalRef,
} from "./context";
import * as crud from "./crud";
import { ERROR_CODES, ValidationError, invalid } from "./error-codes";
import {
  type Body,
  merge,
  optionalString,
  patchRequiredString,
  patchString,
  rejectUnknownFields,
  requiredString,
} from "./validate";

const NAME = {
  max: 255,
  tooLongCode: ERROR_CODES.providerKeyNameTooLong,
  missingCode: ERROR_CODES.providerKeyRequiredMissing,
};
const DESCRIPTION = { max: 255, tooLongCode: ERROR_CODES.providerKeyDescriptionTooLong };
const METADATA = { max: 4096, tooLongCode: ERROR_CODES.providerKeyMetadataTooLong };

/** The redacted form of a provider key value: `first10***last4` (documented). */
export function redactProviderKeyValue(value: string): string {
  return redact(value, 10);
}

/** `AIGatewayProviderAPIKeyDetail` for a stored provider key. */
export function renderProviderKey(baseUrl: string, k: ProviderKeyRecord): Record<string, unknown> {
  return {
    id: k.id,
    uri: `${baseUrl}/provider-keys/${k.id}`,
    createdAt: k.createdAt,
    updatedAt: k.updatedAt,
    providerId: k.providerId,
    name: k.name,
    keyRedacted: k.keyRedacted,
    ...optionalFields({ description: k.description, metadata: k.metadata }),
    createdBy: principalRef(baseUrl, k.createdBy),
    lastUpdatedBy: principalRef(baseUrl, k.lastUpdatedBy),
    lastUsed: k.lastUsed,
  };
}

const PROVIDER_KEY: crud.ObjectKind<ProviderKeyRecord> = {
  kind: "provider key",
  listField: "aiGatewayProviderKeys",
  find: (store, id) => store.getProviderKey(id),
  render: (ctx, k) => renderProviderKey(ctx.baseUrl, k),
};

function value(body: Body): string {
  const v = body.value;
  if (v !== undefined && v !== null && typeof v !== "string") {
    throw invalid("value must be a string", { field: "value" });
  }
  if (typeof v !== "string" || v === "") {
    throw new ValidationError(
      ERROR_CODES.providerKeyValueRequired,
      "value is required and must not be empty",
      {
        field: "value",
      },
    );
  }
  return v;
}

/** True when `providerId` is a catalog provider or a custom provider of the account. */
export function isKnownProvider(ctx: RequestContext, providerId: string): boolean {
  return (
    ctx.settings.builtinProviders.includes(providerId) ||
    ctx.store.getProviderByProviderId(providerId) !== undefined
  );
}

/**
 * Creates a provider key row (used by POST and by inline keys in router steps); runs inside the
 * caller's transaction.
 */
export function createProviderKey(
  ctx: RequestContext,
  input: {
    providerId: string;
    name: string;
    value: string;
    description?: string | undefined;
    metadata?: string | undefined;
  },
): ProviderKeyRecord {
  const record: ProviderKeyRecord = {
    id: ctx.store.ids.next(ID_PREFIX.providerKey),
    providerId: input.providerId,
    name: input.name,
    description: input.description ?? null,
    metadata: input.metadata ?? null,
    keyRedacted: redactProviderKeyValue(input.value),
    ...crud.created(ctx.now, ctx.principal),
    lastUsed: null,
  };
  ctx.store.saveProviderKey(record, input.value);
  return record;
}

/** GET/HEAD /provider-keys: `provider` filters by `providerId`. */
export const listProviderKeys: Handler = crud.listHandler(PROVIDER_KEY, (store, page, ctx) => {
  const provider = ctx.url.searchParams.get("provider") ?? undefined;
  return store.listProviderKeys(page, provider === "" ? undefined : provider);
});

/** POST /provider-keys */
export async function createProviderKeyHandler(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, ["providerId", "name", "value", "description", "metadata"]);
  const providerId = requiredString(body, "providerId", {
    missingCode: ERROR_CODES.providerKeyRequiredMissing,
    min: 1,
  });
  const name = requiredString(body, "name", NAME);
  const secret = value(body);
  const description = optionalString(body, "description", DESCRIPTION);
  const metadata = optionalString(body, "metadata", METADATA);
  const record = ctx.store.transaction(() => {
    if (!isKnownProvider(ctx, providerId)) {
      throw new ValidationError(
        ERROR_CODES.providerKeyUnsupportedProvider,
        `providerId "${providerId}" is not a supported provider`,
        { field: "providerId", providerId },
      );
    }
    return createProviderKey(ctx, { providerId, name, value: secret, description, metadata });
  });
  return { status: 201, body: renderProviderKey(ctx.baseUrl, record) };
}

/** GET/HEAD /provider-keys/{id} */
export const getProviderKey: Handler = crud.getHandler(PROVIDER_KEY);

/** PATCH /provider-keys/{id}: labels only; omitted = unchanged, null = clear. */
export const updateProviderKey: Handler = crud.changeHandler(PROVIDER_KEY, {
  fields: ["name", "description", "metadata"],
  parse: (body) => ({
    name: patchRequiredString(body, "name", NAME),
    description: patchString(body, "description", DESCRIPTION),
    metadata: patchString(body, "metadata", METADATA),
  }),
  apply: (_ctx, k, patch) => ({
    ...k,
    name: patch.name ?? k.name,
    description: merge(k.description, patch.description),
    metadata: merge(k.metadata, patch.metadata),
  }),
  save: (store, k) => store.saveProviderKey(k),
});

/** POST /provider-keys/{id}/rotate: new value (and name), same id. */
export const rotateProviderKey: Handler = crud.changeHandler(PROVIDER_KEY, {
  fields: ["name", "value"],
  parse: (body) => ({ name: requiredString(body, "name", NAME), value: value(body) }),
  apply: (_ctx, k, rotation) => ({
    ...k,
    name: rotation.name,
    keyRedacted: redactProviderKeyValue(rotation.value),
  }),
  save: (store, k, rotation) => store.saveProviderKey(k, rotation.value),
});

/** DELETE /provider-keys/{id}: refused (27511) while a router rule refers to the key. */
export const deleteProviderKey: Handler = crud.deleteHandler(PROVIDER_KEY, (ctx, k) => {
  const users = ctx.store.configurationsUsingProviderKey(k.id);
  if (users.length > 0) {
    throw new ManagementApiError(
      409,
      ERROR_CODES.providerKeyInUse,
      `provider key ${k.id} is referenced by a router rule of access key configuration ${users.join(", ")}; remove it from those rules first`,
      { accessKeyConfigurations: users.join(",") },
    );
  }
  ctx.store.deleteProviderKey(k.id);
});
