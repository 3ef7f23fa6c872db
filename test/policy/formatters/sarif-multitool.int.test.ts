// Every golden SARIF file, checked by the SARIF multitool (the validator of the SARIF SDK) with its
// SARIF rules and GitHub's ingestion rules: no error and no warning, only notes.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { credentialWorkspace, leaked, lintCredentials } from "../../helpers/credentials";

const golden = path.join(__dirname, "..", "..", "fixtures", "policy", "golden");

/** The multitool's Linux binary, from the platform package its npm package installs. */
function multitool(): string {
  const pkg = path.dirname(require.resolve("@microsoft/sarif-multitool-linux/package.json"));
  return path.join(pkg, "Sarif.Multitool");
}

function sarifFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sarifFiles(file);
    return entry.name.endsWith(".sarif") ? [file] : [];
  });
}

interface ValidationResult {
  ruleId: string;
  level: string;
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
  message: { text?: string; arguments?: string[] };
}

/** Validates one SARIF file; the validator's results. */
function validate(file: string): ValidationResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-sarif-"));
  try {
    const output = path.join(dir, "validation.sarif");
    const run = spawnSync(
      multitool(),
      [
        "validate",
        "--rule-kind",
        "Sarif;Gh",
        "--level",
        "Error;Warning;Note",
        "--output",
        output,
        file,
      ],
      { encoding: "utf8", env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" } },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const log = JSON.parse(fs.readFileSync(output, "utf8")) as {
      runs: { results?: ValidationResult[] }[];
    };
    return log.runs[0]?.results ?? [];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const problems = (results: readonly ValidationResult[]): string[] =>
  results
    .filter((r) => r.level === "error" || r.level === "warning")
    .map((r) => `${r.level} ${r.ruleId}: ${JSON.stringify(r.message)}`);

describe("golden SARIF files under the SARIF multitool", () => {
  const files = sarifFiles(golden);

  it("finds what GitHub rejects: an absolute file uri", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-sarif-abs-"));
    try {
      const log = JSON.parse(fs.readFileSync(files[0]!, "utf8")) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: object } }[] }[] }[];
      };
      for (const r of log.runs[0]!.results) {
        r.locations[0]!.physicalLocation.artifactLocation = {
          uri: "/home/runner/work/gateway.yaml",
        };
      }
      const file = path.join(dir, "absolute.sarif");
      fs.writeFileSync(file, JSON.stringify(log));
      expect(problems(validate(file)).length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds golden SARIF files to check", () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it("passes a log whose messages and source snippets had credentials redacted", async () => {
    const dir = credentialWorkspace();
    try {
      const run = await lintCredentials(dir, "sarif", "--output", "lint.sarif");
      expect(run.code).toBe(1);
      const text = fs.readFileSync(path.join(dir, "lint.sarif"), "utf8");
      expect(leaked(text)).toEqual([]);
      expect(text).toContain("[REDACTED]");
      const results = validate(path.join(dir, "lint.sarif"));
      expect(results.length).toBeGreaterThan(0);
      expect(problems(results)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(files.map((f) => [path.relative(golden, f), f]))(
    "%s: no errors or warnings with --rule-kind Sarif;Gh",
    (_name, file) => {
      const results = validate(file);
      // The validator ran its rules: it always leaves notes (e.g. SARIF2002) on our logs.
      expect(results.length).toBeGreaterThan(0);
      expect(problems(results)).toEqual([]);
    },
  );
});
