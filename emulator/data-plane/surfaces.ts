import type { Surface } from "./upstream";

/**
 * One API surface of the data plane: the path a client posts to, the surface forwarded upstream
 * under the provider's base URL, its API format, and whether the API streams it (`stream: true`
 * answers with server-sent events). Every surface runs the same stages: authenticate, read the
 * body, plan, attempts, record usage, respond.
 */
export interface SurfaceDescription {
  readonly path: string;
  readonly surface: Surface;
  readonly format: "openai" | "anthropic";
  readonly streams: boolean;
}

/**
 * The surfaces the docs list (ai-gateway/sdks/openai.mdx "Supported endpoints", sdks/other.mdx):
 * OpenAI chat completions, legacy completions, embeddings (never streamed by the OpenAI API) and
 * responses, and Anthropic messages. `GET /v1/models` is the model list, not a surface.
 */
export const SURFACE_DESCRIPTIONS: readonly SurfaceDescription[] = [
  { path: "/v1/chat/completions", surface: "chat-completions", format: "openai", streams: true },
  { path: "/v1/completions", surface: "completions", format: "openai", streams: true },
  { path: "/v1/embeddings", surface: "embeddings", format: "openai", streams: false },
  { path: "/v1/responses", surface: "responses", format: "openai", streams: true },
  { path: "/v1/messages", surface: "messages", format: "anthropic", streams: true },
];

const BY_PATH = new Map(SURFACE_DESCRIPTIONS.map((d) => [d.path, d]));
const BY_SURFACE = new Map(SURFACE_DESCRIPTIONS.map((d) => [d.surface, d]));

/** The surface a request path names, or undefined. */
export function surfaceOfPath(path: string): SurfaceDescription | undefined {
  return BY_PATH.get(path);
}

/** True when a request of `surface` with `stream: true` in its body is answered as a stream. */
export function streamsRequest(surface: Surface, body: Readonly<Record<string, unknown>>): boolean {
  return body.stream === true && (BY_SURFACE.get(surface)?.streams ?? false);
}
