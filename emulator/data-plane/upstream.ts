import type { Readable } from "node:stream";
import { Agent, request } from "undici";

/** The API surfaces the data plane forwards: OpenAI chat completions and Anthropic messages. */
export type Surface = "chat-completions" | "messages";

/** The path of a surface under a provider base URL. */
const SURFACE_PATH: Readonly<Record<Surface, string>> = {
  "chat-completions": "/chat/completions",
  messages: "/messages",
};

/**
 * The URL of `surface` under a provider base URL. The base may end in `/v1` (as OpenAI-compatible
 * base URLs usually do) or not; either way the request goes to `…/v1/chat/completions`.
 */
export function upstreamUrl(baseUrl: string, surface: Surface): URL {
  const base = baseUrl.replace(/\/+$/, "");
  const v1 = /\/v1$/.test(base) ? base : `${base}/v1`;
  return new URL(`${v1}${SURFACE_PATH[surface]}`);
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

const header = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Sends upstream requests over keep-alive connections (undici: measurably cheaper per request
 * than node:http's client, which matters for the gateway benchmark). Transport failures (refused,
 * reset, DNS, TLS, aborted) resolve as `failure`, never reject; their messages carry an error
 * code only, never a header value.
 */
export class UpstreamClient {
  readonly #agent = new Agent({ keepAliveTimeout: 10_000, connections: 256 });

  /** Sends one call; resolves once response headers arrive or the call fails. */
  async send(call: UpstreamCall): Promise<UpstreamResult> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${call.key}`,
    };
    if (call.surface === "messages") {
      headers["x-api-key"] = call.key;
      headers["anthropic-version"] = "2023-06-01";
    }
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
