import { VERSION } from "../../core/version";
import { POLICY_RULES } from "../rules/index";
import type { Severity } from "../../core/diagnostics";
import type { Formatter } from "./types";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warn: "warning",
  info: "note",
};

/** `disallowed-model` → `DisallowedModel`, SARIF's rule `name`. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** A file path as a relative SARIF URI (forward slashes, each segment percent-encoded). */
function fileUri(file: string): string {
  return file
    .replace(/\\/g, "/")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/**
 * SARIF 2.1.0: one run of the `aigw` driver with every rule's metadata (description, help text
 * and default level), one result per finding with its region (1-based; columns in UTF-16 code
 * units, as the YAML parser counts), and waived findings carried as suppressions.
 */
export const formatSarif: Formatter = (result) => {
  const ruleIndex = new Map(POLICY_RULES.map((r, i) => [r.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "aigw",
            semanticVersion: VERSION,
            rules: POLICY_RULES.map((rule) => ({
              id: rule.id,
              name: ruleName(rule.id),
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.description },
              help: {
                text: rule.help,
                markdown: `**${rule.id}**: ${rule.description}\n\nHow to fix: ${rule.help}`,
              },
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results: result.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule) ?? -1,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: fileUri(f.file) },
                region: {
                  startLine: f.range.start.line,
                  startColumn: f.range.start.column,
                  endLine: f.range.end.line,
                  endColumn: f.range.end.column,
                },
              },
              logicalLocations: [
                { fullyQualifiedName: f.path.map(String).join("."), kind: "member" },
              ],
            },
          ],
          ...(f.waived && f.waiver !== undefined
            ? {
                suppressions: [
                  {
                    kind: f.waiver.source === "inline" ? "inSource" : "external",
                    status: "accepted",
                    justification: `${f.waiver.reason} (until ${f.waiver.expires}, ${f.waiver.at})`,
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
