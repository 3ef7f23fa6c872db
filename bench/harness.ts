// Helpers shared by the benchmarks: statistics, rounding, phases measured in a fresh child
// process (so that each phase's peak RSS is its own), and the figures of a phase compared with
// a baseline phase.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type * as YamlModule from "yaml";

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
  /**
   * The median CPU time (user and system, every thread of the process) of the warm runs: on a
   * shared machine it varies less than the wall time, which includes waiting for a core.
   */
  readonly warmCpuMs: number;
  /** Resident set size after loading modules, before the first run (MiB). */
  readonly baseRssMiB: number;
  /** Peak resident set size of the process (MiB). */
  readonly peakRssMiB: number;
}

/**
 * Times `once` cold, then `warmRuns` more times. Call it after loading the modules the phase
 * uses, so that the base RSS counts them and the timings do not. Before each run the garbage of
 * the previous one is collected (the child runs with `--expose-gc`, see {@link spawnPhase}), so
 * that a warm run is not charged for collecting what the run before it left: at 32,000 objects
 * that is a heap of over a gigabyte, which a single command never pays twice.
 */
export function measurePhase(once: () => void, warmRuns: number): PhaseMeasurement {
  const baseRss = process.memoryUsage().rss;
  const collect = (globalThis as { gc?: () => void }).gc;
  const timed = (): { wall: number; cpu: number } => {
    collect?.();
    const start = performance.now();
    const cpu = process.cpuUsage();
    once();
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
  };
  const coldMs = timed().wall;
  const warm: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(timed());
  return {
    coldMs,
    warmMs: median(warm.map((w) => w.wall)),
    warmCpuMs: median(warm.map((w) => w.cpu)),
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
 * Runs `node script --phase ...args` (with this process's node options and `--expose-gc`) to
 * completion and returns the JSON object on the last line of its output. Throws if the child fails.
 */
export function spawnPhase<T>(script: string, args: readonly string[]): T {
  const options = [...process.execArgv, "--expose-gc"];
  const out = execFileSync(process.execPath, [...options, script, "--phase", ...args], {
    encoding: "utf8",
    maxBuffer: 16 * MiB,
  });
  const last = out.trim().split("\n").pop() ?? "{}";
  return JSON.parse(last) as T;
}

/** How many warm runs a phase is timed over, after its cold run. */
export const WARM_RUNS = 3;

/** What a phase's child process reports: the phase, its measurement, and what it counted. */
export interface PhaseResult<P extends string> extends PhaseMeasurement {
  readonly phase: P;
  /** What the last run counted (parse errors, diagnostics, findings), for the parent to check. */
  readonly count: number;
}

/**
 * Measures `once` (see {@link measurePhase}) and prints the phase's result for the parent, with
 * the count the last run returned.
 */
export function reportPhase<P extends string>(
  phase: P,
  once: () => number,
  warmRuns = WARM_RUNS,
): void {
  let count = 0;
  const measurement = measurePhase(() => {
    count = once();
  }, warmRuns);
  const result: PhaseResult<P> = { phase, ...measurement, count };
  writePhaseResult(result);
}

/**
 * Parses `text` with `yaml.parseDocument` and a LineCounter, merge keys on and the package's
 * default duplicate-key check (`uniqueKeys`): the baseline the gitops benchmarks compare with.
 * The loader parses without that check and finds duplicate keys itself, in linear time. Returns
 * the number of parse errors.
 */
export function parseWithLineCounter(yaml: typeof YamlModule, text: string): number {
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter, merge: true, uniqueKeys: true });
  return document.errors.length;
}

/** One phase's figures as a line: cold and warm time, and peak and base RSS. */
function phaseLine(label: string, m: PhaseMeasurement): string {
  return `${label} cold ${round(m.coldMs)} ms  warm ${round(m.warmMs)} ms  peak RSS ${round(m.peakRssMiB)} MiB (base ${round(m.baseRssMiB)} MiB)`;
}

/** One phase's figures for the final JSON line: `<name>WarmMs`, `<name>ColdMs`, `<name>PeakRssMiB`. */
function phaseFigures(name: string, m: PhaseMeasurement): Record<string, number> {
  return {
    [`${name}WarmMs`]: round(m.warmMs),
    [`${name}ColdMs`]: round(m.coldMs),
    [`${name}PeakRssMiB`]: round(m.peakRssMiB),
  };
}

/**
 * How `measured` compares with `baseline` for the final JSON line: the cold time ratio, the ratio
 * of the memory each added over its base RSS (the baseline's at least 1 MiB), and `ratio`, the
 * warm time ratio.
 */
function phaseRatios(
  measured: PhaseMeasurement,
  baseline: PhaseMeasurement,
): { coldRatio: number; memoryRatio: number; ratio: number } {
  return {
    coldRatio: round(measured.coldMs / baseline.coldMs),
    memoryRatio: round(
      (measured.peakRssMiB - measured.baseRssMiB) /
        Math.max(1, baseline.peakRssMiB - baseline.baseRssMiB),
    ),
    ratio: round(measured.warmMs / baseline.warmMs),
  };
}

/** A phase as the report of a comparison names it: in its line, and in the JSON figures. */
export interface NamedPhase {
  /** The phase's name in its line, padded to line the figures up. */
  readonly label: string;
  /** The prefix of its figures in the JSON line. */
  readonly name: string;
  readonly result: PhaseMeasurement;
}

/**
 * Prints the report of a phase compared with a baseline phase: `header`, a line for each phase,
 * then the final JSON line, `figures` followed by both phases' figures and how they compare.
 */
export function printComparison(
  header: string,
  baseline: NamedPhase,
  measured: NamedPhase,
  figures: Record<string, unknown>,
): void {
  console.log(header);
  console.log(phaseLine(baseline.label, baseline.result));
  console.log(phaseLine(measured.label, measured.result));
  console.log(
    JSON.stringify({
      ...figures,
      ...phaseFigures(baseline.name, baseline.result),
      ...phaseFigures(measured.name, measured.result),
      ...phaseRatios(measured.result, baseline.result),
    }),
  );
}

/**
 * The load averages over 1, 5 and 15 minutes (rounded), to print beside the figures: on a shared
 * machine the ratios compare, the absolute times depend on the load.
 */
export function loadAverage(): number[] {
  return os.loadavg().map((l) => round(l, 2));
}

/**
 * Prints the load average, measures each size in turn, then prints the final JSON line:
 * `benchmark`, `figures`, the load averages before and after, the first size's figures and every
 * size's.
 */
export async function measureSizes<S>(
  benchmark: string,
  sizes: readonly S[],
  measure: (size: S) => Promise<Record<string, unknown>>,
  figures: Record<string, unknown> = {},
): Promise<void> {
  const load = loadAverage();
  console.log(`load average ${load.join(" ")} (2-core machine: ratios compare, times are noisy)`);
  const results: Record<string, unknown>[] = [];
  for (const size of sizes) results.push(await measure(size));
  console.log(
    JSON.stringify({
      benchmark,
      ...figures,
      loadAverage: load,
      loadAverageAfter: loadAverage(),
      ...results[0],
      sizes: results,
    }),
  );
}

/** Runs `work` with a new temporary directory (named from `prefix`) and removes it afterwards. */
export function withTempDir<T>(prefix: string, work: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The sizes of the gitops benchmarks' series: configurations (and as many access keys). */
export const SERIES_SIZES = [4000, 16000, 32000] as const;

const SERIES_PROVIDERS = ["openai", "anthropic", "google", "groq"] as const;

/**
 * The gateway.yaml of one size of the series: `configurations` configurations of 10 model allow
 * entries each (one configuration in 20 allows a `*-preview` model, so a policy denying
 * `*:*-preview` finds `configurations / 20` models) and one access key linked to each.
 */
export function seriesGateway(configurations: number): string {
  const lines: string[] = ["version: 1", "providerKeys:"];
  for (const provider of SERIES_PROVIDERS) {
    lines.push(`  ${provider}-key: { providerId: ${provider}, value: { secret: ${provider}Key } }`);
  }
  lines.push("accessKeyConfigurations:");
  for (let i = 0; i < configurations; i++) {
    lines.push(`  team-${i}:`, `    description: Team ${i}`, "    access:");
    lines.push("      providers: { allow: [openai, anthropic, google, groq] }");
    lines.push("      models:", "        allow:");
    for (let j = 0; j < 10; j++) {
      const provider = SERIES_PROVIDERS[(i + j) % SERIES_PROVIDERS.length] ?? "openai";
      const model = j === 7 && i % 20 === 0 ? `model-${i}-preview` : `model-${j}-v${i % 50}`;
      lines.push(`          - ${provider}:${model}`);
    }
  }
  lines.push("accessKeys:");
  for (let i = 0; i < configurations; i++)
    lines.push(`  client-${i}: { configuration: team-${i} }`);
  return `${lines.join("\n")}\n`;
}

/** One size of a series: how many objects, and the baseline's and our measurement. */
export interface SeriesPoint {
  /** Declared objects: N configurations plus N access keys. */
  readonly objects: number;
  readonly baseline: PhaseMeasurement;
  readonly measured: PhaseMeasurement;
}

/** Microseconds of warm time (wall, or CPU) per object. */
function perObjectUs(m: PhaseMeasurement, objects: number, clock: "wall" | "cpu" = "wall"): number {
  return ((clock === "wall" ? m.warmMs : m.warmCpuMs) * 1000) / objects;
}

/**
 * Prints a size series, a line per size (warm time per object of the baseline and ours, and
 * their ratio), then how our time per object grew from the smallest size to the largest; returns
 * the same figures for the final JSON line: `series`, `perObjectGrowth` (goal at most 1.5; also
 * `cpuPerObjectGrowth`, by CPU time) and `ratioAtLargest` (goal below 1).
 */
export function printSeries(
  baselineLabel: string,
  label: string,
  points: readonly SeriesPoint[],
): Record<string, unknown> {
  console.log(
    "size series: N configurations of 10 model allow entries and N access keys (2N objects)",
  );
  const series = points.map((p) => ({
    configurations: p.objects / 2,
    objects: p.objects,
    baselineWarmMs: round(p.baseline.warmMs),
    warmMs: round(p.measured.warmMs),
    baselineUsPerObject: round(perObjectUs(p.baseline, p.objects)),
    usPerObject: round(perObjectUs(p.measured, p.objects)),
    cpuUsPerObject: round(perObjectUs(p.measured, p.objects, "cpu")),
    peakRssMiB: round(p.measured.peakRssMiB),
    ratio: round(p.measured.warmMs / p.baseline.warmMs, 2),
  }));
  for (const s of series) {
    console.log(
      `N = ${String(s.configurations).padStart(5)}: ${baselineLabel} ${s.baselineWarmMs} ms (${s.baselineUsPerObject} µs/object)  ${label} ${s.warmMs} ms (${s.usPerObject} µs/object; CPU ${s.cpuUsPerObject} µs/object; peak RSS ${s.peakRssMiB} MiB)  ratio ${s.ratio}`,
    );
  }
  const first = series[0];
  const last = series[series.length - 1];
  const growth = (pick: (s: (typeof series)[number]) => number): number =>
    first === undefined || last === undefined ? Number.NaN : round(pick(last) / pick(first), 2);
  const perObjectGrowth = growth((s) => s.usPerObject);
  const cpuPerObjectGrowth = growth((s) => s.cpuUsPerObject);
  const ratioAtLargest = last?.ratio ?? Number.NaN;
  console.log(
    `${label}: time per object at N = ${last?.configurations ?? 0} is ${perObjectGrowth}× that at N = ${first?.configurations ?? 0} (CPU time ${cpuPerObjectGrowth}×; goal ≤ 1.5); ratio to ${baselineLabel} at N = ${last?.configurations ?? 0}: ${ratioAtLargest} (goal < 1)`,
  );
  return { series, perObjectGrowth, cpuPerObjectGrowth, ratioAtLargest };
}
