// The emulator's public surface: an explicit list of named exports.
export { createEmulator, DEFAULT_DB_PATH, type Emulator, type EmulatorOptions } from "./emulator";
export { EmulatorError, ManagementApiError } from "./errors";
export type { EmulatorLogger } from "./control-plane/server";
export { BUILTIN_PROVIDERS } from "./control-plane/context";
export { ERROR_CODES } from "./control-plane/error-codes";
export { DEFAULT_BALANCE_CENTS, type CreditOptions } from "./control-plane/credits";
export {
  FAULT_KINDS,
  FaultInjector,
  type FaultKind,
  type FaultRule,
  seededRandom,
} from "./faults/faults";
export {
  EmulatorStore,
  openStore,
  routerKeyIds,
  type AccessDimension,
  type AccessKeyConfigurationRecord,
  type AccessKeyRecord,
  type AccessScope,
  type ApiKeyRecord,
  type CreditAccountRecord,
  type CreditTransactionRecord,
  type GatewayConfigRecord,
  type UsageEventRecord,
  type UsageQuery,
  type UsageOverviewGroupBy,
  type UsageOverviewQuery,
  type UsageOverviewRow,
  type ProviderKeyRecord,
  type ProviderModel,
  type ProviderRecord,
  type StoreOptions,
  type StoredRouter,
  type StoredRouterRule,
  type StoredRouterStep,
  type SupportedApiSurface,
} from "./store/store";
export { MASTER_KEY_ENV, hashToken } from "./store/secrets";
export {
  createStubUpstream,
  stubBehaviourOf,
  stubKeyHash,
  STUB_BEHAVIOURS,
  type StubAttempt,
  type StubBehaviour,
  type StubSurface,
  type StubUpstream,
  type StubUpstreamOptions,
} from "./data-plane/stub-upstream";
export {
  GATEWAY_ERROR_CODES,
  GatewayError,
  type GatewayErrorBody,
} from "./data-plane/gateway-error";
export type { FailoverPolicy } from "./data-plane/gateway";
export { parseGoDuration } from "./durations";
export {
  formatDemoResult,
  sendDemoRequests,
  type DemoAttempt,
  type DemoRequestResult,
  type DemoRequestsOptions,
} from "./data-plane/demo";
