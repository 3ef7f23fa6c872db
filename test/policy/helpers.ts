import { parseGateway } from "../../sdk/gitops/load";
import { policyDiagnostics } from "../../sdk/policy/lint";
import { type Policy, parsePolicy } from "../../sdk/policy/policy";
import type { Finding, PolicyRuleId } from "../../sdk/policy/types";

/** The policy most rule tests run against (the DESIGN.md 4a example, without waivers). */
export const DEFAULT_POLICY = `version: 1
models:
  deny: ["openai:gpt-4-32k", "*:*-preview"]
providers:
  deny: [deepseek]
`;

/** The day tests pin "today" to. */
export const TODAY = "2026-06-01";

/**
 * A gateway.yaml from its top down to the rules of configuration `search`, with the
 * `providerKeys` text (if any) before the configurations; a row appends its rules.
 */
export function searchRules(providerKeys = ""): string {
  return `version: 1
${providerKeys}accessKeyConfigurations:
  search:
    router:
      rules:
`;
}

/** A gateway.yaml from its top down to `models:` in the scope of configuration `research`. */
export const RESEARCH_MODELS = `version: 1
accessKeyConfigurations:
  research:
    access:
      models:
`;

/** A gateway.yaml whose configuration `open` has no access (reported at 3:3-3:7). */
export const NO_ACCESS = `version: 1
accessKeyConfigurations:
  open:
    description: no access at all
`;

/** A gateway.yaml whose access key `ci-bot` has no configuration (reported at 3:3-3:9). */
export const UNLINKED_KEY = `version: 1
accessKeys:
  ci-bot:
    description: unlinked
`;

/** Parses policy text, failing the test when it is invalid. */
export function policyOf(text: string, file = "policy.yaml"): Policy {
  const result = parsePolicy(text, file);
  if (result.policy === undefined) {
    throw new Error(`invalid test policy: ${JSON.stringify(result.diagnostics)}`);
  }
  return result.policy;
}

/** Every finding of a gateway.yaml text under a policy text. */
export function lintText(gateway: string, policy = DEFAULT_POLICY, today = TODAY): Finding[] {
  return policyDiagnostics(parseGateway(gateway, "gateway.yaml"), policyOf(policy), { today });
}

/** A finding as rule tables state it: `line:column-endLine:endColumn` and the message. */
export interface Observed {
  readonly at: string;
  readonly path: string;
  readonly severity: string;
  readonly waived: boolean;
  readonly message: string;
}

/** The findings of one rule, as {@link Observed}. */
export function findingsOf(
  rule: PolicyRuleId,
  gateway: string,
  policy = DEFAULT_POLICY,
  today = TODAY,
): Observed[] {
  return lintText(gateway, policy, today)
    .filter((f) => f.rule === rule)
    .map((f) => ({
      at: `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`,
      path: f.path.join("."),
      severity: f.severity,
      waived: f.waived,
      message: f.message,
    }));
}

/** One row of a rule table: a gateway.yaml (and policy), and the findings it must raise. */
export interface RuleRow {
  readonly name: string;
  readonly gateway: string;
  readonly policy?: string;
  /** Expected findings in order: the range, the path and message fragments; [] must not raise. */
  readonly expect: readonly {
    readonly at: string;
    readonly path?: string;
    readonly severity?: string;
    readonly includes?: readonly string[];
  }[];
}

/** A row over {@link NO_ACCESS}: one finding at configuration `open`, its message including `includes`. */
export function noAccessRow(name: string, ...includes: string[]): RuleRow {
  return {
    name,
    gateway: NO_ACCESS,
    expect: [{ at: "3:3-3:7", path: "accessKeyConfigurations.open", includes }],
  };
}

/** A row over {@link UNLINKED_KEY}: one finding at access key `ci-bot`, including `includes`. */
export function unlinkedKeyRow(name: string, ...includes: string[]): RuleRow {
  return {
    name,
    gateway: UNLINKED_KEY,
    expect: [{ at: "3:3-3:9", path: "accessKeys.ci-bot", includes }],
  };
}

/** Runs a rule table: each row's findings of `rule` must be exactly the expected ones. */
export function ruleTable(rule: PolicyRuleId, rows: readonly RuleRow[]): void {
  it.each(rows.map((row) => [row.name, row] as const))("%s", (_name, row) => {
    const observed = findingsOf(rule, row.gateway, row.policy);
    expect(observed.map((o) => o.at)).toEqual(row.expect.map((e) => e.at));
    for (const [i, e] of row.expect.entries()) {
      const o = observed[i];
      if (o === undefined) continue;
      if (e.path !== undefined) expect(o.path).toBe(e.path);
      if (e.severity !== undefined) expect(o.severity).toBe(e.severity);
      for (const fragment of e.includes ?? []) expect(o.message).toContain(fragment);
    }
  });
}
