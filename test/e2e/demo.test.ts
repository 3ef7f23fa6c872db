// `npm run demo` end to end, twice: the second run finds nothing to change.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, pulumiBinDir } from "./helpers/engine";

function runDemo(demoDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AIGW_DEMO_DIR: demoDir,
      AIGW_PULUMI_BIN: pulumiBinDir(),
    };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [join(REPO_ROOT, "scripts", "demo.js")], {
      cwd: REPO_ROOT,
      env,
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

const SECRETS = [
  "sk-demo-primary-rate-limited-0000000001",
  "sk-demo-backup-healthy-00000000000002",
];

describe("npm run demo", () => {
  const demoDir = mkdtempSync(join(tmpdir(), "aigw-demo-"));
  const outputs: string[] = [];

  afterAll(() => rmSync(demoDir, { recursive: true, force: true }));

  it("applies gateway.yaml, shows no drift, then the out-of-band change, and repairs it", async () => {
    const first = await runDemo(demoDir);
    outputs.push(first.output);
    expect({ code: first.code, tail: first.output.slice(-3000) }).toMatchObject({ code: 0 });
    expect(first.output).toMatch(/7 created/);
    expect(first.output).toMatch(/no drift/);
    expect(first.output).toMatch(/drift found \(exit [27]\)/);
    expect(first.output).toMatch(/1 updated/);
    // One request fails over from the rate-limited key to the healthy one; one is out of scope.
    expect(first.output).toMatch(
      /Failover: POST \/v1\/chat\/completions model=openai:gpt-4o-mini → 200/,
    );
    expect(first.output).toMatch(
      /attempt 1: provider key .* → 429\n\s+attempt 2: provider key .* → 200/,
    );
    expect(first.output).toMatch(/model=openai:o1-preview → 422\n\s+ERR_NGROK_27232/);
    expect(first.output).toMatch(/rejected before routing: no upstream was called/);
  });

  it("finds nothing to change on a second run", async () => {
    const second = await runDemo(demoDir);
    outputs.push(second.output);
    expect(second.code).toBe(0);
    const up = second.output.slice(
      second.output.indexOf("== pulumi up"),
      second.output.indexOf("== Drift check"),
    );
    expect(up).toMatch(/7 unchanged/);
    expect(up).not.toMatch(/created|updated|deleted/);
  });

  it("keeps the demo's secrets out of its output, state and emulator database", () => {
    const secrets = SECRETS;
    for (const output of outputs)
      for (const secret of secrets) expect(output).not.toContain(secret);
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
      );
    for (const file of files(demoDir).filter((f) => !f.includes(`${join(demoDir, "home")}/`))) {
      const bytes = readFileSync(file);
      for (const secret of secrets)
        expect({ file, found: bytes.includes(secret) }).toEqual({ file, found: false });
    }
  });
});
