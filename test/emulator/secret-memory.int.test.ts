// A provider key value exists as a string only while a request uses it: between requests, no
// string in the emulator's heap holds one. heap-probe.ts serves requests with a value it makes
// and searches a heap snapshot of its own process (small, so the snapshot is quick) for it. It runs
// from the sources through tsx, with the entry points of test/tsconfig.json.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");

interface ProbeResult {
  readonly statuses: number[];
  /** The snapshot held the provider key value. */
  readonly valueFound: boolean;
  /** The snapshot held the value the probe still references: the search works. */
  readonly keptFound: boolean;
}

it("no provider key value stays in the emulator's heap after the requests that used it", async () => {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", join(__dirname, "heap-probe.ts")],
    {
      cwd: ROOT,
      timeout: 60_000,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, "test", "tsconfig.json") },
    },
  );
  const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as ProbeResult;

  expect(result.statuses).toEqual([200, 200]);
  expect(result.keptFound).toBe(true);
  expect(result.valueFound).toBe(false);
  // The probe transpiles the emulator's sources as it loads them, which takes seconds on a busy
  // machine; the child's own limit above is the one that matters.
}, 90_000);
