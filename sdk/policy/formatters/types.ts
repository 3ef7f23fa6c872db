import type { FormatOptions, Formatter as ReportFormatter } from "../../core/format";
import type { LintResult, LintSummary } from "../lint";

/** Options every lint formatter accepts: the options of every format ({@link FormatOptions}). */
export type FormatterOptions = FormatOptions;

/**
 * A lint formatter: one file per format under `formatters/`, listed in the registry. It turns a
 * lint result into the complete output text (ending with a newline).
 */
export type Formatter = ReportFormatter<LintResult>;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `2 errors, 1 warning, 0 info, 1 waived`. */
export function summaryText(summary: LintSummary): string {
  return `${plural(summary.error, "error")}, ${plural(summary.warn, "warning")}, ${summary.info} info, ${summary.waived} waived`;
}
