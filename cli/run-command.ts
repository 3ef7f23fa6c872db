import { redact, redactCredentials } from "pulumi-ngrok-ai/core";
import { CliUsageError } from "./errors";
import { type CommandName, type Outcome, exitCode } from "./exit-codes";
import type { CliContext } from "./context";

/** How {@link runCommand} treats the errors of a command. */
export interface CommandErrors<C extends CommandName> {
  /**
   * Secrets to remove (with the SDK's `redact`) from every error message the command prints;
   * absent, messages are printed as they are.
   */
  readonly secrets?: readonly (string | undefined)[];
  /**
   * The outcome of an error that is not a {@link CliUsageError}, printed the same way; absent,
   * such an error propagates to `runCli`, which prints it and exits 1.
   */
  readonly otherwise?: Outcome<C>;
}

/**
 * Runs the work of `command` and sets `ctx.exitCode` from the outcome it returns. A
 * {@link CliUsageError} is printed to stderr as `aigw <command>: <message>` and becomes the
 * command's `usage` outcome. Resolves to the exit code.
 */
export async function runCommand<C extends CommandName>(
  command: C,
  ctx: CliContext,
  work: () => Outcome<C> | Promise<Outcome<C>>,
  errors: CommandErrors<C> = {},
): Promise<number> {
  let outcome: Outcome<C>;
  try {
    outcome = await work();
  } catch (error: unknown) {
    const fallback = error instanceof CliUsageError ? ("usage" as Outcome<C>) : errors.otherwise;
    if (fallback === undefined) throw error;
    // A usage error may quote an option's value: a credential given as another option's is removed.
    const message = redactCredentials(error instanceof Error ? error.message : String(error));
    const shown = errors.secrets === undefined ? message : redact(message, errors.secrets);
    ctx.stderr.write(`aigw ${command}: ${shown}\n`);
    outcome = fallback;
  }
  ctx.exitCode = exitCode(command, outcome);
  return ctx.exitCode;
}

/** The API keys a command was given (its `--api-key` and `NGROK_AI_API_KEY`), to keep out of its output. */
export function apiKeysOf(
  options: { readonly apiKey?: string | undefined },
  ctx: CliContext,
): readonly (string | undefined)[] {
  return [options.apiKey, ctx.env.NGROK_AI_API_KEY];
}
