// Runs `aigw explain` in process, as the CLI entry point would: argv in, stdout, stderr and the
// exit code out (commander usage errors exit 2).
import { PassThrough } from "node:stream";
import { Command } from "commander";
import { registerExplain } from "../../../cli/commands/explain";
import type { CliContext } from "../../../cli/program";

/** What one run printed and its exit code. */
export interface ExplainRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aigw explain ...argv` with `env` and `cwd`. */
export async function runExplain(
  argv: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ExplainRun> {
  let stdout = "";
  let stderr = "";
  const out = new PassThrough();
  const err = new PassThrough();
  out.on("data", (c: Buffer) => (stdout += c.toString()));
  err.on("data", (c: Buffer) => (stderr += c.toString()));
  const ctx: CliContext = {
    stdout: out,
    stderr: err,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    exitCode: 0,
  };
  const program = new Command("aigw")
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
  registerExplain(program, ctx);
  let code: number;
  try {
    await program.parseAsync(["explain", ...argv], { from: "user" });
    code = ctx.exitCode;
  } catch (e) {
    const commanderCode = (e as { code?: string }).code;
    if (typeof commanderCode !== "string" || !commanderCode.startsWith("commander.")) throw e;
    code = commanderCode === "commander.helpDisplayed" ? 0 : 2;
  }
  return { code, stdout, stderr };
}
