import { parseGoDuration } from "pulumi-ngrok-ai/core";

export { parseGoDuration };

/**
 * The longest timeout the data plane can wait: Node's timers hold at most 2^31 - 1 ms (24.8 days)
 * and fire at once, with a `TimeoutOverflowWarning`, for anything longer.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** {@link MAX_TIMEOUT_MS} as a Go duration, for messages. */
export const MAX_TIMEOUT_TEXT = "596h31m23.647s";

/**
 * `text` as milliseconds, else `fallback` (a valid duration) as milliseconds; never more than
 * {@link MAX_TIMEOUT_MS} (a database written before that bound was checked may hold more).
 */
export function durationMs(text: string, fallback: string): number {
  return Math.min(parseGoDuration(text) ?? parseGoDuration(fallback) ?? 60_000, MAX_TIMEOUT_MS);
}
