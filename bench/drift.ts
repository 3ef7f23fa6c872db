// Benchmark: `aigw drift` against `pulumi refresh --preview-only --expect-no-changes` on the same
// stack, at 1,000 and 10,000 objects (`AIGW_BENCH_DRIFT_SIZES`, comma-separated), 40% provider
// keys, 30% access key configurations and 30% access keys, measured in the same run. Both run as
// child processes, as a pipeline runs them; the emulator's request log counts the API calls each
// made (goal: at most objects/100 + 5 for drift). Each size also gets a clock per phase of drift,
// run in this process: `pulumi stack export`, the stack config reads, parsing, the list requests
// and the comparison; what the child process adds beyond them is Node start-up and module loading.
//
// Setup (not measured): the real engine applies a few objects of each kind (`pulumi up`), so
// the state holds real entries with the serialized provider; the rest of the objects are created
// through the API, and their state entries are those entries copied with each object's id, name
// and API properties, written with `pulumi stack import` (the engine validates them). Refresh and
// drift both have to find no change, which they would not if a copied entry disagreed with what
// the provider records. `AIGW_BENCH_DRIFT_BASELINE_CLI=<path of another build's cli/bin/aigw.js>`
// also times that build's `aigw drift` on the same stack (before-and-after figures in one run).
// The commands run in rounds, each once per round (five rounds up to 1,000 objects, three above;
// `AIGW_BENCH_DRIFT_RUNS`), and the median run of each counts (the fastest is printed too). The
// last line printed is one JSON object with the figures of each size; `ratio` is drift's median
// time over refresh's (goals: at most 0.2 at 1,000, 0.1 at 10,000).
//
// Run with `npm run bench:drift` (it builds first), or from compiled JS inside the repository:
//   npx tsc -b && npx tsc -p bench/tsconfig.json --noEmit false --outDir node_modules/.cache/aigw-bench
//   node node_modules/.cache/aigw-bench/bench/drift.js
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { createEmulator, type Emulator } from "aigw-emulator";
import { GatewayClient } from "pulumi-ngrok-ai/client";
import {
  type DriftObjectKind,
  classifyDrift,
  isSecretValue,
  parseStackSnapshot,
  readLiveAccount,
  resolveCredentials,
  runPulumi,
} from "pulumi-ngrok-ai/drift";
import { measureSizes } from "./harness";

const SIZES = (process.env.AIGW_BENCH_DRIFT_SIZES ?? "1000,10000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n >= 10);
/**
 * Each command runs this many times at a size of `objects`, in rounds that take each command in
 * turn (so a change in the machine's load reaches all of them); the median run counts, and the
 * fastest is printed beside it. The median, not the fastest: a delay that comes in some runs and
 * not others (such as the exit waiting for V8's background compilation) is a cost users pay, and
 * the fastest of a few runs hides it. Five rounds up to 1,000 objects, where a run of drift takes
 * about a second; three above, an odd number so that one slow run does not move the median
 * (`AIGW_BENCH_DRIFT_RUNS` sets both).
 */
function roundsAt(objects: number): number {
  const given = Number(process.env.AIGW_BENCH_DRIFT_RUNS);
  if (Number.isInteger(given) && given >= 1) return given;
  return objects <= 1000 ? 5 : 3;
}
/** The rounds of the phase clocks (each phase alone, in this process). */
const PHASE_RUNS = 2;
/** Requests at a time while seeding the account. */
const SEED_CONCURRENCY = 16;

/** How many objects of each kind. */
interface Counts {
  readonly providerKeys: number;
  readonly configurations: number;
  readonly accessKeys: number;
}

/** The proportions of the 1,000 run (400 / 300 / 300) at `objects`. */
function countsOf(objects: number): Counts {
  const providerKeys = Math.round(objects * 0.4);
  const configurations = Math.round(objects * 0.3);
  return { providerKeys, configurations, accessKeys: objects - providerKeys - configurations };
}

/** What the real engine applies; every other object is seeded. */
const TEMPLATE: Counts = { providerKeys: 4, configurations: 3, accessKeys: 3 };

/** The repository root: the nearest directory upwards whose package.json is the workspace. */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      const json = JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string };
      if (json.name === "aigw-workspace") return dir;
    }
    if (path.dirname(dir) === dir) throw new Error("run this from inside the aigw repository");
  }
}

const ROOT = repoRoot();

function engineDir(): string {
  const result = spawnSync("bash", [path.join(ROOT, "scripts", "pulumi-engine.sh")], {
    encoding: "utf8",
  });
  const dir = result.stdout.trim();
  if (result.status !== 0 || !fs.existsSync(path.join(dir, "pulumi"))) {
    throw new Error(`The Pulumi engine is missing; run \`npm run engine\`.\n${result.stderr}`);
  }
  return dir;
}

/**
 * The objects of the benchmark, as the program declares them and the seeding creates them: key
 * `i`, configuration `i` (routing to keys `2i` and `2i + 2`), access key `i` (linked to
 * configuration `i`).
 */
const shapes = {
  providerKey(i: number) {
    const providerId = i % 2 === 0 ? "openai" : "anthropic";
    return {
      name: `key-${i}`,
      providerId,
      description: `${providerId} key ${i}`,
      value: `sk-bench-${String(i).padStart(6, "0")}-AAAAAAAAAAAAAAAAAAAA`,
    };
  },
  configuration(i: number, keyIds: readonly string[]) {
    const a = keyIds[(2 * i) % keyIds.length]!;
    const b = keyIds[(2 * i + 2) % keyIds.length]!;
    return {
      name: `team-${i}`,
      description: `Team ${i}`,
      access: {
        providers: { allow: ["openai"] },
        models: { allow: ["openai:gpt-4o-mini", "openai:gpt-4o"] },
      },
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              { type: "user" as const, keys: [{ id: a }, { id: b }] },
              { type: "ngrok" as const },
            ],
          },
        ],
      },
    };
  },
  accessKey(i: number, configurationIds: readonly string[]) {
    return {
      name: `client-${i}`,
      accessKeyConfigurationId: configurationIds[i % configurationIds.length]!,
    };
  },
};

/** The program of the engine-applied part (JavaScript: no TypeScript build in the timing). */
function program(counts: Counts): string {
  return `const pulumi = require("@pulumi/pulumi");
const { AccessKey, AccessKeyConfiguration, ProviderKey } = require("pulumi-ngrok-ai");
const shapes = (${shapesSource()});
const keys = [];
for (let i = 0; i < ${counts.providerKeys}; i++) {
  const { name, value, ...args } = shapes.providerKey(i);
  keys.push(new ProviderKey(name, { ...args, value: pulumi.secret(value) }));
}
const configurations = [];
for (let i = 0; i < ${counts.configurations}; i++) {
  const { name, ...args } = shapes.configuration(i, keys.map((k) => k.id));
  configurations.push(new AccessKeyConfiguration(name, args));
}
for (let i = 0; i < ${counts.accessKeys}; i++) {
  const { name, ...args } = shapes.accessKey(i, configurations.map((c) => c.id));
  new AccessKey(name, args);
}
`;
}

/** The source of {@link shapes} as a JavaScript object literal, for the program. */
function shapesSource(): string {
  return `{ ${Object.values(shapes)
    .map((f) => String(f))
    .join(", ")} }`;
}

/** Lays the project out the way a user's install looks (see test/e2e/helpers/engine.ts). */
function writeProject(dir: string, counts: Counts): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: aigw-bench-drift\nruntime: nodejs\n");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "aigw-bench-drift", private: true, main: "index.js" }),
  );
  fs.writeFileSync(path.join(dir, "index.js"), program(counts));
  const nm = path.join(dir, "node_modules");
  fs.mkdirSync(nm);
  for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (["pulumi-ngrok-ai", "aigw", "aigw-emulator", ".bin"].includes(entry)) continue;
    if (entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(nm, entry));
  }
  const pkg = path.join(nm, "pulumi-ngrok-ai");
  fs.mkdirSync(pkg);
  fs.cpSync(path.join(ROOT, "sdk", "package.json"), path.join(pkg, "package.json"));
  fs.cpSync(path.join(ROOT, "sdk", "dist"), path.join(pkg, "dist"), { recursive: true });
  fs.cpSync(path.join(ROOT, "schema"), path.join(pkg, "schema"), { recursive: true });
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command asynchronously (the emulator lives in this process and must keep serving). */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }),
    );
  });
}

/** `aigw drift` as a pipeline runs it: the installed entry point, JSON output. */
function driftCommand(stack: string, dir: string): string[] {
  const bin = path.join(ROOT, "cli", "bin", "aigw.js");
  return [bin, "drift", "--stack", stack, "--cwd", dir, "--format", "json"];
}

/** A resource of a `pulumi stack export` document, as far as the seeding rewrites it. */
interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  [key: string]: unknown;
}

/** What the API returns for an object, as far as the seeding reads it. */
interface LiveObject {
  readonly id: string;
  readonly name?: string | undefined;
  readonly createdAt?: string | undefined;
}

/**
 * `template` (an entry the engine wrote for an object of the same kind) for the object `live`:
 * its name and id, and every recorded property the API returns taken from `live`. Secrets (the
 * key value, the token) and the serialized provider stay as the engine wrote them; the
 * dependencies become `dependencies`.
 */
function copyEntry(
  template: StateResource,
  live: LiveObject,
  dependencies: string[],
): StateResource {
  // The API's names for what state records, except the configuration link of an access key.
  const link = (live as { accessKeyConfiguration?: { id?: string; name?: string } | null })
    .accessKeyConfiguration;
  const api: Record<string, unknown> = {
    ...(live as unknown as Record<string, unknown>),
    accessKeyConfigurationId: link?.id,
    accessKeyConfigurationName: link?.name,
  };
  const take = (props: Record<string, unknown> | undefined): Record<string, unknown> | undefined =>
    props === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(props).map(([k, v]) =>
            k === "__provider" || isSecretValue(v) || api[k] === undefined ? [k, v] : [k, api[k]],
          ),
        );
  const entry: StateResource = {
    ...template,
    urn: template.urn.slice(0, template.urn.lastIndexOf("::") + 2) + live.name!,
    id: live.id,
  };
  const inputs = take(template.inputs);
  const outputs = take(template.outputs);
  if (inputs !== undefined) entry.inputs = inputs;
  if (outputs !== undefined) entry.outputs = outputs;
  if (template.dependencies !== undefined) entry.dependencies = dependencies;
  if (template.propertyDependencies !== undefined) {
    entry.propertyDependencies = Object.fromEntries(
      Object.entries(template.propertyDependencies).map(([k, v]) => [
        k,
        v.length > 0 ? dependencies : [],
      ]),
    );
  }
  return entry;
}

/** Runs `task(0..count-1)`, `concurrency` at a time. */
async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** A stack and the commands to run on it. */
interface Bench {
  readonly emulator: Emulator;
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly pulumi: (args: string[]) => Promise<Run>;
  readonly must: (args: string[]) => Promise<Run>;
}

/**
 * Fills the stack and the account with `counts`: the engine applies {@link TEMPLATE}, the API
 * creates the rest, and their state entries are imported. Returns the objects the account holds.
 */
async function seed(bench: Bench, counts: Counts): Promise<number> {
  const up = await bench.must(["up", "--yes", "--skip-preview"]);
  const client = new GatewayClient({
    baseUrl: bench.emulator.url,
    apiKey: bench.emulator.apiKey,
    concurrency: SEED_CONCURRENCY,
  });
  const started = performance.now();
  const byName = async (list: Promise<readonly LiveObject[]>): Promise<Map<string, LiveObject>> =>
    new Map((await list).map((o) => [o.name!, o]));
  const applied = {
    keys: await byName(client.providerKeys.listAll()),
    configurations: await byName(client.accessKeyConfigurations.listAll()),
  };
  const ids = (map: Map<string, LiveObject>, prefix: string, count: number): string[] =>
    Array.from({ length: count }, (_, i) => map.get(`${prefix}${i}`)!.id);
  const keyIds = [
    ...ids(applied.keys, "key-", TEMPLATE.providerKeys),
    ...(
      await pool(counts.providerKeys - TEMPLATE.providerKeys, SEED_CONCURRENCY, (i) =>
        client.providerKeys.create(shapes.providerKey(TEMPLATE.providerKeys + i)),
      )
    ).map((k) => k.id),
  ];
  const configurationIds = [
    ...ids(applied.configurations, "team-", TEMPLATE.configurations),
    ...(
      await pool(counts.configurations - TEMPLATE.configurations, SEED_CONCURRENCY, (i) =>
        client.accessKeyConfigurations.create(
          shapes.configuration(TEMPLATE.configurations + i, keyIds),
        ),
      )
    ).map((c) => c.id),
  ];
  await pool(counts.accessKeys - TEMPLATE.accessKeys, SEED_CONCURRENCY, (i) =>
    client.accessKeys.create(shapes.accessKey(TEMPLATE.accessKeys + i, configurationIds)),
  );

  // The state: the engine's entries, then a copy of its first entry of each kind per seeded object.
  const exported = JSON.parse((await bench.must(["stack", "export"])).stdout) as {
    deployment: { resources: StateResource[] };
  };
  const resources = exported.deployment.resources;
  const templateOf = (type: string): StateResource => {
    const found = resources.find((r) => r.type === `pulumi-nodejs:dynamic/ngrok-ai:${type}`);
    if (found === undefined) throw new Error(`pulumi up recorded no ${type}`);
    return found;
  };
  const urnOf = new Map(resources.filter((r) => r.id !== undefined).map((r) => [r.id!, r.urn]));
  const copy = <T extends LiveObject>(
    type: string,
    objects: readonly T[],
    deps: (o: T) => string[],
  ): void => {
    const template = templateOf(type);
    for (const o of objects) {
      if (urnOf.has(o.id)) continue; // applied by the engine
      const entry = copyEntry(template, o, deps(o));
      resources.push(entry);
      urnOf.set(o.id, entry.urn);
    }
  };
  const live = await readLiveAccount(
    client,
    new Set<DriftObjectKind>(["providerKey", "accessKeyConfiguration", "accessKey"]),
  );
  const oldestFirst = <T extends LiveObject>(list: readonly T[] | undefined): T[] =>
    [...(list ?? [])].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  copy("ProviderKey", oldestFirst(live.providerKeys), () => []);
  copy("AccessKeyConfiguration", oldestFirst(live.accessKeyConfigurations), (c) =>
    [...new Set(JSON.stringify(c.router).match(/aigpk_[0-9a-z]+/g) ?? [])].map((id) =>
      urnOf.get(id)!,
    ),
  );
  copy("AccessKey", oldestFirst(live.accessKeys), (k) => [
    urnOf.get(k.accessKeyConfiguration!.id)!,
  ]);
  const file = path.join(bench.dir, "..", "seeded.json");
  fs.writeFileSync(file, JSON.stringify(exported));
  await bench.must(["stack", "import", "--file", file]);
  fs.rmSync(file);
  console.log(
    `  setup: pulumi up of ${TEMPLATE.providerKeys + TEMPLATE.configurations + TEMPLATE.accessKeys} objects ` +
      `${(up.ms / 1000).toFixed(1)} s; seeding the rest through the API and pulumi stack import ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return (
    (live.providerKeys?.length ?? 0) +
    (live.accessKeyConfigurations?.length ?? 0) +
    (live.accessKeys?.length ?? 0)
  );
}

/** A command to time: its name in the output and one run of it. */
interface Timed {
  readonly name: string;
  readonly once: () => Promise<Run>;
}

/**
 * Runs each command once per round, for `rounds` rounds, and returns the median and the fastest
 * run of each with the API calls of its median run, in the order given.
 */
async function medianOf(
  commands: readonly Timed[],
  rounds: number,
  counter: { requests: number },
): Promise<{ ms: number; fastestMs: number; calls: number }[]> {
  const runs: { ms: number; calls: number }[][] = commands.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, { name, once }] of commands.entries()) {
      counter.requests = 0;
      const result = await once();
      if (result.code !== 0) {
        throw new Error(
          `${name} exited ${result.code}, expected 0 (no drift)\n${result.stderr}\n${result.stdout.slice(0, 2000)}`,
        );
      }
      console.log(
        `  ${name} run ${round + 1}: ${(result.ms / 1000).toFixed(2)} s, ${counter.requests} API calls`,
      );
      runs[index]!.push({ ms: result.ms, calls: counter.requests });
    }
  }
  return runs.map((of) => {
    const sorted = [...of].sort((a, b) => a.ms - b.ms);
    const middle = Math.floor(sorted.length / 2);
    const ms =
      sorted.length % 2 === 1
        ? sorted[middle]!.ms
        : (sorted[middle - 1]!.ms + sorted[middle]!.ms) / 2;
    return { ms, fastestMs: sorted[0]!.ms, calls: sorted[middle]!.calls };
  });
}

/** Milliseconds `work` took, with its result. */
async function clock<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/**
 * Drift's phases, each timed on its own in this process (the best of {@link PHASE_RUNS}): the stack
 * export, the config reads (the key, which decrypts; the URL comes from the state's record of
 * the resources' provider), parsing the export, the list requests, and the comparison. In
 * `aigw drift` the export and the config reads run at once.
 */
async function phases(bench: Bench): Promise<Record<string, number>> {
  const access = { cwd: bench.dir, env: bench.env };
  const best: Record<string, number> = {};
  const keep = (name: string, ms: number): void => {
    best[name] = Math.round(Math.min(best[name] ?? Infinity, ms));
  };
  for (let i = 0; i < PHASE_RUNS; i++) {
    const [exported, exportMs] = await clock(() =>
      runPulumi(["stack", "export", "--stack", "bench"], access),
    );
    keep("stackExport", exportMs);
    const [snapshot, parseMs] = await clock(() => parseStackSnapshot(exported.stdout, "bench"));
    keep("parse", parseMs);
    // As drift reads them, with the settings drift gives pulumi: the key, and the URL from the
    // state's record (the current config only when the state records no provider).
    const [credentials, configMs] = await clock(() =>
      resolveCredentials({
        env: bench.env,
        stack: { name: "bench", cwd: bench.dir, recorded: Promise.resolve(snapshot.recorded) },
      }),
    );
    keep("stackConfig", configMs);
    if (credentials.apiUrl !== bench.emulator.url) {
      throw new Error(`drift would read ${credentials.apiUrl} (${credentials.urlSource})`);
    }
    const client = new GatewayClient({
      baseUrl: bench.emulator.url,
      apiKey: bench.emulator.apiKey,
    });
    const kinds = new Set(snapshot.managed.map((o) => o.kind));
    const [live, listMs] = await clock(() => readLiveAccount(client, kinds));
    keep("lists", listMs);
    const [classified, compareMs] = await clock(() =>
      classifyDrift({
        stacks: ["bench"],
        managed: snapshot.managed,
        live,
        includeUnmanaged: false,
      }),
    );
    keep("compare", compareMs);
    if (classified.entries.length > 0)
      throw new Error(`the phase run found drift: ${JSON.stringify(classified.entries[0])}`);
  }
  return best;
}

/** Sets up one size and measures it; returns its figures. */
async function measureSize(bin: string, objects: number): Promise<Record<string, unknown>> {
  const counts = countsOf(objects);
  const counter = { requests: 0 };
  const emulator = await createEmulator({
    db: ":memory:",
    logger: (line: string) => {
      if (/^(GET|HEAD|POST|PATCH|PUT|DELETE) /.test(line)) counter.requests += 1;
    },
  });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-bench-drift-"));
  try {
    fs.mkdirSync(path.join(root, "state"));
    fs.mkdirSync(path.join(root, "home"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(root, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "aigw-bench",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
    };
    delete env.NGROK_AI_API_KEY;
    delete env.NGROK_AI_API_URL;
    const dir = path.join(root, "project");
    writeProject(dir, TEMPLATE);
    const pulumi = (args: string[]): Promise<Run> =>
      run(path.join(bin, "pulumi"), [...args, "--non-interactive"], dir, env);
    const must = async (args: string[]): Promise<Run> => {
      const result = await pulumi(args);
      if (result.code !== 0) {
        throw new Error(
          `pulumi ${args.join(" ")} exited ${result.code}\n${result.stderr}\n${result.stdout.slice(-4000)}`,
        );
      }
      return result;
    };
    const bench: Bench = { emulator, dir, env, pulumi, must };
    console.log(
      `${objects} objects (${counts.providerKeys} provider keys, ${counts.configurations} configurations, ` +
        `${counts.accessKeys} access keys):`,
    );
    await must(["stack", "init", "bench"]);
    await must(["config", "set", "ngrok-ai:apiUrl", emulator.url]);
    await must(["config", "set", "--secret", "ngrok-ai:apiKey", emulator.apiKey]);
    const held = await seed(bench, counts);
    if (held !== objects) throw new Error(`the account holds ${held} objects, expected ${objects}`);

    const drift = driftCommand("bench", dir);
    const commands: Timed[] = [
      { name: "aigw drift", once: () => run(process.execPath, drift, dir, env) },
      {
        name: "pulumi refresh --preview-only --expect-no-changes",
        once: () => pulumi(["refresh", "--preview-only", "--expect-no-changes"]),
      },
    ];
    // Another build's CLI on the same stack, for before-and-after figures in one run.
    const baselineCli = process.env.AIGW_BENCH_DRIFT_BASELINE_CLI;
    if (baselineCli !== undefined && baselineCli !== "") {
      commands.push({
        name: `aigw drift (${baselineCli})`,
        once: () => run(process.execPath, [baselineCli, ...drift.slice(1)], dir, env),
      });
    }
    const rounds = roundsAt(objects);
    const [driftResult, refreshResult, baselineResult] = await medianOf(commands, rounds, counter);
    if (driftResult === undefined || refreshResult === undefined) {
      throw new Error("a timed command has no result");
    }
    const phase = await phases(bench);
    const inProcess =
      Math.max(phase.stackExport!, phase.stackConfig!) +
      phase.parse! +
      phase.lists! +
      phase.compare!;
    const share = (ms: number): string => `${Math.round((100 * ms) / driftResult.ms)}%`;
    console.log(
      `  drift's phases (each alone, best of ${PHASE_RUNS}): pulumi stack export ${phase.stackExport} ms (${share(phase.stackExport!)}), ` +
        `config reads ${phase.stackConfig} ms (${share(phase.stackConfig!)}; at the same time as the export), ` +
        `parse ${phase.parse} ms (${share(phase.parse!)}), lists ${phase.lists} ms (${share(phase.lists!)}), ` +
        `compare ${phase.compare} ms (${share(phase.compare!)}); ` +
        `the rest, Node start-up, module loading and output: ${Math.round(driftResult.ms - inProcess)} ms (${share(driftResult.ms - inProcess)})`,
    );
    const goalCalls = Math.floor(objects / 100) + 5;
    const ratio = Number((driftResult.ms / refreshResult.ms).toFixed(4));
    console.log(
      `  median of ${rounds}: aigw drift ${(driftResult.ms / 1000).toFixed(2)} s (fastest ${(driftResult.fastestMs / 1000).toFixed(2)} s), ` +
        `${driftResult.calls} API calls (goal at most ${goalCalls}); ` +
        `pulumi refresh --preview-only ${(refreshResult.ms / 1000).toFixed(2)} s (fastest ${(refreshResult.fastestMs / 1000).toFixed(2)} s), ` +
        `${refreshResult.calls} API calls; ratio ${ratio} (of the fastest runs ${(driftResult.fastestMs / refreshResult.fastestMs).toFixed(4)})`,
    );
    if (baselineResult !== undefined) {
      console.log(
        `  the other build's aigw drift: median ${(baselineResult.ms / 1000).toFixed(2)} s (fastest ` +
          `${(baselineResult.fastestMs / 1000).toFixed(2)} s), ratio ${(baselineResult.ms / refreshResult.ms).toFixed(4)}`,
      );
    }
    return {
      objects,
      ...counts,
      runs: rounds,
      driftMs: Math.round(driftResult.ms),
      refreshMs: Math.round(refreshResult.ms),
      fastestDriftMs: Math.round(driftResult.fastestMs),
      fastestRefreshMs: Math.round(refreshResult.fastestMs),
      driftApiCalls: driftResult.calls,
      apiCallGoal: goalCalls,
      refreshApiCalls: refreshResult.calls,
      phasesMs: phase,
      ...(baselineResult !== undefined
        ? {
            baselineCliMs: Math.round(baselineResult.ms),
            fastestBaselineCliMs: Math.round(baselineResult.fastestMs),
            baselineCliRatio: Number((baselineResult.ms / refreshResult.ms).toFixed(4)),
          }
        : {}),
      ratio,
    };
  } finally {
    await emulator.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (SIZES.length === 0) throw new Error("AIGW_BENCH_DRIFT_SIZES names no size (e.g. 1000,10000)");
  const bin = engineDir();
  await measureSizes("drift", SIZES, (objects) => measureSize(bin, objects));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
