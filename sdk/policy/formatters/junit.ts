import * as os from "node:os";
import { SEVERITY_RANK } from "../lint";
import type { Finding } from "../types";
import type { Formatter } from "./types";

function xml(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // XML 1.0 forbids most control characters even when escaped.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}

/** JUnit's `timestamp`: ISO 8601 in UTC without a zone suffix, as the Ant schema writes it. */
function timestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** Seconds with millisecond precision, as JUnit's `time` attributes are written. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** How one finding shows: a failure, a skipped (waived) case or a passing case with its text. */
type Outcome = "failure" | "skipped" | "passed";

function testcase(f: Finding, outcome: Outcome): string {
  const location = `${f.file}:${f.range.start.line}:${f.range.start.column}`;
  const open = `    <testcase classname="${xml(f.file)}" name="${xml(`${f.rule} ${location}`)}" time="0.000">`;
  const detail = xml(`${location} ${f.severity} [${f.path.join(".")}] ${f.message}`);
  switch (outcome) {
    case "skipped": {
      const why =
        f.waiver === undefined ? "waived" : `waived until ${f.waiver.expires}: ${f.waiver.reason}`;
      return `${open}\n      <skipped message="${xml(why)}"/>\n      <system-out>${detail}</system-out>\n    </testcase>\n`;
    }
    case "passed":
      return `${open}\n      <system-out>${detail}</system-out>\n    </testcase>\n`;
    case "failure":
      return `${open}\n      <failure type="${f.severity}" message="${xml(f.message)}">${detail}</failure>\n    </testcase>\n`;
  }
}

/**
 * JUnit XML, which most CI systems show as test results, agreeing with `aigw lint`'s exit code:
 * one test suite per linted file (and policy.yaml when it has findings), one test case per
 * finding. Findings at or above `failSeverity` (`--fail-severity`, default `error`) are failures;
 * the others are passing cases with the finding in `<system-out>`, waived ones skipped. A file
 * with no findings has one passing case. Suites carry `timestamp`, `time` and `hostname`.
 */
export const formatJunit: Formatter = (result, options = {}) => {
  const threshold = SEVERITY_RANK[options.failSeverity ?? "error"];
  const outcome = (f: Finding): Outcome =>
    f.waived ? "skipped" : SEVERITY_RANK[f.severity] >= threshold ? "failure" : "passed";
  const at = xml(timestamp(options.startedAt ?? new Date()));
  const time = seconds(options.elapsedMs ?? 0);
  const hostname = xml(options.hostname ?? os.hostname());
  const files = [...result.files];
  for (const f of result.findings) if (!files.includes(f.file)) files.push(f.file);
  let suites = "";
  let total = 0;
  let failures = 0;
  let skipped = 0;
  for (const [id, file] of files.entries()) {
    const findings = result.findings.filter((f) => f.file === file);
    const outcomes = findings.map(outcome);
    const failed = outcomes.filter((o) => o === "failure").length;
    const skip = outcomes.filter((o) => o === "skipped").length;
    const cases =
      findings.length === 0
        ? `    <testcase classname="${xml(file)}" name="aigw lint" time="0.000"/>\n`
        : findings.map((f, i) => testcase(f, outcomes[i]!)).join("");
    const tests = Math.max(1, findings.length);
    total += tests;
    failures += failed;
    skipped += skip;
    suites += `  <testsuite name="${xml(file)}" id="${id}" tests="${tests}" failures="${failed}" errors="0" skipped="${skip}" timestamp="${at}" time="${id === 0 ? time : "0.000"}" hostname="${hostname}">\n${cases}  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aigw lint" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}" timestamp="${at}">\n${suites}</testsuites>\n`;
};
