// Runs Stoplight Prism's validation proxy (`prism proxy <openapi> <upstream> --errors`) as a child
// process: every request and response that passes through it is checked against the OpenAPI
// document, and a violation comes back as an error status or an `sl-violations` header.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import type { Dispatcher } from "undici";

/** A running Prism proxy on 127.0.0.1. */
export interface PrismProxy {
  /** Where the proxy listens, such as `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The proxy's process id. */
  readonly pid: number;
  /** Everything Prism printed so far (its request log, with any `Violation:` lines). */
  output(): string;
  /** Ends the process by its PID and waits for it to exit. */
  close(): Promise<void>;
}

const LISTENING = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/;

function prismScript(): string {
  const root = dirname(require.resolve("@stoplight/prism-cli/package.json"));
  return join(root, "dist", "index.js");
}

/**
 * Starts `prism proxy document upstream --errors` on 127.0.0.1, on a port the system picks
 * (`-p 0`; Prism prints the one it got), and resolves once it listens.
 */
export function startPrismProxy(
  document: string,
  upstream: string,
  startTimeoutMs = 45_000,
): Promise<PrismProxy> {
  const child = spawn(
    process.execPath,
    [prismScript(), "proxy", document, upstream, "--errors", "-h", "127.0.0.1", "-p", "0"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } },
  );
  const pid = child.pid;
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && pid !== undefined) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
    await exited;
  };
  return new Promise<PrismProxy>((resolve, reject) => {
    const timer = setTimeout(() => {
      void close().then(() =>
        reject(new Error(`prism did not start in ${startTimeoutMs} ms:\n${output}`)),
      );
    }, startTimeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      const m = LISTENING.exec(output);
      if (m === null || pid === undefined) return;
      clearTimeout(timer);
      resolve({ url: m[1]!, pid, output: () => output, close });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited (${String(code)}) before listening:\n${output}`));
    });
  });
}

/** One response seen by a recording dispatcher. */
export interface Exchange {
  readonly method: string;
  /** The request path with its query. */
  readonly path: string;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * An undici interceptor that records the method, path, status and headers of every response, so
 * a test sees Prism's `sl-violations` header on answers the client itself accepts.
 */
export function recordExchanges(into: Exchange[]): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) =>
    dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) =>
        handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        into.push({ method: opts.method, path: opts.path, statusCode, headers: { ...headers } });
        return handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
}
