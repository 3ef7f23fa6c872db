// A CLI context for running commands in process: its stdout and stderr are collected as text.
import { PassThrough } from "node:stream";
import type { CliContext } from "../../cli/program";

/** The words of a command line split at spaces (for command lines with no word that holds one). */
export function words(line: string): string[] {
  return line.split(" ");
}

/** A {@link CliContext} whose output streams are collected; `out()` and `err()` read them. */
export interface CapturedContext extends CliContext {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
}

/** A context with environment `env` and working directory `cwd`, its output collected. */
export function capturedContext(
  env: NodeJS.ProcessEnv = {},
  cwd: string = process.cwd(),
): CapturedContext {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, env, cwd, exitCode: 0, out: () => out, err: () => err };
}
