import { createHash } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { redactKeyValue } from "pulumi-ngrok-ai/core";
import {
  REPLY,
  embeddings,
  response,
  streamResponse,
  streamTextCompletion,
  textCompletion,
} from "./stub-answers";

/**
 * What the stub does for a key, chosen by a word the key value contains (checked in this order;
 * a key with none of them is `healthy`, a request without a key is `invalid`).
 */
export type StubBehaviour =
  | "rate-limited"
  | "invalid"
  | "forbidden"
  | "request-timeout"
  | "bad-request"
  | "unavailable"
  | "failing"
  | "slow"
  | "reset"
  | "healthy";

/** Every behaviour, in the order `stubBehaviourOf` looks for it in a key value. */
export const STUB_BEHAVIOURS: readonly StubBehaviour[] = [
  "rate-limited",
  "invalid",
  "forbidden",
  "request-timeout",
  "bad-request",
  "unavailable",
  "failing",
  "slow",
  "reset",
  "healthy",
];

/** The HTTP status each error behaviour answers with. */
const STATUS: Readonly<Partial<Record<StubBehaviour, number>>> = {
  "rate-limited": 429,
  invalid: 401,
  forbidden: 403,
  "request-timeout": 408,
  "bad-request": 400,
  unavailable: 503,
  failing: 500,
};

/** The behaviour a key value selects (see {@link StubBehaviour}). */
export function stubBehaviourOf(key: string | undefined): StubBehaviour {
  if (key === undefined || key === "") return "invalid";
  return STUB_BEHAVIOURS.find((b) => b !== "healthy" && key.includes(b)) ?? "healthy";
}

/** The stub's fingerprint of a key value: 16 hex characters of its SHA-256 (never the value). */
export function stubKeyHash(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex").slice(0, 16);
}

/** The surfaces the stub answers, by the end of the request path. */
export type StubSurface =
  "chat-completions" | "completions" | "embeddings" | "responses" | "messages";

/** Path endings, longest first (`/chat/completions` before `/completions`). */
const SURFACE_ENDINGS: readonly (readonly [string, StubSurface])[] = [
  ["/chat/completions", "chat-completions"],
  ["/completions", "completions"],
  ["/embeddings", "embeddings"],
  ["/responses", "responses"],
  ["/messages", "messages"],
];

/** One request the stub received, in arrival order. The key is recorded only as a fingerprint. */
export interface StubAttempt {
  /** 1-based arrival number. */
  readonly seq: number;
  /** The surface the path ends with (`…/chat/completions`, `…/embeddings`, …). */
  readonly surface: StubSurface;
  readonly path: string;
  /** The query string as received, `?` included ("" without one). */
  readonly query: string;
  /** The body's `model`. */
  readonly model: string;
  readonly stream: boolean;
  /** `first10***last4` of the key value, as the API shows provider keys. */
  readonly keyRedacted: string;
  /** {@link stubKeyHash} of the key value ("" without a key). */
  readonly keyHash: string;
  readonly behaviour: StubBehaviour;
  /** The status answered, `reset`, or `aborted` when the client went away first (a slow key). */
  outcome: number | "reset" | "aborted";
}

/** Options of {@link createStubUpstream}. */
export interface StubUpstreamOptions {
  /** TCP port; default 0 (any free port). */
  readonly port?: number;
  /** Interface; default `127.0.0.1`. */
  readonly host?: string;
  /**
   * How long a `slow` key sleeps before answering, in milliseconds; default 90 000 (beyond the
   * default 60s per-attempt timeout). The sleep ends early when the client disconnects.
   */
  readonly slowDelayMs?: number;
  /** `Retry-After` of a `rate-limited` answer, in seconds; default 1. */
  readonly retryAfterSeconds?: number;
}

/** A running stub upstream. */
export interface StubUpstream {
  /** Base URL such as `http://127.0.0.1:41234` (no trailing slash, no `/v1`). */
  readonly url: string;
  /** Every request received so far, in arrival order (live array). */
  readonly attempts: StubAttempt[];
  /** Forgets the recorded attempts. */
  reset(): void;
  /** Stops listening and drops open connections (ending any sleep). Safe to call twice. */
  close(): Promise<void>;
}

function keyOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const m = auth === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (m?.[1] !== undefined) return m[1];
  const apiKey = req.headers["x-api-key"];
  return typeof apiKey === "string" && apiKey !== "" ? apiKey : undefined;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        const v: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        resolve(
          typeof v === "object" && v !== null && !Array.isArray(v) ? (v as never) : undefined,
        );
      } catch {
        resolve(undefined);
      }
    });
    req.on("error", () => resolve(undefined));
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function errorBody(surface: StubAttempt["surface"], status: number, message: string): unknown {
  return surface === "messages"
    ? { type: "error", error: { type: status === 429 ? "rate_limit_error" : "api_error", message } }
    : { error: { message, type: status === 429 ? "rate_limit_error" : "api_error", code: null } };
}

function inputTokens(body: Record<string, unknown>): number {
  const prompt = body.messages ?? body.input ?? body.prompt ?? "";
  return Math.max(1, Math.ceil(JSON.stringify(prompt).length / 4));
}

function chatCompletion(seq: number, model: string, prompt: number): Record<string, unknown> {
  const completion = REPLY.split(" ").length;
  return {
    id: `chatcmpl-stub-${seq}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: REPLY, refusal: null },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    },
  };
}

function anthropicMessage(seq: number, model: string, prompt: number): Record<string, unknown> {
  return {
    id: `msg_stub_${seq}`,
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text: REPLY }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: prompt, output_tokens: REPLY.split(" ").length },
  };
}

function streamChat(
  res: ServerResponse,
  seq: number,
  model: string,
  prompt: number,
  includeUsage: boolean,
): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const base = {
    id: `chatcmpl-stub-${seq}`,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
  };
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`;
  const words = REPLY.split(" ");
  res.write(chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]));
  words.forEach((word, i) => {
    const content = i === 0 ? word : ` ${word}`;
    res.write(chunk([{ index: 0, delta: { content }, finish_reason: null }]));
  });
  res.write(chunk([{ index: 0, delta: {}, finish_reason: "stop" }]));
  if (includeUsage) {
    const usage = {
      prompt_tokens: prompt,
      completion_tokens: words.length,
      total_tokens: prompt + words.length,
    };
    res.write(chunk([], { usage }));
  }
  res.end("data: [DONE]\n\n");
}

function streamMessages(res: ServerResponse, seq: number, model: string, prompt: number): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const event = (type: string, data: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const words = REPLY.split(" ");
  res.write(
    event("message_start", {
      message: {
        id: `msg_stub_${seq}`,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: prompt, output_tokens: 0 },
      },
    }),
  );
  res.write(event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }));
  words.forEach((word, i) => {
    const text = i === 0 ? word : ` ${word}`;
    res.write(event("content_block_delta", { index: 0, delta: { type: "text_delta", text } }));
  });
  res.write(event("content_block_stop", { index: 0 }));
  res.write(
    event("message_delta", {
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: words.length },
    }),
  );
  res.end(event("message_stop", {}));
}

/**
 * Starts a stub LLM upstream for tests, the demo and the benchmark. It speaks OpenAI chat
 * completions, legacy completions, embeddings and responses, and Anthropic messages (streaming
 * and not, where the API streams), under any base path (a path ending in `/chat/completions` is
 * chat completions, and so on); what it answers is chosen by the
 * key it is called with (see {@link StubBehaviour}), and it records which key (as a redaction and
 * a fingerprint, never the value) served each request, in arrival order.
 */
export async function createStubUpstream(options: StubUpstreamOptions = {}): Promise<StubUpstream> {
  const attempts: StubAttempt[] = [];
  let seq = 0;
  const slowDelayMs = options.slowDelayMs ?? 90_000;
  const retryAfter = String(options.retryAfterSeconds ?? 1);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    const query = url.slice(path.length);
    const surface = SURFACE_ENDINGS.find(([ending]) => path.endsWith(ending))?.[1];
    if (surface === undefined || req.method !== "POST") {
      req.resume();
      send(res, 404, { error: { message: `no such endpoint: ${req.method} ${path}` } });
      return;
    }
    const key = keyOf(req);
    const body = await readJson(req);
    const behaviour = stubBehaviourOf(key);
    const model = typeof body?.model === "string" ? body.model : "";
    const stream = body?.stream === true;
    const attempt: StubAttempt = {
      seq: ++seq,
      surface,
      path,
      query,
      model,
      stream,
      keyRedacted: key === undefined ? "" : redactKeyValue(key),
      keyHash: key === undefined ? "" : stubKeyHash(key),
      behaviour,
      outcome: 200,
    };
    attempts.push(attempt);
    if (body === undefined) {
      attempt.outcome = 400;
      send(res, 400, errorBody(surface, 400, "the request body is not a JSON object"));
      return;
    }
    if (behaviour === "reset") {
      attempt.outcome = "reset";
      req.socket.destroy();
      return;
    }
    const status = STATUS[behaviour];
    if (status !== undefined) {
      attempt.outcome = status;
      send(
        res,
        status,
        errorBody(surface, status, `stub upstream: ${behaviour}`),
        status === 429 ? { "retry-after": retryAfter } : {},
      );
      return;
    }
    if (behaviour === "slow") {
      const finished = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), slowDelayMs);
        res.once("close", () => {
          clearTimeout(timer);
          resolve(false);
        });
      });
      if (!finished || res.destroyed) {
        attempt.outcome = "aborted";
        return;
      }
    }
    const prompt = inputTokens(body);
    if (stream && surface !== "embeddings") {
      const options = body.stream_options as { include_usage?: unknown } | undefined;
      if (surface === "messages") streamMessages(res, attempt.seq, model, prompt);
      else if (surface === "completions") streamTextCompletion(res, attempt.seq, model, prompt);
      else if (surface === "responses") streamResponse(res, attempt.seq, model, prompt);
      else streamChat(res, attempt.seq, model, prompt, options?.include_usage === true);
      return;
    }
    const answers: Readonly<Record<StubSurface, () => unknown>> = {
      "chat-completions": () => chatCompletion(attempt.seq, model, prompt),
      completions: () => textCompletion(attempt.seq, model, prompt),
      embeddings: () => embeddings(body, model),
      responses: () => response(attempt.seq, model, prompt),
      messages: () => anthropicMessage(attempt.seq, model, prompt),
    };
    send(res, 200, answers[surface]());
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: { message: "stub upstream error" } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    attempts,
    reset: () => {
      attempts.length = 0;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
