// The client's request pipeline: one function that sends one attempt over an undici Dispatcher,
// and middlewares composed around it (events, response errors, the concurrency limit). Retries
// sit above this pipeline (retry.ts) because they depend on the operation, not on the attempt.
import { type Dispatcher } from "undici";
import { BadResponseError, errorFromNetwork, errorFromResponse, errorFromTimeout } from "./errors";
import { type ClientEvent } from "./events";
import { redactUrl } from "../core/redact";

/** The HTTP methods the management API uses. */
export type HttpMethod = "GET" | "HEAD" | "POST" | "PATCH" | "DELETE";

/** One request to the API, independent of attempts. */
export interface ApiRequest {
  /** The HTTP method. */
  method: HttpMethod;
  /** The absolute URL, on the client's base origin. */
  url: string;
  /** The JSON body, if any. */
  body?: unknown;
  /** Secrets in this request (values, tokens) to remove from anything reported. */
  secrets: readonly string[];
}

/** A successful response with its JSON body parsed (`undefined` for HEAD, 204 or an empty body). */
export interface ApiResponse {
  /** The HTTP status. */
  statusCode: number;
  /** The response headers. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: unknown;
}

/** A raw response of one attempt, before its status is judged. */
export interface RawResponse {
  /** The HTTP status. */
  statusCode: number;
  /** The response headers. */
  headers: Record<string, string | string[] | undefined>;
  /** The body text, read to the end. */
  bodyText: string;
}

/** Sends one attempt of a request; `attempt` counts from 1. */
export type Send<R> = (request: ApiRequest, attempt: number) => Promise<R>;

/** What the transport needs to know; everything else is composed in by middlewares. */
export interface TransportOptions {
  /** The dispatcher that carries the requests, asked for at each attempt (it may load lazily). */
  dispatcher: () => Dispatcher;
  /** The origin credentials may be sent to (the base URL's origin). */
  origin: string;
  /** The API key sent as a bearer token, if any. */
  apiKey: string | undefined;
  /** The per-attempt time limit, in milliseconds. */
  timeoutMs: number;
  /** The `User-Agent` header. */
  userAgent: string;
}

/** Redacts a request URL for reporting, with the request's own secrets and the API key. */
export function reportedUrl(request: ApiRequest, apiKey: string | undefined): string {
  return redactUrl(request.url, [...request.secrets, apiKey]);
}

/**
 * Creates the innermost sender: one HTTP exchange over the dispatcher, with a time limit that
 * covers headers and body. Connection failures and timeouts become typed errors here; a
 * response of any status is returned as is.
 */
export function createTransport(options: TransportOptions): Send<RawResponse> {
  const { dispatcher, origin, apiKey, timeoutMs, userAgent } = options;
  return async (request) => {
    const target = new URL(request.url);
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": userAgent,
    };
    // Credentials only ever go to the configured origin, whatever URL a page link names.
    if (apiKey !== undefined && target.origin === origin) {
      headers.authorization = `Bearer ${apiKey}`;
    }
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers["content-type"] = "application/json";
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await dispatcher().request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers,
        body: body ?? null,
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const bodyText = await response.body.text();
      return { statusCode: response.statusCode, headers: response.headers, bodyText };
    } catch (err) {
      const url = reportedUrl(request, apiKey);
      const code = (err as { code?: unknown } | null)?.code;
      if (timedOut || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
        throw errorFromTimeout(request.method, url, timeoutMs, err);
      }
      throw errorFromNetwork(request.method, url, err);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Emits `request` and `response` events around each attempt. */
export function withEvents(
  emit: (event: ClientEvent) => void,
  apiKey: string | undefined,
): (next: Send<RawResponse>) => Send<RawResponse> {
  return (next) => async (request, attempt) => {
    const url = reportedUrl(request, apiKey);
    emit({ type: "request", method: request.method, url, attempt });
    const response = await next(request, attempt);
    emit({
      type: "response",
      method: request.method,
      url,
      attempt,
      statusCode: response.statusCode,
    });
    return response;
  };
}

/**
 * Judges each response: a non-success status becomes the typed error for it (with `Retry-After`
 * read), and a success body is parsed as JSON.
 */
export function withResponseErrors(
  apiKey: string | undefined,
  now: () => number,
): (next: Send<RawResponse>) => Send<ApiResponse> {
  return (next) => async (request, attempt) => {
    const raw = await next(request, attempt);
    const secrets = [...request.secrets, apiKey];
    if (raw.statusCode < 200 || raw.statusCode >= 300) {
      throw errorFromResponse({
        method: request.method,
        url: reportedUrl(request, apiKey),
        statusCode: raw.statusCode,
        bodyText: raw.bodyText,
        retryAfterMs: parseRetryAfter(raw.headers["retry-after"], now()),
        secrets,
      });
    }
    if (request.method === "HEAD" || raw.statusCode === 204 || raw.bodyText.trim() === "") {
      return { statusCode: raw.statusCode, headers: raw.headers, body: undefined };
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.bodyText);
    } catch {
      // The parser's error is not chained: V8 quotes the body in it, and the body may hold a token.
      throw new BadResponseError(
        `${request.method} ${reportedUrl(request, apiKey)} answered ${raw.statusCode} with a body that is not JSON. Check that the API URL points at the ngrok.ai API, not a proxy or web page.`,
        {
          method: request.method,
          url: reportedUrl(request, apiKey),
          statusCode: raw.statusCode,
        },
      );
    }
    return { statusCode: raw.statusCode, headers: raw.headers, body };
  };
}

/**
 * Holds at most `limit` attempts in flight; the rest wait in arrival order. A slot is held only for
 * one HTTP exchange, never across a retry's sleep, so waits never block other requests.
 */
export function withConcurrencyLimit<R>(limit: number): (next: Send<R>) => Send<R> {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (inFlight < limit) {
      inFlight++;
      return;
    }
    // The releasing request hands its slot over directly, so inFlight stays counted.
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const nextWaiter = waiting.shift();
    if (nextWaiter) nextWaiter();
    else inFlight--;
  };
  return (next) => async (request, attempt) => {
    await acquire();
    try {
      return await next(request, attempt);
    } finally {
      release();
    }
  };
}

/**
 * Parses a `Retry-After` header, either delta seconds or an HTTP date, into milliseconds from
 * `now`; `undefined` when absent or unparseable. A date in the past gives 0.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  now: number,
): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
