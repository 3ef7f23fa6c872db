import type { CommandName } from "./exit-codes";

/**
 * A usage problem of a command: a missing or contradictory option, a file that cannot be read, an
 * invalid policy. Printed as `aigw <command>: <message>`; the exit code is the command's `usage`
 * code in `EXIT_CODES`.
 */
export class CliUsageError extends Error {
  override name = "CliUsageError";
  /**
   * The command whose usage code applies, for an error that leaves the command (its option
   * parser's); undefined inside a command, which knows its own name.
   */
  readonly command: CommandName | undefined;

  constructor(message: string, command?: CommandName) {
    super(message);
    this.command = command;
  }
}
