import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { loadGatewayFile } from "../../sdk/gitops/load";
import { FORMATTERS, FORMAT_NAMES, type FormatName } from "../../sdk/policy/formatters/index";
import { type LintResult, lintGateways } from "../../sdk/policy/lint";
import { loadPolicyFile } from "../../sdk/policy/policy";
import { TODAY } from "./helpers";

const fixtures = path.join(__dirname, "..", "fixtures", "policy");
const golden = path.join(fixtures, "golden");
const EXTENSIONS: Record<FormatName, string> = {
  text: "txt",
  json: "json",
  sarif: "sarif",
  github: "github.txt",
  junit: "junit.xml",
  markdown: "md",
};

/** Lints the fixture with paths relative to the repository root, as a CI job would. */
function lintFixture(): LintResult {
  const root = path.join(__dirname, "..", "..");
  const rel = (name: string): string => path.relative(root, path.join(fixtures, name));
  const parsed = loadGatewayFile(path.join(fixtures, "gateway.yaml"));
  const policy = loadPolicyFile(path.join(fixtures, "policy.yaml"), rel("policy.yaml"));
  return lintGateways([{ ...parsed, file: rel("gateway.yaml") }], policy, { today: TODAY });
}

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it. */
function expectGolden(name: string, actual: string): void {
  const file = path.join(golden, name);
  if (process.env.UPDATE_GOLDEN === "1" || !fs.existsSync(file)) {
    fs.mkdirSync(golden, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
}

/** Every option that would otherwise read the machine or the clock, fixed. */
const GOLDEN_OPTIONS = {
  color: false,
  cwd: path.join(__dirname, "..", ".."),
  baseDir: path.join(__dirname, "..", ".."),
  startedAt: new Date("2026-06-01T09:30:00.000Z"),
  elapsedMs: 42,
  hostname: "ci-runner",
} as const;

describe("formatters", () => {
  const result = lintFixture();

  it.each(FORMAT_NAMES.map((name) => [name]))("%s matches its golden file", (name) => {
    expectGolden(`lint.${EXTENSIONS[name]}`, FORMATTERS[name](result, GOLDEN_OPTIONS));
  });

  it("text colours only when asked", () => {
    expect(FORMATTERS.text(result, { color: false })).not.toContain("\u001b[");
    expect(FORMATTERS.text(result, { color: true })).toContain("\u001b[31merror\u001b[0m");
  });

  it("json has exactly the documented shape", () => {
    const json = JSON.parse(FORMATTERS.json(result)) as {
      version: number;
      diagnostics: Record<string, unknown>[];
      summary: Record<string, number>;
    };
    expect(json.version).toBe(1);
    expect(Object.keys(json.summary)).toEqual(["error", "warn", "info", "waived"]);
    for (const d of json.diagnostics) {
      expect(Object.keys(d)).toEqual([
        "rule",
        "severity",
        "message",
        "file",
        "path",
        "range",
        "waived",
      ]);
    }
    expect(json.diagnostics.some((d) => d.waived === true)).toBe(true);
  });

  it("sarif validates against the SARIF 2.1.0 schema", () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(fixtures, "sarif-schema-2.1.0.json"), "utf8"),
    ) as Record<string, unknown>;
    // The OASIS schema is draft-04 (`id`, `$schema`); its keywords are draft-07 compatible.
    const { $schema: _draft, id, ...rest } = schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile({ ...rest, $id: String(id) });
    const log = JSON.parse(FORMATTERS.sarif(result)) as unknown;
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("github gives a column only when a range starts and ends on one line", () => {
    const multiLine: LintResult = {
      ...result,
      findings: [
        {
          ...result.findings.find((f) => !f.waived && f.severity === "error")!,
          range: { start: { line: 3, column: 5 }, end: { line: 5, column: 2 } },
          message: "50% done, a:b\nnext",
        },
      ],
    };
    expect(FORMATTERS.github(multiLine, {})).toMatch(
      /^::error file=[^,]+,line=3,endLine=5,title=[^:]+::50%25 done, a:b%0Anext\n$/,
    );
  });
});
