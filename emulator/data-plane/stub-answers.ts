import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";

/**
 * The stub upstream's healthy answers for the OpenAI surfaces beyond chat completions, in the
 * shapes of the OpenAI API reference (what the official `openai` client parses): legacy
 * completions (`text_completion`, streamed as chunks then `[DONE]`), embeddings (a `list` of
 * `embedding`, float arrays or base64 as `encoding_format` asks) and responses (a `response`,
 * streamed as `response.*` events ending with `response.completed`).
 */

/** The words every healthy answer says. */
export const REPLY = "Hello from the aigw stub upstream.";

const WORDS = REPLY.split(" ");
const now = (): number => Math.floor(Date.now() / 1000);

function sse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
}

/** A legacy completion (`POST /v1/completions`). */
export function textCompletion(seq: number, model: string, prompt: number): unknown {
  return {
    id: `cmpl-stub-${seq}`,
    object: "text_completion",
    created: now(),
    model,
    choices: [{ index: 0, text: REPLY, logprobs: null, finish_reason: "stop" }],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: WORDS.length,
      total_tokens: prompt + WORDS.length,
    },
  };
}

/** A streamed legacy completion: one chunk per word, a last one with the usage, `[DONE]`. */
export function streamTextCompletion(
  res: ServerResponse,
  seq: number,
  model: string,
  prompt: number,
): void {
  sse(res);
  const base = { id: `cmpl-stub-${seq}`, object: "text_completion", created: now(), model };
  WORDS.forEach((word, i) => {
    const text = i === 0 ? word : ` ${word}`;
    const last = i === WORDS.length - 1;
    const choice = { index: 0, text, logprobs: null, finish_reason: last ? "stop" : null };
    res.write(`data: ${JSON.stringify({ ...base, choices: [choice] })}\n\n`);
  });
  const usage = {
    prompt_tokens: prompt,
    completion_tokens: WORDS.length,
    total_tokens: prompt + WORDS.length,
  };
  res.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
  res.end("data: [DONE]\n\n");
}

/** The texts an embeddings request asks for (a string or a list; token arrays count as one each). */
function embeddingInputs(input: unknown): string[] {
  if (typeof input === "string") return [input];
  if (Array.isArray(input))
    return input.map((i) => (typeof i === "string" ? i : JSON.stringify(i)));
  return [JSON.stringify(input ?? "")];
}

/** A deterministic unit vector of `dimensions` floats for a text. */
function vector(text: string, dimensions: number): number[] {
  const out: number[] = [];
  for (let block = 0; out.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && out.length < dimensions; i += 2) {
      out.push((digest.readUInt16LE(i) / 65535) * 2 - 1);
    }
  }
  const norm = Math.hypot(...out) || 1;
  return out.map((v) => v / norm);
}

/** An embeddings answer (`POST /v1/embeddings`): float arrays, or base64 when asked. */
export function embeddings(body: Record<string, unknown>, model: string): unknown {
  const dims = body.dimensions;
  const dimensions = typeof dims === "number" && Number.isInteger(dims) && dims > 0 ? dims : 8;
  const base64 = body.encoding_format === "base64";
  const inputs = embeddingInputs(body.input);
  const tokens = inputs.reduce((n, text) => n + Math.max(1, Math.ceil(text.length / 4)), 0);
  return {
    object: "list",
    data: inputs.map((text, index) => {
      const values = vector(text, Math.min(dimensions, 4096));
      return {
        object: "embedding",
        index,
        embedding: base64
          ? Buffer.from(new Float32Array(values).buffer).toString("base64")
          : values,
      };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

function responseObject(
  seq: number,
  model: string,
  prompt: number,
  status: "in_progress" | "completed",
): Record<string, unknown> {
  const done = status === "completed";
  return {
    id: `resp_stub_${seq}`,
    object: "response",
    created_at: now(),
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    model,
    output: done
      ? [
          {
            type: "message",
            id: `msg_stub_${seq}`,
            status: "completed",
            role: "assistant",
            content: [{ type: "output_text", text: REPLY, annotations: [] }],
          },
        ]
      : [],
    parallel_tool_calls: true,
    temperature: 1,
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    metadata: {},
    usage: done
      ? {
          input_tokens: prompt,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: WORDS.length,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: prompt + WORDS.length,
        }
      : null,
  };
}

/** A response (`POST /v1/responses`). */
export function response(seq: number, model: string, prompt: number): unknown {
  return responseObject(seq, model, prompt, "completed");
}

/**
 * A streamed response: `response.created`, `response.in_progress`, the output item and its text
 * part added, one `response.output_text.delta` per word, the text, part and item done, then
 * `response.completed` with the whole response (and its usage).
 */
export function streamResponse(
  res: ServerResponse,
  seq: number,
  model: string,
  prompt: number,
): void {
  sse(res);
  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>): void => {
    res.write(
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`,
    );
  };
  const item_id = `msg_stub_${seq}`;
  const part = { type: "output_text", text: "", annotations: [] };
  const item = { type: "message", id: item_id, status: "in_progress", role: "assistant" };
  event("response.created", { response: responseObject(seq, model, prompt, "in_progress") });
  event("response.in_progress", { response: responseObject(seq, model, prompt, "in_progress") });
  event("response.output_item.added", { output_index: 0, item: { ...item, content: [] } });
  event("response.content_part.added", { item_id, output_index: 0, content_index: 0, part });
  WORDS.forEach((word, i) => {
    const delta = i === 0 ? word : ` ${word}`;
    event("response.output_text.delta", { item_id, output_index: 0, content_index: 0, delta });
  });
  const done = { ...part, text: REPLY };
  event("response.output_text.done", { item_id, output_index: 0, content_index: 0, text: REPLY });
  event("response.content_part.done", { item_id, output_index: 0, content_index: 0, part: done });
  event("response.output_item.done", {
    output_index: 0,
    item: { ...item, status: "completed", content: [done] },
  });
  event("response.completed", { response: responseObject(seq, model, prompt, "completed") });
  res.end();
}
