import { BlockList, isIP } from "node:net";
import { ManagementApiError } from "../errors";
import { ID_PREFIX } from "../store/ids";
import type { ProviderModel, ProviderRecord, SupportedApiSurface } from "../store/store";
import { parseModelName } from "pulumi-ngrok-ai/core";
import {
  SURFACES,
  SURFACE_FORMATS,
  type Handler,
  type HandlerResult,
  type RequestContext,
  optionalFields,
} from "./context";
import * as crud from "./crud";
import { ERROR_CODES, ValidationError, invalid } from "./error-codes";
import {
  type Body,
  isObject,
  merge,
  optionalString,
  patchRequiredString,
  patchString,
  rejectUnknownFields,
  requiredString,
} from "./validate";

const MISSING = ERROR_CODES.providerRequiredMissing;
const PROVIDER_ID = {
  min: 1,
  max: 255,
  tooLongCode: ERROR_CODES.providerIdTooLong,
  missingCode: MISSING,
};
const NAME = {
  min: 1,
  max: 255,
  tooLongCode: ERROR_CODES.providerNameTooLong,
  missingCode: MISSING,
};
const BASE_URL = {
  min: 1,
  max: 2048,
  tooLongCode: ERROR_CODES.providerBaseUrlTooLong,
  missingCode: MISSING,
};
const METADATA = { max: 4096, tooLongCode: ERROR_CODES.providerMetadataTooLong };

/** `AIGatewayProvider` for a stored provider. `models` is always present (possibly empty). */
export function renderProvider(baseUrl: string, p: ProviderRecord): Record<string, unknown> {
  return {
    id: p.id,
    uri: `${baseUrl}/providers/${p.id}`,
    providerId: p.providerId,
    name: p.name,
    baseUrl: p.baseUrl,
    ...optionalFields({ metadata: p.metadata }),
    ...crud.renderAudit(baseUrl, p),
    ...(p.supportedApiSurfaces === null ? {} : { supportedApiSurfaces: p.supportedApiSurfaces }),
    models: p.models,
  };
}

const PROVIDER: crud.ObjectKind<ProviderRecord> = {
  kind: "provider",
  listField: "aiGatewayProviders",
  find: (store, id) => store.getProvider(id),
  render: (ctx, p) => renderProvider(ctx.baseUrl, p),
};

function checkProviderId(providerId: string): void {
  // INFERRED: the id is the address segment of `providerId:model`, so it cannot hold `:` or `/`.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(providerId)) {
    throw invalid("providerId may contain only letters, digits, '.', '_' and '-'", {
      field: "providerId",
    });
  }
}

function checkBaseUrl(ctx: RequestContext, baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw invalid("baseUrl must be an absolute URL", { field: "baseUrl" });
  }
  const notAllowed = (reason: string): ValidationError =>
    new ValidationError(ERROR_CODES.providerBaseUrlNotAllowed, reason, {
      field: "baseUrl",
      reason,
    });
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw notAllowed("baseUrl must use https");
  }
  if (ctx.settings.providerBaseUrlPolicy === "any") return;
  const host = normalHost(url);
  if (url.protocol === "http:" && !host.endsWith(".internal")) {
    throw notAllowed("baseUrl must use https; http is allowed only for .internal endpoints");
  }
  if (isLocalHost(host)) {
    throw notAllowed(
      `baseUrl host ${url.hostname} is this machine (loopback or unspecified), which is not allowed`,
    );
  }
}

/**
 * Loopback and unspecified addresses, IPv4 and IPv6; Node's BlockList also matches an IPv4 rule
 * against the IPv4-mapped IPv6 form (`::ffff:127.0.0.1`).
 */
const LOCAL_ADDRESSES = (() => {
  const list = new BlockList();
  list.addSubnet("127.0.0.0", 8, "ipv4");
  list.addSubnet("0.0.0.0", 8, "ipv4");
  list.addAddress("::1", "ipv6");
  list.addAddress("::", "ipv6");
  // IPv4-compatible IPv6 (`::127.0.0.1`, deprecated but still parsed).
  list.addSubnet("::7f00:0", 104, "ipv6");
  return list;
})();

/**
 * The host as the WHATWG URL parser normalised it (IPv4 in any decimal, octal or hex form becomes
 * dotted decimal, IPv6 is compressed), lower-case, without IPv6 brackets or a trailing dot.
 */
function normalHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
}

/** True for a host that names this machine: `localhost` and below, loopback, unspecified. */
function isLocalHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const family = isIP(host);
  if (family === 0) return false;
  return LOCAL_ADDRESSES.check(host, family === 4 ? "ipv4" : "ipv6");
}

function surfaces(value: unknown): SupportedApiSurface[] {
  if (!Array.isArray(value))
    throw invalid("supportedApiSurfaces must be an array", { field: "supportedApiSurfaces" });
  return value.map((raw: unknown, i) => {
    const at = `supportedApiSurfaces[${i}]`;
    if (!isObject(raw)) throw invalid(`${at} must be an object`, { field: at });
    rejectUnknownFields(raw, ["format", "surface", "supportedParams"], `${at}.`);
    const format = requiredString(raw, "format", { missingCode: MISSING });
    if (!SURFACE_FORMATS.includes(format)) {
      throw new ValidationError(
        ERROR_CODES.providerUnsupportedFormat,
        `${at}.format "${format}" is not a supported API format`,
        {
          field: `${at}.format`,
        },
      );
    }
    const out: SupportedApiSurface = { format };
    const surface = optionalString(raw, "surface");
    if (surface !== undefined) {
      if (!SURFACES.includes(surface)) {
        throw new ValidationError(
          ERROR_CODES.providerUnsupportedSurface,
          `${at}.surface "${surface}" is not a supported API surface`,
          {
            field: `${at}.surface`,
          },
        );
      }
      out.surface = surface;
    }
    if (raw.supportedParams !== undefined) {
      if (!Array.isArray(raw.supportedParams))
        throw invalid(`${at}.supportedParams must be an array`, { field: `${at}.supportedParams` });
      out.supportedParams = raw.supportedParams.map((p: unknown, j) => {
        const pat = `${at}.supportedParams[${j}]`;
        if (!isObject(p)) throw invalid(`${pat} must be an object`, { field: pat });
        rejectUnknownFields(p, ["name"], `${pat}.`);
        return { name: requiredString(p, "name", { missingCode: MISSING, min: 1 }) };
      });
    }
    return out;
  });
}

/** Validates `models` and keeps the ids of models that stay (INFERRED). */
function models(
  ctx: RequestContext,
  value: unknown,
  previous: readonly ProviderModel[],
): ProviderModel[] {
  if (!Array.isArray(value)) throw invalid("models must be an array", { field: "models" });
  const seen = new Set<string>();
  return value.map((raw: unknown, i) => {
    const at = `models[${i}]`;
    if (!isObject(raw)) throw invalid(`${at} must be an object`, { field: at });
    rejectUnknownFields(raw, ["modelId"], `${at}.`);
    const modelId = requiredString(raw, "modelId", {
      min: 1,
      max: 255,
      missingCode: MISSING,
      tooLongCode: ERROR_CODES.providerModelIdTooLong,
    });
    if (seen.has(modelId)) {
      throw new ValidationError(
        ERROR_CODES.providerDuplicateModel,
        `modelId "${modelId}" is listed twice`,
        {
          field: `${at}.modelId`,
        },
      );
    }
    seen.add(modelId);
    const kept = previous.find((m) => m.modelId === modelId);
    return kept ?? { id: ctx.store.ids.next(ID_PREFIX.providerModel), modelId };
  });
}

/** GET/HEAD /providers */
export const listProviders: Handler = crud.listHandler(PROVIDER, (store, page) =>
  store.listProviders(page),
);

/** POST /providers */
export async function createProvider(ctx: RequestContext): Promise<HandlerResult> {
  const body: Body = await ctx.body();
  rejectUnknownFields(body, [
    "providerId",
    "name",
    "baseUrl",
    "metadata",
    "supportedApiSurfaces",
    "models",
  ]);
  const providerId = requiredString(body, "providerId", PROVIDER_ID);
  checkProviderId(providerId);
  const name = requiredString(body, "name", NAME);
  const baseUrl = requiredString(body, "baseUrl", BASE_URL);
  checkBaseUrl(ctx, baseUrl);
  const metadata = optionalString(body, "metadata", METADATA);
  const apiSurfaces =
    body.supportedApiSurfaces === undefined ? null : surfaces(body.supportedApiSurfaces);
  const record = ctx.store.transaction(() => {
    if (ctx.settings.builtinProviders.includes(providerId)) {
      throw new ManagementApiError(
        409,
        ERROR_CODES.providerIdReserved,
        `providerId "${providerId}" is reserved by a built-in provider`,
        {
          providerId,
        },
      );
    }
    if (ctx.store.getProviderByProviderId(providerId) !== undefined) {
      throw new ManagementApiError(
        409,
        ERROR_CODES.providerIdExists,
        `a provider with providerId "${providerId}" already exists`,
        {
          providerId,
        },
      );
    }
    const p: ProviderRecord = {
      id: ctx.store.ids.next(ID_PREFIX.provider),
      providerId,
      name,
      baseUrl,
      metadata: metadata ?? null,
      supportedApiSurfaces: apiSurfaces,
      models: body.models === undefined ? [] : models(ctx, body.models, []),
      ...crud.created(ctx.now, ctx.principal),
    };
    ctx.store.saveProvider(p);
    return p;
  });
  return { status: 201, body: renderProvider(ctx.baseUrl, record) };
}

/** GET/HEAD /providers/{id} */
export const getProvider: Handler = crud.getHandler(PROVIDER);

/** PATCH /providers/{id}: `providerId` is immutable; `models` is a full replacement. */
export const updateProvider: Handler = crud.changeHandler(PROVIDER, {
  fields: ["name", "baseUrl", "metadata", "supportedApiSurfaces", "models"],
  parse: (body, ctx) => {
    const name = patchRequiredString(body, "name", NAME);
    const baseUrl = patchRequiredString(body, "baseUrl", BASE_URL);
    if (baseUrl !== undefined) checkBaseUrl(ctx, baseUrl);
    const metadata = patchString(body, "metadata", METADATA);
    const apiSurfaces =
      body.supportedApiSurfaces === undefined || body.supportedApiSurfaces === null
        ? body.supportedApiSurfaces
        : surfaces(body.supportedApiSurfaces);
    return { name, baseUrl, metadata, apiSurfaces, models: body.models };
  },
  apply: (ctx, p, patch) => ({
    ...p,
    name: patch.name ?? p.name,
    baseUrl: patch.baseUrl ?? p.baseUrl,
    metadata: merge(p.metadata, patch.metadata),
    supportedApiSurfaces: merge(p.supportedApiSurfaces, patch.apiSurfaces),
    models:
      patch.models === undefined
        ? p.models
        : patch.models === null
          ? []
          : models(ctx, patch.models, p.models),
  }),
  save: (store, p) => store.saveProvider(p),
});

/** What still refers to provider `p`: provider keys and configurations (scope or rules). */
export function providerReferences(
  ctx: RequestContext,
  p: ProviderRecord,
): { providerKeys: string[]; configurations: string[] } {
  const names = new Set([p.providerId, p.id]);
  const providerKeys = ctx.store.providerKeysOfProvider(p.providerId).map((k) => k.id);
  const configurations = ctx.store
    .allAccessKeyConfigurations()
    .filter((c) => {
      if ((c.access?.providers?.allow ?? []).some((entry) => names.has(entry))) return true;
      if ((c.access?.models?.allow ?? []).some((m) => names.has(parseModelName(m).provider ?? "")))
        return true;
      return (c.router?.rules ?? []).some(
        (r) =>
          (r.provider !== undefined && names.has(r.provider)) ||
          (r.model !== undefined && names.has(parseModelName(r.model).provider ?? "")),
      );
    })
    .map((c) => c.id);
  return { providerKeys, configurations };
}

/** DELETE /providers/{id}: refused (409, 27710) while a provider key or configuration refers to it. */
export const deleteProvider: Handler = crud.deleteHandler(PROVIDER, (ctx, p) => {
  const refs = providerReferences(ctx, p);
  if (refs.providerKeys.length > 0 || refs.configurations.length > 0) {
    const parts = [
      ...(refs.providerKeys.length > 0 ? [`provider key ${refs.providerKeys.join(", ")}`] : []),
      ...(refs.configurations.length > 0
        ? [`access key configuration ${refs.configurations.join(", ")}`]
        : []),
    ];
    throw new ManagementApiError(
      409,
      ERROR_CODES.providerInUse,
      `provider ${p.id} (${p.providerId}) is still referenced by ${parts.join(" and ")}`,
      {
        ...(refs.providerKeys.length > 0 ? { providerKeys: refs.providerKeys.join(",") } : {}),
        ...(refs.configurations.length > 0
          ? { accessKeyConfigurations: refs.configurations.join(",") }
          : {}),
      },
    );
  }
  ctx.store.deleteProvider(p.id);
});
