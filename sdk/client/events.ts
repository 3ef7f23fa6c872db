// What the client reports through its `onEvent` hook, so a CLI can print progress such as
// "rate limited, retrying in 2.1 s". Events carry redacted URLs and never a body or a header.

/** Why a request is being retried, phrased for people. */
export type RetryReason =
  | "rate limited"
  | "service unavailable"
  | "bad gateway"
  | "gateway timeout"
  | "timeout"
  | "connection refused"
  | "connection reset"
  | "network error";

/** An attempt is about to be sent. */
export interface RequestEvent {
  /** The event kind. */
  type: "request";
  /** The HTTP method. */
  method: string;
  /** The redacted URL. */
  url: string;
  /** The attempt number, from 1. */
  attempt: number;
}

/** An attempt got a response (of any status). */
export interface ResponseEvent {
  /** The event kind. */
  type: "response";
  /** The HTTP method. */
  method: string;
  /** The redacted URL. */
  url: string;
  /** The attempt number, from 1. */
  attempt: number;
  /** The HTTP status. */
  statusCode: number;
}

/** An attempt failed in a retryable way; the client waits `delayMs` and tries again. */
export interface RetryEvent {
  /** The event kind. */
  type: "retry";
  /** The HTTP method. */
  method: string;
  /** The redacted URL. */
  url: string;
  /** The number of the attempt that is about to be made after the wait (2 for the first retry). */
  attempt: number;
  /** The most attempts this request may make (`maxRetries + 1`). */
  maxAttempts: number;
  /** How long the client waits first, in milliseconds. */
  delayMs: number;
  /** Why the previous attempt failed. */
  reason: RetryReason;
  /** The failed attempt's HTTP status, when it got one. */
  statusCode?: number;
  /** The stable code of the failed attempt's error, such as `AIGW_RATE_LIMITED`. */
  code: string;
}

/**
 * After a create failed ambiguously, the client looked for the object it may have made: `found`
 * (returned instead of retrying), `absent` (a retry is safe) or `failed` (the lookup itself failed).
 */
export interface CreateLookupEvent {
  /** The event kind. */
  type: "create-lookup";
  /** Always `POST`. */
  method: string;
  /** The redacted URL of the create. */
  url: string;
  /** What the lookup showed. */
  outcome: "found" | "absent" | "failed";
  /** The id of the object found. */
  id?: string;
}

/** Everything the client reports through `onEvent`. */
export type ClientEvent = RequestEvent | ResponseEvent | RetryEvent | CreateLookupEvent;

/** Receives the client's events; it must not throw (exceptions are swallowed). */
export type ClientEventHandler = (event: ClientEvent) => void;
