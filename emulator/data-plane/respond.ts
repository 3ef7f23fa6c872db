import type { ServerResponse } from "node:http";
import type { RoutingPlan } from "pulumi-ngrok-ai/routing";
import type { AttemptsResult } from "./attempt-outcome";
import { GATEWAY_ERROR_CODES, GatewayError } from "./gateway-error";

/** `Ngrok-AIG-Request-Id`: the request's id, on every answer (`ngrok-aig-request-id` on the wire). */
export const REQUEST_ID_HEADER = "ngrok-aig-request-id";
/** `Ngrok-AIG-Attempts`: how many upstream attempts the answer took, once there was one. */
export const ATTEMPTS_HEADER = "ngrok-aig-attempts";
/** `Ngrok-AIG-Model`: the `provider:model` of the attempt that answered. */
export const MODEL_HEADER = "ngrok-aig-model";
/** `Ngrok-AIG-Rejected-Models`: the fallbacks the plan left out, comma-separated. */
export const REJECTED_MODELS_HEADER = "ngrok-aig-rejected-models";

/**
 * The longest header value the gateway builds from request data, in bytes: Node's HTTP clients
 * refuse a response whose headers pass 16 KiB (`maxHeaderSize`), and two such values (the model and
 * the rejected fallbacks) must fit with room to spare.
 */
export const MAX_HEADER_VALUE_BYTES = 4096;

// Visible ASCII other than `%`; in a list entry, other than `,` too.
const VALUE_CHARS = "\\x21-\\x24\\x26-\\x7e";
const ENTRY_CHARS = "\\x21-\\x24\\x26-\\x2b\\x2d-\\x7e";
// A value of those characters within the cap is sent as it is: on the hot path, the only cost of
// encoding is this one test. Anything else is percent-encoded (see `headerValue`).
const PLAIN_VALUE = new RegExp(`^[${VALUE_CHARS}]{0,${MAX_HEADER_VALUE_BYTES}}$`);
const PLAIN_ENTRY = new RegExp(`^[${ENTRY_CHARS}]*$`);
const KEEP_IN_VALUE = new RegExp(`^[${VALUE_CHARS}]$`);
const KEEP_IN_ENTRY = new RegExp(`^[${ENTRY_CHARS}]$`);

/**
 * `text` with every character that `keep` rejects replaced by the %XX escapes of its UTF-8,
 * stopping once the result is longer than {@link MAX_HEADER_VALUE_BYTES} (it will be cut anyway).
 */
function percentEncode(text: string, keep: RegExp): string {
  let out = "";
  for (const ch of text) {
    if (out.length > MAX_HEADER_VALUE_BYTES) break;
    if (keep.test(ch)) {
      out += ch;
      continue;
    }
    // A lone surrogate has no UTF-8 form; Buffer.from writes U+FFFD (EF BF BD) for it.
    for (const byte of Buffer.from(ch, "utf8")) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  return out;
}

/** `value` cut to {@link MAX_HEADER_VALUE_BYTES}, never inside a %XX escape, ending in `...`. */
function capped(value: string): string {
  if (value.length <= MAX_HEADER_VALUE_BYTES) return value;
  let end = MAX_HEADER_VALUE_BYTES - 3;
  const escape = value.lastIndexOf("%", end - 1);
  if (escape > end - 3) end = escape;
  return `${value.slice(0, end)}...`;
}

/**
 * A header value made from request data (a model name), safe to send: visible ASCII is kept, and
 * every other character (non-ASCII, space, CR, LF, NUL, DEL, a lone surrogate) and `%` itself are
 * percent-encoded as UTF-8, so `decodeURIComponent` gives the text back. A value longer than
 * {@link MAX_HEADER_VALUE_BYTES} is cut and ends in `...`. Every data-plane surface sets its
 * request-derived headers through this function; Node throws on a header with a character
 * outside latin1 or a control character, and the request would end in an error.
 */
export function headerValue(text: string): string {
  return PLAIN_VALUE.test(text) ? text : capped(percentEncode(text, KEEP_IN_VALUE));
}

/**
 * A comma-separated header value of `entries`, each encoded as {@link headerValue} does and `,`
 * escaped too; entries that do not fit in {@link MAX_HEADER_VALUE_BYTES} are counted instead, as a
 * last entry `+N more`.
 */
export function headerList(entries: readonly string[]): string {
  let out = "";
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i]!;
    const encoded = PLAIN_ENTRY.test(entry) ? entry : percentEncode(entry, KEEP_IN_ENTRY);
    const next = i === 0 ? encoded : `${out}, ${encoded}`;
    // Room for the count of what is left, should a later entry not fit.
    if (next.length > MAX_HEADER_VALUE_BYTES - 16) {
      return i === 0 ? `+${entries.length} more` : `${out}, +${entries.length - i} more`;
    }
    out = next;
  }
  return out;
}

/** Writes a whole JSON answer with `headers` and its content type and length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Answers with a gateway error body, unless the answer has begun (a stream) or the client left. */
export function sendError(
  res: ServerResponse,
  error: GatewayError,
  headers: Record<string, string>,
): void {
  if (!res.headersSent && !res.destroyed) {
    sendJson(res, error.status, error.toBody(), { ...headers, ...error.headers });
  }
}

/** Names the fallbacks the plan left out (their model names, or as requested) in `headers`. */
export function setRejectedModels(headers: Record<string, string>, plan: RoutingPlan): void {
  if (plan.rejectedFallbacks.length === 0) return;
  headers[REJECTED_MODELS_HEADER] = headerList(
    plan.rejectedFallbacks.map((f) => f.modelName ?? f.requested),
  );
}

/** The headers of a streamed answer: the request's, and which attempt and model it comes from. */
export function streamHeaders(
  headers: Record<string, string>,
  attemptCount: number,
  modelName: string,
): Record<string, string> {
  return {
    ...headers,
    [ATTEMPTS_HEADER]: String(attemptCount),
    [MODEL_HEADER]: headerValue(modelName),
  };
}

/**
 * The respond stage: answers the client with what the attempts came to (a streamed answer is
 * already written): the upstream's whole answer with the attempt headers, or, when every attempt
 * failed, 503 (3807) or, when the total timeout ran out, 504 (3810), with the last error.
 * Returns the status answered.
 */
export function respond(
  res: ServerResponse,
  result: AttemptsResult,
  headers: Record<string, string>,
  totalTimeout: string,
): number {
  switch (result.kind) {
    case "streamed":
      return result.status;
    case "answered": {
      const { answer } = result;
      const status = answer.status;
      // The answer is final: the request's own headers object becomes the response's.
      headers[ATTEMPTS_HEADER] = String(result.outcomes.length);
      headers[MODEL_HEADER] = headerValue(result.attempt.modelName);
      const ok = status >= 200 && status < 300;
      if (!ok && answer.retryAfter !== undefined) headers["retry-after"] = answer.retryAfter;
      headers["content-type"] = answer.contentType ?? "application/json";
      headers["content-length"] = String(answer.body.length);
      res.writeHead(status, headers);
      res.end(answer.body);
      return status;
    }
    case "exhausted": {
      const { lastError } = result;
      const error = result.totalTimedOut
        ? new GatewayError(
            504,
            GATEWAY_ERROR_CODES.totalTimeout,
            `The request exceeded the gateway's total timeout of ${totalTimeout}` +
              (lastError === "" ? "" : `; last error: ${lastError}`),
          )
        : new GatewayError(
            503,
            GATEWAY_ERROR_CODES.allProvidersFailed,
            `All providers failed; last error: ${lastError}`,
          );
      if (result.outcomes.length > 0) headers[ATTEMPTS_HEADER] = String(result.outcomes.length);
      sendJson(res, error.status, error.toBody(), headers);
      return error.status;
    }
  }
}
