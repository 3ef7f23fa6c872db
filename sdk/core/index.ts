// pulumi-ngrok-ai/core: what every other part builds on, with no dependency on any of them: the
// error base and its closed set of codes, diagnostics, secret redaction, the model-name
// normaliser, typo suggestions, the report-format contract, the JSON Schemas and the version.
export { AIGW_ERROR_CODES, type AigwErrorCode, AigwError } from "./errors";
export {
  type Diagnostic,
  type SourcePosition,
  type SourceRange,
  type Severity,
  formatDiagnostic,
} from "./diagnostics";
export { redactSecret, redactKeyValue } from "./redaction";
export {
  FileWriteError,
  checkFilePath,
  type WriteTarget,
  prepareFilePath,
  readTextFile,
  writeTextFile,
} from "./files";
export { parseGoDuration } from "./durations";
export { unsendableInHeader } from "./header-values";
export {
  CREDENTIAL_PREFIXES,
  REDACTED,
  type RedactOptions,
  maskCredentials,
  redact,
  redactCredentials,
  redactUrl,
  redactRecord,
} from "./redact";
export { type ModelRef, parseModelName, formatModelName, modelKey, sameModel } from "./model-name";
export { editDistance, closestMatch, didYouMean } from "./suggest";
export {
  type DefineFormatsOptions,
  type FormatOptions,
  type Formatter,
  type FormatRegistry,
  defineFormats,
  printable,
} from "./format";
export {
  GATEWAY_SCHEMA_FILE,
  GATEWAY_SCHEMA_ID,
  getAjv,
  getValidator,
  loadSchema,
  schemaDirectories,
} from "./schema";
export {
  type RouterShape,
  type RouterRuleShape,
  type RouterStepShape,
  type RouterKeyPosition,
  type MappedRouter,
  type MappedRouterRule,
  type MappedRouterStep,
  mapRouter,
  routerKeys,
} from "./router-shape";
export { VERSION } from "./version";
