// Helpers that run the real Pulumi engine: find (or build) the CLI, lay out a project the way a
// user's install looks, and run pulumi commands with a local file backend in a temporary directory.
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/**
 * The repository root: the nearest directory above this file whose package.json is the workspace.
 * (Benchmarks run a compiled copy of this file from node_modules/.cache.)
 */
export const REPO_ROOT = ((): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      readFileSync(manifest, "utf8").includes('"name": "aigw-workspace"')
    ) {
      return dir;
    }
  }
  return resolve(__dirname, "..", "..", "..");
})();

let engineDir: string | undefined;

/**
 * The directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`.
 * Fails with instructions when the engine is missing and cannot be built; never skips.
 */
export function pulumiBinDir(): string {
  if (engineDir !== undefined) return engineDir;
  const script = join(REPO_ROOT, "scripts", "pulumi-engine.sh");
  const result = spawnSync("bash", [script], { encoding: "utf8", env: process.env });
  const dir = result.stdout.trim();
  if (result.status !== 0 || dir === "" || !existsSync(join(dir, "pulumi"))) {
    throw new Error(
      "These tests run the real Pulumi engine, and it could not be found or built.\n" +
        "Get it with `npm run engine` (builds Pulumi from the Go module proxy; needs Go >= 1.25),\n" +
        "or put a Pulumi CLI >= 3.248 with pulumi-language-nodejs on PATH, or set AIGW_PULUMI_BIN\n" +
        "to a directory that holds pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs.\n" +
        `scripts/pulumi-engine.sh said:\n${result.stderr}`,
    );
  }
  engineDir = dir;
  return dir;
}

/** A temporary workspace: a state backend, a PULUMI_HOME and room for projects. */
export interface PulumiSandbox {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  /** Removes everything the sandbox wrote. */
  dispose(): void;
}

/** Creates a sandbox with an offline, non-interactive environment and a file backend. */
export function createSandbox(extraEnv: NodeJS.ProcessEnv = {}): PulumiSandbox {
  const root = mkdtempSync(join(tmpdir(), "aigw-e2e-"));
  mkdirSync(join(root, "state"));
  mkdirSync(join(root, "home"));
  const bin = pulumiBinDir();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    PULUMI_HOME: join(root, "home"),
    PULUMI_BACKEND_URL: `file://${join(root, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "aigw-e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
    NO_COLOR: "1",
    ...extraEnv,
  };
  // Jest sets these for its own workers; a Pulumi program must not inherit them.
  delete env.JEST_WORKER_ID;
  delete env.NODE_OPTIONS;
  return { root, env, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

const WORKSPACE_PACKAGES = new Set(["pulumi-ngrok-ai", "aigw", "aigw-emulator", ".bin"]);

/**
 * Lays out `node_modules` the way `npm install pulumi-ngrok-ai` would: the package is a real copy
 * (package.json, dist, schema) under node_modules, and its dependencies sit beside it. The copy
 * matters: it is what makes the closure serializer store a reference to the package rather than
 * inlining it, exactly as for a user.
 */
export function installPackages(projectDir: string): void {
  const nm = join(projectDir, "node_modules");
  if (existsSync(join(nm, "pulumi-ngrok-ai"))) return;
  mkdirSync(nm, { recursive: true });
  const repoNm = join(REPO_ROOT, "node_modules");
  for (const entry of readdirSync(repoNm)) {
    if (WORKSPACE_PACKAGES.has(entry) || entry.startsWith(".")) continue;
    symlinkSync(join(repoNm, entry), join(nm, entry));
  }
  const pkg = join(nm, "pulumi-ngrok-ai");
  mkdirSync(pkg);
  cpSync(join(REPO_ROOT, "sdk", "package.json"), join(pkg, "package.json"));
  cpSync(join(REPO_ROOT, "sdk", "dist"), join(pkg, "dist"), { recursive: true });
  const schema = join(REPO_ROOT, "schema");
  if (existsSync(schema)) cpSync(schema, join(pkg, "schema"), { recursive: true });
  mkdirSync(join(pkg, "policy-pack"));
  for (const file of ["PulumiPolicy.yaml", "package.json"]) {
    cpSync(join(REPO_ROOT, "sdk", "policy-pack", file), join(pkg, "policy-pack", file));
  }
}

/** Writes a file-based TypeScript Pulumi project (`runtime: nodejs`) into `dir`. */
export function writeProject(dir: string, name: string, program: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name, private: true, main: "index.ts" }, null, 2),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          types: ["node"],
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, "index.ts"), program);
  installPackages(dir);
}

/** The result of one pulumi command. */
export interface PulumiResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `pulumi <args>` in `cwd` with the sandbox environment and resolves when it exits. */
export function pulumi(
  sandbox: PulumiSandbox,
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<PulumiResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(pulumiBinDir(), "pulumi"), [...args, "--non-interactive"], {
      cwd,
      env: { ...sandbox.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** Like `pulumi`, but throws with the command's output when it exits non-zero. */
export async function pulumiOk(
  sandbox: PulumiSandbox,
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<PulumiResult> {
  const result = await pulumi(sandbox, cwd, args, env);
  if (result.code !== 0) {
    throw new Error(
      `pulumi ${args.join(" ")} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

/**
 * Runs `pulumi refresh --preview-only --expect-no-changes`, Pulumi's own drift check: exit 0 when
 * the stack matches the live objects, 7 when it does not.
 */
export function refreshCheck(sandbox: PulumiSandbox, cwd: string): Promise<PulumiResult> {
  return pulumi(sandbox, cwd, ["refresh", "--preview-only", "--expect-no-changes"]);
}

/** Copies a project directory (an example) into `dest` and installs packages like a user would. */
export function copyProject(src: string, dest: string): void {
  cpSync(src, dest, {
    recursive: true,
    filter: (path) => !path.includes("node_modules") && !/Pulumi\.[^/]+\.yaml$/.test(path),
  });
  installPackages(dest);
}

/** Where a stack's resources send their API calls: an emulator's URL and management API key. */
export interface ApiTarget {
  readonly url: string;
  readonly apiKey: string;
}

/**
 * Creates stack `stack` in `dir`, points `ngrok-ai:apiUrl` and `ngrok-ai:apiKey` (secret) at
 * `api`, and sets each of `secrets` as a stack config secret.
 */
export async function initStack(
  sandbox: PulumiSandbox,
  dir: string,
  stack: string,
  api: ApiTarget,
  secrets: Readonly<Record<string, string>> = {},
): Promise<void> {
  await pulumiOk(sandbox, dir, ["stack", "init", stack]);
  await pulumiOk(sandbox, dir, ["config", "set", "ngrok-ai:apiUrl", api.url]);
  await pulumiOk(sandbox, dir, ["config", "set", "--secret", "ngrok-ai:apiKey", api.apiKey]);
  for (const [key, value] of Object.entries(secrets)) {
    await pulumiOk(sandbox, dir, ["config", "set", "--secret", key, value]);
  }
}
