// The installed entry point, `aigw` as npm links it (cli/bin/aigw.js, the build): it sets the V8
// flag of a short run before any command runs, and leaves V8's defaults to the emulator. The
// decision itself is tested in test/cli/runtime-tuning.test.ts; this checks that the binary
// users run makes it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHORT_RUN_V8_FLAG } from "../../cli/runtime-tuning";
import { REPO_ROOT } from "./helpers/engine";

const ENTRY = join(REPO_ROOT, "cli", "bin", "aigw.js");
const RECORDER = join(REPO_ROOT, "test", "cli", "fixtures", "v8-flags-recorder.js");

/** Runs the built `aigw <argv>` and returns its exit code, stdout and the V8 flags it set. */
function runEntry(argv: readonly string[]): {
  code: number | null;
  stdout: string;
  flags: string[];
} {
  const dir = mkdtempSync(join(tmpdir(), "aigw-entry-"));
  try {
    const file = join(dir, "flags.txt");
    const result = spawnSync(process.execPath, ["--require", RECORDER, ENTRY, ...argv], {
      encoding: "utf8",
      env: { ...process.env, AIGW_TEST_V8_FLAGS_FILE: file },
      timeout: 60_000,
    });
    let flags: string[] = [];
    try {
      flags = readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line !== "");
    } catch {
      // No flag was set: the recorder wrote nothing.
    }
    return { code: result.status, stdout: result.stdout, flags };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the aigw entry point", () => {
  it("sets V8's baseline-only WebAssembly flag for a command that ends", () => {
    const run = runEntry(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.flags).toEqual([SHORT_RUN_V8_FLAG]);
  });

  it("keeps V8's defaults for the emulator", () => {
    const run = runEntry(["emulator", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: aigw emulator");
    expect(run.flags).toEqual([]);
  });
});
