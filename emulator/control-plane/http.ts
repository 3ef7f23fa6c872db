import type { IncomingMessage, ServerResponse } from "node:http";
import { ManagementApiError } from "../errors";
import { MAX_JSON_DEPTH, jsonDepthExceeds, loneSurrogatePath } from "../json-limits";
import { ERROR_CODES, ValidationError, invalid } from "./error-codes";

/** The default request body limit: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(limit: number): ManagementApiError {
  return new ManagementApiError(
    413,
    ERROR_CODES.validation,
    `request body exceeds the limit of ${limit} bytes`,
    { limitBytes: String(limit) },
  );
}

/**
 * The client went away before its request body was complete: nobody is left to answer, and the
 * request is logged as `aborted`, not as an error of the emulator.
 */
export class ClientAbortedError extends Error {
  override name = "ClientAbortedError";

  constructor() {
    super("the client closed the connection before the request body was complete");
  }
}

/**
 * Reads the whole request body, up to `limit` bytes. A larger body is drained without being kept
 * (so the client sees the response rather than a broken pipe) and then rejected with 413; a body
 * the client breaks off is rejected with {@link ClientAbortedError}.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    let size = 0;
    let over = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on("end", () => (over ? reject(tooLarge(limit)) : resolve(Buffer.concat(chunks))));
    // Node reports a broken-off body as an "aborted" error, or only as a close before the end.
    req.on("error", () => reject(new ClientAbortedError()));
    req.on("close", () => {
      if (!req.complete) reject(new ClientAbortedError());
    });
  });
}

/**
 * Parses a JSON request body that must be an object.
 * @throws ManagementApiError 400 for an empty or malformed body; ValidationError for a JSON value
 * that is not an object.
 */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (text.trim() === "") {
    throw new ManagementApiError(400, ERROR_CODES.validation, "a JSON request body is required", {
      reason: "empty body",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ManagementApiError(
      400,
      ERROR_CODES.validation,
      "the request body is not valid JSON",
      {
        reason: "malformed JSON",
      },
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(ERROR_CODES.validation, "the request body must be a JSON object", {
      reason: "not an object",
    });
  }
  if (jsonDepthExceeds(raw)) {
    throw new ValidationError(
      ERROR_CODES.validation,
      `the request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
      { reason: "too deeply nested", maxDepth: String(MAX_JSON_DEPTH) },
    );
  }
  // INFERRED: rejected rather than stored, because SQLite keeps UTF-8, which cannot hold a lone
  // surrogate: it would come back as U+FFFD, unlike what the create response echoed.
  const field = loneSurrogatePath(value);
  if (field !== undefined) {
    const shown = JSON.stringify(field).slice(1, -1);
    throw invalid(
      `${shown} holds a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape); send well-formed Unicode text`,
      { field: shown },
    );
  }
  return value as Record<string, unknown>;
}

/**
 * Sends `body` as JSON with `status`. A 204 and every answer to HEAD carry no body, and so no
 * `content-type` or `content-length` of one: the OpenAPI declares no content for HEAD, and a
 * validating proxy (Stoplight Prism) reads a declared JSON body and fails on the empty one.
 */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === undefined || req.method === "HEAD") {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Sends an API error as the ngrok error body. */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  err: ManagementApiError,
  headers: Record<string, string> = {},
): void {
  sendJson(req, res, err.statusCode, err.toBody(), headers);
}
