import type { Readable } from "node:stream";
import { Agent, type Dispatcher, request } from "undici";
import { unsendableInHeader } from "pulumi-ngrok-ai/core";
import { BoundedCache } from "../bounded-cache";

/**
 * The API surfaces the data plane forwards: OpenAI chat completions, legacy completions,
 * embeddings and responses, and Anthropic messages (docs sdks/openai.mdx, sdks/other.mdx).
 */
export type Surface = "chat-completions" | "completions" | "embeddings" | "responses" | "messages";

/** The path of a surface under a provider base URL. */
const SURFACE_PATH: Readonly<Record<Surface, string>> = {
  "chat-completions": "/chat/completions",
  completions: "/completions",
  embeddings: "/embeddings",
  responses: "/responses",
  messages: "/messages",
};

/** Parsed upstream URLs by base URL and surface: the same few are used by every request. */
const URLS = new BoundedCache<string, URL>(1_000);

/**
 * The URL of `surface` under a provider base URL, joined as a URL: the surface path goes after
 * the base's path and before its query string (Azure OpenAI's
 * `…/deployments/<name>?api-version=…` becomes `…/deployments/<name>/chat/completions?api-version=…`).
 * A base with no path gets `/v1` first (`https://ollama.internal` → `…/v1/chat/completions`); a
 * base with a path, `/v1` or another (`…/v1beta/openai/`, `/api/paas/v4`), is used as it is, so
 * `/v1` is never doubled. INFERRED from the custom provider pages: none says how the gateway
 * joins. The returned URL is shared: do not change it.
 */
export function upstreamUrl(baseUrl: string, surface: Surface): URL {
  return URLS.getOrMake(`${surface} ${baseUrl}`, () => {
    const url = new URL(baseUrl);
    const path = url.pathname.replace(/\/+$/, "");
    url.pathname = `${path === "" ? "/v1" : path}${SURFACE_PATH[surface]}`;
    url.hash = "";
    return url;
  });
}

/** One upstream call. The key lives only here and in the outgoing headers. */
export interface UpstreamCall {
  readonly url: URL;
  readonly surface: Surface;
  /** The credential value, decrypted in memory for this call only. */
  readonly key: string;
  readonly body: Buffer;
  readonly signal: AbortSignal;
}

/** An upstream answer whose headers arrived; its body is not read yet. */
export interface UpstreamResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly retryAfter: string | undefined;
  readonly body: Readable;
}

/** The outcome of one upstream call: a response (body not yet read) or a transport failure. */
export type UpstreamResult =
  | { readonly kind: "response"; readonly response: UpstreamResponse }
  | { readonly kind: "failure"; readonly message: string };

/** One upstream call whose answer is read whole, bounded by a timeout. */
export interface WholeCall {
  readonly url: URL;
  readonly surface: Surface;
  /** The credential value, decrypted in memory for this call only. */
  readonly key: string;
  readonly body: Buffer;
  /** From sending the request to the last byte of the answer. */
  readonly timeoutMs: number;
}

/** The outcome of a {@link WholeCall}: the whole answer, or why there is none. */
export type WholeResult =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly contentType: string | undefined;
      readonly retryAfter: string | undefined;
      readonly body: Buffer;
    }
  | {
      readonly kind: "failure";
      readonly message: string;
      /** True when the timeout ended the call. */
      readonly timedOut: boolean;
    };

const header = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

function requestHeaders(surface: Surface, key: string): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    authorization: `Bearer ${key}`,
  };
  if (surface === "messages") {
    headers["x-api-key"] = key;
    headers["anthropic-version"] = "2023-06-01";
  }
  return headers;
}

/**
 * Why `key` cannot go upstream, when it holds a character no HTTP header carries (a key created
 * through the API, which does not check; the SDK's ProviderKey refuses one): said by position,
 * never by the key, in place of the transport's "invalid argument".
 */
function unsendableKey(key: string): string | undefined {
  const what = unsendableInHeader(key);
  return what === undefined
    ? undefined
    : `the provider key cannot be sent: its value holds ${what}, which no HTTP header can carry`;
}

/** Why a transport failure happened, by error code only (never a header value). */
function failureMessage(err: Error, afterHeaders: boolean): string {
  if (afterHeaders) return "the upstream connection failed mid-answer";
  const code = (err as NodeJS.ErrnoException).code;
  return `${code ?? err.name}: connection failed`;
}

/**
 * Sends upstream requests over keep-alive connections (undici: measurably cheaper per request
 * than node:http's client, which matters for the gateway benchmark). Transport failures (refused,
 * reset, DNS, TLS, aborted) resolve as `failure`, never reject; their messages carry an error
 * code only, never a header value.
 */
export class UpstreamClient {
  readonly #agent = new Agent({ keepAliveTimeout: 10_000, connections: 256 });

  /**
   * Sends one call and reads its whole answer. Undici's dispatch interface is used directly: no
   * stream object and no abort signal per call, which is most of what a proxied request costs
   * beyond the sockets. Resolves (never rejects) with the answer or the failure.
   */
  exchange(call: WholeCall): Promise<WholeResult> {
    const unsendable = unsendableKey(call.key);
    if (unsendable !== undefined) {
      return Promise.resolve({ kind: "failure", message: unsendable, timedOut: false });
    }
    return new Promise((resolve) => {
      let controller: Dispatcher.DispatchController | undefined;
      let timedOut = false;
      let settled = false;
      let status = 0;
      let headers: Record<string, string | string[] | undefined> = {};
      let chunks: Buffer[] = [];
      const settle = (result: WholeResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        controller?.abort(new Error("timed out"));
      }, call.timeoutMs);
      const origin = call.url.origin;
      this.#agent.dispatch(
        {
          origin,
          path: `${call.url.pathname}${call.url.search}`,
          method: "POST",
          headers: requestHeaders(call.surface, call.key),
          body: call.body,
        },
        {
          onRequestStart(c) {
            controller = c;
            if (timedOut) c.abort(new Error("timed out"));
          },
          onResponseStart(_c, statusCode, responseHeaders) {
            status = statusCode;
            headers = responseHeaders;
            chunks = [];
          },
          onResponseData(_c, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            settle({
              kind: "response",
              status,
              contentType: header(headers["content-type"]),
              retryAfter: header(headers["retry-after"]),
              body: Buffer.concat(chunks),
            });
          },
          onResponseError(_c, err) {
            settle({
              kind: "failure",
              message: timedOut ? "timed out" : failureMessage(err, status !== 0),
              timedOut,
            });
          },
        },
      );
    });
  }

  /** Sends one call; resolves once response headers arrive or the call fails. */
  async send(call: UpstreamCall): Promise<UpstreamResult> {
    const unsendable = unsendableKey(call.key);
    if (unsendable !== undefined) return { kind: "failure", message: unsendable };
    const headers = requestHeaders(call.surface, call.key);
    try {
      const res = await request(call.url, {
        method: "POST",
        headers,
        body: call.body,
        dispatcher: this.#agent,
        signal: call.signal,
      });
      return {
        kind: "response",
        response: {
          status: res.statusCode,
          contentType: header(res.headers["content-type"]),
          retryAfter: header(res.headers["retry-after"]),
          body: res.body,
        },
      };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return {
        kind: "failure",
        message: e.name === "AbortError" ? "aborted" : `${e.code ?? e.name}: connection failed`,
      };
    }
  }

  /** Closes the pooled connections. */
  async close(): Promise<void> {
    await this.#agent.destroy();
  }
}

/** Reads a whole response body; rejects when the stream fails or is aborted. */
export function readResponse(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    body.on("data", (c: Buffer) => chunks.push(c));
    body.on("end", () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
    body.on("error", reject);
    body.on("close", () => {
      if (!ended) reject(new Error("aborted"));
    });
  });
}
