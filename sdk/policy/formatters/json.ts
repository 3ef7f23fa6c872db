import type { Formatter } from "./types";

/**
 * The fixed JSON shape: `{"version":1,"diagnostics":[{"rule","severity","message","file",
 * "path","range":{"start":{"line","column"},"end":{"line","column"}},"waived"}],"summary":
 * {"error","warn","info","waived"}}`. Lines and columns are 1-based; `end` is exclusive.
 */
export const formatJson: Formatter = (result) =>
  `${JSON.stringify(
    {
      version: 1,
      diagnostics: result.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        file: f.file,
        path: f.path,
        range: {
          start: { line: f.range.start.line, column: f.range.start.column },
          end: { line: f.range.end.line, column: f.range.end.column },
        },
        waived: f.waived,
      })),
      summary: result.summary,
    },
    null,
    2,
  )}\n`;
