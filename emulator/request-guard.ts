// The last line of defence of the emulator's HTTP server: no request, however it fails, may end
// the process. Each plane answers the errors it knows (its own error bodies); whatever escapes
// it arrives here, becomes a 500 in that plane's error body (or, once the answer has begun, a
// broken-off answer) and a log line, and the server goes on serving.
import { type IncomingMessage, STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { isNativeError } from "node:util/types";

/** Receives one line per request (method, path, status) and internal errors; never secrets. */
export type EmulatorLogger = (line: string) => void;

/**
 * How a request ended: the status answered, `reset` (a fault destroyed the connection) or
 * `aborted` (the client left before its request was complete).
 */
export type RequestOutcome = number | "reset" | "aborted";

/** Writes a plane's own 500 body (no request-specific headers, which may be what failed). */
export type InternalErrorAnswer = (res: ServerResponse) => void;

/** Calls the logger, which must not be able to break a request either. */
function log(logger: EmulatorLogger | undefined, line: string): void {
  try {
    logger?.(line);
  } catch {
    // A logger that throws (a closed stdout) loses its line, not the server.
  }
}

/** `Name: message` of an unexpected error, for the log (messages never hold a secret). */
export function describeError(err: unknown): string {
  // isNativeError, not instanceof: Node's own errors may come from another realm (a vm context).
  return isNativeError(err) ? `${err.name}: ${err.message}` : "unknown error";
}

/**
 * A node:http request listener around `handle`: logs each request's outcome, and turns a
 * rejection into a log line and a 500 (`internalError`), or, when the answer has already begun,
 * destroys the connection so that the client sees an incomplete answer instead of waiting.
 */
export function guardedListener(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<RequestOutcome>,
  internalError: InternalErrorAnswer,
  logger?: EmulatorLogger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = `${req.method ?? "GET"} ${(req.url ?? "/").split("?")[0]}`;
    // A handler that throws before its first `await` is caught the same way.
    new Promise<RequestOutcome>((resolve) => resolve(handle(req, res))).then(
      (outcome) => log(logger, `${started} ${outcome}`),
      (err: unknown) => {
        log(logger, `${started} internal error: ${describeError(err)}`);
        req.resume();
        if (res.headersSent || res.destroyed) {
          res.destroy();
        } else {
          try {
            internalError(res);
          } catch {
            res.destroy();
          }
        }
        log(logger, `${started} 500`);
      },
    );
  };
}

/** Node's parser errors with a status of their own; any other is a 400 (Node's own choice). */
const CLIENT_ERROR_STATUS: ReadonlyMap<string, { status: number; message: string }> = new Map([
  ["HPE_HEADER_OVERFLOW", { status: 431, message: "The request headers are too large" }],
  [
    "HPE_CHUNK_EXTENSIONS_OVERFLOW",
    { status: 413, message: "The request's chunk extensions are too large" },
  ],
  ["ERR_HTTP_REQUEST_TIMEOUT", { status: 408, message: "The request took too long to arrive" }],
]);

/** The request line's path, when the bytes Node failed on still hold one. */
function requestPath(rawPacket: unknown): string | undefined {
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  return /^[A-Z]+ (\/\S*) HTTP\//.exec(rawPacket.toString("latin1", 0, 8192))?.[1];
}

/**
 * A `clientError` listener: answers what Node's HTTP parser refused (431 for oversized headers,
 * 408, 400 for anything that is not HTTP) with the error body `body` makes for the status, the
 * message and the request path (when Node still has it), then closes the connection. As Node's own
 * listener does, it writes nothing when the client is gone or an answer is already on the way.
 */
export function clientErrorListener(
  body: (status: number, message: string, path: string | undefined) => string,
  logger?: EmulatorLogger,
): (err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Duplex) => void {
  return (err, socket) => {
    // Node keeps the response in progress on the socket; bytes written now would corrupt it.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const known = CLIENT_ERROR_STATUS.get(err.code ?? "");
    const status = known?.status ?? 400;
    const message = known?.message ?? "The request is not valid HTTP";
    const path = requestPath(err.rawPacket);
    const text = body(status, message, path);
    log(logger, `${path ?? "(unparsed request)"} ${status} (${err.code ?? "parse error"})`);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
        "content-type: application/json; charset=utf-8\r\n" +
        `content-length: ${Buffer.byteLength(text)}\r\n` +
        "connection: close\r\n\r\n" +
        text,
    );
  };
}
