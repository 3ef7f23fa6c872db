// Credentials pasted where they do not belong: into a secret reference, a router's keys, an
// allow-list, a reference or a description. Whatever finding the file gets, and in every format,
// lint, review and explain never print them.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ANTHROPIC,
  credentialWorkspace,
  GROQ,
  OPENAI,
  ROUTED,
  aigwIn,
  leaked,
  lintCredentials,
} from "../helpers/credentials";

let dir: string;

beforeEach(() => {
  dir = credentialWorkspace();
  fs.writeFileSync(path.join(dir, "base.yaml"), "version: 1\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function aigw(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return aigwIn(dir, argv);
}

describe("credentials written into a gateway file", () => {
  it.each(["text", "json", "sarif", "github", "junit", "markdown"])(
    "never appear in lint --format %s",
    async (format) => {
      const run = await lintCredentials(dir, format);
      expect(run.code).toBe(1);
      expect(leaked(run.out + run.err)).toEqual([]);
    },
  );

  it("are masked in the text format's source lines with the caret still under its node", async () => {
    const run = await aigw(["lint", "gateway.yaml", "--policy", "policy.yaml"]);
    const lines = run.out.split("\n");
    // The unknown reference of ak1 is on the line that also holds the token in its description.
    const at = lines.findIndex((l) => /unknown-reference/.test(l) && l.includes("ak1"));
    expect(at).toBeGreaterThan(-1);
    const source = lines.slice(at + 1).find((l) => l.includes("configuration:"))!;
    const caret = lines[lines.indexOf(source) + 1]!;
    expect(source).toMatch(/configuration: sk-\*{30,} \}/);
    expect(source.indexOf("sk-*")).toBe(caret.indexOf("^"));
  });

  it.each(["markdown", "json"])("never appear in review --format %s", async (format) => {
    const run = await aigw([
      "review",
      "--base",
      "base.yaml",
      "gateway.yaml",
      "--policy",
      "policy.yaml",
      "--format",
      format,
    ]);
    expect(run.code).toBe(1);
    expect(leaked(run.out + run.err)).toEqual([]);
  });

  it.each(["markdown", "json"])(
    "never appear in review --format %s from a failed preview's error",
    async (format) => {
      const failed = JSON.parse(
        fs.readFileSync(
          path.join(__dirname, "..", "fixtures", "preview", "preview-failed.json"),
          "utf8",
        ),
      ) as { diagnostics: { message: string }[] };
      failed.diagnostics[0]!.message = `error: the upstream refused ${OPENAI} and ${GROQ}\n`;
      fs.writeFileSync(path.join(dir, "preview.json"), JSON.stringify(failed));
      const run = await aigw([
        "review",
        "--base",
        "base.yaml",
        "base.yaml",
        "--policy",
        "policy.yaml",
        "--preview",
        "preview.json",
        "--format",
        format,
      ]);
      expect(run.err).toBe("");
      expect(run.out).toContain("the upstream refused [REDACTED] and [REDACTED]");
      expect(leaked(run.out)).toEqual([]);
    },
  );

  it.each(["text", "json"])("never appear in explain --format %s", async (format) => {
    const run = await aigw([
      "explain",
      "gateway.yaml",
      "--access-key",
      OPENAI,
      "--model",
      ANTHROPIC,
      "--models",
      ROUTED,
      "--format",
      format,
    ]);
    expect(leaked(run.out + run.err)).toEqual([]);
    expect(run.out + run.err).toContain("[REDACTED]");
  });
});

describe("control characters a file or an option holds", () => {
  // A YAML double-quoted string may hold escapes: \e]0;…\a sets a terminal's title, \e[31m its
  // colour. Printed as they are, a file under review could rewrite what a CI log or a terminal shows.
  // eslint-disable-next-line no-control-regex -- what the output must not hold
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it("are printed as visible symbols in lint's text, message and source line alike", async () => {
    fs.writeFileSync(
      path.join(dir, "gateway.yaml"),
      'version: 1\naccessKeys:\n  ak1: { configuration: "\\e]0;pwned\\a\\e[31mred\\x85" }\n  ak2: { configuration: "tab\\tand\\u0000nul" }\n',
    );
    const run = await aigw(["lint", "gateway.yaml", "--policy", "policy.yaml"]);
    expect(run.code).toBe(1);
    expect(run.out).not.toMatch(CONTROL);
    expect(run.out).toContain("␛]0;pwned␇␛[31mred");
  });

  it("are printed as visible symbols in explain's text", async () => {
    fs.writeFileSync(path.join(dir, "gateway.yaml"), "version: 1\naccessKeys:\n  ak1: {}\n");
    const run = await aigw([
      "explain",
      "gateway.yaml",
      "--access-key",
      "ak1",
      "--model",
      "openai:gpt\u001b[2J-4o",
    ]);
    expect(run.out + run.err).not.toMatch(CONTROL);
    expect(run.out).toContain("openai:gpt␛[2J-4o");
  });
});
