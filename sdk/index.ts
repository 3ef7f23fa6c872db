// pulumi-ngrok-ai: the Pulumi layer (the resources, and the gateway.yaml apply), plus every name of
// the entry points below it, for programs that import everything from one place. Each entry point
// is an explicit list of named exports (sdk/<part>/index.ts); everything else is internal. Code that
// must not load @pulumi/pulumi imports an entry point instead: pulumi-ngrok-ai/core, /client,
// /catalog, /gitops, /routing, /policy, /drift.
export * from "./core";
export * from "./catalog";
export * from "./gitops";
export * from "./routing";
export * from "./policy";
export * from "./drift";
export {
  GatewayClient,
  type GatewayClientOptions,
  DEFAULT_BASE_URL,
  Collection,
  ProviderKeysApi,
  GatewayConfigApi,
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
  type ClientEvent,
  type ClientEventHandler,
  type RequestEvent,
  type ResponseEvent,
  type RetryEvent,
  type RetryReason,
  type CreateLookupEvent,
} from "./client";
/** The API's request and response shapes (`api.ProviderKey`, …): the names the resources take here. */
export type * as api from "./client/types";
// Where two entry points use one name, the root keeps the meaning 0.1.0 gave it.
export type { Formatter } from "./policy";
export type { Formatter as ReportFormatter } from "./core";
export * from "./resources";
export {
  Gateway,
  GatewayFileError,
  stackSecret,
  policyCheck,
  type GatewayOptions,
  type GatewayCheck,
} from "./apply/declare";
export {
  applyGatewayFile,
  type ApplyGatewayFileOptions,
  type GatewayStackOutputs,
} from "./apply/stack";
