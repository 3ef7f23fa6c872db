// Subpath imports keep the emulator from loading the Pulumi SDK that the package index pulls in.
import { AigwError } from "pulumi-ngrok-ai/core";

/**
 * An error the emulator throws to its caller (not to an HTTP client): a bad master key, a database
 * that cannot be opened, a port already in use. Callers match on `code`.
 */
export class EmulatorError extends AigwError {
  override name = "EmulatorError";
}

/**
 * An ngrok.ai management API error on its way to an HTTP client: it becomes the body
 * `{errorCode, statusCode, msg, details}` (`components.schemas.Error`). The message must never
 * hold a secret; handlers build it from ids and field names only.
 */
export class ManagementApiError extends Error {
  override name = "ManagementApiError";
  /** HTTP status, repeated in the body as `statusCode`. */
  readonly statusCode: number;
  /** The stable `ERR_NGROK_…` code, when there is one. */
  readonly errorCode: string | undefined;
  /** String-to-string details; `{}` when there are none. */
  readonly details: Readonly<Record<string, string>>;

  constructor(
    statusCode: number,
    errorCode: string | undefined,
    msg: string,
    details: Record<string, string> = {},
  ) {
    super(msg);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.details = details;
  }

  /** The body the API sends: `details` is always present (`{}` when empty). */
  toBody(): {
    errorCode?: string;
    statusCode: number;
    msg: string;
    details: Record<string, string>;
  } {
    return {
      ...(this.errorCode === undefined ? {} : { errorCode: this.errorCode }),
      statusCode: this.statusCode,
      msg: this.message,
      details: { ...this.details },
    };
  }
}
