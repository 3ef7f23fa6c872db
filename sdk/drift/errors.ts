// The errors drift, recover and export throw besides the API client's own. Each message says what to check;
// none carries a secret (stack state is read without --show-secrets, and the API key is never
// put into a message).
import { AigwError } from "../core/errors";

/** The stable codes of drift and export errors. */
export type DriftErrorCode =
  | "AIGW_PULUMI_NOT_FOUND"
  | "AIGW_STACK_READ"
  | "AIGW_STACK_STATE"
  | "AIGW_MISSING_API_KEY"
  | "AIGW_EXPORT"
  | "AIGW_RECOVER_MATCH"
  | "AIGW_STACK_WRITE";

/** A failure of drift or export before or after the API was asked: the CLI exits 1 with it. */
export class DriftError extends AigwError {
  override name = "DriftError";
  declare readonly code: DriftErrorCode;

  constructor(code: DriftErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
