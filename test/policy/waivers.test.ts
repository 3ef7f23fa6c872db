import { lintText } from "./helpers";

// Waivers follow the verdict: a disallowed-* waiver covers its finding whatever path lets the
// model through; an unrestricted-scope waiver covers only the hygiene finding.
const POLICY = `version: 1
models:
  deny: ["openai:gpt-4-32k"]
providers:
  deny: [deepseek]
`;

const OPEN = `version: 1
accessKeyConfigurations:
  open:
    description: no access
  wide:
    access:
      providers:
        allow:
          - openai
accessKeys:
  ci-bot: {}
`;

/** `rule path waived|open` of every disallowed-* and unrestricted-scope finding. */
function verdicts(gateway: string, waivers: string, base = POLICY): string[] {
  return lintText(gateway, `${base}waivers:${waivers === "" ? " []" : `\n${waivers}`}\n`)
    .filter((f) => f.rule.startsWith("disallowed-") || f.rule === "unrestricted-scope")
    .map((f) => `${f.rule} ${f.path.join(".")} ${f.waived ? "waived" : "open"}`);
}

/** Every disallowed-* and unrestricted-scope finding of OPEN, in order. */
const OPEN_FINDINGS = [
  "disallowed-model accessKeyConfigurations.open",
  "disallowed-provider accessKeyConfigurations.open",
  "unrestricted-scope accessKeyConfigurations.open",
  "disallowed-model accessKeyConfigurations.wide.access.providers.allow.0",
  "unrestricted-scope accessKeyConfigurations.wide.access.providers.allow.0",
  "disallowed-model accessKeys.ci-bot",
  "disallowed-provider accessKeys.ci-bot",
  "unrestricted-scope accessKeys.ci-bot",
];

/** OPEN_FINDINGS with the given ones waived and the others open. */
const marked = (...waived: string[]): string[] =>
  OPEN_FINDINGS.map((f) => `${f} ${waived.includes(f) ? "waived" : "open"}`);

const waiver = (rule: string, target: string, model?: string): string =>
  `  - rule: ${rule}\n    target: ${target}\n${model === undefined ? "" : `    model: "${model}"\n`}    reason: SEC-1\n    expires: 2099-01-01\n`;

describe("waivers of reach findings", () => {
  it("a disallowed-model waiver without model covers the finding through a missing access block", () => {
    expect(verdicts(OPEN, waiver("disallowed-model", "accessKeyConfigurations.open"))).toEqual(
      marked("disallowed-model accessKeyConfigurations.open"),
    );
  });

  it("a disallowed-model waiver with model covers a provider-wide finding about that model only", () => {
    const found = verdicts(
      OPEN,
      waiver("disallowed-model", "accessKeyConfigurations.wide", "openai/GPT-4-32K"),
    );
    expect(found).toContain(
      "disallowed-model accessKeyConfigurations.wide.access.providers.allow.0 waived",
    );
  });

  it("a waiver with model does not cover a finding that also reaches other disallowed models", () => {
    const policy = `version: 1
models:
  deny: ["openai:gpt-4-32k", "*:*-preview"]
`;
    const narrow = verdicts(
      OPEN,
      waiver("disallowed-model", "accessKeyConfigurations.wide", "openai:gpt-4-32k"),
      policy,
    );
    expect(narrow).toContain(
      "disallowed-model accessKeyConfigurations.wide.access.providers.allow.0 open",
    );
    const wide = verdicts(
      OPEN,
      waiver("disallowed-model", "accessKeyConfigurations.wide", "openai:*"),
      policy,
    );
    expect(wide).toContain(
      "disallowed-model accessKeyConfigurations.wide.access.providers.allow.0 waived",
    );
  });

  it("a disallowed-provider waiver covers the access key with no configuration", () => {
    expect(verdicts(OPEN, waiver("disallowed-provider", "accessKeys.ci-bot"))).toContain(
      "disallowed-provider accessKeys.ci-bot waived",
    );
  });

  it("an unrestricted-scope waiver never waives a disallowed-* finding", () => {
    const found = verdicts(
      OPEN,
      waiver("unrestricted-scope", "accessKeyConfigurations.open") +
        waiver("unrestricted-scope", "accessKeys.ci-bot"),
    );
    expect(found).toEqual(
      marked(
        "unrestricted-scope accessKeyConfigurations.open",
        "unrestricted-scope accessKeys.ci-bot",
      ),
    );
  });

  it("an inline unrestricted-scope waiver never waives a disallowed-* finding on the same node", () => {
    const gateway = OPEN.replace(
      "  open:\n",
      "  open: # aigw-ignore unrestricted-scope until 2099-01-01: SEC-2\n",
    ).replace(
      "          - openai\n",
      "          - openai # aigw-ignore unrestricted-scope until 2099-01-01: SEC-3\n",
    );
    expect(verdicts(gateway, "")).toEqual(
      marked(
        "unrestricted-scope accessKeyConfigurations.open",
        "unrestricted-scope accessKeyConfigurations.wide.access.providers.allow.0",
      ),
    );
  });

  it("an inline disallowed-model waiver covers the finding on whatever path, and nothing else", () => {
    const gateway = OPEN.replace(
      "  open:\n",
      "  open: # aigw-ignore disallowed-model until 2099-01-01: SEC-4\n",
    )
      .replace(
        "          - openai\n",
        "          # aigw-ignore disallowed-model until 2099-01-01: SEC-5\n          - openai\n",
      )
      .replace(
        "  ci-bot: {}\n",
        "  ci-bot: {} # aigw-ignore disallowed-provider until 2099-01-01: SEC-6\n",
      );
    expect(verdicts(gateway, "")).toEqual(
      marked(
        "disallowed-model accessKeyConfigurations.open",
        "disallowed-model accessKeyConfigurations.wide.access.providers.allow.0",
        "disallowed-provider accessKeys.ci-bot",
      ),
    );
  });
});
