// Benchmark: `aigw drift` against `pulumi refresh --preview-only --expect-no-changes` on the same
// stack of 1,000 objects (400 provider keys, 300 access key configurations, 300 access keys),
// applied with the real engine to an in-process emulator, measured in the same run. Both run as
// child processes, as a pipeline runs them; the emulator's request log counts the API calls each
// made. The last line printed is one JSON object with the figures; `ratio` is drift time over
// refresh time.
//
// Run from compiled JS (inside the repository, after `npx tsc -b`, so `pulumi-ngrok-ai` and
// `aigw-emulator` resolve to the built packages):
//   npx tsc -p bench/tsconfig.json --noEmit false --outDir node_modules/.cache/aigw-bench
//   node node_modules/.cache/aigw-bench/bench/drift.js
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { createEmulator } from "aigw-emulator";

const PROVIDER_KEYS = Number(process.env.AIGW_BENCH_KEYS ?? 400);
const CONFIGURATIONS = Number(process.env.AIGW_BENCH_CONFIGURATIONS ?? 300);
const ACCESS_KEYS = Number(process.env.AIGW_BENCH_ACCESS_KEYS ?? 300);
/** Each command runs this many times; the fastest run counts (the others absorb cold caches). */
const RUNS = 2;

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

/** A program declaring the benchmark's objects (JavaScript: no TypeScript build in the timing). */
function program(): string {
  return `const pulumi = require("@pulumi/pulumi");
const { AccessKey, AccessKeyConfiguration, ProviderKey } = require("pulumi-ngrok-ai");
const keys = [];
for (let i = 0; i < ${PROVIDER_KEYS}; i++) {
  const providerId = i % 2 === 0 ? "openai" : "anthropic";
  keys.push(new ProviderKey("key-" + i, {
    providerId,
    description: providerId + " key " + i,
    value: pulumi.secret("sk-bench-" + String(i).padStart(6, "0") + "-AAAAAAAAAAAAAAAAAAAA"),
  }));
}
const configurations = [];
for (let i = 0; i < ${CONFIGURATIONS}; i++) {
  const a = keys[(2 * i) % keys.length];
  const b = keys[(2 * i + 2) % keys.length];
  configurations.push(new AccessKeyConfiguration("team-" + i, {
    description: "Team " + i,
    access: { providers: { allow: ["openai"] }, models: { allow: ["openai:gpt-4o-mini", "openai:gpt-4o"] } },
    router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: a.id }, { id: b.id }] }, { type: "ngrok" }] }] },
  }));
}
for (let i = 0; i < ${ACCESS_KEYS}; i++) {
  new AccessKey("client-" + i, { accessKeyConfigurationId: configurations[i % configurations.length].id });
}
`;
}

/** Lays the project out the way a user's install looks (see test/e2e/helpers/engine.ts). */
function writeProject(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: aigw-bench-drift\nruntime: nodejs\n");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "aigw-bench-drift", private: true, main: "index.js" }),
  );
  fs.writeFileSync(path.join(dir, "index.js"), program());
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

/**
 * How to run `aigw drift`: the installed entry point once cli/program.ts registers the command,
 * otherwise the compiled command module driven the same way (same process model, same output).
 */
function driftCommand(stack: string, dir: string): string[] {
  const bin = path.join(ROOT, "cli", "bin", "aigw.js");
  const args = ["drift", "--stack", stack, "--cwd", dir, "--format", "json"];
  const help = spawnSync(process.execPath, [bin, "drift", "--help"], { encoding: "utf8" });
  if (help.status === 0 && help.stdout.includes("--include-unmanaged")) return [bin, ...args];
  const module = path.join(__dirname, "..", "cli", "commands", "drift.js");
  const script =
    `const { runDrift } = require(${JSON.stringify(module)});` +
    "const ctx = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), exitCode: 0 };" +
    `runDrift({ stack: [${JSON.stringify(stack)}], cwd: ${JSON.stringify(dir)}, format: "json" }, ctx)` +
    ".then(() => { process.exitCode = ctx.exitCode; });";
  return ["-e", script];
}

async function main(): Promise<void> {
  const bin = engineDir();
  let requests = 0;
  const emulator = await createEmulator({
    db: ":memory:",
    logger: (line: string) => {
      if (/^(GET|HEAD|POST|PATCH|PUT|DELETE) /.test(line)) requests += 1;
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
    writeProject(dir);
    const pulumi = async (args: string[]): Promise<Run> => {
      const result = await run(path.join(bin, "pulumi"), [...args, "--non-interactive"], dir, env);
      return result;
    };
    const must = async (args: string[]): Promise<Run> => {
      const result = await pulumi(args);
      if (result.code !== 0) {
        throw new Error(
          `pulumi ${args.join(" ")} exited ${result.code}\n${result.stderr}\n${result.stdout.slice(-4000)}`,
        );
      }
      return result;
    };
    const objects = PROVIDER_KEYS + CONFIGURATIONS + ACCESS_KEYS;
    await must(["stack", "init", "bench"]);
    await must(["config", "set", "ngrok-ai:apiUrl", emulator.url]);
    await must(["config", "set", "--secret", "ngrok-ai:apiKey", emulator.apiKey]);
    console.log(`applying ${objects} objects with the real engine (setup, not measured)...`);
    const up = await must(["up", "--yes", "--skip-preview"]);
    console.log(`up took ${(up.ms / 1000).toFixed(1)} s`);

    const drift = driftCommand("bench", dir);
    const measure = async (
      name: string,
      once: () => Promise<Run>,
      expectCode: number,
    ): Promise<{ ms: number; calls: number }> => {
      let best = { ms: Infinity, calls: 0 };
      for (let i = 0; i < RUNS; i++) {
        requests = 0;
        const result = await once();
        if (result.code !== expectCode) {
          throw new Error(
            `${name} exited ${result.code}, expected ${expectCode}\n${result.stderr}\n${result.stdout.slice(0, 2000)}`,
          );
        }
        console.log(
          `${name} run ${i + 1}: ${(result.ms / 1000).toFixed(2)} s, ${requests} API calls`,
        );
        if (result.ms < best.ms) best = { ms: result.ms, calls: requests };
      }
      return best;
    };
    const driftResult = await measure(
      "aigw drift",
      () => run(process.execPath, drift, dir, env),
      0,
    );
    const refreshResult = await measure(
      "pulumi refresh --preview-only --expect-no-changes",
      () => pulumi(["refresh", "--preview-only", "--expect-no-changes"]),
      0,
    );
    const figures = {
      benchmark: "drift",
      objects,
      providerKeys: PROVIDER_KEYS,
      configurations: CONFIGURATIONS,
      accessKeys: ACCESS_KEYS,
      runs: RUNS,
      driftMs: Math.round(driftResult.ms),
      refreshMs: Math.round(refreshResult.ms),
      driftApiCalls: driftResult.calls,
      refreshApiCalls: refreshResult.calls,
      upMs: Math.round(up.ms),
      ratio: Number((driftResult.ms / refreshResult.ms).toFixed(4)),
    };
    console.log(
      `aigw drift: ${(figures.driftMs / 1000).toFixed(2)} s, ${figures.driftApiCalls} API calls; ` +
        `pulumi refresh --preview-only: ${(figures.refreshMs / 1000).toFixed(2)} s, ${figures.refreshApiCalls} API calls`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await emulator.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
