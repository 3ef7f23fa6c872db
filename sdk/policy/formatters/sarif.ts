import { createHash } from "node:crypto";
import * as path from "node:path";
import { VERSION } from "../../core/version";
import { POLICY_RULES } from "../rules/index";
import type { Severity } from "../../core/diagnostics";
import type { Finding } from "../types";
import type { Formatter } from "./types";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warn: "warning",
  info: "note",
};

/** Where users read about the tool: SARIF's `tool.driver.informationUri`. */
export const SARIF_INFORMATION_URI = "https://www.npmjs.com/package/pulumi-ngrok-ai";

/** The base id every artifact location is relative to: the repository root. */
export const SARIF_SOURCE_ROOT = "%SRCROOT%";

/** The `partialFingerprints` key of a finding's identity, versioned so it can change safely. */
export const SARIF_FINGERPRINT = "aigwFinding/v1";

/**
 * A rule's title as SARIF's friendly rule `name`, one Pascal-case word as the SARIF multitool
 * asks: `YAML syntax error` → `YamlSyntaxError`.
 */
export function sarifRuleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase())
    .join("");
}

/**
 * A file as a URI reference relative to `baseDir` (forward slashes, each segment
 * percent-encoded). A file outside `baseDir` keeps its `../` steps: still relative, never absolute.
 */
export function sarifUri(file: string, baseDir: string, cwd: string): string {
  const relative = path.relative(baseDir, path.resolve(cwd, file)) || path.basename(file);
  return relative
    .split(path.sep)
    .flatMap((segment) => segment.split("/"))
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/**
 * A finding's identity across commits: its rule, file, logical path and model, never its line,
 * so an alert stays the same alert when lines above it move.
 */
export function sarifFingerprint(finding: Finding, uri: string): string {
  return createHash("sha256")
    .update([finding.rule, uri, finding.path.map(String).join("."), finding.model ?? ""].join("\0"))
    .digest("hex")
    .slice(0, 32);
}

/**
 * SARIF 2.1.0 as GitHub code scanning and the SARIF multitool accept it: one run of the `aigw`
 * driver with every rule's metadata (a friendly name, description, help text and default level),
 * one result per finding with its region (1-based; columns in UTF-16 code units, as the YAML
 * parser counts), its location as a URI relative to the repository root (`%SRCROOT%`:
 * `options.baseDir`, by default the current directory), a fingerprint that does not depend on the
 * line, and waived findings carried as suppressions.
 */
export const formatSarif: Formatter = (result, options = {}) => {
  const cwd = options.cwd ?? process.cwd();
  const baseDir = path.resolve(cwd, options.baseDir ?? ".");
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
            informationUri: SARIF_INFORMATION_URI,
            rules: POLICY_RULES.map((rule) => ({
              id: rule.id,
              name: sarifRuleName(rule.title),
              shortDescription: { text: `${rule.title}.` },
              fullDescription: { text: rule.description },
              help: {
                text: rule.help,
                markdown: `**${rule.title}** (\`${rule.id}\`): ${rule.description}\n\nHow to fix: ${rule.help}`,
              },
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: {
          [SARIF_SOURCE_ROOT]: {
            description: { text: "The root of the repository that holds the linted files." },
          },
        },
        columnKind: "utf16CodeUnits",
        results: result.findings.map((f) => {
          const uri = sarifUri(f.file, baseDir, cwd);
          return {
            ruleId: f.rule,
            ruleIndex: ruleIndex.get(f.rule) ?? -1,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri, uriBaseId: SARIF_SOURCE_ROOT },
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
            partialFingerprints: { [SARIF_FINGERPRINT]: sarifFingerprint(f, uri) },
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
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
