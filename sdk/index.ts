// The public API of pulumi-ngrok-ai: an explicit list of named exports. Everything else is internal.
export { VERSION } from "./core/version";
export { AigwError, AIGW_ERROR_CODES, type AigwErrorCode } from "./core/errors";
export {
  type ModelRef,
  parseModelName,
  formatModelName,
  modelKey,
  sameModel,
} from "./core/model-name";
export {
  type FormatOptions,
  type Formatter as ReportFormatter,
  type FormatRegistry,
  defineFormats,
} from "./core/format";
export {
  type Diagnostic,
  type SourcePosition,
  type SourceRange,
  type Severity,
  formatDiagnostic,
} from "./core/diagnostics";
export {
  ProviderKey,
  type ProviderKeyArgs,
  AccessKeyConfiguration,
  type AccessKeyConfigurationArgs,
  type AccessScopeArgs,
  type AccessDimensionArgs,
  type RouterArgs,
  type RouterRuleArgs,
  type RouterStepArgs,
  AccessKey,
  type AccessKeyArgs,
  Provider,
  type ProviderArgs,
  type SupportedApiSurfaceArgs,
  GatewayConfig,
  type GatewayConfigArgs,
} from "./resources";
export { redactSecret, redactKeyValue } from "./core/redaction";
export { redact, REDACTED, type RedactOptions } from "./core/redact";
export {
  GatewayClient,
  type GatewayClientOptions,
  DEFAULT_BASE_URL,
  ApiError,
  type ApiErrorCode,
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
export type * as api from "./client/types";
export {
  type CatalogModel,
  type ModelResolution,
  type ResolvedModelRef,
  BUILTIN_MODELS,
  findCatalogModel,
  resolveModel,
  isPricedModel,
  isManagedInferenceModel,
} from "./catalog/models";
export {
  type CatalogProvider,
  BUILTIN_PROVIDERS,
  findBuiltinProvider,
  isBuiltinProvider,
} from "./catalog/providers";
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
  customProviderResolver,
} from "./routing/scope";
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
} from "./routing/planner";
export {
  type PlanHint,
  type PlanHintProblem,
  type PlanJson,
  MANAGED_INFERENCE_LABEL,
  planToJson,
  planHints,
} from "./routing/explain";
export {
  type PlanFormatter,
  PLAN_FORMATS,
  PLAN_FORMATTERS,
  formatPlanText,
  formatPlanJson,
} from "./routing/formatters/index";
export { RoutingInputError } from "./routing/errors";
export { getValidator, getAjv, loadSchema, GATEWAY_SCHEMA_ID } from "./core/schema";
export {
  parseGateway,
  loadGatewayFile,
  hasErrors,
  type LoadGatewayFileOptions,
  type ParsedGateway,
} from "./gitops/load";
export { resolveSecrets, type SecretProvider, type SecretResolution } from "./gitops/secrets";
export { declarationOrder, type GatewayModel } from "./gitops/model";
export {
  Gateway,
  GatewayFileError,
  stackSecret,
  type GatewayOptions,
  type GatewayCheck,
} from "./apply/declare";
export {
  applyGatewayFile,
  type ApplyGatewayFileOptions,
  type GatewayStackOutputs,
} from "./apply/stack";
export {
  parsePolicy,
  loadPolicyFile,
  PolicyFileError,
  type Policy,
  policyDiagnostics,
  lintGateways,
  failsThreshold,
  type Finding,
  type PolicyRuleId,
  type LintResult,
  type PolicyLintOptions,
  POLICY_RULES,
  POLICY_RULE_IDS,
  FORMATTERS,
  FORMAT_NAMES,
  LINT_FORMATS,
  type FormatName,
  type Formatter,
  reviewGateways,
  reviewFails,
  type ReviewReport,
  REVIEW_FORMATS,
  formatReviewMarkdown,
  formatReviewJson,
} from "./policy/index";
export { policyCheck } from "./apply/declare";
export {
  detectDrift,
  classifyDrift,
  exportGateway,
  resolveCredentials,
  DriftError,
  DRIFT_FORMATTERS,
  DRIFT_FORMATS,
  DRIFT_REPORT_FORMATS,
  DRIFT_REPORT_SCHEMA_ID,
  type DriftReport,
  type DriftEntry,
  type DriftClass,
  type DriftObjectKind,
  type PropertyChange,
  type DriftSummary,
  type DetectDriftOptions,
  type GatewayExport,
  type ExportedSecret,
} from "./drift";
