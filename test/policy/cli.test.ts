import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { type CliContext, runCli } from "../../cli/program";
import { words } from "../helpers/cli";
import { TODAY } from "./helpers";

const fixtures = path.join(__dirname, "..", "fixtures", "policy");
const golden = path.join(fixtures, "golden", "cli");

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

async function aigw(
  argv: readonly string[],
  cwd = fixtures,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  const out = capture();
  const err = capture();
  const ctx: CliContext = {
    stdout: out.stream,
    stderr: err.stream,
    env: { AIGW_TODAY: TODAY, ...env },
    cwd,
    exitCode: 0,
  };
  const code = await runCli(argv, ctx);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** A golden scenario: what it shows, its golden file, the command line, and the exit code. */
interface Scenario {
  readonly behaviour: string;
  readonly golden: string;
  readonly line: string;
  readonly code: number;
}

/** argv in, exit code, stdout and stderr out, compared with a golden file (`UPDATE_GOLDEN=1` rewrites). */
async function expectScenario(name: string, argv: readonly string[]): Promise<Run> {
  const run = await aigw(argv);
  const actual = `$ aigw ${argv.join(" ")}\n--- exit ${run.code}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
  const file = path.join(golden, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === "1" || !fs.existsSync(file)) {
    fs.mkdirSync(golden, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
  return run;
}

/** One test per scenario: the run matches its golden file and exits with the scenario's code. */
function goldenScenarios(scenarios: readonly Scenario[]): void {
  it.each(scenarios)("$behaviour", async ({ golden, line, code }) => {
    const run = await expectScenario(golden, words(line));
    expect(run.code).toBe(code);
  });
}

describe("aigw lint", () => {
  goldenScenarios([
    {
      behaviour: "prints compiler-style findings and exits 1 on an unwaived error",
      golden: "lint-text",
      line: "lint gateway.yaml --policy policy.yaml",
      code: 1,
    },
    {
      behaviour: "exits 0 for a clean file",
      golden: "lint-clean",
      line: "lint clean.yaml --policy strict-policy.yaml",
      code: 0,
    },
    {
      behaviour: "reports a YAML syntax error as a finding, not a crash",
      golden: "lint-syntax-error",
      line: "lint syntax-error.yaml --policy policy.yaml --format json",
      code: 1,
    },
    {
      behaviour: "exits 2 for a missing policy file",
      golden: "lint-missing-policy",
      line: "lint gateway.yaml --policy no-such-policy.yaml",
      code: 2,
    },
    {
      behaviour: "exits 2 for an invalid policy file, naming each problem's position",
      golden: "lint-invalid-policy",
      line: "lint gateway.yaml --policy invalid-policy.yaml",
      code: 2,
    },
  ]);

  it("never prints a literal secret, in the text code frame or any format, and still marks where it is", async () => {
    const secrets = [
      "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789",
      "sk-proj-ZYXWVUTSRQPONMLKJIHGFEDCBA98765",
      "sk-ant-api03-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "sk-proj-firstlineofaplainscalar",
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-lint-secret-"));
    try {
      fs.writeFileSync(
        path.join(dir, "gateway.yaml"),
        [
          "version: 1",
          "providerKeys:",
          "  a:",
          "    providerId: openai",
          `    value: ${secrets[0]}`,
          "  b:",
          "    providerId: openai",
          `    value: { secret: ${secrets[1]} }`,
          "  c:",
          "    providerId: anthropic",
          `    value: "${secrets[2]}"`,
          "  d:",
          "    providerId: openai",
          `    value: ${secrets[3]}`,
          "      secondlineofthesamescalar",
          "",
        ].join("\n"),
      );
      const policy = path.join(fixtures, "policy.yaml");
      for (const format of ["text", "json", "sarif", "github", "junit", "markdown"]) {
        const run = await aigw(
          ["lint", "gateway.yaml", "--policy", policy, "--format", format],
          dir,
        );
        expect({ format, code: run.code }).toEqual({ format, code: 1 });
        for (const secret of [...secrets, "secondlineofthesamescalar"]) {
          expect({ format, secret, leaked: `${run.stdout}${run.stderr}`.includes(secret) }).toEqual(
            {
              format,
              secret,
              leaked: false,
            },
          );
        }
      }
      const text = await aigw(["lint", "gateway.yaml", "--policy", policy], dir);
      const frame = text.stdout.split("\n").filter((l) => /^ +\d+ \| +value:/.test(l));
      expect(frame).toEqual([
        ` 5 |     value: ${"*".repeat(secrets[0]!.length)}`,
        ` 8 |     value: { secret: ${"*".repeat(secrets[1]!.length)} }`,
        ` 11 |     value: ${"*".repeat(secrets[2]!.length + 2)}`,
        ` 14 |     value: ${"*".repeat(secrets[3]!.length)}`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("honours --fail-severity", async () => {
    const argv = words("lint warn-only.yaml --policy strict-policy.yaml");
    expect((await aigw(argv)).code).toBe(0);
    expect((await aigw([...argv, "--fail-severity", "warn"])).code).toBe(1);
    expect((await aigw([...argv, "--fail-severity", "fatal"])).code).toBe(2);
  });

  it("pairs formats with outputs in order; a format without output goes to stdout", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-lint-"));
    try {
      const run = await aigw(
        [
          "lint",
          path.join(fixtures, "gateway.yaml"),
          "--policy",
          path.join(fixtures, "policy.yaml"),
          "--format",
          "sarif",
          "--output",
          "out/lint.sarif",
          "--format",
          "github",
        ],
        dir,
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^::/);
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, "out", "lint.sarif"), "utf8")) as {
        version: string;
      };
      expect(sarif.version).toBe("2.1.0");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 without --policy, for an unknown format, or an unreadable file", async () => {
    expect((await aigw(words("lint gateway.yaml"))).code).toBe(2);
    const xml = await aigw(words("lint gateway.yaml --policy policy.yaml --format xml"));
    expect(xml.stderr).toContain("must be one of text, json");
    expect(xml.code).toBe(2);
    const missing = await aigw(words("lint nope.yaml --policy policy.yaml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("aigw lint: cannot read nope.yaml (ENOENT); check the path\n");
    const extra = await aigw(
      words(
        "lint gateway.yaml --policy policy.yaml --format json" +
          " --output never-written-1.json --output never-written-2.json",
      ),
    );
    expect(extra.code).toBe(2);
    expect(fs.existsSync(path.join(fixtures, "never-written-1.json"))).toBe(false);
  });

  it("colours text only on a TTY without NO_COLOR", async () => {
    const tty = async (env: NodeJS.ProcessEnv): Promise<string> => {
      const out = capture();
      const stdout = Object.assign(out.stream, { isTTY: true });
      const ctx: CliContext = {
        stdout,
        stderr: capture().stream,
        env: { AIGW_TODAY: TODAY, ...env },
        cwd: fixtures,
        exitCode: 0,
      };
      await runCli(words("lint gateway.yaml --policy policy.yaml"), ctx);
      return out.text();
    };
    expect(await tty({})).toContain("\u001b[");
    expect(await tty({ NO_COLOR: "1" })).not.toContain("\u001b[");
  });
});

describe("aigw lint: a denied model is reported as denied, whatever lets it through", () => {
  // unrestricted.yaml: a configuration with no access, one with providers.allow [openai] and no
  // models.allow, and an access key with no configuration; each lets a client reach the denied
  // openai:gpt-4-32k, and the first and last the denied provider deepseek.
  const SETTINGS = ["off", "warn", "default"] as const;

  goldenScenarios(
    SETTINGS.map((setting) => ({
      behaviour: `exits 1 with disallowed-* findings with unrestricted-scope ${setting}`,
      golden: `lint-unrestricted-${setting}`,
      line: `lint unrestricted.yaml --policy unrestricted-${setting}.yaml`,
      code: 1,
    })),
  );

  it.each(SETTINGS)(
    "reports disallowed-model and disallowed-provider at the nodes that let them through (unrestricted-scope %s)",
    async (setting) => {
      const run = await aigw(
        words(`lint unrestricted.yaml --policy unrestricted-${setting}.yaml --format json`),
      );
      expect(run.code).toBe(1);
      const json = JSON.parse(run.stdout) as {
        diagnostics: {
          rule: string;
          severity: string;
          path: (string | number)[];
          range: { start: { line: number; column: number } };
        }[];
      };
      const verdicts = json.diagnostics
        .filter((d) => d.rule.startsWith("disallowed-"))
        .map(
          (d) =>
            `${d.severity} ${d.rule} ${d.path.join(".")} ${d.range.start.line}:${d.range.start.column}`,
        );
      expect(verdicts).toEqual([
        "error disallowed-model accessKeyConfigurations.open 4:3",
        "error disallowed-provider accessKeyConfigurations.open 4:3",
        "error disallowed-model accessKeyConfigurations.openai-wide.access.providers.allow.0 8:28",
        "error disallowed-model accessKeys.ci-bot 10:3",
        "error disallowed-provider accessKeys.ci-bot 10:3",
      ]);
      const hygiene = json.diagnostics.filter((d) => d.rule === "unrestricted-scope");
      expect(hygiene.map((d) => d.severity)).toEqual(
        setting === "off" ? [] : ["warn", "warn", "warn"],
      );
    },
  );
});

describe("aigw review", () => {
  goldenScenarios([
    {
      behaviour: "summarises a change against a base file in markdown",
      golden: "review-markdown",
      line: "review --base base.yaml gateway.yaml --policy policy.yaml",
      code: 1,
    },
    {
      behaviour: "summarises a change as json",
      golden: "review-json",
      line: "review --base base.yaml gateway.yaml --policy policy.yaml --format json",
      code: 1,
    },
  ]);

  it("reads the base from a git revision of the file's repository", async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-review-"));
    try {
      const git = (...args: string[]): string =>
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@e", ...args], {
          cwd: repo,
          encoding: "utf8",
        });
      git("init", "-q");
      fs.mkdirSync(path.join(repo, "infra"));
      fs.copyFileSync(path.join(fixtures, "base.yaml"), path.join(repo, "infra", "gateway.yaml"));
      git("add", ".");
      git("commit", "-q", "-m", "base");
      fs.copyFileSync(
        path.join(fixtures, "gateway.yaml"),
        path.join(repo, "infra", "gateway.yaml"),
      );
      fs.copyFileSync(path.join(fixtures, "policy.yaml"), path.join(repo, "policy.yaml"));
      const run = await aigw(
        words("review --base HEAD infra/gateway.yaml --policy policy.yaml"),
        repo,
      );
      const fromFile = await aigw(
        words("review --base base.yaml gateway.yaml --policy policy.yaml"),
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      // The same change as against the base file, except for the file names.
      const strip = (s: string): string =>
        s
          .split("\n")
          .slice(3)
          .join("\n")
          .replace(/[^\s`|]*(gateway|base)\.yaml/g, "F");
      expect(strip(run.stdout)).toBe(strip(fromFile.stdout));
      const bad = await aigw(
        words("review --base no-such-rev infra/gateway.yaml --policy policy.yaml"),
        repo,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("neither a file nor a git revision");
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it("exits 2 for a missing policy file", async () => {
    const run = await aigw(words("review --base base.yaml gateway.yaml --policy nope.yaml"));
    expect(run.code).toBe(2);
  });

  it("refuses an empty --base, which would compare the files with themselves", async () => {
    // `--base "$BASE_REF"` with the variable unset: the current directory holds the head files.
    for (const base of ["", "  "]) {
      const run = await aigw(["review", "--base", base, "gateway.yaml", "--policy", "policy.yaml"]);
      expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr:
          "aigw review: --base is empty: give the file, directory or git revision to compare " +
          "with (in CI, check that the variable it comes from is set, such as the pull " +
          "request's base branch)\n",
      });
    }
  });
});

describe("AIGW_TODAY", () => {
  it.each([
    ["garbage", "lint gateway.yaml --policy policy.yaml"],
    [" 2031-01-01", "lint gateway.yaml --policy policy.yaml"],
    ["2030-1-5", "review --base base.yaml gateway.yaml --policy policy.yaml"],
    ["2026-02-30", "review --base base.yaml gateway.yaml --policy policy.yaml"],
  ])("refuses %j, which would expire waivers against no day", async (today, line) => {
    // Compared as text with each waiver's expiry, any of these would expire every waiver or none.
    const run = await aigw(words(line), fixtures, { AIGW_TODAY: today });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `aigw ${line.split(" ")[0]}: AIGW_TODAY=${JSON.stringify(today)} is not a day: set it to YYYY-MM-DD (such as 2026-12-01), or unset it for today's UTC date\n`,
    });
  });
});

describe("aigw lint for CI consumers", () => {
  const sub = path.join(fixtures, "golden");

  it("writes SARIF locations relative to the git top level from a subfolder (golden, validated by the multitool test)", async () => {
    const run = await aigw(
      words("lint ../gateway.yaml --policy ../policy.yaml --format sarif"),
      sub,
    );
    expect(run.code).toBe(1);
    const file = path.join(golden, "lint-subfolder.sarif");
    if (process.env.UPDATE_GOLDEN === "1" || !fs.existsSync(file))
      fs.writeFileSync(file, run.stdout);
    expect(run.stdout).toBe(fs.readFileSync(file, "utf8"));
    expect(run.stdout).toContain('"uri": "test/fixtures/policy/gateway.yaml"');
    expect(run.stdout).not.toContain('"uri": "../');
    expect(run.stdout).not.toContain(fixtures);
  });

  it("writes SARIF locations relative to --base-dir, and names a --base-dir that is not a directory", async () => {
    const run = await aigw(
      words("lint gateway.yaml --policy policy.yaml --format sarif --base-dir ../.."),
    );
    expect(run.stdout).toContain('"uri": "fixtures/policy/gateway.yaml"');
    const bad = await aigw(words("lint gateway.yaml --policy policy.yaml --base-dir nowhere"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--base-dir nowhere is not a directory");
  });

  it("writes JUnit with no failure for a warnings-only lint, and failures with --fail-severity warn", async () => {
    const argv = words("lint warn-only.yaml --policy strict-policy.yaml --format junit");
    const clean = await aigw(argv);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("<testcase");
    expect(clean.stdout).not.toContain("<failure");
    const strict = await aigw([...argv, "--fail-severity", "warn"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('<failure type="warn"');
    expect(strict.stdout).toMatch(
      /<testsuite [^>]*timestamp="[^"]+" time="[^"]+" hostname="[^"]+"/,
    );
  });
});
