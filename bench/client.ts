// Benchmark of the API client against the emulator: 1,000 provider key creates and 1,000 gets at
// concurrency 16, then the same with 20% injected 429 (Retry-After 0.05 s). The clean run is the
// baseline measured in the same process; `ratio` is the faulty run's time over the clean run's.
// The last line printed is one JSON object with the figures.
import { performance } from "node:perf_hooks";
import { createEmulator } from "../emulator";
import { GatewayClient } from "../sdk/client/gateway-client";

const OPERATIONS = 1000;
const CONCURRENCY = 16;

interface RunResult {
  readonly createMs: number;
  readonly getMs: number;
  readonly totalMs: number;
  readonly opsPerSecond: number;
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
    const afterCreate = performance.now();
    await pool(OPERATIONS, CONCURRENCY, (i) => client.providerKeys.get(created[i]!.id));
    const end = performance.now();
    emulator.faults.setRules([]);
    const objects = (await client.providerKeys.listAll()).length;
    return {
      createMs: afterCreate - start,
      getMs: end - afterCreate,
      totalMs: end - start,
      opsPerSecond: (2 * OPERATIONS * 1000) / (end - start),
      retries,
      objects,
    };
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  await run(false); // warm up the JIT and SQLite
  const clean = await run(false);
  const faulty = await run(true);
  const round = (n: number): number => Math.round(n * 10) / 10;
  console.log(
    `clean:  ${round(clean.opsPerSecond)} ops/s (${round(clean.totalMs)} ms, ${clean.retries} retries)`,
  );
  console.log(
    `faulty: ${round(faulty.opsPerSecond)} ops/s (${round(faulty.totalMs)} ms, ${faulty.retries} retries, 20% 429)`,
  );
  if (clean.objects !== OPERATIONS || faulty.objects !== OPERATIONS) {
    throw new Error(`expected ${OPERATIONS} objects, found ${clean.objects} and ${faulty.objects}`);
  }
  console.log(
    JSON.stringify({
      benchmark: "client",
      operations: 2 * OPERATIONS,
      concurrency: CONCURRENCY,
      cleanMs: round(clean.totalMs),
      cleanOpsPerSecond: round(clean.opsPerSecond),
      faultyMs: round(faulty.totalMs),
      faultyOpsPerSecond: round(faulty.opsPerSecond),
      retries: faulty.retries,
      objects: faulty.objects,
      ratio: round((faulty.totalMs / clean.totalMs) * 100) / 100,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
