import { ManagementApiError } from "../errors";
import { ID_PREFIX } from "../store/ids";
import { redact } from "../store/secrets";
import type { ProviderKeyRecord } from "../store/store";
import {
  type HandlerResult,
  type RequestContext,
  listEnvelope,
  optionalFields,
  pageQuery,
  principalRef,
} from "./context";
import { ERROR_CODES, ValidationError, invalid, notFound } from "./error-codes";
import {
  type Body,
  merge,
  optionalString,
  patchRequiredString,
  patchString,
  rejectUnknownFields,
  requiredString,
} from "./validate";

const KIND = "provider key";
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
    createdAt: ctx.now,
    updatedAt: ctx.now,
    createdBy: ctx.principal,
    lastUpdatedBy: ctx.principal,
    lastUsed: null,
  };
  ctx.store.saveProviderKey(record, input.value);
  return record;
}

function load(ctx: RequestContext): ProviderKeyRecord {
  const id = ctx.params[0]!;
  const k = ctx.store.getProviderKey(id);
  if (k === undefined) throw notFound(KIND, id);
  return k;
}

/** GET/HEAD /provider-keys */
export function listProviderKeys(ctx: RequestContext): HandlerResult {
  const provider = ctx.url.searchParams.get("provider") ?? undefined;
  const page = ctx.store.listProviderKeys(
    pageQuery(ctx.url),
    provider === "" ? undefined : provider,
  );
  return listEnvelope(ctx, "aiGatewayProviderKeys", page, (k) => renderProviderKey(ctx.baseUrl, k));
}

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
export function getProviderKey(ctx: RequestContext): HandlerResult {
  return { status: 200, body: renderProviderKey(ctx.baseUrl, load(ctx)) };
}

/** PATCH /provider-keys/{id}: labels only; omitted = unchanged, null = clear. */
export async function updateProviderKey(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, ["name", "description", "metadata"]);
  const name = patchRequiredString(body, "name", NAME);
  const description = patchString(body, "description", DESCRIPTION);
  const metadata = patchString(body, "metadata", METADATA);
  const updated = ctx.store.transaction(() => {
    const k = load(ctx);
    const next: ProviderKeyRecord = {
      ...k,
      name: name ?? k.name,
      description: merge(k.description, description),
      metadata: merge(k.metadata, metadata),
      updatedAt: ctx.now,
      lastUpdatedBy: ctx.principal,
    };
    ctx.store.saveProviderKey(next);
    return next;
  });
  return { status: 200, body: renderProviderKey(ctx.baseUrl, updated) };
}

/** POST /provider-keys/{id}/rotate: new value (and name), same id. */
export async function rotateProviderKey(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, ["name", "value"]);
  const name = requiredString(body, "name", NAME);
  const secret = value(body);
  const updated = ctx.store.transaction(() => {
    const k = load(ctx);
    const next: ProviderKeyRecord = {
      ...k,
      name,
      keyRedacted: redactProviderKeyValue(secret),
      updatedAt: ctx.now,
      lastUpdatedBy: ctx.principal,
    };
    ctx.store.saveProviderKey(next, secret);
    return next;
  });
  return { status: 200, body: renderProviderKey(ctx.baseUrl, updated) };
}

/** DELETE /provider-keys/{id}: refused (27511) while a router rule refers to the key. */
export function deleteProviderKey(ctx: RequestContext): HandlerResult {
  ctx.store.transaction(() => {
    const k = load(ctx);
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
  return { status: 204 };
}
