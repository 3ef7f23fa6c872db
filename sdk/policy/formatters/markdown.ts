import { type Formatter, summaryText } from "./types";

/** Escapes text for a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/**
 * A Markdown report for a pull-request comment or a job summary: a summary line and one table
 * row per finding (waived ones marked).
 */
export const formatMarkdown: Formatter = (result) => {
  let out = `## aigw lint\n\n`;
  if (result.findings.length === 0) {
    return `${out}No findings in ${result.files.map((f) => `\`${f}\``).join(", ")}.\n`;
  }
  out += `${summaryText(result.summary)}.\n\n`;
  out += `| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n`;
  for (const f of result.findings) {
    const severity =
      f.waived && f.waiver !== undefined
        ? `${f.severity} (waived until ${f.waiver.expires}: ${markdownCell(f.waiver.reason)})`
        : f.severity;
    out += `| ${severity} | \`${f.rule}\` | \`${markdownCell(`${f.file}:${f.range.start.line}:${f.range.start.column}`)}\` | ${markdownCell(f.message)} |\n`;
  }
  return out;
};
