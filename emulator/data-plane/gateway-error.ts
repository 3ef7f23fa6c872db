/**
 * The gateway (data plane) error codes, from the SDK's table (`gateway-error-codes.json`, spec
 * 5.3); re-exported here, where the emulator has always exported them.
 */
export { GATEWAY_ERROR_CODES } from "pulumi-ngrok-ai/routing";

/** The OpenAI-style `type` of an error, by status (INFERRED; SDKs read `code` and `message`). */
function errorType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

/** The gateway error body (INFERRED, spec 5.3): `{"error":{"message","code","type"}}`. */
export interface GatewayErrorBody {
  readonly error: { readonly message: string; readonly code: string; readonly type: string };
}

/**
 * An error the data plane answers a client with. It becomes the gateway error body, not the
 * management API's `{errorCode, statusCode, msg, details}`. Messages never hold a secret: they
 * are built from ids, model names and statuses only.
 */
export class GatewayError extends Error {
  override name = "GatewayError";
  /** HTTP status of the response. */
  readonly status: number;
  /** The stable `ERR_NGROK_…` code. */
  readonly code: string;
  /** Extra response headers (such as `Retry-After`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /** The response body. */
  toBody(): GatewayErrorBody {
    return { error: { message: this.message, code: this.code, type: errorType(this.status) } };
  }
}
