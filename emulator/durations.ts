const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

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

/**
 * Parses a Go duration string (`30s`, `1m30s`, `1.5h`, `250ms`) into milliseconds, as the gateway
 * configuration writes `perRequestTimeout` and `totalTimeout` (spec 3.6). Returns undefined for
 * text that is not a Go duration (a sign is not accepted: timeouts are never negative).
 */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  if (text === "") return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const m = PART.exec(text);
    if (m === null) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return total;
}
