/**
 * Every code an `AigwError` (or an error of the emulator or the CLI) may carry, grouped by the
 * part that throws it. The README's "Errors" table lists each one with how to fix it; a test
 * keeps the two equal.
 */
export const AIGW_ERROR_CODES = [
  // The API client (`sdk/client`).
  "AIGW_API_ERROR",
  "AIGW_NOT_FOUND",
  "AIGW_CONFLICT",
  "AIGW_VALIDATION",
  "AIGW_AUTH",
  "AIGW_RATE_LIMITED",
  "AIGW_SERVER",
  "AIGW_BAD_RESPONSE",
  "AIGW_TIMEOUT",
  "AIGW_NETWORK",
  "AIGW_CREATE_UNCERTAIN",
  "AIGW_PAGINATION_LOOP",
  "AIGW_INVALID_OPTIONS",
  // The Pulumi resources and the gateway.yaml apply.
  "AIGW_PROVIDER",
  "AIGW_GATEWAY_FILE",
  "AIGW_SCHEMA_NOT_FOUND",
  // Routing and policy.
  "AIGW_ROUTING_INPUT",
  "AIGW_POLICY_NOT_FOUND",
  "AIGW_POLICY_INVALID",
  "AIGW_PREVIEW_INVALID",
  // The model catalog.
  "AIGW_CATALOG_NOT_FOUND",
  "AIGW_CATALOG_INVALID",
  // Drift and export.
  "AIGW_PULUMI_NOT_FOUND",
  "AIGW_STACK_READ",
  "AIGW_STACK_STATE",
  "AIGW_MISSING_API_KEY",
  "AIGW_EXPORT",
  // Recovering an interrupted update.
  "AIGW_RECOVER_MATCH",
  "AIGW_STACK_WRITE",
  // The emulator.
  "AIGW_EMULATOR_LISTEN",
  "AIGW_EMULATOR_API_KEY_INVALID",
  "AIGW_EMULATOR_FAULTS_INVALID",
  "AIGW_EMULATOR_MASTER_KEY_INVALID",
  "AIGW_EMULATOR_MASTER_KEY_MISMATCH",
  "AIGW_EMULATOR_DECRYPT_FAILED",
  "AIGW_EMULATOR_DB_OPEN",
  "AIGW_EMULATOR_DB_VERSION",
] as const;

/** One of {@link AIGW_ERROR_CODES}: the closed set of error codes callers match on. */
export type AigwErrorCode = (typeof AIGW_ERROR_CODES)[number];

/**
 * The base of every error this package throws. Callers match on `code` (stable, `AIGW_<THING>`),
 * never on the message, which may be reworded.
 */
export class AigwError extends Error {
  override name = "AigwError";
  /** A stable identifier such as `AIGW_NOT_FOUND`. */
  readonly code: AigwErrorCode;

  constructor(code: AigwErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
