/** What one upstream answer reported about itself: tokens and why it stopped. */
export interface MeteredUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  stopReason: string;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0
    ? Math.floor(value)
    : undefined;
}

/**
 * Reads token counts and the stop reason from OpenAI chat-completion, completion, embeddings and
 * responses answers and Anthropic messages answers, whole (`observe(body)`) or streamed (`write(chunk)` with the SSE text). Missing fields
 * stay 0 or "": a provider that reports nothing is billed nothing here.
 */
export class UsageMeter {
  readonly usage: MeteredUsage = {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    stopReason: "",
  };
  #pending = "";

  /** Reads one JSON object: a whole answer or one streamed event. */
  observe(value: unknown): void {
    const body = object(value);
    if (body === undefined) return;
    const u = this.usage;
    // OpenAI: a completion or a chunk (`usage` on the last chunk when requested).
    const choices = Array.isArray(body.choices) ? body.choices : [];
    for (const choice of choices) {
      const reason = object(choice)?.finish_reason;
      if (typeof reason === "string" && reason !== "") u.stopReason = reason;
    }
    // Anthropic: a message, `message_start` (usage inside `message`) or `message_delta`.
    const message = object(body.message);
    if (message !== undefined) this.#anthropicUsage(object(message.usage));
    const delta = object(body.delta);
    const stop = delta?.stop_reason ?? body.stop_reason;
    if (typeof stop === "string" && stop !== "") u.stopReason = stop;

    // OpenAI responses: a response, or a `response.*` event (usage on `response.completed`).
    const response = body.object === "response" ? body : object(body.response);
    if (response !== undefined && typeof response.status === "string" && response.status !== "") {
      u.stopReason = response.status;
    }
    if (response !== undefined && response !== body) this.#anthropicUsage(object(response.usage));

    const usage = object(body.usage);
    if (usage === undefined) return;
    if ("prompt_tokens" in usage || "completion_tokens" in usage) {
      u.inputTokens = count(usage.prompt_tokens) ?? u.inputTokens;
      u.outputTokens = count(usage.completion_tokens) ?? u.outputTokens;
      u.cacheReadTokens =
        count(object(usage.prompt_tokens_details)?.cached_tokens) ?? u.cacheReadTokens;
      u.reasoningTokens =
        count(object(usage.completion_tokens_details)?.reasoning_tokens) ?? u.reasoningTokens;
      return;
    }
    this.#anthropicUsage(usage);
  }

  #anthropicUsage(usage: Json | undefined): void {
    if (usage === undefined) return;
    const u = this.usage;
    u.inputTokens = count(usage.input_tokens) ?? u.inputTokens;
    u.outputTokens = count(usage.output_tokens) ?? u.outputTokens;
    u.cacheReadTokens = count(usage.cache_read_input_tokens) ?? u.cacheReadTokens;
  }

  /** Feeds streamed server-sent-event text; complete events are observed as they arrive. */
  write(chunk: string): void {
    this.#pending += chunk;
    for (;;) {
      const end = this.#pending.search(/\r?\n\r?\n/);
      if (end < 0) break;
      const event = this.#pending.slice(0, end);
      this.#pending = this.#pending.slice(end).replace(/^\r?\n\r?\n/, "");
      const data = event
        .split(/\r?\n/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart())
        .join("\n");
      if (data === "" || data === "[DONE]") continue;
      try {
        this.observe(JSON.parse(data));
      } catch {
        // Not JSON: nothing to meter.
      }
    }
  }
}
