import type { Severity } from "../../core/diagnostics";
import type { FormatOptions, Formatter as ReportFormatter } from "../../core/format";
import type { LintResult, LintSummary } from "../lint";

/**
 * Options every lint formatter accepts: those of every format ({@link FormatOptions}) and what
 * the CI formats need; a format that has no use for one ignores it.
 */
export interface FormatterOptions extends FormatOptions {
  /** The directory that relative file names in the result are relative to. Default: the process's. */
  readonly cwd?: string;
  /**
   * The directory that SARIF locations are written relative to (`%SRCROOT%`, the repository
   * root); the CLI passes the git top level or `--base-dir`. Default: {@link cwd}.
   */
  readonly baseDir?: string;
  /** The threshold of a failing run (`--fail-severity`): JUnit failures. Default `error`. */
  readonly failSeverity?: Severity;
  /** When the lint ran (JUnit `timestamp`). Default: now. */
  readonly startedAt?: Date;
  /** How long the lint took, in milliseconds (JUnit `time`). Default 0. */
  readonly elapsedMs?: number;
  /** The machine's name (JUnit `hostname`). Default: `os.hostname()`. */
  readonly hostname?: string;
}

/**
 * A lint formatter: one file per format under `formatters/`, listed in the registry. It turns a
 * lint result into the complete output text (ending with a newline).
 */
export type Formatter = ReportFormatter<LintResult, FormatterOptions>;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `2 errors, 1 warning, 0 info, 1 waived`. */
export function summaryText(summary: LintSummary): string {
  return `${plural(summary.error, "error")}, ${plural(summary.warn, "warning")}, ${summary.info} info, ${summary.waived} waived`;
}
