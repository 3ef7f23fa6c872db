import type { Command } from "commander";

/** What a command needs from the outside world; tests pass their own streams and environment. */
export interface CliContext {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Set by a command to the process exit code it wants; the entry point applies it. */
  exitCode: number;
}

/** A subcommand: one file each under `cli/commands/`, registered in `COMMANDS`. */
export type CommandModule = (program: Command, ctx: CliContext) => void;
