import { printable } from "../../core/format";
import { maskCredentials } from "../../core/redact";
import type { Finding } from "../types";
import { type Formatter, summaryText } from "./types";

const ANSI = {
  reset: "\u001b[0m",
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  red: "\u001b[31m",
  yellow: "\u001b[33m",
  blue: "\u001b[34m",
  cyan: "\u001b[36m",
};

const SEVERITY_COLOUR = { error: ANSI.red, warn: ANSI.yellow, info: ANSI.blue } as const;

/**
 * Compiler-style text: `file:line:column: severity rule: message`, then the source line with a
 * caret under the offending node, then a summary. Colour only when asked (a TTY without NO_COLOR).
 */
export const formatText: Formatter = (result, options = {}) => {
  const paint = (code: string, text: string): string =>
    options.color === true ? `${code}${text}${ANSI.reset}` : text;
  const lines = new Map<string, string[]>();
  const sourceLines = (file: string): string[] => {
    let cached = lines.get(file);
    if (cached === undefined) {
      cached = (result.sources.get(file) ?? "").split(/\r?\n/);
      lines.set(file, cached);
    }
    return cached;
  };
  let out = "";
  for (const f of result.findings) {
    const location = `${f.file}:${f.range.start.line}:${f.range.start.column}`;
    const severity = paint(SEVERITY_COLOUR[f.severity], f.severity);
    const waived =
      f.waived && f.waiver !== undefined
        ? paint(ANSI.dim, ` (waived until ${f.waiver.expires}: ${printable(f.waiver.reason)})`)
        : "";
    // What the file holds is shown, never run by the terminal: no control character gets through.
    out += `${paint(ANSI.bold, printable(location))}: ${severity} ${paint(ANSI.cyan, f.rule)}${waived}: ${printable(f.message)}\n`;
    out += codeFrame(f, sourceLines(f.file), (text) => paint(SEVERITY_COLOUR[f.severity], text));
  }
  if (result.findings.length > 0) out += "\n";
  out += `${result.findings.length === 0 ? "No findings" : summaryText(result.summary)} in ${result.files.length} file${result.files.length === 1 ? "" : "s"}.\n`;
  return out;
};

/** Rules whose range is a literal secret: the frame shows it masked, never as written. */
const SECRET_RANGE_RULES: ReadonlySet<string> = new Set(["plaintext-secret"]);

/** `line` with the columns from `start` (1-based) up to `end` (exclusive) replaced by `*`. */
function mask(line: string, start: number, end: number): string {
  const from = Math.min(start - 1, line.length);
  const to = Math.min(end - 1, line.length);
  return line.slice(0, from) + "*".repeat(Math.max(0, to - from)) + line.slice(to);
}

/** The finding's first source line and a caret line under its range. */
function codeFrame(f: Finding, lines: readonly string[], paint: (text: string) => string): string {
  const source = lines[f.range.start.line - 1];
  if (source === undefined) return "";
  const gutter = String(f.range.start.line);
  const start = f.range.start.column;
  const end =
    f.range.end.line === f.range.start.line
      ? Math.max(f.range.end.column, start + 1)
      : source.length + 1;
  // A credential pasted anywhere on the line keeps its columns, masked, so the caret still fits.
  const line = printable(
    maskCredentials(SECRET_RANGE_RULES.has(f.rule) ? mask(source, start, end) : source),
  );
  const width = Math.max(1, Math.min(end, line.length + 1) - start);
  const pad = " ".repeat(gutter.length);
  return (
    ` ${gutter} | ${line}\n` + ` ${pad} | ${" ".repeat(start - 1)}${paint("^".repeat(width))}\n`
  );
}
