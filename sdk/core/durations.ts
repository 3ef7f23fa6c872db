// Go duration strings, as the gateway configuration writes its timeouts (spec 3.6).

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
