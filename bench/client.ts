// Benchmark of the API client against the emulator: 1,000 provider key creates and 1,000 gets at
// concurrency 16, then the same with 20% injected 429 (Retry-After 0.05 s). The clean run is the
// baseline measured in the same process; `ratio` is the faulty run's time over the clean run's.
// The last line printed is one JSON object with the figures.
import { performance } from "node:perf_hooks";
import { createEmulator } from "aigw-emulator";
import { GatewayClient } from "../sdk/client/gateway-client";
import { median, round } from "./harness";

const OPERATIONS = 1000;
const CONCURRENCY = 16;
const ROUNDS = 3;

/** One run: its time for all creates and gets, the retries it took, and the keys it left. */
interface RunResult {
  readonly totalMs: number;
  readonly retries: number;
  readonly objects: number;
}

async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  });
  await Promise.all(workers);
  return results;
}

async function run(faulty: boolean): Promise<RunResult> {
  const emulator = await createEmulator({
    db: ":memory:",
    faultSeed: 7,
    faults: faulty
      ? [{ path: "/provider-keys*", kind: "429", probability: 0.2, retryAfterSeconds: 0.05 }]
      : [],
  });
  let retries = 0;
  const client = new GatewayClient({
    baseUrl: emulator.url,
    apiKey: emulator.apiKey,
    concurrency: CONCURRENCY,
    maxRetries: 10,
    onEvent: (e) => {
      if (e.type === "retry") retries++;
    },
  });
  try {
    const start = performance.now();
    const created = await pool(OPERATIONS, CONCURRENCY, (i) =>
      client.providerKeys.create({
        providerId: "openai",
        name: `bench-${i}`,
        value: `sk-bench-${i}-0123456789abcdef`,
      }),
    );
    await pool(OPERATIONS, CONCURRENCY, (i) => client.providerKeys.get(created[i]!.id));
    const end = performance.now();
    emulator.faults.setRules([]);
    const objects = (await client.providerKeys.listAll()).length;
    return {
      totalMs: end - start,
      retries,
      objects,
    };
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  await run(false); // warm up the JIT and SQLite
  // Alternate clean and faulty runs and compare medians, so drift in machine load hits both.
  const cleanRuns: RunResult[] = [];
  const faultyRuns: RunResult[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    cleanRuns.push(await run(false));
    faultyRuns.push(await run(true));
  }
  for (const r of [...cleanRuns, ...faultyRuns]) {
    if (r.objects !== OPERATIONS)
      throw new Error(`expected ${OPERATIONS} objects, found ${r.objects}`);
  }
  const cleanMs = median(cleanRuns.map((r) => r.totalMs));
  const faultyMs = median(faultyRuns.map((r) => r.totalMs));
  const retries = median(faultyRuns.map((r) => r.retries));
  const opsPerSecond = (ms: number): number => (2 * OPERATIONS * 1000) / ms;
  console.log(
    `clean:  ${round(opsPerSecond(cleanMs))} ops/s (median ${round(cleanMs)} ms of ${ROUNDS}, 0 retries)`,
  );
  console.log(
    `faulty: ${round(opsPerSecond(faultyMs))} ops/s (median ${round(faultyMs)} ms of ${ROUNDS}, ${retries} retries, 20% 429 with Retry-After 0.05 s)`,
  );
  console.log(
    JSON.stringify({
      benchmark: "client",
      operations: 2 * OPERATIONS,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      cleanMs: round(cleanMs),
      cleanOpsPerSecond: round(opsPerSecond(cleanMs)),
      faultyMs: round(faultyMs),
      faultyOpsPerSecond: round(opsPerSecond(faultyMs)),
      retries,
      ratio: round(faultyMs / cleanMs, 2),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
