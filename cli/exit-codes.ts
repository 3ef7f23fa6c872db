// The exit code of every outcome of every command, in one table. README.md documents each row;
// a change here is a change to the CLI's contract with scripts and CI jobs.

/**
 * Exit codes by command and outcome. `usage` is a usage error (bad options or input); for `drift`
 * it is 1 because 2 means drift. `recover` exits 3 (`blocked`) when a person must decide first.
 * `aigw` holds what the program itself decides: help and version, an option the parser rejects,
 * and an unexpected error.
 */
export const EXIT_CODES = {
  aigw: { help: 0, usage: 2, error: 1 },
  lint: { clean: 0, findings: 1, usage: 2 },
  review: { clean: 0, findings: 1, usage: 2 },
  drift: { clean: 0, error: 1, usage: 1, drift: 2 },
  export: { written: 0, error: 1, usage: 2 },
  recover: { done: 0, error: 1, usage: 2, blocked: 3 },
  explain: { accepted: 0, rejected: 1, usage: 2 },
  catalog: { written: 0, error: 1, usage: 2 },
  emulator: { stopped: 0, usage: 2 },
} as const satisfies Readonly<Record<string, Readonly<Record<string, number>> & { usage: number }>>;

/** A subcommand of `aigw` (a row of {@link EXIT_CODES} other than the program's own). */
export type CommandName = Exclude<keyof typeof EXIT_CODES, "aigw">;

/** An outcome of `command`: a column of its row in {@link EXIT_CODES}. */
export type Outcome<C extends CommandName> = keyof (typeof EXIT_CODES)[C] & string;

/** The exit code of `outcome` of `command`. */
export function exitCode<C extends CommandName>(command: C, outcome: Outcome<C>): number {
  const row = EXIT_CODES[command] as Readonly<Record<Outcome<C>, number>>;
  return row[outcome];
}

/** The commander codes of `--help`, `help` and `--version`, which exit with `EXIT_CODES.aigw.help`. */
const HELP_CODES: ReadonlySet<string> = new Set([
  "commander.helpDisplayed",
  "commander.help",
  "commander.version",
]);

/** True when a commander error `code` is help or version output, not a usage error. */
export function isHelpOrVersion(code: string): boolean {
  return HELP_CODES.has(code);
}
