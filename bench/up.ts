// Benchmark of `pulumi up` with our resources against the emulator: 300 resources (100 provider
// keys, 100 configurations, 100 access keys), and in the same run 300 of a minimal dynamic
// resource with a no-op provider, both through the real engine with a local file backend. Prints
// both times, `ratio` (ours over the no-op), state bytes per resource, and the time of `pulumi
// refresh`. The last line printed is one JSON object with the figures.
import { statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createEmulator } from "aigw-emulator";
import { createSandbox, pulumiOk, writeProject } from "../test/e2e/helpers/engine";

const PER_KIND = 100;

const OURS = `import * as pulumi from "@pulumi/pulumi";
import { AccessKey, AccessKeyConfiguration, ProviderKey } from "pulumi-ngrok-ai";
const value = new pulumi.Config().requireSecret("providerKeyValue");
for (let i = 0; i < ${PER_KIND}; i++) {
  const key = new ProviderKey("key-" + i, { providerId: "openai", value });
  const config = new AccessKeyConfiguration("config-" + i, {
    access: { models: { allow: ["openai:gpt-4o-mini"] } },
    router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key.id }] }, { type: "ngrok" }] }] },
  });
  new AccessKey("access-" + i, { accessKeyConfigurationId: config.id });
}
`;

const NOOP = `import * as pulumi from "@pulumi/pulumi";
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) { return { id: "noop-" + inputs.n, outs: inputs }; },
};
class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, n: number, dependsOn?: pulumi.Resource) {
    super(provider, name, { n }, dependsOn ? { dependsOn } : {}, "bench", "Noop");
  }
}
for (let i = 0; i < ${PER_KIND}; i++) {
  const a = new Noop("a-" + i, i);
  const b = new Noop("b-" + i, i, a);
  new Noop("c-" + i, i, b);
}
`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

async function main(): Promise<void> {
  const emulator = await createEmulator({ db: ":memory:" });
  const sandbox = createSandbox();
  try {
    const ours = join(sandbox.root, "ours");
    writeProject(ours, "bench-ours", OURS);
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
    writeProject(noop, "bench-noop", NOOP);
    await pulumiOk(sandbox, noop, ["stack", "init", "bench"]);

    const [, noopMs] = await timed(() =>
      pulumiOk(sandbox, noop, ["up", "--yes", "--skip-preview"]),
    );
    const [, oursMs] = await timed(() =>
      pulumiOk(sandbox, ours, ["up", "--yes", "--skip-preview"]),
    );
    const [, refreshMs] = await timed(() =>
      pulumiOk(sandbox, ours, ["refresh", "--yes", "--skip-preview"]),
    );

    const exported = (await pulumiOk(sandbox, ours, ["stack", "export"])).stdout;
    const state = JSON.parse(exported) as {
      deployment: { resources: { type: string; stackTrace?: unknown; sourcePosition?: unknown }[] };
    };
    const managed = state.deployment.resources.filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/ngrok-ai:"),
    );
    // The state file the backend keeps (compact JSON), over the resources we manage in it.
    const stateFile = join(sandbox.root, "state", ".pulumi", "stacks", "bench-ours", "bench.json");
    const stateBytesPerResource = statSync(stateFile).size / managed.length;
    // One resource's own entry, and the part of it that is the engine's registration stack trace.
    const mean = (bytes: (r: (typeof managed)[number]) => number): number =>
      managed.reduce((sum, r) => sum + bytes(r), 0) / managed.length;
    const entryBytes = mean((r) => Buffer.byteLength(JSON.stringify(r)));
    const engineTraceBytes = mean((r) =>
      Buffer.byteLength(JSON.stringify({ s: r.stackTrace, p: r.sourcePosition })),
    );

    await pulumiOk(sandbox, ours, ["destroy", "--yes", "--skip-preview"]);
    await pulumiOk(sandbox, noop, ["destroy", "--yes", "--skip-preview"]);

    const round = (n: number): number => Math.round(n);
    console.log(`no-op provider: ${round(noopMs)} ms for ${3 * PER_KIND} resources`);
    console.log(`pulumi-ngrok-ai: ${round(oursMs)} ms for ${managed.length} resources (emulator)`);
    console.log(
      `pulumi refresh: ${round(refreshMs)} ms; state file: ${round(stateBytesPerResource)} bytes per resource ` +
        `(an entry ${round(entryBytes)} bytes, ${round(engineTraceBytes)} of them the engine's stack trace)`,
    );
    console.log(
      JSON.stringify({
        benchmark: "up",
        resources: managed.length,
        oursMs: round(oursMs),
        noopMs: round(noopMs),
        refreshMs: round(refreshMs),
        stateBytesPerResource: round(stateBytesPerResource),
        entryBytesPerResource: round(entryBytes),
        engineTraceBytesPerResource: round(engineTraceBytes),
        ratio: Math.round((oursMs / noopMs) * 100) / 100,
      }),
    );
  } finally {
    sandbox.dispose();
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
