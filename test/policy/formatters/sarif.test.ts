// SARIF as GitHub code scanning reads it: locations relative to the repository root, whatever
// the current directory or the form of the file name; fingerprints that survive moved lines; the
// tool's and rules' human metadata.
import * as path from "node:path";
import { loadGatewayFile, parseGateway } from "../../../sdk/gitops/load";
import { FORMATTERS } from "../../../sdk/policy/formatters/index";
import { SARIF_FINGERPRINT, SARIF_SOURCE_ROOT } from "../../../sdk/policy/formatters/sarif";
import { type LintResult, lintGateways } from "../../../sdk/policy/lint";
import { loadPolicyFile } from "../../../sdk/policy/policy";
import { DEFAULT_POLICY, TODAY, policyOf } from "../helpers";

const root = path.join(__dirname, "..", "..", "..");
const fixtures = path.join(root, "test", "fixtures", "policy");

interface SarifResult {
  ruleId: string;
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number };
    };
    logicalLocations: { fullyQualifiedName: string }[];
  }[];
  partialFingerprints?: Record<string, string>;
}

interface SarifLog {
  runs: {
    tool: {
      driver: { informationUri?: string; rules: { id: string; name: string }[] };
    };
    originalUriBaseIds?: Record<string, unknown>;
    results: SarifResult[];
  }[];
}

function sarif(result: LintResult, options: { cwd: string; baseDir: string }): SarifLog {
  return JSON.parse(FORMATTERS.sarif(result, options)) as SarifLog;
}

/** Lints the fixture, its file named as `displayName` (absolute, relative, from a subfolder). */
function lintAs(displayName: string): LintResult {
  const parsed = loadGatewayFile(path.join(fixtures, "gateway.yaml"), { displayName });
  const policy = loadPolicyFile(path.join(fixtures, "policy.yaml"));
  return lintGateways([parsed], policy, { today: TODAY, includePolicyFindings: false });
}

const uris = (log: SarifLog): string[] => [
  ...new Set(
    log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri),
  ),
];

describe("formatSarif", () => {
  it("writes an absolute file name as a uri relative to the repository root", () => {
    const log = sarif(lintAs(path.join(fixtures, "gateway.yaml")), {
      cwd: fixtures,
      baseDir: root,
    });
    expect(uris(log)).toEqual(["test/fixtures/policy/gateway.yaml"]);
  });

  it("writes a file named from a subfolder relative to the repository root, not to the subfolder", () => {
    const sub = path.join(fixtures, "golden");
    const log = sarif(lintAs("../gateway.yaml"), { cwd: sub, baseDir: root });
    expect(uris(log)).toEqual(["test/fixtures/policy/gateway.yaml"]);
  });

  it("writes locations relative to the base directory given (--base-dir)", () => {
    const log = sarif(lintAs("gateway.yaml"), { cwd: fixtures, baseDir: path.join(root, "test") });
    expect(uris(log)).toEqual(["fixtures/policy/gateway.yaml"]);
  });

  it("names every location's base %SRCROOT% and declares it in originalUriBaseIds", () => {
    const log = sarif(lintAs("gateway.yaml"), { cwd: fixtures, baseDir: root });
    expect(Object.keys(log.runs[0]!.originalUriBaseIds ?? {})).toEqual([SARIF_SOURCE_ROOT]);
    for (const r of log.runs[0]!.results) {
      const location = r.locations[0]!.physicalLocation.artifactLocation;
      expect(location.uriBaseId).toBe(SARIF_SOURCE_ROOT);
      expect(location.uri).not.toMatch(/^(\/|[a-z]+:)/i);
    }
  });

  it("keeps each finding's fingerprint when lines above it move, and gives distinct findings distinct ones", () => {
    const text = [
      "version: 1",
      "accessKeyConfigurations:",
      "  research:",
      "    access:",
      '      models: { allow: ["openai:gpt-4-32k", "openai:o1-preview"] }',
      "accessKeys:",
      "  ci-bot: {}",
      "",
    ].join("\n");
    const moved = text.replace("version: 1\n", "version: 1\n# a comment\n# and another\n\n");
    const policy = policyOf(DEFAULT_POLICY);
    const run = (source: string): SarifResult[] =>
      sarif(lintGateways([parseGateway(source, "gateway.yaml")], policy, { today: TODAY }), {
        cwd: root,
        baseDir: root,
      }).runs[0]!.results;
    const before = run(text);
    const after = run(moved);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const prints = (results: SarifResult[]): string[] =>
      results.map((r) => r.partialFingerprints?.[SARIF_FINGERPRINT] ?? "");
    expect(prints(after)).toEqual(prints(before));
    expect(new Set(prints(before)).size).toBe(before.length);
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual(
      before.map((r) => r.locations[0]!.physicalLocation.region.startLine + 3),
    );
  });

  it("gives the tool an informationUri and each rule a friendly name that is not its id", () => {
    const driver = sarif(lintAs("gateway.yaml"), { cwd: fixtures, baseDir: root }).runs[0]!.tool
      .driver;
    expect(driver.informationUri).toMatch(/^https:\/\//);
    for (const rule of driver.rules) {
      expect(rule.name).not.toBe(rule.id);
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    }
    expect(driver.rules.find((r) => r.id === "disallowed-model")?.name).toBe(
      "DisallowedModelReachable",
    );
  });
});
