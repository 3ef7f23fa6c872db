import { Command } from "commander";
import { VERSION } from "pulumi-ngrok-ai/core";
import { registerCatalog } from "./commands/catalog";
import { registerDrift } from "./commands/drift";
import { registerEmulator } from "./commands/emulator";
import { registerExplain } from "./commands/explain";
import { registerExport } from "./commands/export";
import { registerLint } from "./commands/lint";
import { registerRecover } from "./commands/recover";
import { registerReview } from "./commands/review";
import { CliUsageError } from "./errors";
import type { CliContext, CommandModule } from "./context";
import { EXIT_CODES, exitCode, isHelpOrVersion } from "./exit-codes";

export type { CliContext, CommandModule } from "./context";

/** The registry of subcommands, in the order `aigw --help` lists them. */
export const COMMANDS: readonly CommandModule[] = [
  registerLint,
  registerReview,
  registerDrift,
  registerRecover,
  registerExport,
  registerExplain,
  registerCatalog,
  registerEmulator,
];

/** Builds the `aigw` program; output and exit codes go through `ctx`, never `process`. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("aigw")
    .description(
      "GitOps for the ngrok.ai AI Gateway: lint, review, drift, recover, export, explain, the model catalog and a local emulator.",
    )
    .version(VERSION, "-v, --version", "print the aigw version")
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** Runs `aigw` with `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("commander.")) {
      // Commander has printed the help, the version or the usage error already.
      return isHelpOrVersion(code) ? EXIT_CODES.aigw.help : EXIT_CODES.aigw.usage;
    }
    ctx.stderr.write(`aigw: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof CliUsageError && err.command !== undefined) {
      return exitCode(err.command, "usage");
    }
    return EXIT_CODES.aigw.error;
  }
  return ctx.exitCode;
}
