// Benchmark: non-streaming chat completions through the emulator's gateway data plane to a stub
// upstream, against the same requests sent straight to the stub, and through a proxy with no
// logic (the floor any proxy hop costs).
//
// The processes are laid out as in a deployment. This process holds the load generator and the
// stub upstream, which stand for the clients and the LLM provider (other machines in
// production). The system under test, the emulator (management API and gateway data plane, see
// bench/gateway-server.ts), runs in a child process, so the gateway runs on its own CPU, as
// deployed. The direct run is load generator → stub; the gateway run is load generator →
// gateway → stub. The load generator and the stub do identical work in both runs, so `ratio`
// (gateway throughput over direct throughput) says whether the gateway keeps up with the traffic
// the outside world generates, and `p50OverheadMs` (gateway p50 minus direct p50) what it adds
// to the latency.
//
// The floor run is load generator → proxy → stub, where the proxy (bench/proxy-floor-server.ts)
// is built from the gateway's parts (node:http in, undici out, in its own process) and does
// nothing else. A hop between processes has a cost of its own, outside any proxy's code: the
// extra system calls, the wake-ups of the other process and, on a machine with as many cores as
// busy processes, the cores the load generator and stub now share. At concurrency 32, p50 is
// mostly queueing (about 32 / throughput), so that cost shows in the p50 overhead of the floor;
// the gateway's figures beyond the floor (`beyondFloor`) are what its own work costs.
//
// Every row gives this process's CPU per request (load generator + stub); proxied rows also the
// CPU per request of the proxy's process, and `cpuRatio` is the gateway process's CPU per request
// over this process's in the direct run (the whole direct path).
//
// The gateway does everything it does for real traffic: access key lookup, planning, key
// decryption, the upstream call, and one usage event per attempt in SQLite. All three first
// serve WARMUP requests, so that what is measured is the steady state of a long-running server
// (its JIT-compiled code), not its first seconds. The measurement (REQUESTS each way: direct,
// floor, gateway) is repeated REPETITIONS times, so that changing machine load hits all alike;
// each figure compared (ratio, p50 overhead) is the median of its values over the repetitions,
// all of which are printed, with the rows of the repetition of the median ratio. Also
// measured: latency one request at a time (the overhead without queueing). The last line printed
// is one JSON object with the figures.
//
// Run with `npm run bench:gateway` (AIGW_BENCH_REQUESTS: measured requests per side, default
// 2000), or from compiled JS (inside the repository, so `undici` and `pulumi-ngrok-ai` resolve;
// gateway-server.js and proxy-floor-server.js must sit next to gateway.js):
//   npx tsc -b emulator
//   npx tsc -p bench/tsconfig.json --noEmit false --outDir node_modules/.cache/aigw-bench
//   node node_modules/.cache/aigw-bench/bench/gateway.js
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { createStubUpstream } from "../emulator/data-plane/stub-upstream";
import { median, percentile, round } from "./harness";
import { type ServerProcess, startServerProcess } from "./server-process";

const REQUESTS = Number(process.env.AIGW_BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 32;
const WARMUP = 10_000;
/** Times the whole measurement (REQUESTS each way) is repeated; medians are reported. */
const REPETITIONS = 9;
const UNLOADED = 300;
const GOAL_RATIO = 0.5;
const GOAL_P50_OVERHEAD_MS = 2;

interface Figures {
  readonly requests: number;
  readonly seconds: number;
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * CPU time (user + system) of the bench process, that is the load generator and the stub
   * upstream, per request, in milliseconds.
   */
  readonly cpuMsPerRequest: number;
  /** CPU time (user + system) of the proxy's own process per request (proxied runs only). */
  readonly proxyProcessCpuMsPerRequest?: number;
}

/** What one batch of requests measured. */
interface Batch {
  readonly latencies: number[];
  readonly seconds: number;
  /** CPU time of the bench process during the batch. */
  readonly cpuMs: number;
}

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
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < count && !failed) {
      next += 1;
      const started = performance.now();
      try {
        const res = await request(url, {
          method: "POST",
          dispatcher,
          headers: { "content-type": "application/json", ...headers },
          body,
        });
        await res.body.text();
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
      } catch (err) {
        failed = true; // the other workers stop too
        throw err;
      }
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

/** Throughput, latency percentiles and CPU of one batch; `proxyCpuMs`, the proxy process's. */
function figures(b: Batch, proxyCpuMs?: number): Figures {
  const latencies = [...b.latencies].sort((x, y) => x - y);
  const n = latencies.length;
  return {
    requests: n,
    seconds: round(b.seconds, 3),
    throughput: round(n / b.seconds, 1),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    cpuMsPerRequest: round(b.cpuMs / n, 4),
    ...(proxyCpuMs === undefined ? {} : { proxyProcessCpuMsPerRequest: round(proxyCpuMs / n, 4) }),
  };
}

/** Runs every closer, even after a failure; failures are printed and make the exit code 1. */
async function closeAll(
  closers: ReadonlyArray<readonly [string, () => Promise<void>]>,
): Promise<void> {
  for (const [name, close] of closers) {
    try {
      await close();
    } catch (err) {
      console.error(`closing ${name} failed:`, err);
      process.exitCode = 1;
    }
  }
}

/** One repetition: the same measurement direct, through the floor proxy and through the gateway. */
interface Repetition {
  readonly direct: Figures;
  readonly floor: Figures;
  readonly gateway: Figures;
}

/** How `proxied` compares with `base`: throughput ratio and the p50 latency added. */
function compare(proxied: Figures, base: Figures): { ratio: number; p50OverheadMs: number } {
  return {
    ratio: round(proxied.throughput / base.throughput, 3),
    p50OverheadMs: round(proxied.p50Ms - base.p50Ms, 3),
  };
}

async function main(): Promise<void> {
  if (!Number.isInteger(REQUESTS) || REQUESTS < 1) {
    throw new Error("AIGW_BENCH_REQUESTS must be a positive integer");
  }
  const stub = await createStubUpstream();
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const servers: ServerProcess[] = [];
  try {
    const gatewayServer = await startServerProcess(join(__dirname, "gateway-server.js"), [
      stub.url,
    ]);
    servers.push(gatewayServer);
    const floorServer = await startServerProcess(join(__dirname, "proxy-floor-server.js"), [
      stub.url,
    ]);
    servers.push(floorServer);
    const { url: gatewayBaseUrl, apiKey } = gatewayServer.ready;
    const api = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
      const res = await request(`${gatewayBaseUrl}${path}`, {
        method: "POST",
        dispatcher,
        headers: { authorization: `Bearer ${apiKey ?? ""}`, "content-type": "application/json" },
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

    const path = "/v1/chat/completions";
    const providerKey = { authorization: `Bearer ${keyValue}` };
    // Every request must reach the stub exactly once, whichever way it goes. The stub's records
    // are dropped after each batch, so they do not pile up in this process's heap over the run.
    const measure = async (
      url: string,
      headers: Record<string, string>,
      count: number,
      concurrency: number,
    ): Promise<Batch> => {
      stub.reset();
      const measured = await batch(dispatcher, url, headers, count, concurrency);
      const served = stub.attempts.length;
      stub.reset();
      if (served !== count)
        throw new Error(`${url}: the stub served ${served} of ${count} requests`);
      return measured;
    };
    const direct = async (count: number, concurrency = CONCURRENCY): Promise<Figures> =>
      figures(await measure(`${stub.url}${path}`, providerKey, count, concurrency));
    /** Measures through `server` with `headers`, counting the CPU time of its process too. */
    const proxied =
      (server: ServerProcess, headers: Record<string, string>) =>
      async (count: number, concurrency = CONCURRENCY): Promise<Figures> => {
        const before = await server.cpuMs();
        const measured = await measure(`${server.ready.url}${path}`, headers, count, concurrency);
        return figures(measured, (await server.cpuMs()) - before);
      };
    // The floor proxy passes the client's authorization through: it is the provider key.
    const floor = proxied(floorServer, providerKey);
    const gateway = proxied(gatewayServer, { authorization: `Bearer ${token}` });

    await direct(WARMUP);
    await floor(WARMUP);
    await gateway(WARMUP);
    // Each repetition is the whole measurement, so a change in machine load hits all three
    // sides of it alike; each figure compared is the median over the repetitions, every value is
    // printed, and so are the rows of the repetition of the median ratio.
    const repetitions: Repetition[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      repetitions.push({
        direct: await direct(REQUESTS),
        floor: await floor(REQUESTS),
        gateway: await gateway(REQUESTS),
      });
    }
    const ratioOf = (r: Repetition): number => r.gateway.throughput / r.direct.throughput;
    const loaded = [...repetitions].sort((a, b) => ratioOf(a) - ratioOf(b))[
      Math.floor(repetitions.length / 2)
    ]!;
    const spread = repetitions.map((r) => ({
      ...compare(r.gateway, r.direct),
      floor: compare(r.floor, r.direct),
      beyondFloor: compare(r.gateway, r.floor),
    }));
    const medianOf = (pick: (r: (typeof spread)[number]) => number): number =>
      round(median(spread.map(pick)), 3);
    // One request at a time: the latency added when nothing queues.
    const unloadedDirect = await direct(UNLOADED, 1);
    const unloadedFloor = await floor(UNLOADED, 1);
    const unloadedGateway = await gateway(UNLOADED, 1);

    const ratio = medianOf((r) => r.ratio);
    const p50OverheadMs = medianOf((r) => r.p50OverheadMs);
    const floorFigures = {
      ratio: medianOf((r) => r.floor.ratio),
      p50OverheadMs: medianOf((r) => r.floor.p50OverheadMs),
    };
    const beyondFloor = {
      ratio: medianOf((r) => r.beyondFloor.ratio),
      p50OverheadMs: medianOf((r) => r.beyondFloor.p50OverheadMs),
    };
    const unloadedP50OverheadMs = compare(unloadedGateway, unloadedDirect).p50OverheadMs;
    const unloadedFloorP50OverheadMs = compare(unloadedFloor, unloadedDirect).p50OverheadMs;
    // The gateway's CPU per request relative to everything the direct path spends.
    const cpuRatio = round(
      (loaded.gateway.proxyProcessCpuMsPerRequest ?? 0) / loaded.direct.cpuMsPerRequest,
      3,
    );
    const line = (name: string, f: Figures): string =>
      `${name}: ${f.throughput} req/s  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  ` +
      `cpu: bench ${f.cpuMsPerRequest} ms/req` +
      (f.proxyProcessCpuMsPerRequest === undefined
        ? ""
        : `, ${name.trim()} process ${f.proxyProcessCpuMsPerRequest} ms/req`);
    const list = (values: readonly number[]): string => values.join(" ");
    console.log(
      `${REQUESTS} non-streaming chat completions at concurrency ${CONCURRENCY} each way, after ` +
        `${WARMUP} each way to warm up; the gateway (pid ${gatewayServer.pid}) and the floor ` +
        `proxy (pid ${floorServer.pid}) each in its own process; bench cpu = load generator + ` +
        `stub upstream`,
    );
    console.log(
      `${REPETITIONS} repetitions: ratio ${list(spread.map((r) => r.ratio))}; p50 overhead ms ` +
        `${list(spread.map((r) => r.p50OverheadMs))}; floor ratio ` +
        `${list(spread.map((r) => r.floor.ratio))}; floor p50 overhead ms ` +
        `${list(spread.map((r) => r.floor.p50OverheadMs))}; the repetition of the median ratio:`,
    );
    console.log(line("direct ", loaded.direct));
    console.log(line("floor  ", loaded.floor));
    console.log(line("gateway", loaded.gateway));
    console.log(`one at a time (${UNLOADED} each):`);
    console.log(line("direct ", unloadedDirect));
    console.log(line("floor  ", unloadedFloor));
    console.log(line("gateway", unloadedGateway));
    console.log(
      `medians: ratio ${ratio} (goal >= ${GOAL_RATIO}); p50 overhead ${p50OverheadMs} ms loaded, ` +
        `${unloadedP50OverheadMs} ms unloaded (goal <= ${GOAL_P50_OVERHEAD_MS} ms)`,
    );
    console.log(
      `floor (a proxy hop with no logic): ratio ${floorFigures.ratio}; p50 overhead ` +
        `${floorFigures.p50OverheadMs} ms loaded, ${unloadedFloorP50OverheadMs} ms unloaded; ` +
        `the gateway beyond the floor: ratio ${beyondFloor.ratio}, p50 ` +
        `${beyondFloor.p50OverheadMs} ms loaded`,
    );
    console.log(
      `cpuRatio ${cpuRatio}: the gateway process spends ${cpuRatio}x the CPU per request of the ` +
        `whole direct path (load generator + stub)`,
    );
    console.log(
      JSON.stringify({
        benchmark: "gateway",
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        direct: loaded.direct,
        floor: loaded.floor,
        gateway: loaded.gateway,
        ratio,
        cpuRatio,
        p50OverheadMs,
        floorRatio: floorFigures.ratio,
        floorP50OverheadMs: floorFigures.p50OverheadMs,
        beyondFloor,
        repetitions: spread,
        unloaded: {
          direct: unloadedDirect,
          floor: unloadedFloor,
          gateway: unloadedGateway,
          p50OverheadMs: unloadedP50OverheadMs,
          floorP50OverheadMs: unloadedFloorP50OverheadMs,
        },
        goals: { ratio: GOAL_RATIO, p50OverheadMs: GOAL_P50_OVERHEAD_MS },
        met: {
          ratio: ratio >= GOAL_RATIO,
          p50Overhead: p50OverheadMs <= GOAL_P50_OVERHEAD_MS,
          unloadedP50Overhead: unloadedP50OverheadMs <= GOAL_P50_OVERHEAD_MS,
        },
      }),
    );
  } finally {
    await closeAll([
      ["the HTTP client", () => dispatcher.close()],
      ...servers.map((s): readonly [string, () => Promise<void>] => [
        `pid ${s.pid}`,
        () => s.stop(),
      ]),
      ["the stub upstream", () => stub.close()],
    ]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
