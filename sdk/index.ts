// The public API of pulumi-ngrok-ai: an explicit list of named exports. Everything else is internal.
export { VERSION } from "./version";
export { AigwError } from "./errors";
export {
  type ModelRef,
  parseModelName,
  formatModelName,
  modelKey,
  sameModel,
} from "./model/model-name";
export {
  type Diagnostic,
  type SourcePosition,
  type SourceRange,
  type Severity,
  formatDiagnostic,
} from "./diagnostics";
