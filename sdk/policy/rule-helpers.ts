import { parseModelName } from "../core/model-name";
import type { AccessKeyConfigurationModel, RouterRuleModel } from "../gitops/model";
import { isGlob } from "./patterns";
import type { Violation } from "./policy";
import type { ReachExample, ReachFinding, ReachPath, ReachRule, ScopeNode } from "./reach";
import type { RuleContext, RuleFinding } from "./types";

/** How a message names a policy violation: `it matches models.deny[1] "*:*-preview" (policy.yaml:3)`. */
export function violationText(violation: Violation): string {
  return violation.deny !== undefined
    ? `it matches ${violation.label}`
    : `it is outside ${violation.label}`;
}

/** One example of a reach finding, as a message names it. */
function exampleText(rule: ReachRule, example: ReachExample): string {
  const provider = parseModelName(example.model).provider ?? "";
  const what =
    rule === "disallowed-provider"
      ? `models of provider "${provider}" such as ${example.model}`
      : isGlob(parseModelName(example.modelPattern).model)
        ? `models of "${provider}" such as ${example.model}`
        : example.model;
  return `${what}: ${violationText(example.violation)}`;
}

/** The examples of a reach finding, `Examples: a; b; c; and 4 more`. */
function examplesText(finding: ReachFinding): string {
  const shown = finding.examples.map((e) => exampleText(finding.rule, e));
  if (finding.more > 0) shown.push(`and ${finding.more} more`);
  return `${finding.examples.length + finding.more === 1 ? "Example" : "Examples"}: ${shown.join("; ")}`;
}

/** How a reach finding's node lets models through, as its message says it. */
function reachPathText(finding: ReachFinding): string {
  switch (finding.path) {
    case "entry":
      return "an explicit allow entry";
    case "provider-wide":
      return `a provider-wide allow: providers.allow "${finding.provider ?? ""}" with no models.allow`;
    case "open-access":
      return "an unrestricted scope: access has neither providers.allow nor models.allow";
    case "no-access":
      return "an unrestricted scope: no access block";
    case "no-configuration":
      return "an unrestricted scope: no configuration";
  }
}

/** `X lets clients of Y` or, when the node is the object itself, `Y lets its clients`. */
function whoText(node: ScopeNode): string {
  return node.subject === node.owner
    ? `${node.owner} lets its clients`
    : `${node.subject} lets clients of ${node.owner}`;
}

/**
 * The findings of one verdict rule, with a message built by `describe`. Each points at the node
 * that admits the models, names the first as its model and the policy entry it violates, and
 * carries every class of models it is about (for waivers with `model:` and for review).
 */
function reachFindings(
  context: RuleContext,
  rule: ReachRule,
  describe: (finding: ReachFinding) => string,
): RuleFinding[] {
  return context
    .reach()
    .filter((f) => f.rule === rule)
    .map((f) => {
      const first = f.examples[0];
      return {
        file: context.parsed.file,
        path: f.location.path,
        range: f.location.range,
        message: describe(f),
        modelPatterns: f.modelPatterns,
        ...(first === undefined ? {} : { model: first.model, policyEntry: first.violation.label }),
      };
    });
}

/**
 * The findings of a verdict rule with its messages: an explicit entry names its one model
 * (`explicit`); any other path names the path, the examples and how to fix it (`fix`, by path).
 * `noun` is what is disallowed, singular and plural (`a disallowed model`, `disallowed models`).
 */
export function verdictFindings(
  context: RuleContext,
  rule: ReachRule,
  noun: readonly [string, string],
  fix: Readonly<Record<ReachPath, string>>,
  explicit: (example: ReachExample) => string,
): RuleFinding[] {
  return reachFindings(context, rule, (f) => {
    const [only] = f.examples;
    if (f.path === "entry" && only !== undefined) {
      return `${whoText(f)} reach ${explicit(only)} through ${reachPathText(f)}: ${violationText(only.violation)}. ${fix.entry}`;
    }
    const what = f.examples.length + f.more === 1 ? noun[0] : noun[1];
    return `${whoText(f)} reach ${what} through ${reachPathText(f)}. ${examplesText(f)}. ${fix[f.path]}`;
  });
}

/**
 * The loader's diagnostics with the given codes, as findings of a rule: the gateway.yaml loader
 * already detects YAML, schema, reference and literal-secret problems, so these rules only
 * surface them (with the loader's severity unless the policy overrides it).
 */
export function loaderFindings(context: RuleContext, codes: readonly string[]): RuleFinding[] {
  return context.parsed.diagnostics
    .filter((d) => codes.includes(d.code))
    .map((d) => ({
      file: d.file,
      path: d.path,
      range: d.range,
      message: d.message,
      severity: d.severity,
    }));
}

/** Each router rule of the file's configurations, in file order, with the configuration it is in. */
export function routerRules(
  context: RuleContext,
): { readonly config: AccessKeyConfigurationModel; readonly rule: RouterRuleModel }[] {
  return [...context.parsed.model.accessKeyConfigurations.values()].flatMap((config) =>
    (config.router?.rules ?? []).map((rule) => ({ config, rule })),
  );
}
