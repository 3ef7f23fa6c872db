// pulumi-ngrok-ai/routing: how the gateway treats one request, as pure functions: the scope
// predicate every consumer asks, the routing planner the emulator's data plane executes and
// `aigw explain` prints, the planner's input types, and the gateway's error codes.
export type {
  AccessDimensionInput,
  AccessScopeInput,
  RouterStepKeyInput,
  RouterStepInput,
  RouterRuleInput,
  RouterInput,
  PlanConfiguration,
  PlanAccessKey,
  PlanProviderKey,
  PlanCustomProvider,
} from "./types";
export {
  type Admission,
  type ScopeAdmission,
  type ScopeRejection,
  type ScopeDecision,
  type ScopeOptions,
  type ProviderResolver,
  PROVIDER_NOT_ALLOWED,
  MODEL_NOT_ALLOWED,
  scopeAdmits,
  accessKeyAllows,
  checkConfigurationLink,
  customProviderResolver,
  resolveEntry,
} from "./scope";
export {
  type PlanInput,
  type PlanOptions,
  type RoutingPlan,
  type AcceptedPlan,
  type RejectedPlan,
  type PlannedAttempt,
  type AttemptReason,
  type SkippedRoute,
  type SkipReason,
  type CandidatePlan,
  type CandidateRejection,
  type RejectedFallback,
  type PlanRejection,
  DEFAULT_PLAN_OPTIONS,
  planRequest,
} from "./planner";
export {
  type PlanHint,
  type PlanHintProblem,
  type PlanJson,
  type CandidateJson,
  type ScopeRejectionJson,
  MANAGED_INFERENCE_LABEL,
  configurationLabel,
  planHints,
  planToJson,
} from "./explain";
export {
  type PlanFormatter,
  PLAN_FORMATS,
  PLAN_FORMATTERS,
  formatPlanJson,
  formatPlanText,
} from "./formatters/index";
export {
  type GatewayErrorCode,
  type GatewayErrorEntry,
  type GatewayErrorName,
  GATEWAY_ERRORS,
  GATEWAY_ERRORS_SOURCE,
  GATEWAY_ERROR_CODES,
} from "./gateway-errors";
export {
  type AccountPlanInput,
  type AccountObjects,
  type ConfigurationShape,
  type CustomProviderShape,
  type ProviderKeyShape,
  accessFromModel,
  accountPlanInput,
  configurationFromModel,
  declaredId,
  declaredPlanInput,
  findDeclaredAccessKey,
  planConfiguration,
  planCustomProvider,
  planProviderKey,
  routerFromModel,
  routerWithKeyDetails,
} from "./inputs";
export { RoutingInputError } from "./errors";
