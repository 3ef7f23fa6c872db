// Runs `aigw <argv>` in process with its own streams, as cli/main.ts does, for the drift and export
// tests.
import { runCli } from "../../cli/program";
import { capturedContext } from "../helpers/cli";

/** What one CLI run printed and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aigw <argv>` with environment `env` in directory `cwd`; its exit code and output. */
export async function aigw(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<CliRun> {
  const ctx = capturedContext(env, cwd);
  const code = await runCli(argv, ctx);
  return { code, stdout: ctx.out(), stderr: ctx.err() };
}

/**
 * The usage tests of `aigw <command>`: `--help` exits 0 and lists the usage line and every flag;
 * each `[argv, message]` of `errors` exits `code` with the message on stderr, nothing on stdout.
 */
export function usageTests(
  command: string,
  flags: readonly string[],
  errorTitle: string,
  code: number,
  errors: readonly (readonly [readonly string[], string])[],
): void {
  it("prints its options for --help and exits 0", async () => {
    const run = await aigw([command, "--help"], {}, process.cwd());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: aigw ${command} [options]`);
    for (const flag of flags) expect(run.stdout).toContain(flag);
  });

  it.each(errors)(errorTitle, async (argv, message) => {
    const run = await aigw(argv, {}, process.cwd());
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });
}
