// Benchmark: non-streaming chat completions through the emulator's gateway data plane to the stub
// upstream, against the same requests sent straight to the stub, measured in the same run and the
// same process (so both share one event loop and the comparison is like for like; rounds
// alternate so that changing machine load hits both alike). The gateway does everything it does
// for real traffic: access key lookup, planning, key decryption, the upstream call, and one usage
// event per attempt in SQLite. Also measured: CPU per request, and latency one request at a time
// (the overhead without queueing; at concurrency 32, p50 is mostly queueing, so it grows with
// the throughput lost). The last line printed is one JSON object with the figures; `ratio` is
// gateway throughput over direct throughput.
//
// Run from compiled JS (inside the repository, so `undici` and `pulumi-ngrok-ai` resolve):
//   npx tsc -b emulator
//   npx tsc -p bench/tsconfig.json --noEmit false --outDir node_modules/.cache/aigw-bench
//   node node_modules/.cache/aigw-bench/bench/gateway.js
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { createEmulator } from "../emulator/emulator";
import { createStubUpstream } from "../emulator/data-plane/stub-upstream";

const REQUESTS = Number(process.env.AIGW_BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 32;
const WARMUP = 300;
const ROUNDS = 4;
const UNLOADED = 300;
const GOAL_RATIO = 0.5;
const GOAL_P50_OVERHEAD_MS = 2;

interface Figures {
  readonly requests: number;
  readonly seconds: number;
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU time of this process per request (user + system), in milliseconds. */
  readonly cpuMsPerRequest: number;
}

/** What one batch of requests measured. */
interface Batch {
  readonly latencies: number[];
  readonly seconds: number;
  readonly cpuMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

const round = (n: number, places = 3): number => Number(n.toFixed(places));

/** Sends `count` requests with `concurrency` in flight; every answer must be 200. */
async function batch(
  dispatcher: Agent,
  url: string,
  headers: Record<string, string>,
  count: number,
  concurrency: number,
): Promise<Batch> {
  const body = JSON.stringify({
    model: "openai:gpt-4o-mini",
    messages: [{ role: "user", content: "Say hello in one short sentence." }],
  });
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const started = performance.now();
      const res = await request(url, {
        method: "POST",
        dispatcher,
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  return {
    latencies,
    seconds: (performance.now() - started) / 1000,
    cpuMs: (used.user + used.system) / 1000,
  };
}

/** Throughput and latency percentiles over several batches. */
function figures(batches: readonly Batch[]): Figures {
  const latencies = batches.flatMap((b) => b.latencies).sort((a, b) => a - b);
  const seconds = batches.reduce((sum, b) => sum + b.seconds, 0);
  const cpuMs = batches.reduce((sum, b) => sum + b.cpuMs, 0);
  return {
    requests: latencies.length,
    seconds: round(seconds),
    throughput: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    cpuMsPerRequest: round(cpuMs / latencies.length, 4),
  };
}

async function main(): Promise<void> {
  const stub = await createStubUpstream();
  const emulator = await createEmulator({
    db: ":memory:",
    masterKey: "0".repeat(64),
    upstreams: { openai: stub.url },
    defaultUpstream: "none",
  });
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  try {
    const api = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
      const res = await request(`${emulator.url}${path}`, {
        method: "POST",
        dispatcher,
        headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.body.json()) as Record<string, unknown>;
      if (res.statusCode !== 201) throw new Error(`${path} answered ${res.statusCode}`);
      return json;
    };
    const keyValue = "sk-healthy-bench-0000000000000001";
    const key = await api("/provider-keys", {
      providerId: "openai",
      name: "bench",
      value: keyValue,
    });
    const configuration = await api("/access-key-configurations", {
      name: "bench",
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key.id }] }] }],
      },
    });
    const accessKey = await api("/access-keys", { accessKeyConfigurationId: configuration.id });
    const token = accessKey.token as string;

    const directUrl = `${stub.url}/v1/chat/completions`;
    const gatewayUrl = `${emulator.url}/v1/chat/completions`;
    const directHeaders = { authorization: `Bearer ${keyValue}` };
    const gatewayHeaders = { authorization: `Bearer ${token}` };

    const direct = (count: number, concurrency = CONCURRENCY): Promise<Batch> =>
      batch(dispatcher, directUrl, directHeaders, count, concurrency);
    const gateway = (count: number, concurrency = CONCURRENCY): Promise<Batch> =>
      batch(dispatcher, gatewayUrl, gatewayHeaders, count, concurrency);

    await direct(WARMUP);
    await gateway(WARMUP);
    // Alternate rounds, so that a change in machine load during the run hits both alike.
    const directBatches: Batch[] = [];
    const gatewayBatches: Batch[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      directBatches.push(await direct(REQUESTS / ROUNDS));
      gatewayBatches.push(await gateway(REQUESTS / ROUNDS));
    }
    const loaded = { direct: figures(directBatches), gateway: figures(gatewayBatches) };
    // One request at a time: the latency the gateway adds when nothing queues.
    const unloaded = {
      direct: figures([await direct(UNLOADED, 1)]),
      gateway: figures([await gateway(UNLOADED, 1)]),
    };

    const ratio = round(loaded.gateway.throughput / loaded.direct.throughput);
    const p50OverheadMs = round(loaded.gateway.p50Ms - loaded.direct.p50Ms);
    const unloadedP50OverheadMs = round(unloaded.gateway.p50Ms - unloaded.direct.p50Ms);
    const cpuRatio = round(loaded.direct.cpuMsPerRequest / loaded.gateway.cpuMsPerRequest);
    const line = (name: string, f: Figures): string =>
      `${name}: ${f.throughput} req/s  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  cpu ${f.cpuMsPerRequest} ms/req`;
    console.log(`${REQUESTS} non-streaming chat completions at concurrency ${CONCURRENCY}`);
    console.log(line("direct ", loaded.direct));
    console.log(line("gateway", loaded.gateway));
    console.log(`one at a time (${UNLOADED} each):`);
    console.log(line("direct ", unloaded.direct));
    console.log(line("gateway", unloaded.gateway));
    console.log(
      `ratio ${ratio} (goal >= ${GOAL_RATIO}); p50 overhead ${p50OverheadMs} ms loaded, ` +
        `${unloadedP50OverheadMs} ms unloaded (goal <= ${GOAL_P50_OVERHEAD_MS} ms)`,
    );
    console.log(
      JSON.stringify({
        benchmark: "gateway",
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        direct: loaded.direct,
        gateway: loaded.gateway,
        ratio,
        cpuRatio,
        p50OverheadMs,
        unloaded: { ...unloaded, p50OverheadMs: unloadedP50OverheadMs },
        goals: { ratio: GOAL_RATIO, p50OverheadMs: GOAL_P50_OVERHEAD_MS },
        met: {
          ratio: ratio >= GOAL_RATIO,
          p50Overhead: p50OverheadMs <= GOAL_P50_OVERHEAD_MS,
          unloadedP50Overhead: unloadedP50OverheadMs <= GOAL_P50_OVERHEAD_MS,
        },
      }),
    );
  } finally {
    await dispatcher.close();
    await emulator.close();
    await stub.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
