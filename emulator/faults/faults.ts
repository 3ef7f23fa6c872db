import { MAX_TIMEOUT_MS } from "../durations";
import { ManagementApiError } from "../errors";

/** What a fault rule does when it fires. */
export type FaultKind = "429" | "500" | "502" | "503" | "latency" | "reset";

/** The fault kinds, for validation and help text. */
export const FAULT_KINDS: readonly FaultKind[] = ["429", "500", "502", "503", "latency", "reset"];

/**
 * One fault rule. It applies to requests whose method matches `method` (`*` or omitted = any)
 * and whose path (without the query) matches `path`, a glob where `*` matches any run of
 * characters, `/` included. Each matching request draws once from the emulator's random source
 * and the rule fires when the draw is below `probability` (default 1).
 */
export interface FaultRule {
  /** HTTP method, case-insensitive; `*` or omitted for any. */
  method?: string;
  /** Path glob, such as `/provider-keys*` or `*`. */
  path: string;
  /** The fault. */
  kind: FaultKind;
  /** Chance in [0, 1] that a matching request gets the fault; default 1. */
  probability?: number;
  /** For `429`: the `Retry-After` header in seconds (fractions allowed); default 1. */
  retryAfterSeconds?: number;
  /** For `latency`: milliseconds added before the request is handled. */
  latencyMs?: number;
}

/** What the server must do for one request, decided before it is handled. */
export interface FaultDecision {
  /** Milliseconds to wait first (the sum of the latency rules that fired). */
  readonly delayMs: number;
  /** Then: nothing more, an error response, or destroying the socket. */
  readonly outcome:
    | { readonly type: "none" }
    | {
        readonly type: "status";
        readonly status: 429 | 500 | 502 | 503;
        readonly retryAfter?: number;
      }
    | { readonly type: "reset" };
}

/**
 * A seedable pseudo-random source (mulberry32): the same seed gives the same draws, so fault
 * tests are deterministic.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The longest path glob a fault rule may have. */
export const MAX_FAULT_PATH_LENGTH = 2048;

/**
 * A matcher for a path glob where `*` matches any run of characters: the text between stars must
 * appear in order, the first piece at the start and the last at the end. Taking each middle piece
 * at its leftmost place is enough (a later place leaves less room for the rest), so a match is one
 * left-to-right pass with `indexOf` and never backtracks, unlike the regular expression `.*x` that
 * a pattern of 30 stars would become.
 */
export function globMatcher(glob: string): (path: string) => boolean {
  const pieces = glob.split("*");
  const first = pieces[0]!;
  if (pieces.length === 1) return (path) => path === first;
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1).filter((piece) => piece !== "");
  return (path) => {
    if (path.length < first.length + last.length) return false;
    if (!path.startsWith(first) || !path.endsWith(last)) return false;
    let at = first.length;
    const end = path.length - last.length;
    for (const piece of middle) {
      const found = path.indexOf(piece, at);
      if (found === -1 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

function fail(reason: string): never {
  throw new ManagementApiError(400, "ERR_NGROK_27606", reason, { reason });
}

/**
 * Checks that `input` is a list of fault rules and returns a clean copy.
 * @throws ManagementApiError (400) naming the offending rule and field.
 */
export function parseFaultRules(input: unknown): FaultRule[] {
  if (!Array.isArray(input)) fail("faults: rules must be an array");
  return input.map((raw: unknown, i): FaultRule => {
    const at = `faults: rules[${i}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      fail(`${at} must be an object`);
    const r = raw as Record<string, unknown>;
    const known = ["method", "path", "kind", "probability", "retryAfterSeconds", "latencyMs"];
    for (const key of Object.keys(r))
      if (!known.includes(key)) fail(`${at}.${key} is not a known field`);
    if (typeof r.path !== "string" || r.path === "") fail(`${at}.path must be a non-empty string`);
    if (r.path.length > MAX_FAULT_PATH_LENGTH) {
      fail(`${at}.path must be at most ${MAX_FAULT_PATH_LENGTH} characters`);
    }
    if (typeof r.kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(r.kind)) {
      fail(`${at}.kind must be one of ${FAULT_KINDS.join(", ")}`);
    }
    const rule: FaultRule = { path: r.path, kind: r.kind as FaultKind };
    if (r.method !== undefined) {
      if (typeof r.method !== "string" || r.method === "") fail(`${at}.method must be a string`);
      rule.method = r.method.toUpperCase();
    }
    if (r.probability !== undefined) {
      if (typeof r.probability !== "number" || !(r.probability >= 0 && r.probability <= 1)) {
        fail(`${at}.probability must be a number from 0 to 1`);
      }
      rule.probability = r.probability;
    }
    if (r.retryAfterSeconds !== undefined) {
      if (
        typeof r.retryAfterSeconds !== "number" ||
        !Number.isFinite(r.retryAfterSeconds) ||
        r.retryAfterSeconds < 0
      ) {
        // Fractions (0.05) go beyond RFC 9110's integer delay, so benchmarks and tests can ask
        // for short waits; clients that only parse integers treat them as absent.
        fail(`${at}.retryAfterSeconds must be a non-negative number of seconds`);
      }
      rule.retryAfterSeconds = r.retryAfterSeconds;
    }
    if (r.latencyMs !== undefined) {
      if (
        typeof r.latencyMs !== "number" ||
        !Number.isFinite(r.latencyMs) ||
        r.latencyMs < 0 ||
        r.latencyMs > MAX_TIMEOUT_MS
      ) {
        fail(`${at}.latencyMs must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}`);
      }
      rule.latencyMs = r.latencyMs;
    }
    if (rule.kind === "latency" && rule.latencyMs === undefined)
      fail(`${at}.latencyMs is required for kind latency`);
    return rule;
  });
}

/**
 * The fault rules of one emulator, changeable while it runs. `decide` is called once per request
 * (admin endpoints excepted): latency rules add up; the first status or reset rule that fires
 * ends the request.
 */
export class FaultInjector {
  #rules: { rule: FaultRule; method: string; matches: (path: string) => boolean }[] = [];
  #random: () => number;

  constructor(rules: readonly FaultRule[] = [], random: () => number = Math.random) {
    this.#random = random;
    this.setRules(rules);
  }

  /** The current rules. */
  rules(): FaultRule[] {
    return this.#rules.map((r) => ({ ...r.rule }));
  }

  /** Replaces every rule (validated first); with `seed`, also restarts the random source. */
  setRules(rules: readonly FaultRule[], seed?: number): void {
    const clean = parseFaultRules(rules);
    this.#rules = clean.map((rule) => ({
      rule,
      method: (rule.method ?? "*").toUpperCase(),
      matches: globMatcher(rule.path),
    }));
    if (seed !== undefined) this.#random = seededRandom(seed);
  }

  /** What to do with a request for `method` and `path` (no query string). */
  decide(method: string, path: string): FaultDecision {
    let delayMs = 0;
    const m = method.toUpperCase();
    for (const { rule, method: ruleMethod, matches } of this.#rules) {
      if (ruleMethod !== "*" && ruleMethod !== m) continue;
      if (!matches(path)) continue;
      if (this.#random() >= (rule.probability ?? 1)) continue;
      switch (rule.kind) {
        case "latency":
          // Rules add up, but a timer longer than this one would fire at once.
          delayMs = Math.min(delayMs + (rule.latencyMs ?? 0), MAX_TIMEOUT_MS);
          break;
        case "reset":
          return { delayMs, outcome: { type: "reset" } };
        case "429":
          return {
            delayMs,
            outcome: { type: "status", status: 429, retryAfter: rule.retryAfterSeconds ?? 1 },
          };
        default:
          return {
            delayMs,
            outcome: { type: "status", status: Number(rule.kind) as 500 | 502 | 503 },
          };
      }
    }
    return { delayMs, outcome: { type: "none" } };
  }
}
