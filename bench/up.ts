// Benchmark of `pulumi up` with our resources against the emulator: 300 and 1,000 resources
// (`AIGW_BENCH_UP_SIZES`, comma-separated; a third each of provider keys, configurations and
// access keys, each configuration routing to its key and each access key linked to its
// configuration), and in the same run as many of a minimal dynamic resource with a no-op provider
// in chains of three, and the same no-op keeping as many secrets in state as ours (see
// `secretsProgram`), all through the real engine with a local file backend. Prints the times,
// `ratio` (ours over the no-op; goal at most 1.2), `ratioToSecretsNoop` (ours over the no-op with
// secrets: what our provider adds beyond the engine's cost of the secrets), the secrets in both
// states, state bytes per resource (goal at most 3 KB), the API calls per resource, and the time
// of `pulumi refresh`. With `AIGW_BENCH_UP_PROFILE=1` ours and the no-op are destroyed and
// applied again with the engine's per-step state checkpoints off
// (`PULUMI_SKIP_CHECKPOINTS=true`), which tells how much of the gap between them is the engine
// writing a larger state after every step rather than our provider's work. With
// `AIGW_BENCH_UP_GO_PROFILE=<dir>` each `pulumi up` also writes the engine's Go CPU profile there
// (`pulumi --profiling`), to read with `go tool pprof -top <pulumi binary> <file>.cpu`. The last
// line printed is one JSON object with the figures of each size. Both applies are repeated in
// rounds (`AIGW_BENCH_UP_RUNS`; three at up to 300 resources, one above, where a round takes
// minutes) after an untimed preview of each, the no-op first in each, then the one with secrets,
// the stacks destroyed between rounds, and the median of each counts: one apply varies by a fifth
// from one run to the next on a shared machine.
import { mkdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createEmulator } from "aigw-emulator";
import { isSecretValue } from "pulumi-ngrok-ai/drift";
import { createSandbox, pulumiOk, writeProject } from "../test/e2e/helpers/engine";
import { measureSizes, median } from "./harness";

const SIZES = (process.env.AIGW_BENCH_UP_SIZES ?? "300,1000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n >= 3);
const PROFILE = process.env.AIGW_BENCH_UP_PROFILE === "1";
const GO_PROFILE_DIR =
  process.env.AIGW_BENCH_UP_GO_PROFILE === undefined
    ? undefined
    : resolve(process.env.AIGW_BENCH_UP_GO_PROFILE);

/** How many rounds of both applies at a size of `resources`. */
function roundsAt(resources: number): number {
  const given = Number(process.env.AIGW_BENCH_UP_RUNS);
  if (Number.isInteger(given) && given >= 1) return given;
  return resources <= 300 ? 3 : 1;
}

/** Chains of three (key, configuration, access key; or three no-ops), the last cut short. */
const chains = (resources: number): number => Math.ceil(resources / 3);

const oursProgram = (resources: number): string => `import * as pulumi from "@pulumi/pulumi";
import { AccessKey, AccessKeyConfiguration, ProviderKey } from "pulumi-ngrok-ai";
const value = new pulumi.Config().requireSecret("providerKeyValue");
for (let i = 0; i < ${chains(resources)}; i++) {
  const key = new ProviderKey("key-" + i, { providerId: "openai", value });
  if (i * 3 + 1 >= ${resources}) continue;
  const config = new AccessKeyConfiguration("config-" + i, {
    access: { models: { allow: ["openai:gpt-4o-mini"] } },
    router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key.id }] }, { type: "ngrok" }] }] },
  });
  if (i * 3 + 2 >= ${resources}) continue;
  new AccessKey("access-" + i, { accessKeyConfigurationId: config.id });
}
`;

const noopProgram = (resources: number): string => `import * as pulumi from "@pulumi/pulumi";
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) { return { id: "noop-" + inputs.n, outs: inputs }; },
};
class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, n: number, dependsOn?: pulumi.Resource) {
    super(provider, name, { n }, dependsOn ? { dependsOn } : {}, "bench", "Noop");
  }
}
for (let i = 0; i < ${chains(resources)}; i++) {
  const a = new Noop("a-" + i, i);
  if (i * 3 + 1 >= ${resources}) continue;
  const b = new Noop("b-" + i, i, a);
  if (i * 3 + 2 >= ${resources}) continue;
  new Noop("c-" + i, i, b);
}
`;

// The no-op again, with the secrets ours keeps in state: the first of each chain takes the
// config secret as an input that it returns as a secret output (ours: a provider key's value),
// the third returns a secret output of its own (ours: an access key's token). The engine
// re-encrypts the secrets of the whole state at the checkpoint after any step that adds one (a
// batch of up to 1,000 that misses its cache once is encrypted again in full), so this is the
// floor for any provider that keeps as many secrets, and the ratio against it is what our provider
// adds beyond them.
const secretsProgram = (resources: number): string => `import * as pulumi from "@pulumi/pulumi";
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    const outs = inputs.token ? { ...inputs, token: "tok-" + inputs.n + "-0123456789abcdefghijklmnopqrstuv" } : inputs;
    return { id: "noop-" + inputs.n, outs };
  },
};
class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
    super(provider, name, props, opts, "bench", "Noop");
  }
}
const value = new pulumi.Config().requireSecret("providerKeyValue");
for (let i = 0; i < ${chains(resources)}; i++) {
  const a = new Noop("a-" + i, { n: i, value }, { additionalSecretOutputs: ["value"] });
  if (i * 3 + 1 >= ${resources}) continue;
  const b = new Noop("b-" + i, { n: i }, { dependsOn: a });
  if (i * 3 + 2 >= ${resources}) continue;
  new Noop("c-" + i, { n: i, token: true }, { dependsOn: b, additionalSecretOutputs: ["token"] });
}
`;

/** A resource of `pulumi stack export`, with the fields the bench reads. */
interface ExportedResource {
  type: string;
  inputs?: unknown;
  outputs?: unknown;
  stackTrace?: unknown;
  sourcePosition?: unknown;
}

/** The resources of a `pulumi stack export`. */
const resourcesOf = (exported: string): ExportedResource[] =>
  (JSON.parse(exported) as { deployment: { resources: ExportedResource[] } }).deployment.resources;

/** How many values of the resources are secrets (ciphertexts), in inputs and outputs. */
function secretsIn(resources: readonly ExportedResource[]): number {
  const count = (value: unknown): number => {
    if (isSecretValue(value)) return 1;
    if (value === null || typeof value !== "object") return 0;
    return Object.values(value).reduce((sum: number, v) => sum + count(v), 0);
  };
  return resources.reduce((sum, r) => sum + count(r.inputs) + count(r.outputs), 0);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

/** Applies `resources` of ours and of the no-op, and returns the figures. */
async function measureSize(resources: number): Promise<Record<string, unknown>> {
  const counter = { requests: 0 };
  const emulator = await createEmulator({
    db: ":memory:",
    logger: (line: string) => {
      if (/^(GET|HEAD|POST|PATCH|PUT|DELETE) /.test(line)) counter.requests += 1;
    },
  });
  const sandbox = createSandbox();
  try {
    const ours = join(sandbox.root, "ours");
    writeProject(ours, "bench-ours", oursProgram(resources));
    await pulumiOk(sandbox, ours, ["stack", "init", "bench"]);
    await pulumiOk(sandbox, ours, ["config", "set", "ngrok-ai:apiUrl", emulator.url]);
    await pulumiOk(sandbox, ours, [
      "config",
      "set",
      "--secret",
      "ngrok-ai:apiKey",
      emulator.apiKey,
    ]);
    await pulumiOk(sandbox, ours, [
      "config",
      "set",
      "--secret",
      "providerKeyValue",
      "sk-bench-0123456789abcdefghij",
    ]);

    const noop = join(sandbox.root, "noop");
    writeProject(noop, "bench-noop", noopProgram(resources));
    await pulumiOk(sandbox, noop, ["stack", "init", "bench"]);

    const secrets = join(sandbox.root, "secrets");
    writeProject(secrets, "bench-secrets", secretsProgram(resources));
    await pulumiOk(sandbox, secrets, ["stack", "init", "bench"]);
    // The same two secret config values as ours (unread here), so that the dynamic provider's own
    // state entry carries as many secrets in both.
    await pulumiOk(sandbox, secrets, [
      "config",
      "set",
      "--secret",
      "ngrok-ai:apiKey",
      emulator.apiKey,
    ]);
    await pulumiOk(sandbox, secrets, [
      "config",
      "set",
      "--secret",
      "providerKeyValue",
      "sk-bench-0123456789abcdefghij",
    ]);

    let ups = 0;
    const up = (dir: string, env: NodeJS.ProcessEnv = {}): Promise<unknown> => {
      const profile =
        GO_PROFILE_DIR === undefined
          ? []
          : ["--profiling", join(GO_PROFILE_DIR, `up-${resources}-${basename(dir)}-${++ups}`)];
      return pulumiOk(sandbox, dir, ["up", "--yes", "--skip-preview", ...profile], env);
    };
    const destroy = async (): Promise<void> => {
      await pulumiOk(sandbox, ours, ["destroy", "--yes", "--skip-preview"]);
      await pulumiOk(sandbox, noop, ["destroy", "--yes", "--skip-preview"]);
      await pulumiOk(sandbox, secrets, ["destroy", "--yes", "--skip-preview"]);
    };
    // One untimed preview of each first: without them the first round was the slowest of the
    // three for all three programs, the no-op (which goes first) by 4 to 11 s at 300.
    for (const dir of [noop, secrets, ours]) await pulumiOk(sandbox, dir, ["preview"]);
    const rounds = roundsAt(resources);
    const noopRuns: number[] = [];
    const oursRuns: number[] = [];
    const secretsRuns: number[] = [];
    let apiCalls = 0;
    const ratioOf = (a: number, b: number): number => Math.round((100 * a) / b) / 100;
    for (let r = 0; r < rounds; r++) {
      if (r > 0) await destroy();
      const [, noopRun] = await timed(() => up(noop));
      const [, secretsRun] = await timed(() => up(secrets));
      counter.requests = 0;
      const [, oursRun] = await timed(() => up(ours));
      apiCalls = counter.requests;
      noopRuns.push(noopRun);
      secretsRuns.push(secretsRun);
      oursRuns.push(oursRun);
      if (rounds > 1) {
        console.log(
          `  round ${r + 1}: no-op ${Math.round(noopRun)} ms, no-op with secrets ` +
            `${Math.round(secretsRun)} ms, ours ${Math.round(oursRun)} ms, ratio ` +
            `${ratioOf(oursRun, noopRun)} (${ratioOf(oursRun, secretsRun)} to the no-op with secrets)`,
        );
      }
    }
    const noopMs = median(noopRuns);
    const secretsMs = median(secretsRuns);
    const oursMs = median(oursRuns);
    const [, refreshMs] = await timed(() =>
      pulumiOk(sandbox, ours, ["refresh", "--yes", "--skip-preview"]),
    );

    const exported = (await pulumiOk(sandbox, ours, ["stack", "export"])).stdout;
    const entries = resourcesOf(exported);
    const oursSecrets = secretsIn(entries);
    const noopSecrets = secretsIn(
      resourcesOf((await pulumiOk(sandbox, secrets, ["stack", "export"])).stdout),
    );
    const managed = entries.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/ngrok-ai:"));
    // The state file the backend keeps (compact JSON), over the resources we manage in it.
    const stateFile = join(sandbox.root, "state", ".pulumi", "stacks", "bench-ours", "bench.json");
    const stateBytesPerResource = statSync(stateFile).size / managed.length;
    const noopFile = join(sandbox.root, "state", ".pulumi", "stacks", "bench-noop", "bench.json");
    const noopStateBytesPerResource = statSync(noopFile).size / managed.length;
    // One resource's own entry, and the part of it that is the engine's registration stack trace.
    const mean = (bytes: (r: (typeof managed)[number]) => number): number =>
      managed.reduce((sum, r) => sum + bytes(r), 0) / managed.length;
    const entryBytes = mean((r) => Buffer.byteLength(JSON.stringify(r)));
    const engineTraceBytes = mean((r) =>
      Buffer.byteLength(JSON.stringify({ s: r.stackTrace, p: r.sourcePosition })),
    );

    await destroy();
    // The same two applies without the state checkpoint the engine writes after every step.
    let skipped: { noopMs: number; oursMs: number } | undefined;
    if (PROFILE) {
      const skip = { PULUMI_SKIP_CHECKPOINTS: "true" };
      const [, noopSkipMs] = await timed(() => up(noop, skip));
      const [, oursSkipMs] = await timed(() => up(ours, skip));
      skipped = { noopMs: Math.round(noopSkipMs), oursMs: Math.round(oursSkipMs) };
      await destroy();
    }

    const round = (n: number): number => Math.round(n);
    const ratio = ratioOf(oursMs, noopMs);
    const ratioToSecrets = ratioOf(oursMs, secretsMs);
    const of = rounds > 1 ? `median of ${rounds} rounds, ` : "";
    console.log(`${managed.length} resources:`);
    console.log(`  no-op provider: ${of}${round(noopMs)} ms`);
    console.log(
      `  pulumi-ngrok-ai: ${of}${round(oursMs)} ms (emulator); ratio ${ratio} (goal at most 1.2)`,
    );
    console.log(
      `  no-op with ours' secrets: ${of}${round(secretsMs)} ms (${noopSecrets} secrets in its state, ` +
        `ours ${oursSecrets}); ours over it ${ratioToSecrets}`,
    );
    console.log(
      `  pulumi refresh: ${round(refreshMs)} ms; state file: ${round(stateBytesPerResource)} bytes per resource ` +
        `(goal at most 3072; an entry ${round(entryBytes)} bytes, ${round(engineTraceBytes)} of them the engine's stack trace; ` +
        `the no-op's ${round(noopStateBytesPerResource)})`,
    );
    console.log(
      `  API calls during our up: ${apiCalls} (${round((10 * apiCalls) / managed.length) / 10} per resource)`,
    );
    if (skipped !== undefined) {
      const gap = oursMs - noopMs;
      const skippedGap = skipped.oursMs - skipped.noopMs;
      console.log(
        `  without per-step checkpoints: no-op ${skipped.noopMs} ms, ours ${skipped.oursMs} ms, ratio ` +
          `${round((100 * skipped.oursMs) / skipped.noopMs) / 100}; the gap ${round(gap)} ms becomes ${skippedGap} ms ` +
          `(${round((1000 * gap) / managed.length) / 1000} ms per resource with checkpoints, ` +
          `${round((1000 * skippedGap) / managed.length) / 1000} without)`,
      );
    }
    return {
      resources: managed.length,
      oursMs: round(oursMs),
      noopMs: round(noopMs),
      secretsNoopMs: round(secretsMs),
      ratioToSecretsNoop: ratioToSecrets,
      secretsInState: oursSecrets,
      secretsInNoopState: noopSecrets,
      refreshMs: round(refreshMs),
      stateBytesPerResource: round(stateBytesPerResource),
      noopStateBytesPerResource: round(noopStateBytesPerResource),
      entryBytesPerResource: round(entryBytes),
      engineTraceBytesPerResource: round(engineTraceBytes),
      ratio,
      rounds,
      noopRunsMs: noopRuns.map(round),
      oursRunsMs: oursRuns.map(round),
      secretsNoopRunsMs: secretsRuns.map(round),
      apiCalls,
      ...(skipped !== undefined
        ? { noopMsWithoutCheckpoints: skipped.noopMs, oursMsWithoutCheckpoints: skipped.oursMs }
        : {}),
    };
  } finally {
    sandbox.dispose();
    await emulator.close();
  }
}

async function main(): Promise<void> {
  if (SIZES.length === 0) throw new Error("AIGW_BENCH_UP_SIZES names no size (e.g. 300,1000)");
  if (GO_PROFILE_DIR !== undefined) mkdirSync(GO_PROFILE_DIR, { recursive: true });
  await measureSizes("up", SIZES, measureSize);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
