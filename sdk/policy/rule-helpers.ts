import { parseModelName } from "../core/model-name";
import { isGlob } from "./patterns";
import type { Violation } from "./policy";
import type { ReachFinding, ReachRule } from "./reach";
import type { RuleContext, RuleFinding } from "./types";

/** How a message names a policy violation: `it matches models.deny[1] "*:*-preview" (policy.yaml:3)`. */
export function violationText(violation: Violation): string {
  return violation.deny !== undefined
    ? `it matches ${violation.label}`
    : `it is outside ${violation.label}`;
}

/** One example of a reach finding, as a message names it. */
function exampleText(example: ReachFinding["examples"][number], explicit: boolean): string {
  const ref = parseModelName(example.model);
  const what =
    example.violation.dimension === "providers"
      ? `any model of provider "${ref.provider ?? ""}"`
      : explicit
        ? example.model
        : example.violation.deny !== undefined
          ? isGlob(example.violation.deny.pattern.text)
            ? `models of "${ref.provider ?? ""}" such as ${example.model}`
            : example.model
          : `models of "${ref.provider ?? ""}" such as ${example.model}`;
  return `${what}: ${violationText(example.violation)}`;
}

/** The examples of a reach finding, `a; b; c`. */
export function examplesText(finding: ReachFinding): string {
  return finding.examples.map((e) => exampleText(e, finding.explicit)).join("; ");
}

/**
 * The findings of one reachability rule, with a message built by `describe`. Each points at the
 * node that admits the model and names the policy entry it violates.
 */
export function reachFindings(
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
        ...(f.explicit && first !== undefined ? { model: first.model } : {}),
        ...(first === undefined ? {} : { policyEntry: first.violation.label }),
      };
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
