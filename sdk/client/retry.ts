// Retries, composed above the request pipeline: which failures are worth another attempt depends
// on the operation (a read may be repeated after anything transient, a create only when it surely
// did not happen), so the policy takes the operation's kind alongside the request.
import {
  ApiError,
  CreateUncertainError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  markExhausted,
} from "./errors";
import { type ClientEventHandler, type RetryReason } from "./events";
import { type ApiRequest, type ApiResponse, type Send } from "./transport";

/**
 * How an operation may be repeated:
 * - `read`: GET and HEAD; `update`: PATCH and rotate, which set the same state again when
 *   repeated. Both are retried after any transient failure.
 * - `delete`: retried like an update; a 404 after an ambiguous failure means the earlier attempt
 *   deleted it, so it counts as success.
 * - `create`: POST of a new object; see {@link executeWithRetry}.
 */
export type OperationKind = "read" | "update" | "delete" | "create";

/** The outcome of looking for an object a failed create may have made. */
export type CreateLookupResult = { found: true; body: unknown; id: string } | { found: false };

/** The retry settings and the injectable clock, randomness and sleep. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** The cap of one wait; a longer `Retry-After` makes the client give up instead. */
  maxRetryDelayMs: number;
  /** The first backoff step; step n is `baseDelayMs * 2^(n-1)`, capped, then fully jittered. */
  baseDelayMs: number;
  /** A number in [0, 1), `Math.random` by default. */
  random: () => number;
  /** Waits the given milliseconds. */
  sleep: (ms: number) => Promise<void>;
}

/** How one failure bears on retrying. */
interface FailureClass {
  /** Why, for the retry event. */
  reason: RetryReason;
  /** True when the request may have been applied even though it failed. */
  ambiguous: boolean;
  /** The server's requested wait, if it gave one. */
  retryAfterMs: number | undefined;
}

/**
 * Classifies a failure as retryable, or `undefined` when repeating it cannot help (400, 401, 404,
 * 409, 500…). 429 and 503 say the server did not act on the request; 502, 504, timeouts and lost
 * connections leave that open; a refused connection never carried the request.
 */
export function classifyFailure(err: unknown): FailureClass | undefined {
  if (err instanceof RateLimitedError) {
    return { reason: "rate limited", ambiguous: false, retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof ServerError) {
    switch (err.statusCode) {
      case 503:
        return { reason: "service unavailable", ambiguous: false, retryAfterMs: err.retryAfterMs };
      case 502:
        return { reason: "bad gateway", ambiguous: true, retryAfterMs: err.retryAfterMs };
      case 504:
        return { reason: "gateway timeout", ambiguous: true, retryAfterMs: err.retryAfterMs };
      default:
        return undefined;
    }
  }
  if (err instanceof TimeoutError) {
    return { reason: "timeout", ambiguous: true, retryAfterMs: undefined };
  }
  if (err instanceof NetworkError) {
    if (err.notSent) {
      const reason = err.networkCode === "ECONNREFUSED" ? "connection refused" : "network error";
      return { reason, ambiguous: false, retryAfterMs: undefined };
    }
    return { reason: "connection reset", ambiguous: true, retryAfterMs: undefined };
  }
  return undefined;
}

/**
 * The wait before retry number `retry` (from 1): the server's `Retry-After` when given, else
 * exponential backoff with full jitter (a uniform draw between 0 and the capped step), which
 * spreads out clients that failed together. `undefined` when the server asks for longer than the
 * cap: waiting less would only be refused again.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
): number | undefined {
  if (retryAfterMs !== undefined) {
    return retryAfterMs > policy.maxRetryDelayMs ? undefined : retryAfterMs;
  }
  const step = Math.min(policy.maxRetryDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * step);
}

/** What {@link executeWithRetry} needs besides the request. */
export interface ExecuteOptions {
  /** How the operation may be repeated. */
  kind: OperationKind;
  /** The redacted URL, for events. */
  url: string;
  /**
   * For creates: looks for the object a failed attempt may have made. It throws
   * {@link CreateUncertainError} when it cannot tell.
   */
  lookupCreated?: (failure: ApiError) => Promise<CreateLookupResult>;
}

/**
 * Sends `request` through `send`, repeating it where that is safe, and throws the last error
 * (with `attempts` set) when retries run out or the failure is not retryable.
 */
export async function executeWithRetry(
  send: Send<ApiResponse>,
  request: ApiRequest,
  options: ExecuteOptions,
  policy: RetryPolicy,
  emit: ClientEventHandler,
): Promise<ApiResponse> {
  const maxAttempts = policy.maxRetries + 1;
  let ambiguousFailureSeen = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(request, attempt);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (options.kind === "delete" && err instanceof NotFoundError && ambiguousFailureSeen) {
        // An earlier attempt reached the server and deleted the object; its answer was lost.
        return { statusCode: 204, headers: {}, body: undefined };
      }
      const failure = classifyFailure(err);
      if (failure === undefined) throw markExhausted(err, attempt);
      if (failure.ambiguous) ambiguousFailureSeen = true;

      // A create must not run twice: a second POST after one that reached the server makes a
      // duplicate object (the API has no idempotency keys). So after a failure that leaves open
      // whether the server acted (timeout, connection reset after sending, 502, 504) we look for
      // the object before deciding. The lookup (see `lookupCreated` in collection.ts) walks the
      // list newest first, stops at objects older than this create, and compares every field we
      // sent. Found: the create happened, and we return that object as if the response had
      // arrived. Absent: the server did not act, so another attempt is as safe as the first.
      // Lookup impossible (it failed, or there is no name to match): we throw
      // AIGW_CREATE_UNCERTAIN and let a person check, rather than guess either way. Failures
      // that prove the request was not acted on (refused connection, 429, 503) are retried
      // directly, like any other request.
      if (options.kind === "create" && failure.ambiguous) {
        if (options.lookupCreated === undefined) {
          throw new CreateUncertainError(
            `${err.message} The create may have succeeded and there is no way to look for it; check for a new object before trying again.`,
            { ...errorInit(err), cause: err },
          );
        }
        const lookup = await options.lookupCreated(err).catch((lookupErr: unknown) => {
          if (lookupErr instanceof ApiError) lookupErr.attempts = attempt;
          throw lookupErr;
        });
        if (lookup.found) return { statusCode: 201, headers: {}, body: lookup.body };
      }

      if (attempt >= maxAttempts) throw markExhausted(err, attempt);
      const delayMs = retryDelay(attempt, failure.retryAfterMs, policy);
      if (delayMs === undefined) throw markExhausted(err, attempt);
      emit({
        type: "retry",
        method: request.method,
        url: options.url,
        attempt: attempt + 1,
        maxAttempts,
        delayMs,
        reason: failure.reason,
        ...(err.statusCode === undefined ? {} : { statusCode: err.statusCode }),
        code: err.code,
      });
      await policy.sleep(delayMs);
    }
  }
}

/** Copies the request facts of an error, for an error that wraps it. */
export function errorInit(err: ApiError): {
  method: string;
  url: string;
  statusCode: number | undefined;
  errorCode: string | undefined;
  msg: string | undefined;
  details: Record<string, string>;
} {
  return {
    method: err.method,
    url: err.url,
    statusCode: err.statusCode,
    errorCode: err.errorCode,
    msg: err.msg,
    details: err.details,
  };
}

/** Wraps an event hook so that its failures never break a request; no hook gives a no-op. */
export function safeEmitter(handler: ClientEventHandler | undefined): ClientEventHandler {
  return (event) => {
    try {
      handler?.(event);
    } catch {
      // An event hook is an observer; its bugs must not change what the client does.
    }
  };
}
