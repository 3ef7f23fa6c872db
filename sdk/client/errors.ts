// The client's errors: one base (`ApiError`) and one subclass per thing a caller handles
// differently. Callers match on `code`; messages say what happened and what to do, and never
// contain a secret (everything from the server passes through `redact`).
import { AigwError } from "../core/errors";
import { redact, redactRecord } from "../core/redact";
import type { ApiErrorBody } from "./types";

/** The stable codes of the client's errors. */
export type ApiErrorCode =
  | "AIGW_API_ERROR"
  | "AIGW_NOT_FOUND"
  | "AIGW_CONFLICT"
  | "AIGW_VALIDATION"
  | "AIGW_AUTH"
  | "AIGW_RATE_LIMITED"
  | "AIGW_SERVER"
  | "AIGW_BAD_RESPONSE"
  | "AIGW_TIMEOUT"
  | "AIGW_NETWORK"
  | "AIGW_CREATE_UNCERTAIN"
  | "AIGW_PAGINATION_LOOP";

/** What every client error knows about the request that failed. */
export interface ApiErrorInit {
  /** The HTTP method. */
  method: string;
  /** The request URL with credentials and secret query values removed. */
  url: string;
  /** The HTTP status, when a response arrived. */
  statusCode?: number | undefined;
  /** The API's `ERR_NGROK_…` code, when the body had one. */
  errorCode?: string | undefined;
  /** The API's message (`msg`), redacted. */
  msg?: string | undefined;
  /** The API's `details`, redacted. */
  details?: Record<string, string> | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The base of every error the API client throws. It carries the HTTP status, the API's error code,
 * message and details, and the method and URL (credentials removed); the cause is chained.
 */
export class ApiError extends AigwError {
  override name: string = "ApiError";
  /** The stable code to match on. */
  declare readonly code: ApiErrorCode;
  /** The HTTP status, or `undefined` when no response arrived (timeout, network). */
  readonly statusCode: number | undefined;
  /** The API's stable `ERR_NGROK_…` code, when it gave one. */
  readonly errorCode: string | undefined;
  /** The API's human-readable message, redacted. */
  readonly msg: string | undefined;
  /** The API's details map, redacted; `{}` when there are none. */
  readonly details: Record<string, string>;
  /** The HTTP method of the failed request. */
  readonly method: string;
  /** The URL of the failed request, with credentials and secret query values removed. */
  readonly url: string;
  /** How many attempts were made before giving up (1 when there was no retry). */
  attempts = 1;

  constructor(code: ApiErrorCode, message: string, init: ApiErrorInit) {
    super(code, message, init.cause === undefined ? undefined : { cause: init.cause });
    this.statusCode = init.statusCode;
    this.errorCode = init.errorCode;
    this.msg = init.msg;
    this.details = init.details ?? {};
    this.method = init.method;
    this.url = init.url;
  }

  /** The fields worth logging, message included (which `JSON.stringify` would otherwise omit). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      statusCode: this.statusCode,
      errorCode: this.errorCode,
      msg: this.msg,
      details: this.details,
      method: this.method,
      url: this.url,
      attempts: this.attempts,
    };
  }
}

/** The object does not exist (404): it was never created or was deleted outside this program. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError" as const;
  constructor(message: string, init: ApiErrorInit) {
    super("AIGW_NOT_FOUND", message, init);
  }
}

/** The request conflicts with the account's state (409): the object is in use or already exists. */
export class ConflictError extends ApiError {
  override name = "ConflictError" as const;
  constructor(message: string, init: ApiErrorInit) {
    super("AIGW_CONFLICT", message, init);
  }
}

/** The API rejected the request body or parameters (400, 422). */
export class ValidationError extends ApiError {
  override name = "ValidationError" as const;
  constructor(message: string, init: ApiErrorInit) {
    super("AIGW_VALIDATION", message, init);
  }
}

/** The API key is missing, wrong or revoked (401), or not allowed to do this (403). */
export class AuthError extends ApiError {
  override name = "AuthError" as const;
  constructor(message: string, init: ApiErrorInit) {
    super("AIGW_AUTH", message, init);
  }
}

/** The API is rate limiting this account (429) and retries did not get through. */
export class RateLimitedError extends ApiError {
  override name = "RateLimitedError" as const;
  /** How long the API asked to wait (from `Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super("AIGW_RATE_LIMITED", message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The API or a proxy in front of it failed (5xx). */
export class ServerError extends ApiError {
  override name = "ServerError" as const;
  /** How long the API asked to wait (from `Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super("AIGW_SERVER", message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** A success status arrived with a body that is not the JSON object the API promises. */
export class BadResponseError extends ApiError {
  override name = "BadResponseError" as const;
  constructor(message: string, init: ApiErrorInit) {
    super("AIGW_BAD_RESPONSE", message, init);
  }
}

/** No complete response arrived within `timeoutMs`; the request may or may not have been applied. */
export class TimeoutError extends ApiError {
  override name = "TimeoutError" as const;
  /** The per-attempt time limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  constructor(message: string, init: ApiErrorInit & { timeoutMs: number }) {
    super("AIGW_TIMEOUT", message, init);
    this.timeoutMs = init.timeoutMs;
  }
}

/** The connection failed (refused, reset, DNS, TLS…). */
export class NetworkError extends ApiError {
  override name = "NetworkError" as const;
  /** The system or undici error code, such as `ECONNREFUSED` or `UND_ERR_SOCKET`. */
  readonly networkCode: string | undefined;
  /**
   * True when the request certainly never reached the server (the connection was never made),
   * so even a create may be repeated.
   */
  readonly notSent: boolean;
  constructor(
    message: string,
    init: ApiErrorInit & { networkCode?: string | undefined; notSent: boolean },
  ) {
    super("AIGW_NETWORK", message, init);
    this.networkCode = init.networkCode;
    this.notSent = init.notSent;
  }
}

/**
 * A create failed in a way that leaves open whether the object exists (timeout, reset, 502, 504),
 * and the client could not settle it by looking: the lookup failed, the body had no name to look
 * for, or the object was found but its one-time token is lost.
 */
export class CreateUncertainError extends ApiError {
  override name = "CreateUncertainError" as const;
  /** The id of an object that the failed create probably made, when one was found. */
  readonly candidateId: string | undefined;
  constructor(message: string, init: ApiErrorInit & { candidateId?: string | undefined }) {
    super("AIGW_CREATE_UNCERTAIN", message, init);
    this.candidateId = init.candidateId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), candidateId: this.candidateId };
  }
}

/** A list's `nextPageUri` pointed back at a page already read; following it would never end. */
export class PaginationLoopError extends ApiError {
  override name = "PaginationLoopError" as const;
  constructor(message: string, init: ApiErrorInit) {
    super("AIGW_PAGINATION_LOOP", message, init);
  }
}

// ---------------------------------------------------------------------------------------------
// Building errors from responses and transport failures

/** `ERR_NGROK_…` codes that say more than the status they arrive with (statuses are undocumented). */
const ERROR_CODE_KIND: Record<string, "conflict" | "not-found"> = {
  ERR_NGROK_27607: "conflict", // resource already exists
  ERR_NGROK_27615: "conflict", // still in use
  ERR_NGROK_27511: "conflict", // provider key referenced by a router rule
  ERR_NGROK_27710: "conflict", // provider referenced
  ERR_NGROK_27712: "conflict", // providerId already exists
  ERR_NGROK_27611: "not-found",
};

/** The longest API message quoted in an error message. */
const MAX_QUOTED_MSG = 500;

/** Everything needed to turn a non-success response into an error. */
export interface ResponseFailure {
  /** The HTTP method. */
  method: string;
  /** The redacted URL. */
  url: string;
  /** The HTTP status. */
  statusCode: number;
  /** The raw response body text (may be empty or not JSON). */
  bodyText: string;
  /** The `Retry-After` delay already parsed, in milliseconds. */
  retryAfterMs?: number | undefined;
  /** Secrets to remove from anything quoted from the body. */
  secrets: readonly (string | undefined)[];
}

/** Reads the API's error body, tolerating proxies that answer with HTML or nothing. */
function parseErrorBody(bodyText: string): Partial<ApiErrorBody> {
  if (bodyText.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    const body = parsed as Record<string, unknown>;
    const result: Partial<ApiErrorBody> = {};
    if (typeof body.errorCode === "string") result.errorCode = body.errorCode;
    if (typeof body.msg === "string") result.msg = body.msg;
    if (body.details !== null && typeof body.details === "object") {
      const details: Record<string, string> = {};
      for (const [k, v] of Object.entries(body.details as Record<string, unknown>)) {
        details[k] = typeof v === "string" ? v : JSON.stringify(v);
      }
      result.details = details;
    }
    return result;
  } catch {
    return {};
  }
}

/** Builds the typed error for a non-success response. */
export function errorFromResponse(failure: ResponseFailure): ApiError {
  const { method, url, statusCode, secrets } = failure;
  const body = parseErrorBody(failure.bodyText);
  const msg = body.msg === undefined ? undefined : redact(body.msg, secrets);
  const init: ApiErrorInit = {
    method,
    url,
    statusCode,
    errorCode: body.errorCode,
    msg,
    details: body.details === undefined ? {} : redactRecord(body.details, secrets),
  };
  const head = `${method} ${url} failed with ${statusCode}`;
  const said = whatTheApiSaid(msg, body.errorCode);

  const byCode =
    statusCode >= 400 && statusCode < 500 && statusCode !== 429 && body.errorCode !== undefined
      ? ERROR_CODE_KIND[body.errorCode]
      : undefined;
  if (byCode === "conflict" || (byCode === undefined && statusCode === 409)) {
    return new ConflictError(
      `${head} conflict${said}. The object is still referenced or already exists: remove the references to it first, or choose another name.`,
      init,
    );
  }
  if (byCode === "not-found" || statusCode === 404) {
    return new NotFoundError(
      `${head} not found${said}. Check the id; the object may have been deleted outside this program (a refresh will notice).`,
      init,
    );
  }
  if (statusCode === 401) {
    return new AuthError(
      `${unauthorized(method, url, msg, body.errorCode)}. Check the API key (ngrok-ai:apiKey or NGROK_AI_API_KEY): it is missing, mistyped or revoked.`,
      init,
    );
  }
  if (statusCode === 403) {
    return new AuthError(
      `${head} forbidden${said}. The API key is not allowed to do this, or the AI Gateway is not enabled for the account; check the key and the account's plan.`,
      init,
    );
  }
  if (statusCode === 400 || statusCode === 422) {
    return new ValidationError(
      `${head} invalid request${said}. Fix the field the message names and try again; repeating the same request will fail the same way.`,
      init,
    );
  }
  if (statusCode === 429) {
    const wait =
      failure.retryAfterMs === undefined
        ? ""
        : ` The API asked to wait ${formatSeconds(failure.retryAfterMs)}.`;
    return new RateLimitedError(
      `${head} rate limited${said}.${wait} Try again later, or lower the client's concurrency.`,
      { ...init, retryAfterMs: failure.retryAfterMs },
    );
  }
  if (statusCode >= 500) {
    return new ServerError(
      `${head} server error${said}. The API or a proxy in front of it failed; try again later.`,
      { ...init, retryAfterMs: failure.retryAfterMs },
    );
  }
  return new ApiError(
    "AIGW_API_ERROR",
    `${head}${said}. The client did not expect this status; check the request and the API's status page.`,
    init,
  );
}

/** Error codes of connection failures that happen before any byte of the request is sent. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Finds a system or undici error code on an error or its causes. */
function findErrorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Builds a {@link NetworkError} from a connection failure, noting whether the request was sent. */
export function errorFromNetwork(method: string, url: string, err: unknown): NetworkError {
  const networkCode = findErrorCode(err);
  const notSent = networkCode !== undefined && NOT_SENT_CODES.has(networkCode);
  return new NetworkError(
    `${networkFailure(method, url, networkCode, notSent)}. Check the API URL (ngrok-ai:apiUrl or NGROK_AI_API_URL) and the network, then try again.`,
    { method, url, cause: err, networkCode, notSent },
  );
}

function networkFailure(
  method: string,
  url: string,
  networkCode: string | undefined,
  notSent: boolean,
): string {
  const what = notSent
    ? `could not connect (${networkCode})`
    : `lost the connection (${networkCode ?? "unknown error"})`;
  return `${method} ${url} failed: ${what}`;
}

function timeoutFailure(method: string, url: string, timeoutMs: number): string {
  return `${method} ${url} timed out after ${formatSeconds(timeoutMs)}`;
}

/** The API's message (redacted, shortened) and its `ERR_NGROK_…` code, as a message quotes them. */
function whatTheApiSaid(msg: string | undefined, errorCode: string | undefined): string {
  const quoted = msg === undefined ? "" : `: ${truncate(msg)}`;
  return `${quoted}${errorCode === undefined ? "" : ` (${errorCode})`}`;
}

function unauthorized(
  method: string,
  url: string,
  msg: string | undefined,
  errorCode: string | undefined,
): string {
  return `${method} ${url} failed with 401 unauthorized${whatTheApiSaid(msg, errorCode)}`;
}

/**
 * What happened, without the client's advice on what to check, for a caller that gives its own
 * (the CLI names its flags): "GET … failed: could not connect (ECONNREFUSED).", "GET … timed out
 * after 30 s.", "GET … failed with 401 unauthorized.", then "Gave up after 4 attempts." when the
 * client retried. `undefined` for the other failures, whose advice is about the request itself.
 */
export function describeWithoutAdvice(err: ApiError): string | undefined {
  let what: string;
  if (err instanceof TimeoutError) what = timeoutFailure(err.method, err.url, err.timeoutMs);
  else if (err instanceof NetworkError) {
    what = networkFailure(err.method, err.url, err.networkCode, err.notSent);
  } else if (err instanceof AuthError && err.statusCode === 401) {
    what = unauthorized(err.method, err.url, err.msg, err.errorCode);
  } else if (err instanceof ConflictError || err instanceof NotFoundError) {
    const status = err instanceof ConflictError ? "conflict" : "not found";
    what = `${err.method} ${err.url} failed with ${err.statusCode ?? ""} ${status}${whatTheApiSaid(err.msg, err.errorCode)}`;
  } else return undefined;
  return `${what}.${err.attempts > 1 ? ` Gave up after ${err.attempts} attempts.` : ""}`;
}

/** Builds a {@link TimeoutError} for an attempt that exceeded `timeoutMs`. */
export function errorFromTimeout(
  method: string,
  url: string,
  timeoutMs: number,
  cause: unknown,
): TimeoutError {
  return new TimeoutError(
    `${timeoutFailure(method, url, timeoutMs)}. Check the network, or raise the client's timeoutMs.`,
    { method, url, cause, timeoutMs },
  );
}

/** Records on an error that the client gave up after `attempts` attempts. */
export function markExhausted(err: ApiError, attempts: number): ApiError {
  err.attempts = attempts;
  if (attempts > 1) err.message = `${err.message} Gave up after ${attempts} attempts.`;
  return err;
}

/** Formats milliseconds as seconds for messages, such as `2.1 s`. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

function truncate(text: string): string {
  return text.length > MAX_QUOTED_MSG ? `${text.slice(0, MAX_QUOTED_MSG)}…` : text;
}
