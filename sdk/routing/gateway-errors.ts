/**
 * The gateway (data plane) error codes, read from `gateway-error-codes.json`: the service defines
 * them (spec 5.3), so they are data with a source and a date. The routing planner, the scope
 * check and the emulator's data plane take every `ERR_NGROK_…` code they answer with from here.
 */
import table from "./gateway-error-codes.json";

/** A gateway error code: one of the table's entries. */
export type GatewayErrorCode = keyof typeof table.codes;

/** One entry of the table of gateway error codes. */
export interface GatewayErrorEntry {
  readonly code: GatewayErrorCode;
  /** The camelCase name code refers to it by (a key of {@link GATEWAY_ERROR_CODES}). */
  readonly name: string;
  /** The HTTP status the service documents for the code; null where it documents none. */
  readonly status: number | null;
  /** What the code means, in the service's words, shortened. */
  readonly meaning: string;
}

/** Every gateway error code the project uses, in the table's order. */
export const GATEWAY_ERRORS: readonly GatewayErrorEntry[] = Object.entries(table.codes).map(
  ([code, entry]): GatewayErrorEntry => ({
    code: code as GatewayErrorCode,
    name: entry.name,
    status: entry.status,
    meaning: entry.meaning,
  }),
);

/** Where the table comes from (the spec section and the ngrok docs pages) and when it was read. */
export const GATEWAY_ERRORS_SOURCE: {
  readonly spec: string;
  readonly docs: readonly string[];
  readonly date: string;
} = { spec: table.source.spec, docs: table.source.docs, date: table.date };

/** The code of the entry named `name`; the table is checked once, when this module loads. */
function codeNamed(name: string): GatewayErrorCode {
  const entry = GATEWAY_ERRORS.find((e) => e.name === name);
  if (entry === undefined) throw new Error(`gateway-error-codes.json has no entry named ${name}`);
  return entry.code;
}

/** The gateway error codes by name; `gateway-error-codes.json` gives each one's meaning and status. */
export const GATEWAY_ERROR_CODES = {
  /** The upstream could not be reached. */
  upstreamUnreachable: codeNamed("upstreamUnreachable"),
  /** Invalid request body, or no model. */
  invalidBody: codeNamed("invalidBody"),
  /** No API key for the request (the reference's code when no attempt is left). */
  noApiKey: codeNamed("noApiKey"),
  /** All providers failed (every attempt of the plan failed over). */
  allProvidersFailed: codeNamed("allProvidersFailed"),
  /** The request exceeded `totalTimeout`. */
  totalTimeout: codeNamed("totalTimeout"),
  /** The prompt exceeds `maxInputTokens`. */
  inputTooLarge: codeNamed("inputTooLarge"),
  /** The credit balance is zero or less: "Your account has run out of credit" (403, spec 4.6). */
  outOfCredit: codeNamed("outOfCredit"),
  /** The account never purchased credits: a prepaid balance is required (403, spec 4.6). */
  prepaidRequired: codeNamed("prepaidRequired"),
  /** Missing, unknown or deleted access key. */
  authenticationFailed: codeNamed("authenticationFailed"),
  /** No keys for the provider (the catalogue's code when no attempt is left). */
  noKeysForProvider: codeNamed("noKeysForProvider"),
  /** A path or method the gateway does not serve. */
  unsupportedSurface: codeNamed("unsupportedSurface"),
  /** The upstream's rate limit was exceeded. */
  upstreamRateLimited: codeNamed("upstreamRateLimited"),
  /** Unknown model (with a suggestion where one is close). */
  unknownModel: codeNamed("unknownModel"),
  /** Unknown provider. */
  unknownProvider: codeNamed("unknownProvider"),
  /** An invalid request (one that is not valid HTTP, in the emulator). */
  invalidRequest: codeNamed("invalidRequest"),
  /** Invalid model address. */
  invalidModelAddress: codeNamed("invalidModelAddress"),
  /** A provider outside `providers.allow`. */
  providerNotAllowed: codeNamed("providerNotAllowed"),
  /** A model outside `models.allow`. */
  modelNotAllowed: codeNamed("modelNotAllowed"),
  /** ngrok inference cannot serve the model (it is not priced). */
  managedKeyCannotServeModel: codeNamed("managedKeyCannotServeModel"),
  /** The upstream failed to respond. */
  upstreamFailedToRespond: codeNamed("upstreamFailedToRespond"),
} as const;

/** The name of a gateway error code (a key of {@link GATEWAY_ERROR_CODES}). */
export type GatewayErrorName = keyof typeof GATEWAY_ERROR_CODES;
