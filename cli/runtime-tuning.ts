import { setFlagsFromString } from "node:v8";

/**
 * The V8 flag a short run of the CLI sets: WebAssembly stays compiled by V8's baseline compiler
 * (Liftoff) and is never recompiled by its optimizing one (TurboFan).
 *
 * undici parses HTTP with llhttp compiled to WebAssembly. After a few hundred kilobytes of
 * responses its main parsing function is hot, and V8 recompiles it on a background thread:
 * `node --trace-wasm-compilation-times` reports "using TurboFan, took 213 ms" for that one
 * function (33,670 bytes of code) during `aigw drift` of 1,000 objects. Node does not exit while
 * such a task runs, so the process idled 120 to 170 ms after printing its report, a tenth of the
 * run, for code it never used. With this flag the same run exits 10 to 30 ms after its report; at
 * 10,000 objects, where the recompilation ends before the run does, the run takes as long with
 * the flag as without (bench/drift.ts). A large `--wasm-tiering-budget` delays the recompilation
 * instead of preventing it: 12 MB of responses still trigger it
 * (test/cli/runtime-tuning.int.test.ts).
 */
export const SHORT_RUN_V8_FLAG = "--liftoff-only";

/** Commands that serve until they are stopped: they keep V8's defaults, optimizing included. */
const LONG_RUNNING_COMMANDS: ReadonlySet<string> = new Set(["emulator"]);

/**
 * Tunes V8 for the command `argv` names, before anything compiles WebAssembly: every command but
 * a server ends after a few requests, so it sets {@link SHORT_RUN_V8_FLAG}. Returns whether it
 * did. The CLI's entry point calls it; the SDK never changes the flags of a process it runs in.
 */
export function tuneRuntimeFor(
  argv: readonly string[],
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  const command = argv[0];
  if (command !== undefined && LONG_RUNNING_COMMANDS.has(command)) return false;
  setFlags(SHORT_RUN_V8_FLAG);
  return true;
}
