// The GitHub Action's shell step (scripts/action.sh), run locally as a runner would run it: the
// built aigw CLI, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and for drift the emulator with a
// stand-in `pulumi` that prints a recorded stack (the real engine's drift is test/e2e/drift.test.ts).
import { spawn } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import { createEmulator, type Emulator } from "aigw-emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import { SECRET_ENVELOPE } from "../drift/fixtures";
import { TYPE_TOKENS } from "../../sdk/drift/state";
import { toOutputs as providerKeyOutputs } from "../../sdk/state/provider-key";
import { REPO_ROOT } from "./helpers/engine";

const SCRIPT = join(REPO_ROOT, "scripts", "action.sh");
const AIGW = `node ${join(REPO_ROOT, "cli", "bin", "aigw.js")}`;
const FIXTURES = join(REPO_ROOT, "test", "fixtures", "policy");

interface StepRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The step outputs written to GITHUB_OUTPUT. */
  readonly outputs: Record<string, string>;
  /** The job summary written to GITHUB_STEP_SUMMARY. */
  readonly summary: string;
}

describe("the aigw action's script", () => {
  let work: string;
  let emulator: Emulator;
  /** PIDs of the action scripts still running. */
  const running = new Set<number>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "aigw-action-"));
    for (const file of [
      "gateway.yaml",
      "policy.yaml",
      "strict-policy.yaml",
      "clean.yaml",
      "base.yaml",
    ]) {
      cpSync(join(FIXTURES, file), join(work, file));
    }
    emulator = await createEmulator({ db: ":memory:" });
  });

  afterAll(async () => {
    // A script still running (a test that timed out) is ended by its PID.
    for (const pid of running) process.kill(pid, "SIGKILL");
    await emulator?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs the script with the inputs, as the action's step does, in a fresh runner temp dir. */
  function step(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<StepRun> {
    const runner = mkdtempSync(join(work, "runner-"));
    const outputsFile = join(runner, "output");
    const summaryFile = join(runner, "summary");
    writeFileSync(outputsFile, "");
    writeFileSync(summaryFile, "");
    const inputEnv = Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, "_")}`, v]),
    );
    return new Promise((resolve, reject) => {
      const childEnv: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AIGW_COMMAND: AIGW,
        AIGW_TODAY: "2026-06-01",
        RUNNER_TEMP: join(runner, "temp"),
        GITHUB_OUTPUT: outputsFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        NO_COLOR: "1",
        ...inputEnv,
        ...env,
      };
      const child = spawn("bash", [SCRIPT], { cwd: work, env: childEnv });
      if (child.pid !== undefined) running.add(child.pid);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        if (child.pid !== undefined) running.delete(child.pid);
        const outputs = Object.fromEntries(
          readFileSync(outputsFile, "utf8")
            .split("\n")
            .filter((l) => l.includes("="))
            .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
        );
        resolve({
          code: code ?? -1,
          stdout,
          stderr,
          outputs,
          summary: readFileSync(summaryFile, "utf8"),
        });
      });
    });
  }

  it("lints: annotations on stdout, SARIF and markdown files, the exit code as an output", async () => {
    const run = await step({ command: "lint", files: "gateway.yaml", policy: "policy.yaml" });
    expect(run.code).toBe(0);
    expect(run.outputs["exit-code"]).toBe("1");
    expect(run.stdout).toMatch(/^::error file=gateway\.yaml,line=\d+/m);
    const sarifFile = run.outputs["sarif-file"]!;
    const sarif = JSON.parse(readFileSync(sarifFile, "utf8")) as {
      runs: {
        results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    const uris = new Set(
      sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri),
    );
    expect([...uris].sort()).toEqual(["gateway.yaml", "policy.yaml"]);
    expect(run.summary).toContain("## aigw lint");
    expect(readFileSync(run.outputs["markdown-file"]!, "utf8")).toBe(run.summary);
  });

  it("lints SARIF locations relative to GITHUB_WORKSPACE, the checkout", async () => {
    const run = await step(
      { command: "lint", files: "gateway.yaml", policy: "policy.yaml" },
      { GITHUB_WORKSPACE: dirname(work) },
    );
    expect(run.outputs["exit-code"]).toBe("1");
    const sarif = readFileSync(run.outputs["sarif-file"]!, "utf8");
    expect(sarif).toContain(`"uri": "${basename(work)}/gateway.yaml"`);
    expect(sarif).not.toContain(`"uri": "/`);
  });

  it("lints a clean file with exit code 0", async () => {
    const run = await step({ command: "lint", files: "clean.yaml", policy: "strict-policy.yaml" });
    expect(run.outputs["exit-code"]).toBe("0");
    expect(run.stdout).toBe("");
  });

  it("reviews a change into markdown for a pull request comment", async () => {
    const run = await step({ command: "review", files: "gateway.yaml", base: "base.yaml" });
    expect(["0", "1"]).toContain(run.outputs["exit-code"]);
    const markdown = readFileSync(run.outputs["markdown-file"]!, "utf8");
    expect(markdown).toMatch(/^## /m);
    expect(run.summary).toBe(markdown);
  });

  it("says which input to set for a review outside a pull request, and for an unknown command", async () => {
    const review = await step({ command: "review", base: "" });
    expect(review.outputs["exit-code"]).toBe("2");
    expect(review.stdout).toContain("::error title=aigw action::input base is empty");
    const unknown = await step({ command: "deploy" });
    expect(unknown.outputs["exit-code"]).toBe("2");
    expect(unknown.stdout).toContain("input command is 'deploy': use lint, review or drift");
  });

  it("checks a stack for drift against the account: 0 in sync, 2 with the changed property", async () => {
    const client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    const key = await client.providerKeys.create({
      providerId: "openai",
      name: "openai-primary",
      value: "sk-proj-action-drift-AAAAAAAAAAAAAAAA-0001",
    });
    const exported = JSON.stringify({
      version: 3,
      deployment: {
        manifest: {},
        resources: [
          {
            urn: "urn:pulumi:prod::gw::pulumi:pulumi:Stack::gw-prod",
            custom: false,
            type: "pulumi:pulumi:Stack",
          },
          {
            urn: `urn:pulumi:prod::gw::${TYPE_TOKENS.providerKey}::openai-primary`,
            custom: true,
            id: key.id,
            type: TYPE_TOKENS.providerKey,
            outputs: { ...providerKeyOutputs(key, undefined, undefined), value: SECRET_ENVELOPE },
          },
        ],
      },
    });
    // A stand-in for the pulumi CLI: the recorded stack and its API URL.
    const bin = join(work, "fake-pulumi");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "stack.json"), exported);
    writeFileSync(
      join(bin, "config.json"),
      JSON.stringify({ "ngrok-ai:apiUrl": { value: emulator.url, secret: false } }),
    );
    writeFileSync(
      join(bin, "pulumi"),
      [
        "#!/bin/sh",
        `case "$1 $2" in`,
        `  "stack export") cat "${join(bin, "stack.json")}" ;;`,
        `  "config --json") cat "${join(bin, "config.json")}" ;;`,
        `  *) echo "error: configuration key not found" >&2; exit 255 ;;`,
        "esac",
        "",
      ].join("\n"),
    );
    chmodSync(join(bin, "pulumi"), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? ""}`, NGROK_AI_API_KEY: emulator.apiKey };

    const clean = await step({ command: "drift", stack: "prod" }, env);
    expect({ code: clean.outputs["exit-code"], stderr: clean.stderr }).toEqual({
      code: "0",
      stderr: "",
    });

    await client.providerKeys.update(key.id, { name: "renamed-outside-git" });
    const drifted = await step({ command: "drift", stack: "prod" }, env);
    expect(drifted.outputs["exit-code"]).toBe("2");
    expect(drifted.summary).toContain("openai-primary");
    expect(drifted.summary).toContain("name");
    expect(drifted.summary).not.toContain(emulator.apiKey);

    const noStack = await step({ command: "drift" }, env);
    expect(noStack.outputs["exit-code"]).toBe("2");
    expect(noStack.stdout).toContain("input stack is empty");
  });

  it("passes every input the script reads from action.yml, and runs the script", () => {
    const action = parse(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as {
      inputs: Record<string, unknown>;
      runs: {
        using: string;
        steps: { run?: string; env?: Record<string, string>; uses?: string }[];
      };
    };
    expect(action.runs.using).toBe("composite");
    const main = action.runs.steps[0]!;
    expect(main.run).toContain("scripts/action.sh");
    const script = readFileSync(SCRIPT, "utf8");
    const read = new Set([...script.matchAll(/\bINPUT_[A-Z_]+/g)].map((m) => m[0]));
    expect([...read].sort()).toEqual(Object.keys(main.env ?? {}).sort());
    for (const name of read) {
      const input = name.slice("INPUT_".length).toLowerCase().replace(/_/g, "-");
      expect(Object.keys(action.inputs)).toContain(input);
    }
    expect(
      action.runs.steps.some((s) => s.uses?.startsWith("github/codeql-action/upload-sarif")),
    ).toBe(true);
    expect(existsSync(SCRIPT)).toBe(true);
  });

  it("is used by the example workflows only with inputs it has", () => {
    const action = parse(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as {
      inputs: Record<string, unknown>;
    };
    const dir = join(REPO_ROOT, "examples", "ci");
    let uses = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yml"))) {
      const workflow = parse(readFileSync(join(dir, file), "utf8")) as {
        jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
      };
      for (const job of Object.values(workflow.jobs)) {
        for (const s of job.steps.filter((st) => st.uses === "./.github/actions/aigw")) {
          uses++;
          for (const input of Object.keys(s.with ?? {})) {
            expect({ file, input, known: input in action.inputs }).toEqual({
              file,
              input,
              known: true,
            });
          }
        }
      }
    }
    expect(uses).toBeGreaterThanOrEqual(3);
  });
});
