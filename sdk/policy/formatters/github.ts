import type { Severity } from "../../core/diagnostics";
import type { Formatter } from "./types";

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = {
  error: "error",
  warn: "warning",
  info: "notice",
};

/** Escapes a workflow command's message. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), which annotate the pull
 * request diff. `col` and `endColumn` are given only when the range starts and ends on one line
 * (GitHub ignores columns across lines). Waived findings are notices.
 */
export const formatGithub: Formatter = (result) =>
  result.findings
    .map((f) => {
      const props = [`file=${escapeProperty(f.file)}`, `line=${f.range.start.line}`];
      props.push(`endLine=${f.range.end.line}`);
      if (f.range.start.line === f.range.end.line) {
        props.push(`col=${f.range.start.column}`, `endColumn=${f.range.end.column}`);
      }
      const command = f.waived ? "notice" : COMMAND[f.severity];
      props.push(`title=${escapeProperty(f.waived ? `${f.rule} (waived)` : f.rule)}`);
      const waived =
        f.waived && f.waiver !== undefined
          ? ` (waived until ${f.waiver.expires}: ${f.waiver.reason})`
          : "";
      return `::${command} ${props.join(",")}::${escapeData(f.message + waived)}\n`;
    })
    .join("");
