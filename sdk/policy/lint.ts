import type { Severity } from "../core/diagnostics";
import type { ParsedGateway } from "../gitops/load";
import type { ScopeOptions } from "../routing/scope";
import { type Policy, PolicyMatcher } from "./policy";
import { type ReachFinding, analyseReach, gatewayScopeOptions } from "./reach";
import { policyWaiverFindings } from "./rules/expired-waiver";
import { POLICY_RULES, getPolicyRule } from "./rules/index";
import type { Finding, PolicyRule, PolicyRuleId, RuleContext, RuleFinding } from "./types";
import { type InlineWaiver, applyWaivers, parseInlineWaivers } from "./waivers";

/** Options of a policy run. */
export interface PolicyLintOptions {
  /** Today, for waiver expiry: a `YYYY-MM-DD` string or a Date (its UTC day). Default: now. */
  readonly today?: string | Date;
  /** How scope entries are read (the routing planner's options); default as the gateway does. */
  readonly scopeOptions?: ScopeOptions;
  /** Include findings about policy.yaml itself (expired waivers); default true. */
  readonly includePolicyFindings?: boolean;
}

/** Counts of unwaived findings by severity, and of waived findings. */
export interface LintSummary {
  readonly error: number;
  readonly warn: number;
  readonly info: number;
  readonly waived: number;
}

/** The result of linting one or more gateway.yaml files. */
export interface LintResult {
  /** The linted files, in the order given. */
  readonly files: readonly string[];
  /** Every finding, sorted by file (as given, then policy.yaml), line, column and rule. */
  readonly findings: readonly Finding[];
  /** The text of every file a finding may point into (linted files and policy.yaml). */
  readonly sources: ReadonlyMap<string, string>;
  readonly summary: LintSummary;
}

/** How severities order, for thresholds: error > warn > info. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warn: 2, info: 1 };

/** `YYYY-MM-DD` of a date option (UTC day), or of now. */
export function todayString(today?: string | Date): string {
  if (typeof today === "string") return today;
  return (today ?? new Date()).toISOString().slice(0, 10);
}

/**
 * Runs every enabled rule over one parsed gateway.yaml and returns the findings, with the
 * policy's severity overrides and waivers applied (waived findings are kept, marked). This is what
 * the Pulumi program calls at plan time (stack config `aigw:policy`) and what `aigw lint` runs per
 * file, so both report the same findings.
 */
export function policyDiagnostics(
  parsed: ParsedGateway,
  policy: Policy,
  options: PolicyLintOptions = {},
): Finding[] {
  const today = todayString(options.today);
  const matcher = new PolicyMatcher(policy);
  const scopeOptions = gatewayScopeOptions(parsed.declaration, options.scopeOptions);
  const inlineWaivers = parseInlineWaivers(parsed.text);
  let reach: ReachFinding[] | undefined;
  const context: RuleContext = {
    parsed,
    policy,
    matcher,
    scopeOptions,
    today,
    inlineWaivers,
    reach: () => (reach ??= analyseReach(parsed, matcher, scopeOptions)),
  };
  const findings: Finding[] = [];
  for (const rule of POLICY_RULES) {
    if (policy.rules.get(rule.id) === "off") continue;
    for (const raw of rule.check(context)) findings.push(toFinding(rule, raw, policy));
  }
  if (options.includePolicyFindings !== false) {
    findings.push(...policyFindings(policy, today));
  }
  const waived = applyWaivers(
    findings,
    policy,
    new Map([[parsed.file, inlineWaivers]]),
    today,
    new Map([[parsed.file, parsed.model.owner?.value]]),
  );
  return sortFindings(waived, [parsed.file, policy.file]);
}

/** Findings about policy.yaml itself (expired `waivers` entries). */
export function policyFindings(policy: Policy, today: string | Date = new Date()): Finding[] {
  if (policy.rules.get("expired-waiver") === "off") return [];
  const rule = getPolicyRule("expired-waiver");
  return policyWaiverFindings(policy, todayString(today)).map((raw) =>
    toFinding(rule, raw, policy),
  );
}

/** Lints several parsed gateway.yaml files under one policy (policy.yaml findings once). */
export function lintGateways(
  files: readonly ParsedGateway[],
  policy: Policy,
  options: PolicyLintOptions = {},
): LintResult {
  const findings: Finding[] = [];
  for (const parsed of files) {
    findings.push(
      ...policyDiagnostics(parsed, policy, { ...options, includePolicyFindings: false }),
    );
  }
  if (options.includePolicyFindings !== false) {
    findings.push(...policyFindings(policy, todayString(options.today)));
  }
  const sources = new Map<string, string>(files.map((f) => [f.file, f.text]));
  sources.set(policy.file, policy.text);
  const order = [...files.map((f) => f.file), policy.file];
  const sorted = sortFindings(findings, order);
  return { files: files.map((f) => f.file), findings: sorted, sources, summary: summarize(sorted) };
}

/** Counts findings: unwaived ones by severity, waived ones apart. */
export function summarize(findings: readonly Finding[]): LintSummary {
  const summary = { error: 0, warn: 0, info: 0, waived: 0 };
  for (const f of findings) {
    if (f.waived) summary.waived++;
    else summary[f.severity]++;
  }
  return summary;
}

/** True when an unwaived finding is at or above the threshold severity (the run fails). */
export function failsThreshold(
  findings: readonly Finding[],
  threshold: Severity = "error",
): boolean {
  return findings.some((f) => !f.waived && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}

function toFinding(rule: PolicyRule, raw: RuleFinding, policy: Policy): Finding {
  const override = policy.rules.get(rule.id);
  const severity =
    override !== undefined && override !== "off"
      ? override
      : (raw.severity ?? rule.defaultSeverity);
  return {
    code: rule.id,
    rule: rule.id,
    severity,
    message: raw.message,
    file: raw.file,
    path: raw.path,
    range: raw.range,
    waived: false,
    ...(raw.model === undefined ? {} : { model: raw.model }),
    ...(raw.modelPatterns === undefined ? {} : { modelPatterns: raw.modelPatterns }),
    ...(raw.policyEntry === undefined ? {} : { policyEntry: raw.policyEntry }),
  };
}

const RULE_ORDER = new Map<PolicyRuleId, number>(POLICY_RULES.map((r, i) => [r.id, i]));

function sortFindings(findings: readonly Finding[], fileOrder: readonly string[]): Finding[] {
  const fileRank = (file: string): number => {
    const i = fileOrder.indexOf(file);
    return i < 0 ? fileOrder.length : i;
  };
  return [...findings].sort(
    (a, b) =>
      fileRank(a.file) - fileRank(b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      (RULE_ORDER.get(a.rule) ?? 0) - (RULE_ORDER.get(b.rule) ?? 0) ||
      a.path.join("/").localeCompare(b.path.join("/")),
  );
}

export type { InlineWaiver };
