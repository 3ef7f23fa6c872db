// The public surface of the API client: an explicit list; the pipeline pieces stay internal.
export {
  GatewayClient,
  type GatewayClientOptions,
  DEFAULT_BASE_URL,
  loadHttpStack,
} from "./gateway-client";
export { Collection, ProviderKeysApi, GatewayConfigApi } from "./collection";
export {
  ApiError,
  type ApiErrorCode,
  type ApiErrorInit,
  NotFoundError,
  ConflictError,
  ValidationError,
  AuthError,
  RateLimitedError,
  ServerError,
  BadResponseError,
  TimeoutError,
  NetworkError,
  CreateUncertainError,
  PaginationLoopError,
} from "./errors";
export {
  type ClientEvent,
  type ClientEventHandler,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  type RetryReason,
  type CreateLookupEvent,
} from "./events";
export { redact, redactUrl, REDACTED } from "../core/redact";
export type * from "./types";
