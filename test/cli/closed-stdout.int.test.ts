// A reader that stops early (`aigw lint --help | head -1`, `| true`) closes the pipe under the CLI:
// its next write fails with EPIPE. The CLI stops writing and keeps its exit code; no stack trace.
// The CLI runs from the sources (tsx) under `timeout`, which ends it by its PID if it hangs.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const MAIN = path.join(ROOT, "cli", "main.ts");

/** Runs `aigw <args> | true` under bash, and gives the CLI's exit status and stderr. */
function intoClosedPipe(args: string, cwd: string): { status: string; stderr: string } {
  // `timeout` ends the CLI by its PID if it hangs (spawnSync's own timeout would end only bash).
  const cli = `timeout -s KILL 25 ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(MAIN)} ${args}`;
  const run = spawnSync("bash", ["-c", `${cli} 2>"$AIGW_ERR" | true; echo "\${PIPESTATUS[0]}"`], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
    env: {
      ...process.env,
      AIGW_TODAY: "2026-06-01",
      AIGW_ERR: path.join(cwd, "stderr.txt"),
      TSX_TSCONFIG_PATH: path.join(ROOT, "test", "tsconfig.json"),
    },
  });
  expect(run.signal).toBeNull();
  return {
    status: run.stdout.trim(),
    stderr: fs.readFileSync(path.join(cwd, "stderr.txt"), "utf8"),
  };
}

describe("a closed stdout", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-epipe-"));
    fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\nproviders:\n  deny: [openai]\n");
    // Enough findings that the report outgrows a pipe's buffer, so writing it meets the closed end.
    const keys = Array.from({ length: 3000 }, (_, i) => `  k${i}: {}`).join("\n");
    fs.writeFileSync(path.join(dir, "gateway.yaml"), `version: 1\naccessKeys:\n${keys}\n`);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("ends help quietly with exit 0", () => {
    expect(intoClosedPipe("lint --help", dir)).toEqual({ status: "0", stderr: "" });
  });

  it("keeps lint's exit code for a report nobody reads, with nothing on stderr", () => {
    const files = `${path.join(dir, "gateway.yaml")} --policy ${path.join(dir, "policy.yaml")}`;
    const run = intoClosedPipe(`lint ${files} --format json`, dir);
    // Every access key without a configuration reaches the denied provider: exit 1.
    expect(run).toEqual({ status: "1", stderr: "" });
  });
});
