// JUnit as CI report tools read it: parsed with test-results-parser (the JUnit reader of the
// testbeats reporting tool), the failures are exactly the findings that fail `aigw lint`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "test-results-parser";
import { loadGatewayFile } from "../../../sdk/gitops/load";
import { FORMATTERS } from "../../../sdk/policy/formatters/index";
import { type LintResult, failsThreshold, lintGateways } from "../../../sdk/policy/lint";
import { loadPolicyFile } from "../../../sdk/policy/policy";
import { credentialWorkspace, leaked, lintCredentials } from "../../helpers/credentials";
import { TODAY } from "../helpers";

const fixtures = path.join(__dirname, "..", "..", "fixtures", "policy");

function lint(file: string, policy = "policy.yaml"): LintResult {
  return lintGateways(
    [loadGatewayFile(path.join(fixtures, file), { displayName: file })],
    loadPolicyFile(path.join(fixtures, policy), policy),
    { today: TODAY },
  );
}

/** Writes the JUnit text to a file and reads it back with the consumer library. */
function consume(xml: string): ReturnType<typeof parse> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-junit-"));
  try {
    const file = path.join(dir, "lint.junit.xml");
    fs.writeFileSync(file, xml);
    return parse({ type: "junit", files: [file] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("formatJunit", () => {
  const warnings = lint("warn-only.yaml", "strict-policy.yaml");

  it("reports a lint with only warnings as passing, as aigw lint exits 0", () => {
    expect(warnings.summary.warn).toBeGreaterThan(0);
    expect(warnings.summary.error).toBe(0);
    expect(failsThreshold(warnings.findings)).toBe(false);
    const xml = FORMATTERS.junit(warnings, {});
    expect(xml).not.toContain("<failure");
    const report = consume(xml);
    expect(report.failed).toBe(0);
    expect(report.status).toBe("PASS");
    expect(report.passed).toBe(warnings.findings.length);
  });

  it("keeps each passing finding's text in system-out", () => {
    const xml = FORMATTERS.junit(warnings, {});
    for (const f of warnings.findings) {
      expect(xml).toContain(
        `<system-out>${f.file}:${f.range.start.line}:${f.range.start.column} warn`,
      );
    }
  });

  it("fails on warnings with --fail-severity warn, as aigw lint does", () => {
    expect(failsThreshold(warnings.findings, "warn")).toBe(true);
    const report = consume(FORMATTERS.junit(warnings, { failSeverity: "warn" }));
    expect(report.failed).toBe(warnings.summary.warn);
    expect(report.status).toBe("FAIL");
  });

  it("counts as failures exactly the unwaived findings at or above the threshold, waived ones skipped", () => {
    const result = lint("gateway.yaml");
    for (const threshold of ["error", "warn", "info"] as const) {
      const report = consume(FORMATTERS.junit(result, { failSeverity: threshold }));
      const failing = result.findings.filter(
        (f) => !f.waived && failsThreshold([f], threshold),
      ).length;
      const failedCases = report.suites
        .flatMap((suite) => suite.cases)
        .filter((c) => c.status === "FAIL").length;
      expect({ threshold, failed: report.failed, failedCases }).toEqual({
        threshold,
        failed: failing,
        failedCases: failing,
      });
      expect(report.skipped).toBe(result.summary.waived);
    }
  });

  it("reads a report whose credentials were redacted, with every error finding a failure", async () => {
    const dir = credentialWorkspace();
    try {
      const json = await lintCredentials(dir, "json");
      const errors = (JSON.parse(json.out) as { summary: { error: number } }).summary.error;
      const run = await lintCredentials(dir, "junit");
      expect(run.code).toBe(1);
      expect(leaked(run.out)).toEqual([]);
      const report = consume(run.out);
      expect(errors).toBeGreaterThan(0);
      expect(report.failed).toBe(errors);
      const text = JSON.stringify(report);
      expect(leaked(text)).toEqual([]);
      expect(text).toContain("[REDACTED]");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives every suite a timestamp, time and hostname", () => {
    const xml = FORMATTERS.junit(warnings, {
      startedAt: new Date("2026-12-01T10:20:30.456Z"),
      elapsedMs: 1234,
      hostname: "ci-runner-7",
    });
    const suite = /<testsuite [^>]*>/.exec(xml)?.[0] ?? "";
    expect(suite).toContain('timestamp="2026-12-01T10:20:30"');
    expect(suite).toContain('time="1.234"');
    expect(suite).toContain('hostname="ci-runner-7"');
    const report = consume(xml);
    expect(report.duration).toBeCloseTo(1234, -1);
  });
});
