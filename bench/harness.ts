// Helpers shared by the benchmarks: statistics, rounding, and phases measured in a fresh child
// process (so that each phase's peak RSS is its own).
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";

export const MiB = 1024 * 1024;

/** The middle value (the upper one of the two middles for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The nearest-rank `p`th percentile of values sorted in ascending order; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/** `n` rounded to `places` decimal places (default 1). */
export function round(n: number, places = 1): number {
  const scale = 10 ** places;
  return Math.round(n * scale) / scale;
}

/** What running one phase in a fresh process measured. */
export interface PhaseMeasurement {
  /** The first run in the fresh process (includes any one-time compilation). */
  readonly coldMs: number;
  /** The median of the warm runs. */
  readonly warmMs: number;
  /** Resident set size after loading modules, before the first run (MiB). */
  readonly baseRssMiB: number;
  /** Peak resident set size of the process (MiB). */
  readonly peakRssMiB: number;
}

/**
 * Times `once` cold, then `warmRuns` more times. Call it after loading the modules the phase
 * uses, so that the base RSS counts them and the timings do not.
 */
export function measurePhase(once: () => void, warmRuns: number): PhaseMeasurement {
  const baseRss = process.memoryUsage().rss;
  const timed = (): number => {
    const start = performance.now();
    once();
    return performance.now() - start;
  };
  const coldMs = timed();
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(timed());
  return {
    coldMs,
    warmMs: median(warm),
    baseRssMiB: baseRss / MiB,
    // resourceUsage().maxRSS is in KiB.
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
  };
}

/**
 * The arguments after `--phase` when this process was started by {@link spawnPhase}, else
 * undefined (this is the parent).
 */
export function phaseArguments(argv: readonly string[] = process.argv): string[] | undefined {
  const index = argv.indexOf("--phase");
  return index < 0 ? undefined : argv.slice(index + 1);
}

/** Prints a phase's result for the parent ({@link spawnPhase} reads the last line). */
export function writePhaseResult(result: object): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Runs `node script --phase ...args` (with this process's node options) to completion and
 * returns the JSON object on the last line of its output. Throws if the child fails.
 */
export function spawnPhase<T>(script: string, args: readonly string[]): T {
  const out = execFileSync(process.execPath, [...process.execArgv, script, "--phase", ...args], {
    encoding: "utf8",
    maxBuffer: 16 * MiB,
  });
  const last = out.trim().split("\n").pop() ?? "{}";
  return JSON.parse(last) as T;
}
