import { ManagementApiError } from "../errors";

/**
 * The ngrok error codes the management API answers with (spec section 5.2). The index gives codes
 * and meanings but no statuses; the statuses used here are INFERRED except 27710 (409, from the
 * OpenAPI file). Three families: 276xx general (configurations, access keys, API keys, gateway
 * config), 275xx provider keys, 277xx providers.
 */
export const ERROR_CODES = {
  /** Required field missing (general / configurations). */
  requiredMissing: "ERR_NGROK_27602",
  /** `name` longer than 255 (general). */
  nameTooLong: "ERR_NGROK_27603",
  /** `metadata` longer than 4096 (general). */
  metadataTooLong: "ERR_NGROK_27604",
  /** Invalid router configuration; `details.reason` says why. */
  invalidRouter: "ERR_NGROK_27605",
  /** Generic validation failure; `details.reason` says why. */
  validation: "ERR_NGROK_27606",
  /** Resource not found. */
  notFound: "ERR_NGROK_27611",
  /** Method not allowed on this path. */
  methodNotAllowed: "ERR_NGROK_27614",
  /** Resource still in use (a configuration linked to an access key). */
  inUse: "ERR_NGROK_27615",
  /** Provider key: `name` longer than 255. */
  providerKeyNameTooLong: "ERR_NGROK_27501",
  /** Provider key: `description` longer than 255. */
  providerKeyDescriptionTooLong: "ERR_NGROK_27502",
  /** Provider key: `metadata` longer than 4096. */
  providerKeyMetadataTooLong: "ERR_NGROK_27503",
  /** Provider key: encryption not configured. */
  providerKeyEncryption: "ERR_NGROK_27505",
  /** Provider key: `value` required and non-empty. */
  providerKeyValueRequired: "ERR_NGROK_27507",
  /** Provider key: `providerId` is not a supported provider. */
  providerKeyUnsupportedProvider: "ERR_NGROK_27508",
  /** Provider key: required field missing. */
  providerKeyRequiredMissing: "ERR_NGROK_27510",
  /** Provider key referenced by a router rule; cannot delete. */
  providerKeyInUse: "ERR_NGROK_27511",
  /** Provider: `name` longer than 255. */
  providerNameTooLong: "ERR_NGROK_27701",
  /** Provider: `metadata` longer than 4096. */
  providerMetadataTooLong: "ERR_NGROK_27702",
  /** Provider: `baseUrl` longer than 2048. */
  providerBaseUrlTooLong: "ERR_NGROK_27703",
  /** Provider: required field missing. */
  providerRequiredMissing: "ERR_NGROK_27704",
  /** Provider: `providerId` reserved by a built-in provider. */
  providerIdReserved: "ERR_NGROK_27705",
  /** Provider: `providerId` longer than 255. */
  providerIdTooLong: "ERR_NGROK_27706",
  /** Provider: unsupported API surface format. */
  providerUnsupportedFormat: "ERR_NGROK_27707",
  /** Provider: unsupported API surface. */
  providerUnsupportedSurface: "ERR_NGROK_27708",
  /** Provider: `modelId` longer than 255. */
  providerModelIdTooLong: "ERR_NGROK_27709",
  /** Provider referenced by a provider key or a configuration; cannot delete (409, documented). */
  providerInUse: "ERR_NGROK_27710",
  /** Provider: duplicate `modelId`. */
  providerDuplicateModel: "ERR_NGROK_27711",
  /** Provider: `providerId` already exists in the account. */
  providerIdExists: "ERR_NGROK_27712",
  /** Provider: `baseUrl` host or scheme not allowed. */
  providerBaseUrlNotAllowed: "ERR_NGROK_27718",
  /**
   * Missing or invalid API key. INFERRED: the new API documents no code for this; 27007 is the
   * only documented 401 of this product family (legacy AI Gateway API keys).
   */
  unauthorized: "ERR_NGROK_27007",
} as const;

/**
 * A request body that breaks the request schema. It is sent with the configured validation
 * status (400 by default, 422 with `validationStatus: 422`, INFERRED either way).
 */
export class ValidationError extends ManagementApiError {
  override name = "ValidationError";

  constructor(errorCode: string, msg: string, details: Record<string, string> = {}) {
    super(400, errorCode, msg, details);
  }
}

/** 404 for a resource of `kind` (e.g. "provider key") with `id`. */
export function notFound(kind: string, id: string): ManagementApiError {
  return new ManagementApiError(404, ERROR_CODES.notFound, `${kind} ${id} not found`, { id });
}

/** 400/422 with code 27606 and a reason. */
export function invalid(reason: string, details: Record<string, string> = {}): ValidationError {
  return new ValidationError(ERROR_CODES.validation, reason, { reason, ...details });
}
