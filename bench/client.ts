// Benchmark of the API client against the emulator: N provider key creates and N gets at
// concurrency 16, then the same with 20% injected 429 (Retry-After 0.05 s), for N = 1,000 and
// 10,000 (`AIGW_BENCH_CLIENT_SIZES`, comma-separated). The clean run is the baseline measured in
// the same process; `ratio` is the faulty run's time over the clean run's. Most of that ratio is
// the waits the server asks for, so each faulty run is also compared with its Retry-After-bounded
// ideal: each lane (one of the 16 workers) doing its own operations at the clean run's pace plus
// the waits its own 429s demanded, the slowest lane deciding each phase (`idealRatio`, goal at
// most 1.05). The ideal assumes a lane's pace does not depend on the others; when the clean run is
// bound by the CPU (client and emulator share this process, and a loaded machine), lanes that
// wait leave the CPU to the rest, which then go faster than the clean pace, so the ratio falls
// below 1; on a quiet machine the waits dominate and it nears 1. Every run checks that the account ends with exactly one key per create: no
// duplicate, none lost. The last line printed is one JSON object with the figures.
import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import { createEmulator } from "aigw-emulator";
import { GatewayClient } from "pulumi-ngrok-ai/client";
import { measureSizes, median, round } from "./harness";

const SIZES = (process.env.AIGW_BENCH_CLIENT_SIZES ?? "1000,10000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const CONCURRENCY = 16;
const ROUNDS = 3;
const RETRY_AFTER_SECONDS = 0.05;

/** What one lane (worker) did in one phase: how many operations, and the waits it was told to make. */
interface Lane {
  operations: number;
  waitMs: number;
}

/** One phase (all creates, or all gets): its time and what each lane did. */
interface PhaseResult {
  readonly ms: number;
  readonly lanes: readonly Lane[];
}

/** One run: both phases, the retries it took, and what the account held afterwards. */
interface RunResult {
  readonly creates: PhaseResult;
  readonly gets: PhaseResult;
  readonly retries: number;
  /** Keys listed after the run. */
  readonly objects: number;
  /** Keys beyond the first with the same name (a create applied twice). */
  readonly duplicates: number;
  /** Creates whose key the account does not hold. */
  readonly lost: number;
}

const totalMs = (r: RunResult): number => r.creates.ms + r.gets.ms;

/** The lane whose work an event belongs to (the client calls `onEvent` in the caller's context). */
const currentLane = new AsyncLocalStorage<Lane>();

/** Runs `task(0..count-1)` on `concurrency` lanes, each taking the next index when it is free. */
async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<{ results: T[]; phase: PhaseResult }> {
  const results: T[] = new Array<T>(count);
  const lanes: Lane[] = Array.from({ length: concurrency }, () => ({ operations: 0, waitMs: 0 }));
  let next = 0;
  const start = performance.now();
  await Promise.all(
    lanes.map((lane) =>
      currentLane.run(lane, async () => {
        while (next < count) {
          const i = next++;
          lane.operations++;
          results[i] = await task(i);
        }
      }),
    ),
  );
  return { results, phase: { ms: performance.now() - start, lanes } };
}

async function run(operations: number, faulty: boolean): Promise<RunResult> {
  const emulator = await createEmulator({
    db: ":memory:",
    faultSeed: 7,
    faults: faulty
      ? [
          {
            path: "/provider-keys*",
            kind: "429",
            probability: 0.2,
            retryAfterSeconds: RETRY_AFTER_SECONDS,
          },
        ]
      : [],
  });
  let retries = 0;
  const client = new GatewayClient({
    baseUrl: emulator.url,
    apiKey: emulator.apiKey,
    concurrency: CONCURRENCY,
    maxRetries: 10,
    onEvent: (e) => {
      if (e.type !== "retry") return;
      retries++;
      const lane = currentLane.getStore();
      if (lane !== undefined) lane.waitMs += e.delayMs;
    },
  });
  try {
    const created = await pool(operations, CONCURRENCY, (i) =>
      client.providerKeys.create({
        providerId: "openai",
        name: `bench-${i}`,
        value: `sk-bench-${i}-0123456789abcdef`,
      }),
    );
    const got = await pool(operations, CONCURRENCY, (i) =>
      client.providerKeys.get(created.results[i]!.id),
    );
    got.results.forEach((key, i) => {
      if (key.id !== created.results[i]!.id) throw new Error(`get ${i} returned another key`);
    });
    emulator.faults.setRules([]);
    const listed = await client.providerKeys.listAll();
    const names = new Set(listed.map((k) => k.name));
    let lost = 0;
    for (let i = 0; i < operations; i++) if (!names.has(`bench-${i}`)) lost++;
    return {
      creates: created.phase,
      gets: got.phase,
      retries,
      objects: listed.length,
      duplicates: listed.length - names.size,
      lost,
    };
  } finally {
    await emulator.close();
  }
}

/**
 * The Retry-After-bounded ideal of a faulty run's phase: each lane's operations at the clean
 * run's time per operation per lane, plus the waits the lane's own 429s demanded; the phase ends
 * with its slowest lane.
 */
function idealPhaseMs(phase: PhaseResult, cleanMs: number, operations: number): number {
  const perOperationPerLane = (cleanMs * CONCURRENCY) / operations;
  return Math.max(...phase.lanes.map((l) => l.operations * perOperationPerLane + l.waitMs));
}

/** The figures of one size. */
async function measure(operations: number): Promise<Record<string, number>> {
  await run(Math.min(operations, 1000), false); // warm up the JIT and SQLite
  // Alternate clean and faulty runs and compare medians, so drift in machine load hits both.
  const cleanRuns: RunResult[] = [];
  const faultyRuns: RunResult[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    cleanRuns.push(await run(operations, false));
    faultyRuns.push(await run(operations, true));
  }
  for (const r of [...cleanRuns, ...faultyRuns]) {
    if (r.objects !== operations || r.duplicates !== 0 || r.lost !== 0) {
      throw new Error(
        `expected ${operations} keys, found ${r.objects} (${r.duplicates} duplicates, ${r.lost} lost)`,
      );
    }
  }
  const cleanMs = median(cleanRuns.map(totalMs));
  const cleanCreateMs = median(cleanRuns.map((r) => r.creates.ms));
  const cleanGetMs = median(cleanRuns.map((r) => r.gets.ms));
  const faultyMs = median(faultyRuns.map(totalMs));
  const retries = median(faultyRuns.map((r) => r.retries));
  // Each faulty run against the ideal made of its own retries and the clean pace of this size.
  const ideals = faultyRuns.map(
    (r) =>
      idealPhaseMs(r.creates, cleanCreateMs, operations) +
      idealPhaseMs(r.gets, cleanGetMs, operations),
  );
  const idealRatios = faultyRuns.map((r, i) => totalMs(r) / ideals[i]!);
  const waitMs = median(
    faultyRuns.map((r) => [...r.creates.lanes, ...r.gets.lanes].reduce((s, l) => s + l.waitMs, 0)),
  );
  const opsPerSecond = (ms: number): number => (2 * operations * 1000) / ms;
  console.log(`${operations} creates and ${operations} gets, concurrency ${CONCURRENCY}:`);
  console.log(
    `  clean:  ${round(opsPerSecond(cleanMs))} ops/s (median ${round(cleanMs)} ms of ${ROUNDS}, 0 retries)`,
  );
  console.log(
    `  faulty: ${round(opsPerSecond(faultyMs))} ops/s (median ${round(faultyMs)} ms of ${ROUNDS}, ${retries} retries, ` +
      `20% 429 with Retry-After ${RETRY_AFTER_SECONDS} s, ${round(waitMs / CONCURRENCY)} ms of waits per lane)`,
  );
  console.log(
    `  faulty over clean ${round(faultyMs / cleanMs, 2)}; over its Retry-After-bounded ideal ` +
      `${round(median(idealRatios), 2)} (median ideal ${round(median(ideals))} ms; goal at most 1.05); ` +
      `0 duplicates, 0 lost`,
  );
  return {
    operations: 2 * operations,
    creates: operations,
    cleanMs: round(cleanMs),
    cleanOpsPerSecond: round(opsPerSecond(cleanMs)),
    faultyMs: round(faultyMs),
    faultyOpsPerSecond: round(opsPerSecond(faultyMs)),
    idealMs: round(median(ideals)),
    retries,
    waitMsPerLane: round(waitMs / CONCURRENCY),
    duplicates: 0,
    lost: 0,
    ratio: round(faultyMs / cleanMs, 2),
    idealRatio: round(median(idealRatios), 2),
  };
}

async function main(): Promise<void> {
  if (SIZES.length === 0)
    throw new Error("AIGW_BENCH_CLIENT_SIZES names no size (e.g. 1000,10000)");
  await measureSizes("client", SIZES, measure, { concurrency: CONCURRENCY, rounds: ROUNDS });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
