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
  headers[REJECTED_MODELS_HEADER] = plan.rejectedFallbacks
    .map((f) => f.modelName ?? f.requested)
    .join(", ");
}

/** The headers of a streamed answer: the request's, and which attempt and model it comes from. */
export function streamHeaders(
  headers: Record<string, string>,
  attemptCount: number,
  modelName: string,
): Record<string, string> {
  return { ...headers, [ATTEMPTS_HEADER]: String(attemptCount), [MODEL_HEADER]: modelName };
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
      headers[MODEL_HEADER] = result.attempt.modelName;
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
