// The public surface of drift detection and export: an explicit list.
export {
  DRIFT_REPORT_VERSION,
  DRIFT_REPORT_SCHEMA_ID,
  DRIFT_REPORT_SCHEMA_FILE,
  DRIFT_OBJECT_KINDS,
  DRIFT_CLASSES,
  type DriftClass,
  type DriftEntry,
  type DriftObjectKind,
  type DriftReport,
  type DriftSummary,
  type PendingOperationEntry,
  type PendingRecovery,
  type PropertyChange,
} from "./report";
export { DriftError, type DriftErrorCode } from "./errors";
export {
  TYPE_TOKENS,
  isSecretValue,
  exportStack,
  parseStackExport,
  readStackState,
  recordedProviderConfigOf,
  runPulumi,
  type ManagedObject,
  type RecordedProviderConfig,
  type PulumiResult,
  type PulumiRunner,
  type StackDocument,
} from "./state";
export {
  parseStackSnapshot,
  pendingOperationsOf,
  readStackSnapshot,
  type PendingOperation,
  type PendingOperationType,
  type StackSnapshot,
} from "./pending";
export {
  isPendingCreate,
  kindsOfPendingCreates,
  matchPendingOperations,
  matchesDeclared,
  type LiveCandidate,
  type MatchInput,
  type PendingDecision,
  type PendingMatch,
  type PendingResolution,
} from "./match";
export { interruptedReport, recoverCommand, type InterruptedReport } from "./interrupted";
export {
  adoptedOutputs,
  planRecovery,
  recoveredDocument,
  type RecoverOptions,
  type Recovery,
  type RecoveryPlan,
  type RecoveryResult,
} from "./recover";
export { deleteCommand, formatRecoveryPlan, formatRecoveryResult } from "./recover-text";
export { resolveCredentials, type ApiCredentials, type CredentialSources } from "./credentials";
export { readLiveAccount, ALL_KINDS, type LiveAccount, type LiveObjects } from "./live";
export { classifyDrift, KIND_LABELS, type ClassifyInput, type Classification } from "./classify";
export {
  detectDrift,
  explainApiFailure,
  countingClient,
  readLiveOrExplain,
  type DetectDriftOptions,
  type DriftClientOptions,
} from "./run";
export {
  DRIFT_FORMATS,
  DRIFT_REPORT_FORMATS,
  DRIFT_FORMATTERS,
  formatDriftJson,
  formatDriftMarkdown,
  formatDriftText,
  type DriftFormat,
  type DriftFormatter,
} from "./formatters";
export {
  exportGateway,
  schemaRefFor,
  slugify,
  secretKeyFor,
  type ExportOptions,
  type ExportedSecret,
  type GatewayExport,
} from "./export";
