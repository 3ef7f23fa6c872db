import { Command, type Option } from "commander";
import { VERSION } from "pulumi-ngrok-ai/core";
import { CliUsageError } from "./errors";
import type * as Catalog from "./commands/catalog";
import type * as Drift from "./commands/drift";
import type * as Emulator from "./commands/emulator";
import type * as Explain from "./commands/explain";
import type * as Export from "./commands/export";
import type * as Lint from "./commands/lint";
import type * as Recover from "./commands/recover";
import type * as Review from "./commands/review";
import type { CliContext, CommandModule } from "./context";
import { EXIT_CODES, exitCode, isHelpOrVersion } from "./exit-codes";

export type { CliContext, CommandModule } from "./context";

/** A subcommand: its name and how to load its module (under `cli/commands/`). */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => CommandModule;
}

// Each command module is required when it is registered, not when this module loads: a run
// registers only the command it names, so `aigw drift` never loads the YAML parser, the policy or
// the planner that other commands need (their loading would delay `pulumi stack export`).
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on use, see above */
/** The registry of subcommands, in the order `aigw --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "lint", load: () => (require("./commands/lint") as typeof Lint).registerLint },
  { name: "review", load: () => (require("./commands/review") as typeof Review).registerReview },
  { name: "drift", load: () => (require("./commands/drift") as typeof Drift).registerDrift },
  {
    name: "recover",
    load: () => (require("./commands/recover") as typeof Recover).registerRecover,
  },
  { name: "export", load: () => (require("./commands/export") as typeof Export).registerExport },
  {
    name: "explain",
    load: () => (require("./commands/explain") as typeof Explain).registerExplain,
  },
  {
    name: "catalog",
    load: () => (require("./commands/catalog") as typeof Catalog).registerCatalog,
  },
  {
    name: "emulator",
    load: () => (require("./commands/emulator") as typeof Emulator).registerEmulator,
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The commands a run of `argv` needs: the one its first word names, or every command (for
 * `--help`, `help`, a typo that deserves a suggestion, or no command at all).
 */
export function commandsFor(argv: readonly string[] | undefined): readonly CommandEntry[] {
  const named = COMMANDS.find((c) => c.name === argv?.[0]);
  return named !== undefined ? [named] : COMMANDS;
}

/**
 * Builds the `aigw` program; output and exit codes go through `ctx`, never `process`. Given the
 * arguments it will parse, it registers only the command they name (see {@link commandsFor}).
 */
export function buildProgram(ctx: CliContext, argv?: readonly string[]): Command {
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
  for (const command of commandsFor(argv)) command.load()(program, ctx);
  checkRequiredOptionsLast(program);
  return program;
}

/**
 * Moves commander's check of required options after its check of unknown ones. Commander checks
 * required options first, so `aigw lint --nope x` (where `--nope` swallowed the rest) was told
 * that --policy is missing, not that --nope does not exist. Each required option is made optional
 * to the parser and checked, with commander's own message and code, in a `preAction` hook: it runs
 * after the unknown options (and the arguments) are checked, and only when an action would run, so
 * `--help` still needs no required option.
 */
function checkRequiredOptionsLast(program: Command): void {
  const required = new Map<Command, readonly Option[]>();
  const collect = (command: Command): void => {
    const options = command.options.filter((option) => option.mandatory);
    if (options.length > 0) required.set(command, options);
    for (const option of options) option.makeOptionMandatory(false);
    for (const sub of command.commands) collect(sub);
  };
  collect(program);
  program.hook("preAction", (_hooked, action) => {
    for (let command: Command | null = action; command !== null; command = command.parent) {
      for (const option of required.get(command) ?? []) {
        if (command.getOptionValue(option.attributeName()) === undefined) {
          command.error(`error: required option '${option.flags}' not specified`, {
            code: "commander.missingMandatoryOptionValue",
          });
        }
      }
    }
  });
}

/** Runs `aigw` with `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx, argv);
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
