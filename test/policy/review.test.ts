import { parseGateway } from "../../sdk/gitops/load";
import { reviewGateways } from "../../sdk/policy/review";
import { TODAY, policyOf } from "./helpers";

// aigw review compares findings by rule, path and the models they are about, so a change that
// opens or closes a scope shows its denied models new or fixed under the disallowed-* ids.
const POLICY = policyOf(`version: 1
models:
  deny: ["openai:gpt-4-32k"]
providers:
  deny: [deepseek]
`);

const CLOSED = `version: 1
accessKeyConfigurations:
  team:
    access:
      models: { allow: ["openai:gpt-4o"] }
accessKeys:
  bot: { configuration: team }
`;

const OPENED = `version: 1
accessKeyConfigurations:
  team:
    description: access removed
accessKeys:
  bot: {}
`;

/** The review of `head` against `base` under the policy. */
const review = (base: string, head: string) =>
  reviewGateways(parseGateway(base, "gateway.yaml"), parseGateway(head, "gateway.yaml"), POLICY, {
    today: TODAY,
  });

/** Every finding of an open team configuration and an unlinked bot key. */
const OPEN_FINDINGS = [
  "disallowed-model accessKeyConfigurations.team",
  "disallowed-provider accessKeyConfigurations.team",
  "unrestricted-scope accessKeyConfigurations.team",
  "disallowed-model accessKeys.bot",
  "disallowed-provider accessKeys.bot",
  "unrestricted-scope accessKeys.bot",
];

const summary = (findings: readonly { rule: string; path: readonly (string | number)[] }[]) =>
  findings.map((f) => `${f.rule} ${f.path.join(".")}`);

describe("reviewGateways", () => {
  it("reports disallowed-* findings new when a change opens a scope", () => {
    const report = review(CLOSED, OPENED);
    expect(summary(report.newFindings)).toEqual(OPEN_FINDINGS);
    expect(report.fixedFindings).toEqual([]);
  });

  it("reports them fixed when a change closes the scope again", () => {
    const report = review(OPENED, CLOSED);
    expect(report.newFindings).toEqual([]);
    expect(summary(report.fixedFindings)).toEqual(OPEN_FINDINGS);
  });

  it("a provider-wide scope narrowed to explicit models moves the finding from the provider entry to nothing", () => {
    const wide = `version: 1
accessKeyConfigurations:
  team:
    access:
      providers: { allow: [openai] }
`;
    const narrowed = `${wide}      models: { allow: ["openai:gpt-4o"] }\n`;
    const report = review(wide, narrowed);
    expect(summary(report.fixedFindings)).toEqual([
      "disallowed-model accessKeyConfigurations.team.access.providers.allow.0",
      "unrestricted-scope accessKeyConfigurations.team.access.providers.allow.0",
    ]);
  });
});
