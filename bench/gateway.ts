// Benchmark: non-streaming chat completions through the emulator's gateway data plane to a stub
// upstream, against the same requests sent straight to the stub.
//
// The processes are laid out as in a deployment. This process holds the load generator and the
// stub upstream, which stand for the clients and the LLM provider (other machines in
// production). The system under test, the emulator (management API and gateway data plane, see
// bench/gateway-server.ts), runs in a child process, so the gateway runs on its own CPU, as
// deployed. The direct run is load generator → stub; the gateway run is load generator →
// gateway → stub. The load generator and the stub do identical work in both runs, so `ratio`
// (gateway throughput over direct throughput) says whether the gateway keeps up with the traffic
// the outside world generates. The gateway's own CPU cost per request is printed alongside, so
// nothing is hidden: every row gives this process's CPU per request (load generator + stub),
// gateway rows also the gateway process's, and `cpuRatio` is the gateway process's CPU per
// request over this process's in the direct run (the whole direct path).
//
// The gateway does everything it does for real traffic: access key lookup, planning, key
// decryption, the upstream call, and one usage event per attempt in SQLite. Both sides first
// serve WARMUP requests, so that what is measured is the steady state of a long-running server
// (its JIT-compiled code), not its first seconds. The measurement (REQUESTS each way, direct then
// gateway) is repeated REPETITIONS times, so that changing machine load hits both sides alike;
// the repetition with the median ratio is reported and the spread of all is printed. Also
// measured: latency one request at a time (the overhead without queueing; at concurrency 32, p50
// is mostly queueing, about 32 / throughput, so it grows with the throughput lost). The last line
// printed is one JSON object with the figures.
//
// Run with `npm run bench:gateway` (AIGW_BENCH_REQUESTS: measured requests per side, default
// 2000), or from compiled JS (inside the repository, so `undici` and `pulumi-ngrok-ai` resolve;
// gateway-server.js must sit next to gateway.js):
//   npx tsc -b emulator
//   npx tsc -p bench/tsconfig.json --noEmit false --outDir node_modules/.cache/aigw-bench
//   node node_modules/.cache/aigw-bench/bench/gateway.js
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { Agent, request } from "undici";
import { createStubUpstream } from "../emulator/data-plane/stub-upstream";
import type { GatewayServerMessage, GatewayServerRequest } from "./gateway-server";
import { percentile, round } from "./harness";

const REQUESTS = Number(process.env.AIGW_BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 32;
const WARMUP = 10_000;
/** Times the whole measurement (REQUESTS each way) is repeated; the median repetition is reported. */
const REPETITIONS = 5;
const UNLOADED = 300;
const GOAL_RATIO = 0.5;
const GOAL_P50_OVERHEAD_MS = 2;
/** How long the gateway process may take to start, and to stop when asked. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/** How much of the gateway process's stderr to keep for error reports. */
const STDERR_TAIL_CHARS = 16_384;

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
}

interface GatewayFigures extends Figures {
  /** CPU time (user + system) of the gateway's own process per request, in milliseconds. */
  readonly gatewayProcessCpuMsPerRequest: number;
}

/** What one batch of requests measured. */
interface Batch {
  readonly latencies: number[];
  readonly seconds: number;
  /** CPU time of the bench process during the batch. */
  readonly cpuMs: number;
}

interface GatewayBatch extends Batch {
  /** CPU time of the gateway process during the batch. */
  readonly gatewayProcessCpuMs: number;
}

/** The emulator running in its own process (bench/gateway-server.ts). */
interface GatewayServer {
  readonly pid: number;
  /** Base URL of the management API and the data plane. */
  readonly url: string;
  /** The management API key. */
  readonly apiKey: string;
  /** The gateway process's CPU time (user + system) since it started, in milliseconds. */
  cpuMs(): Promise<number>;
  /**
   * Asks the gateway process to close the emulator and exit, and waits for it (killing it if it
   * does not exit in time). Throws if it had exited on its own, exits non-zero or must be killed.
   */
  stop(): Promise<void>;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Forks bench/gateway-server.js with the stub's URL and waits until its emulator listens. */
async function startGatewayServer(stubUrl: string): Promise<GatewayServer> {
  const child: ChildProcess = fork(join(__dirname, "gateway-server.js"), [stubUrl], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const pid = child.pid ?? -1;
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  // Keep this process's stdout for the figures alone.
  child.stdout?.pipe(process.stderr);
  let exit: Exit | undefined;
  let childError: Error | undefined;
  let stopRequested = false;
  const exited = new Promise<Exit>((resolve) => {
    // `close` comes after the child's stdio has ended, so `stderr` is complete by then.
    child.once("close", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  /** What became of the gateway process, `when` (if given), and its stderr. */
  const describe = (when = ""): string => {
    const how =
      exit === undefined
        ? "is still running"
        : exit.signal !== null
          ? `was ended by ${exit.signal}`
          : `exited with code ${exit.code}`;
    const error = childError === undefined ? "" : ` (${childError.message})`;
    const output = stderr.trim() === "" ? "; no stderr" : `; its stderr:\n${stderr.trimEnd()}`;
    return `gateway-server (pid ${pid}) ${how}${when === "" ? "" : ` ${when}`}${error}${output}`;
  };
  const waitForExit = async (ms: number): Promise<boolean> => {
    const timeout = new AbortController();
    const timedOut = delay(ms, false, { signal: timeout.signal }).catch(() => false);
    const done = await Promise.race([exited.then(() => true), timedOut]);
    timeout.abort();
    return done;
  };
  const sendRequest = (message: GatewayServerRequest): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!child.connected) {
        reject(new Error(`cannot send ${message.type}: ${describe()}`));
        return;
      }
      child.send(message, (err) => (err === null ? resolve() : reject(err)));
    });

  let nextCpuRequest = 0;
  const pendingCpu = new Map<number, { resolve(ms: number): void; reject(err: Error): void }>();
  let onReady: ((message: { url: string; apiKey: string }) => void) | undefined;
  child.on("message", (raw: unknown) => {
    const message = raw as GatewayServerMessage;
    if (message.type === "ready") {
      onReady?.(message);
    } else if (message.type === "cpu") {
      const { user, system } = message.usage;
      pendingCpu.get(message.id)?.resolve((user + system) / 1000);
      pendingCpu.delete(message.id);
    }
  });
  child.on("error", (err) => {
    childError = err;
  });
  void exited.then(() => {
    for (const pending of pendingCpu.values()) pending.reject(new Error(describe()));
    pendingCpu.clear();
  });

  const kill = async (): Promise<void> => {
    if (exit === undefined) child.kill("SIGKILL");
    await waitForExit(STOP_TIMEOUT_MS);
  };
  let ready: { url: string; apiKey: string };
  try {
    ready = await new Promise((resolve, reject) => {
      onReady = resolve;
      void exited.then(() => reject(new Error(describe("before it was ready"))));
      void delay(START_TIMEOUT_MS, undefined, { ref: false }).then(() =>
        reject(new Error(describe(`but not ready after ${START_TIMEOUT_MS} ms`))),
      );
    });
  } catch (err) {
    await kill();
    throw err;
  }

  return {
    pid,
    url: ready.url,
    apiKey: ready.apiKey,
    cpuMs: async () => {
      const id = ++nextCpuRequest;
      const answer = new Promise<number>((resolve, reject) => {
        pendingCpu.set(id, { resolve, reject });
      });
      // If the process exits while the request is being sent, the send's error is the one thrown.
      answer.catch(() => undefined);
      try {
        await sendRequest({ type: "cpu", id });
      } catch (err) {
        pendingCpu.delete(id);
        throw err;
      }
      return answer;
    },
    stop: async () => {
      if (exit === undefined) {
        stopRequested = true;
        await sendRequest({ type: "stop" }).catch(() => undefined);
        if (!(await waitForExit(STOP_TIMEOUT_MS))) {
          await kill();
          throw new Error(`gateway-server did not stop in ${STOP_TIMEOUT_MS} ms; killed`);
        }
      }
      if (!stopRequested) throw new Error(describe("before it was told to stop"));
      if (exit?.code !== 0) throw new Error(describe());
      // Nothing the gateway process wrote stays hidden.
      if (stderr !== "") process.stderr.write(`gateway-server stderr:\n${stderr}`);
    },
  };
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

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Throughput, latency percentiles and the bench process's CPU over several batches. */
function figures(batches: readonly Batch[]): Figures {
  const latencies = batches.flatMap((b) => b.latencies).sort((a, b) => a - b);
  const seconds = sum(batches.map((b) => b.seconds));
  return {
    requests: latencies.length,
    seconds: round(seconds, 3),
    throughput: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    cpuMsPerRequest: round(sum(batches.map((b) => b.cpuMs)) / latencies.length, 4),
  };
}

/** {@link figures}, and the gateway process's CPU. */
function gatewayFigures(batches: readonly GatewayBatch[]): GatewayFigures {
  const f = figures(batches);
  const gatewayProcessCpuMs = sum(batches.map((b) => b.gatewayProcessCpuMs));
  return { ...f, gatewayProcessCpuMsPerRequest: round(gatewayProcessCpuMs / f.requests, 4) };
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

async function main(): Promise<void> {
  if (!Number.isInteger(REQUESTS) || REQUESTS < 1) {
    throw new Error("AIGW_BENCH_REQUESTS must be a positive integer");
  }
  const stub = await createStubUpstream();
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  let server: GatewayServer | undefined;
  try {
    server = await startGatewayServer(stub.url);
    const { url: gatewayBaseUrl, apiKey } = server;
    const api = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
      const res = await request(`${gatewayBaseUrl}${path}`, {
        method: "POST",
        dispatcher,
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
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
    const gatewayUrl = `${gatewayBaseUrl}/v1/chat/completions`;
    const directHeaders = { authorization: `Bearer ${keyValue}` };
    const gatewayHeaders = { authorization: `Bearer ${token}` };

    const gatewayServer = server;
    const direct = (count: number, concurrency = CONCURRENCY): Promise<Batch> =>
      batch(dispatcher, directUrl, directHeaders, count, concurrency);
    const gateway = async (count: number, concurrency = CONCURRENCY): Promise<GatewayBatch> => {
      const before = await gatewayServer.cpuMs();
      const measured = await batch(dispatcher, gatewayUrl, gatewayHeaders, count, concurrency);
      const after = await gatewayServer.cpuMs();
      return { ...measured, gatewayProcessCpuMs: after - before };
    };

    await direct(WARMUP);
    await gateway(WARMUP);
    // Each repetition is the whole measurement, direct then gateway, so a change in machine load
    // hits both sides of it alike; the repetition with the median ratio is reported, and the
    // spread of all of them is printed.
    const repetitions: { direct: Figures; gateway: GatewayFigures; ratio: number }[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      const d = figures([await direct(REQUESTS)]);
      const g = gatewayFigures([await gateway(REQUESTS)]);
      repetitions.push({ direct: d, gateway: g, ratio: g.throughput / d.throughput });
    }
    const byRatio = [...repetitions].sort((a, b) => a.ratio - b.ratio);
    const loaded = byRatio[Math.floor(byRatio.length / 2)]!;
    const spread = repetitions.map((r) => ({
      ratio: round(r.ratio, 3),
      p50OverheadMs: round(r.gateway.p50Ms - r.direct.p50Ms, 3),
    }));
    // One request at a time: the latency the gateway adds when nothing queues.
    const unloaded = {
      direct: figures([await direct(UNLOADED, 1)]),
      gateway: gatewayFigures([await gateway(UNLOADED, 1)]),
    };

    const ratio = round(loaded.gateway.throughput / loaded.direct.throughput, 3);
    const p50OverheadMs = round(loaded.gateway.p50Ms - loaded.direct.p50Ms, 3);
    const unloadedP50OverheadMs = round(unloaded.gateway.p50Ms - unloaded.direct.p50Ms, 3);
    // The gateway's CPU per request relative to everything the direct path spends.
    const cpuRatio = round(
      loaded.gateway.gatewayProcessCpuMsPerRequest / loaded.direct.cpuMsPerRequest,
      3,
    );
    const line = (name: string, f: Figures | GatewayFigures): string =>
      `${name}: ${f.throughput} req/s  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  ` +
      `cpu: bench ${f.cpuMsPerRequest} ms/req` +
      ("gatewayProcessCpuMsPerRequest" in f
        ? `, gateway process ${f.gatewayProcessCpuMsPerRequest} ms/req`
        : "");
    console.log(
      `${REQUESTS} non-streaming chat completions at concurrency ${CONCURRENCY} each way, after ` +
        `${WARMUP} each way to warm up; the gateway in its own process (pid ${server.pid}); ` +
        `bench cpu = load generator + stub upstream`,
    );
    console.log(
      `${REPETITIONS} repetitions: ratio ${spread.map((r) => r.ratio).join(" ")}; ` +
        `p50 overhead ms ${spread.map((r) => r.p50OverheadMs).join(" ")}; the median one:`,
    );
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
      `cpuRatio ${cpuRatio}: the gateway process spends ${cpuRatio}x the CPU per request of the ` +
        `whole direct path (load generator + stub)`,
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
        repetitions: spread,
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
    const started = server;
    await closeAll([
      ["the HTTP client", () => dispatcher.close()],
      ["the gateway process", () => started?.stop() ?? Promise.resolve()],
      ["the stub upstream", () => stub.close()],
    ]);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
