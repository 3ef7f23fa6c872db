/**
 * A position in a source file. Both fields are 1-based, as editors and CI systems show them.
 */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A range in a source file; `end` is exclusive and 1-based like `start`. */
export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/** How much a diagnostic matters; `off` disables a rule. */
export type Severity = "error" | "warn" | "info";

/**
 * One problem found in a user's file: a stable rule or error code, a message that says how to fix
 * it, the file, the path of the offending node inside the document, and its range.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly path: readonly (string | number)[];
  readonly range: SourceRange;
}

/** Formats a diagnostic the way compilers do: `file:line:column: severity code: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.range.start.line}:${d.range.start.column}: ${d.severity} ${d.code}: ${d.message}`;
}
