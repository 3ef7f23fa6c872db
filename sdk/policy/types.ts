import type { Diagnostic, Severity } from "../core/diagnostics";
import type { ParsedGateway } from "../gitops/load";
import type { SourceLocation } from "../gitops/locator";
import type { ScopeOptions } from "../routing/scope";
import type { Policy, PolicyMatcher } from "./policy";
import type { InlineWaiver } from "./waivers";
import type { ReachFinding } from "./reach";

/** Every lint rule id, in registry order. Ids are stable forever: tools and waivers match on them. */
export const POLICY_RULE_IDS = [
  "disallowed-model",
  "disallowed-provider",
  "disallowed-route",
  "unrestricted-scope",
  "unknown-reference",
  "unknown-provider",
  "unknown-model",
  "plaintext-secret",
  "unreachable-route",
  "no-failover",
  "expired-waiver",
  "schema",
  "yaml-syntax",
  "foreign-reference",
  "timeout-order",
] as const;

/** A lint rule id. */
export type PolicyRuleId = (typeof POLICY_RULE_IDS)[number];

/** A rule's severity in policy.yaml: a diagnostic severity, or `off` to disable the rule. */
export type RuleSeverity = Severity | "off";

/** True when `value` is a lint rule id. */
export function isPolicyRuleId(value: string): value is PolicyRuleId {
  return (POLICY_RULE_IDS as readonly string[]).includes(value);
}

/** The waiver that waived a finding. */
export interface AppliedWaiver {
  /** `policy`: a `waivers` entry of policy.yaml; `inline`: an `# aigw-ignore` comment. */
  readonly source: "policy" | "inline";
  readonly reason: string;
  /** The last day the waiver applies, `YYYY-MM-DD`. */
  readonly expires: string;
  /** Where the waiver is written: `file:line`. */
  readonly at: string;
}

/**
 * One lint finding: a {@link Diagnostic} whose `code` is the rule id (ranges 1-based, end
 * exclusive), marked `waived` when a live waiver covers it. Waived findings are still reported but
 * never fail a run.
 */
export interface Finding extends Diagnostic {
  readonly code: PolicyRuleId;
  readonly rule: PolicyRuleId;
  readonly waived: boolean;
  /** The waiver that applies, when `waived`. */
  readonly waiver?: AppliedWaiver;
  /**
   * The canonical `provider:model` the finding is about, or the first example of the models it
   * is about.
   */
  readonly model?: string;
  /**
   * Every model a `disallowed-*` finding is about, as `provider:model` patterns (`*` any run):
   * an explicit entry's model, or a class such as `openai:*-preview` or `deepseek:*`. A waiver
   * with `model:` covers the finding only when its pattern covers each of them.
   */
  readonly modelPatterns?: readonly string[];
  /** The policy.yaml entry the finding violates, as written (`models.deny[1] "*:*-preview"`). */
  readonly policyEntry?: string;
}

/** What a rule reports: a finding before severity overrides and waivers are applied. */
export interface RuleFinding {
  readonly file: string;
  readonly path: readonly (string | number)[];
  readonly range: Finding["range"];
  readonly message: string;
  /** A severity of the source diagnostic (loader rules); otherwise the rule's default applies. */
  readonly severity?: Severity;
  readonly model?: string;
  readonly modelPatterns?: readonly string[];
  readonly policyEntry?: string;
}

/** Everything a rule reads. */
export interface RuleContext {
  readonly parsed: ParsedGateway;
  readonly policy: Policy;
  /** Answers "does the policy disallow this model or provider?" (memoised). */
  readonly matcher: PolicyMatcher;
  /** How scope entries are read; the same options the routing planner uses. */
  readonly scopeOptions: ScopeOptions;
  /** Today, `YYYY-MM-DD` (injectable for tests). */
  readonly today: string;
  /** The file's `# aigw-ignore` comments, valid or not. */
  readonly inlineWaivers: readonly InlineWaiver[];
  /** The reachability findings of the file, computed once and shared by the scope rules. */
  reach(): readonly ReachFinding[];
}

/**
 * A lint rule: one file per rule under `rules/`, named by its id, listed in the registry in
 * `rules/index.ts`.
 */
export interface PolicyRule {
  readonly id: PolicyRuleId;
  readonly defaultSeverity: Severity;
  /** A short human name (`Disallowed model reachable`): SARIF's rule name, report headings. */
  readonly title: string;
  /** One sentence: what the rule flags. */
  readonly description: string;
  /** How to fix a finding of this rule. */
  readonly help: string;
  check(context: RuleContext): readonly RuleFinding[];
}

/** A location helper for rules: the file, path and range of a located value. */
export function at(
  file: string,
  location: SourceLocation,
): Pick<RuleFinding, "file" | "path" | "range"> {
  return { file, path: location.path, range: location.range };
}
