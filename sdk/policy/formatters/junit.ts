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

function testcase(f: Finding): string {
  const location = `${f.file}:${f.range.start.line}:${f.range.start.column}`;
  const open = `    <testcase classname="${xml(f.file)}" name="${xml(`${f.rule} ${location}`)}">`;
  if (f.waived) {
    const why =
      f.waiver === undefined ? "waived" : `waived until ${f.waiver.expires}: ${f.waiver.reason}`;
    return `${open}\n      <skipped message="${xml(why)}"/>\n    </testcase>\n`;
  }
  if (f.severity === "info") {
    return `${open}\n      <system-out>${xml(`${location} ${f.message}`)}</system-out>\n    </testcase>\n`;
  }
  return `${open}\n      <failure type="${f.severity}" message="${xml(f.message)}">${xml(`${location} [${f.path.join(".")}] ${f.message}`)}</failure>\n    </testcase>\n`;
}

/**
 * JUnit XML, which most CI systems show as test results: one test suite per linted file (and
 * policy.yaml when it has findings), one test case per finding; errors and warnings are failures,
 * waived findings are skipped. A file with no findings has one passing case.
 */
export const formatJunit: Formatter = (result) => {
  const files = [...result.files];
  for (const f of result.findings) if (!files.includes(f.file)) files.push(f.file);
  let suites = "";
  let total = 0;
  let failures = 0;
  let skipped = 0;
  for (const file of files) {
    const findings = result.findings.filter((f) => f.file === file);
    const failed = findings.filter((f) => !f.waived && f.severity !== "info").length;
    const skip = findings.filter((f) => f.waived).length;
    const cases =
      findings.length === 0
        ? `    <testcase classname="${xml(file)}" name="aigw lint"/>\n`
        : findings.map(testcase).join("");
    const tests = Math.max(1, findings.length);
    total += tests;
    failures += failed;
    skipped += skip;
    suites += `  <testsuite name="${xml(file)}" tests="${tests}" failures="${failed}" errors="0" skipped="${skip}">\n${cases}  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aigw lint" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites}</testsuites>\n`;
};
