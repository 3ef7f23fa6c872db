import type { LintResult, LintSummary } from "../lint";

/** Options every formatter accepts. */
export interface FormatterOptions {
  /** ANSI colour (text only); the CLI sets it for a TTY without NO_COLOR. Default false. */
  readonly color?: boolean;
}

/**
 * A formatter: one file per format under `formatters/`, listed in the registry. It turns a lint
 * result into the complete output text (ending with a newline).
 */
export type Formatter = (result: LintResult, options?: FormatterOptions) => string;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `2 errors, 1 warning, 0 info, 1 waived`. */
export function summaryText(summary: LintSummary): string {
  return `${plural(summary.error, "error")}, ${plural(summary.warn, "warning")}, ${summary.info} info, ${summary.waived} waived`;
}
