// The V8 flag the CLI sets for a short run (cli/runtime-tuning.ts) must keep undici's llhttp off
// V8's optimizing compiler, whose background recompilation delays the exit. The probe sends
// requests with undici and V8 traces each WebAssembly compilation; without the flag the trace
// must show the recompilation (so the probe can tell), with it none.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { SHORT_RUN_V8_FLAG } from "../../cli/runtime-tuning";

const run = promisify(execFile);
const PROBE = join(__dirname, "fixtures", "wasm-tiering-probe.js");

/** The probe's trace with `flags` set first: how many functions TurboFan compiled, and its result. */
async function probe(flags: string): Promise<{ turbofan: number; result: unknown }> {
  // execFile ends the child by its PID when the timeout passes.
  const { stdout } = await run(process.execPath, ["--trace-wasm-compilation-times", PROBE, flags], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = stdout.trim().split("\n");
  return {
    turbofan: lines.filter((l) => /using TurboFan/.test(l)).length,
    // A recompilation still running when the probe prints is traced after its line.
    result: JSON.parse(lines.find((l) => l.startsWith('{"flags"')) ?? "null") as unknown,
  };
}

describe("the CLI's V8 flag for a short run", () => {
  it("without it, undici's HTTP parser is recompiled by TurboFan (the probe sees it)", async () => {
    const { turbofan, result } = await probe("");
    expect(result).toEqual({ flags: "", bytes: 60 * 200 * 1011 });
    expect(turbofan).toBeGreaterThan(0);
  }, 90_000);

  it("with it, nothing is", async () => {
    const { turbofan, result } = await probe(SHORT_RUN_V8_FLAG);
    expect(result).toEqual({ flags: SHORT_RUN_V8_FLAG, bytes: 60 * 200 * 1011 });
    expect(turbofan).toBe(0);
  }, 90_000);

  it("a large tiering budget instead would only delay the recompilation", async () => {
    const { turbofan } = await probe("--wasm-tiering-budget=2000000000");
    expect(turbofan).toBeGreaterThan(0);
  }, 90_000);
});
