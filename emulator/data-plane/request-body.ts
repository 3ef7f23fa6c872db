import { MAX_JSON_DEPTH, jsonDepthExceeds } from "../json-limits";
import { GATEWAY_ERROR_CODES, GatewayError } from "./gateway-error";

/** A completion request's body once validated: a JSON object whose routing fields are typed. */
export type CompletionBody = Record<string, unknown> & {
  /** The requested model. */
  readonly model?: string | null;
  /** Fallbacks tried after `model`, in order (the gateway's own field, not sent upstream). */
  readonly models?: readonly string[] | null;
};

function invalidBody(status: number, message: string): GatewayError {
  return new GatewayError(status, GATEWAY_ERROR_CODES.invalidBody, message);
}

/** The error for a request body over `maxBodyBytes` (413, 3801). */
export function bodyTooLarge(maxBodyBytes: number): GatewayError {
  return invalidBody(413, `The request body exceeds the limit of ${maxBodyBytes} bytes`);
}

/**
 * The parse/validate stage: the body of a completion request, which must be a JSON object whose
 * `model` is a string and whose `models` is a list of strings, where present. A missing model is
 * the planner's to reject. Synchronous, so that reading the body is the request's only wait
 * before planning.
 * @throws GatewayError 400 (3801) for an invalid body.
 */
export function parseCompletionBody(raw: Buffer): CompletionBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw invalidBody(400, "The request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw invalidBody(400, "The request body must be a JSON object");
  }
  if (jsonDepthExceeds(raw)) {
    throw invalidBody(
      400,
      `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  const body = parsed as Record<string, unknown>;
  const model = body.model;
  const models = body.models;
  if (model !== undefined && model !== null && typeof model !== "string") {
    throw invalidBody(400, "`model` must be a string");
  }
  if (
    models !== undefined &&
    models !== null &&
    (!Array.isArray(models) || models.some((m) => typeof m !== "string"))
  ) {
    throw invalidBody(400, "`models` must be an array of strings");
  }
  return body;
}

/** A rough token count of the prompt (4 characters a token), for `maxInputTokens`. */
function promptTokens(body: CompletionBody): number {
  const text = JSON.stringify([
    body.system ?? "",
    body.messages ?? body.input ?? body.prompt ?? "",
  ]);
  return Math.ceil(text.length / 4);
}

/**
 * Checks the prompt against the gateway's `maxInputTokens` (null: no limit). Runs after
 * planning, so that a rejected model is reported before a long prompt.
 * @throws GatewayError 413 (3811) for a prompt over the limit.
 */
export function checkPromptSize(body: CompletionBody, maxInputTokens: number | null): void {
  if (maxInputTokens !== null && promptTokens(body) > maxInputTokens) {
    throw new GatewayError(
      413,
      GATEWAY_ERROR_CODES.inputTooLarge,
      `The prompt exceeds maxInputTokens (${maxInputTokens})`,
    );
  }
}
