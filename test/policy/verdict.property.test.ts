import { BUILTIN_CATALOG } from "../../sdk/catalog/catalog";
import fc from "fast-check";
import { compileModelPattern } from "../../sdk/policy/patterns";
import { parseGateway } from "../../sdk/gitops/load";
import type { AccessKeyConfigurationModel, GatewayModel } from "../../sdk/gitops/model";
import { policyDiagnostics } from "../../sdk/policy/lint";
import { PolicyMatcher } from "../../sdk/policy/policy";
import { POLICY_RULE_IDS, type Finding } from "../../sdk/policy/types";
import { isExpired, parseInlineWaivers } from "../../sdk/policy/waivers";
import { parseModelName } from "../../sdk/core/model-name";
import { type RoutingPlan, planRequest } from "../../sdk/routing/planner";
import {
  type AccountPlanInput,
  configurationFromModel,
  declaredId,
  declaredPlanInput,
} from "../../sdk/routing/inputs";
import type { ScopeAdmission } from "../../sdk/routing/scope";
import { TODAY, policyOf } from "./helpers";

// The validator's one sentence: flag every configuration that allows a disallowed model, under
// the disallowed-* rule ids whatever lets it through. Random gateway.yaml files and policies; for
// each access key (and each configuration, through a probe key linked to it) and each candidate
// model, the routing planner the data plane runs says whether the request is admitted. Both
// directions are asserted: every admitted, disallowed, unwaived pair is covered by an unwaived
// disallowed-* error at the node that admits it; every disallowed-* finding names a model the
// planner admits for the object it reports on, and that the policy disallows in its dimension.

/** Providers of the generated files: built-in, custom (declared), unknown, a case variant. */
const PROVIDERS = [
  "openai",
  "anthropic",
  "groq",
  "deepseek",
  "google",
  "local-llm",
  "mistral",
  "acme",
  "OpenAI",
] as const;

/** Models per provider: catalogued and not, matching the policy patterns below or not. */
const MODELS: Readonly<Record<string, readonly string[]>> = {
  openai: ["gpt-4o", "gpt-4o-mini", "gpt-4-32k", "o1-preview", "zz-preview", "my-finetune"],
  anthropic: ["claude-sonnet-4-6", "claude-next-preview"],
  groq: ["openai/gpt-oss-20b", "llama-3.3-70b-versatile"],
  deepseek: ["deepseek-chat", "new-thing"],
  google: ["gemini-2.5-pro"],
  "local-llm": ["llama-3.1-8b", "other"],
  mistral: ["mistral-large"],
  acme: ["rocket"],
  OpenAI: ["gpt-4-32k"],
};

/**
 * What clients request: every model above by its canonical name, and bare names the catalog
 * resolves (taken from the catalog in use, one in upper case). Unknown bare names are left out:
 * the gateway rejects them before the scope, as it does the unknown providers above, and the
 * planner's spelling suggestion for each would dominate the run time.
 */
const CANDIDATES = [
  ...Object.entries(MODELS).flatMap(([p, models]) => models.map((m) => `${p}:${m}`)),
  ...["openai", "deepseek", "groq"].flatMap((p) => {
    const model = BUILTIN_CATALOG.modelsOf(p)[0]?.model;
    return model === undefined ? [] : [model];
  }),
  ...BUILTIN_CATALOG.modelsOf("anthropic")
    .slice(0, 1)
    .map((m) => m.model.toUpperCase()),
];

const MODEL_PATTERNS = [
  "openai:gpt-4-32k",
  "*:*-preview",
  "openai/GPT-4O",
  "gpt-4o-mini",
  "deepseek:*",
  "groq:openai/*",
  "*:llama*",
  "local-llm:*",
  "mistral:*",
  "acme:*",
  "openai:gpt-4o*",
  "anthropic:*",
  "*",
];
const PROVIDER_PATTERNS = ["deepseek", "g*", "local-*", "mistral", "acme", "openai", "*"];
const VERDICT_RULES = ["disallowed-model", "disallowed-provider"] as const;
const WAIVABLE = [...VERDICT_RULES, "unrestricted-scope"] as const;
const OTHER_RULES = POLICY_RULE_IDS.filter(
  (r) => !(VERDICT_RULES as readonly string[]).includes(r),
);
const DATES = ["2099-01-01", "2020-01-01"] as const;

const randomCase = (text: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] === true ? c.toUpperCase() : c)).join(""));

/** A models.allow entry in any accepted form: `p:m`, `p/m`, `p:p/m` or bare, any case. */
const modelEntry: fc.Arbitrary<string> = fc
  .constantFrom(...PROVIDERS)
  .chain((p) => fc.tuple(fc.constant(p), fc.constantFrom(...(MODELS[p] ?? [])), fc.nat(3)))
  .chain(([p, model, form]) =>
    randomCase(model).map((m) =>
      form === 0 ? `${p}:${m}` : form === 1 ? `${p}/${m}` : form === 2 ? `${p}:${p}/${m}` : m,
    ),
  );

/** An inline waiver placed on the line above a node, or none. */
const inline = fc.option(
  fc.record({ rule: fc.constantFrom(...WAIVABLE), expires: fc.constantFrom(...DATES) }),
  { freq: 3 },
);
type Inline = { rule: string; expires: string } | null;

/** A dimension: absent, `{}`, an allow-list (maybe empty), or an alias of an earlier one. */
type Dimension =
  | { kind: "absent" }
  | { kind: "open" }
  | { kind: "list"; entries: { value: string; waiver: Inline }[] }
  | { kind: "alias"; of: number };
const dimension = (entry: fc.Arbitrary<string>): fc.Arbitrary<Dimension> =>
  fc.oneof(
    { arbitrary: fc.constant<Dimension>({ kind: "absent" }), weight: 2 },
    { arbitrary: fc.constant<Dimension>({ kind: "open" }), weight: 1 },
    {
      arbitrary: fc
        .array(fc.record({ value: entry, waiver: inline }), { maxLength: 3 })
        .map((entries): Dimension => ({ kind: "list", entries })),
      weight: 4,
    },
    { arbitrary: fc.nat(2).map((of): Dimension => ({ kind: "alias", of })), weight: 1 },
  );

type Access =
  | { kind: "absent" }
  | { kind: "alias"; of: number }
  | { kind: "scope"; waiver: Inline; providers: Dimension; models: Dimension };
const access: fc.Arbitrary<Access> = fc.oneof(
  { arbitrary: fc.constant<Access>({ kind: "absent" }), weight: 1 },
  { arbitrary: fc.nat(2).map((of): Access => ({ kind: "alias", of })), weight: 1 },
  {
    arbitrary: fc
      .record({
        waiver: inline,
        providers: dimension(fc.constantFrom(...PROVIDERS)),
        models: dimension(modelEntry),
      })
      .map((s): Access => ({ kind: "scope", ...s })),
    weight: 4,
  },
);

const gatewaySpec = fc.record({
  customProvider: fc.boolean(),
  groqKey: fc.boolean(),
  configurations: fc.array(fc.record({ waiver: inline, access }), { minLength: 1, maxLength: 3 }),
  keys: fc.array(fc.record({ waiver: inline, configuration: fc.option(fc.nat(3)) }), {
    minLength: 1,
    maxLength: 3,
  }),
});
type GatewaySpec = typeof gatewaySpec extends fc.Arbitrary<infer T> ? T : never;

const comment = (waiver: Inline, indent: string): string =>
  waiver === null
    ? ""
    : `${indent}# aigw-ignore ${waiver.rule} until ${waiver.expires}: generated\n`;

/** The gateway.yaml of a spec, in block style so every node has a line of its own. */
function gatewayText(spec: GatewaySpec): string {
  let text = "version: 1\n";
  if (spec.customProvider) {
    text +=
      "providers:\n  local-llm:\n    providerId: local-llm\n    baseUrl: https://llm.internal\n    models: [llama-3.1-8b]\n";
  }
  if (spec.groqKey) {
    text += "providerKeys:\n  groq-key:\n    providerId: groq\n    value: { env: GROQ_KEY }\n";
  }
  text += "accessKeyConfigurations:\n";
  const anchors = {
    access: new Set<number>(),
    providers: new Set<number>(),
    models: new Set<number>(),
  };
  const writeDimension = (name: "providers" | "models", d: Dimension, i: number): string => {
    if (d.kind === "absent") return "";
    if (d.kind === "open") return `      ${name}: {}\n`;
    if (d.kind === "alias") {
      const of = d.of % (i + 1);
      if (of === i || !anchors[name].has(of)) return `      ${name}: {}\n`;
      return `      ${name}:\n        allow: *${name}${of}\n`;
    }
    anchors[name].add(i);
    if (d.entries.length === 0) return `      ${name}:\n        allow: &${name}${i} []\n`;
    const entries = d.entries
      .map((e) => `${comment(e.waiver, "          ")}          - ${JSON.stringify(e.value)}\n`)
      .join("");
    return `      ${name}:\n        allow: &${name}${i}\n${entries}`;
  };
  for (const [i, c] of spec.configurations.entries()) {
    text += `${comment(c.waiver, "  ")}  c${i}:\n    description: generated\n`;
    const a = c.access;
    if (a.kind === "alias") {
      const of = a.of % (i + 1);
      if (of !== i && anchors.access.has(of)) text += `    access: *access${of}\n`;
    } else if (a.kind === "scope") {
      anchors.access.add(i);
      const body =
        writeDimension("providers", a.providers, i) + writeDimension("models", a.models, i);
      text += `${comment(a.waiver, "    ")}    access: &access${i}${body === "" ? " {}" : ""}\n${body}`;
    }
  }
  text += "accessKeys:\n";
  for (const [i, k] of spec.keys.entries()) {
    const linked =
      k.configuration === null ? undefined : k.configuration % spec.configurations.length;
    text += `${comment(k.waiver, "  ")}  k${i}:\n    description: generated\n`;
    if (linked !== undefined) text += `    configuration: c${linked}\n`;
  }
  return text;
}

const patterns = <T extends string>(pool: readonly T[]): fc.Arbitrary<T[]> =>
  fc.uniqueArray(fc.constantFrom(...pool), { maxLength: 3 });

const policySpec = fc.record({
  modelDeny: patterns(MODEL_PATTERNS),
  modelAllow: fc.option(patterns(MODEL_PATTERNS)),
  providerDeny: patterns(PROVIDER_PATTERNS),
  providerAllow: fc.option(patterns(PROVIDER_PATTERNS)),
  rules: fc.array(fc.option(fc.constantFrom("error", "warn", "info", "off")), {
    minLength: OTHER_RULES.length,
    maxLength: OTHER_RULES.length,
  }),
  waivers: fc.array(
    fc.record({
      rule: fc.constantFrom(...WAIVABLE),
      target: fc.tuple(fc.boolean(), fc.nat(2)),
      model: fc.option(fc.constantFrom(...MODEL_PATTERNS, ...CANDIDATES.slice(0, 8))),
      expires: fc.constantFrom(...DATES),
    }),
    { maxLength: 3 },
  ),
});
type PolicySpec = typeof policySpec extends fc.Arbitrary<infer T> ? T : never;

function policyText(spec: PolicySpec): string {
  const list = (items: readonly string[]): string => JSON.stringify(items);
  let text = "version: 1\n";
  text += `models:\n  deny: ${list(spec.modelDeny)}\n`;
  if (spec.modelAllow !== null) text += `  allow: ${list(spec.modelAllow)}\n`;
  text += `providers:\n  deny: ${list(spec.providerDeny)}\n`;
  if (spec.providerAllow !== null) text += `  allow: ${list(spec.providerAllow)}\n`;
  const rules = OTHER_RULES.flatMap((id, i) => {
    const severity = spec.rules[i];
    return severity === null || severity === undefined ? [] : [`  ${id}: "${severity}"\n`];
  });
  if (rules.length > 0) text += `rules:\n${rules.join("")}`;
  text += `waivers:${spec.waivers.length === 0 ? " []" : ""}\n`;
  for (const w of spec.waivers) {
    const [onKey, n] = w.target;
    text += `  - rule: ${w.rule}\n    target: ${onKey ? `accessKeys.k${n}` : `accessKeyConfigurations.c${n}`}\n`;
    if (w.model !== null) text += `    model: ${JSON.stringify(w.model)}\n`;
    text += `    reason: generated\n    expires: ${w.expires}\n`;
  }
  return text;
}

/** Who a finding or a pair is about: an access key with no configuration, or a configuration. */
interface Owner {
  readonly path: readonly [string, string];
  readonly input: AccountPlanInput;
  readonly config: AccessKeyConfigurationModel | undefined;
  readonly keyLine: number;
}

/** Every access key with no configuration, and every configuration (through a probe key). */
function owners(model: GatewayModel): Owner[] {
  const keys = [...model.accessKeys.values()];
  const first = keys[0];
  if (first === undefined) return [];
  const found: Owner[] = [];
  for (const key of keys) {
    if (key.configuration !== undefined) continue;
    found.push({
      path: ["accessKeys", key.logicalName],
      input: declaredPlanInput(model, key),
      config: undefined,
      keyLine: key.key.range.start.line,
    });
  }
  const account = declaredPlanInput(model, first);
  for (const config of model.accessKeyConfigurations.values()) {
    const id = declaredId("accessKeyConfigurations", config.logicalName);
    found.push({
      path: ["accessKeyConfigurations", config.logicalName],
      input: {
        ...account,
        accessKey: { id: "probe", accessKeyConfigurationId: id },
        configuration: configurationFromModel(config),
      },
      config,
      keyLine: config.key.range.start.line,
    });
  }
  return found;
}

/** The scope admission of a request the planner admits (routed, or rejected only for want of a key). */
function admission(plan: RoutingPlan): { model: string; scope: ScopeAdmission } | undefined {
  if (plan.outcome === "rejected" && plan.rejection.stage !== "routing") return undefined;
  const candidate = plan.candidates[0];
  if (candidate?.outcome !== "routed") return undefined;
  return { model: candidate.modelName, scope: candidate.scope };
}

/** The path of the node that admits a model, as the planner's admission names it. */
function admittingNode(owner: Owner, scope: ScopeAdmission): string {
  const access = owner.config?.access;
  if (owner.config === undefined || access === undefined) return owner.path.join(".");
  const { models, providers } = scope.admittedBy;
  const at = (...rest: (string | number)[]): string => [...owner.path, "access", ...rest].join(".");
  if (models !== "unrestricted") return at("models", "allow", models);
  if (providers !== "unrestricted") return at("providers", "allow", providers);
  return at();
}

/** The rules a model violates: disallowed-provider for its provider, disallowed-model for itself. */
function violatedRules(matcher: PolicyMatcher, model: string): string[] {
  const ref = parseModelName(model);
  if (ref.provider === undefined) return [];
  const target = { provider: ref.provider, model: ref.model };
  return [
    ...(matcher.providerViolation(ref.provider) === undefined ? [] : ["disallowed-provider"]),
    ...(matcher.modelViolation(target) === undefined ? [] : ["disallowed-model"]),
  ];
}

const compiled = new Map<string, ReturnType<typeof compileModelPattern>>();
/** True when one of the finding's model patterns covers the model. */
function covers(finding: Finding, model: string): boolean {
  const ref = parseModelName(model);
  return (finding.modelPatterns ?? []).some((p) => {
    let pattern = compiled.get(p);
    if (pattern === undefined) compiled.set(p, (pattern = compileModelPattern(p)));
    return pattern.matches(ref);
  });
}

/**
 * Checks one generated case; returns how many (object, model) pairs were admitted and
 * disallowed, so the test can show the generator reaches the interesting cases.
 */
function checkCase(gateway: string, policyYaml: string): number {
  const parsed = parseGateway(gateway, "gateway.yaml");
  if (parsed.diagnostics.some((d) => d.severity === "error")) {
    throw new Error(
      `generated gateway.yaml is invalid: ${JSON.stringify(parsed.diagnostics)}\n${gateway}`,
    );
  }
  const policy = policyOf(policyYaml);
  const matcher = new PolicyMatcher(policy);
  const findings = policyDiagnostics(parsed, policy, { today: TODAY });
  const verdicts = findings.filter((f) => (VERDICT_RULES as readonly string[]).includes(f.rule));
  const inlineWaivers = parseInlineWaivers(gateway);
  const all = owners(parsed.model);
  let pairs = 0;

  // No false negatives: every admitted, disallowed pair is covered at the admitting node, and a
  // waived finding is waived by a waiver that covers this pair.
  for (const owner of all) {
    for (const candidate of CANDIDATES) {
      const admitted = admission(planRequest({ ...owner.input, model: candidate }));
      if (admitted === undefined) continue;
      for (const rule of violatedRules(matcher, admitted.model)) {
        pairs++;
        const node = admittingNode(owner, admitted.scope);
        const finding = verdicts.find(
          (f) => f.rule === rule && f.path.join(".") === node && covers(f, admitted.model),
        );
        const where = `${rule} for ${admitted.model} at ${node}`;
        if (finding === undefined || finding.severity !== "error") {
          throw new Error(
            `no ${where}; findings: ${JSON.stringify(verdicts.map((f) => [f.rule, f.path.join("."), f.modelPatterns]))}`,
          );
        }
        if (!finding.waived) continue;
        const legit =
          finding.waiver?.source === "inline"
            ? inlineWaivers.some(
                (w) =>
                  w.rule === rule &&
                  w.covers === finding.range.start.line &&
                  w.expires !== undefined &&
                  !isExpired(w.expires, TODAY),
              )
            : policy.waivers.some(
                (w) =>
                  w.rule === rule &&
                  // The generated waivers all have a target (its files declare no owner:).
                  w.target !== undefined &&
                  `${w.target.section}.${w.target.name}` === owner.path.join(".") &&
                  !isExpired(w.expires, TODAY) &&
                  (w.model === undefined || w.model.matches(parseModelName(admitted.model))),
              );
        if (!legit) throw new Error(`${where} is waived by a waiver that does not cover it`);
      }
    }
  }

  // No false positives: each finding names a model the planner admits for the object it is
  // on, and that the policy disallows in the finding's dimension.
  for (const f of verdicts) {
    const owner = all.find((o) => o.path[0] === f.path[0] && o.path[1] === f.path[1]);
    if (owner === undefined || f.model === undefined) {
      throw new Error(`${f.rule} at ${f.path.join(".")} names no model or no owner`);
    }
    const admitted = admission(planRequest({ ...owner.input, model: f.model }));
    if (admitted === undefined || !violatedRules(matcher, admitted.model).includes(f.rule)) {
      throw new Error(
        `${f.rule} at ${f.path.join(".")} names ${f.model}, which is not an admitted violation`,
      );
    }
  }
  return pairs;
}

describe("the verdict invariant", () => {
  it("every admitted disallowed model is a disallowed-* error, and every such error is one (1,000 cases)", () => {
    let interesting = 0;
    fc.assert(
      fc.property(gatewaySpec, policySpec, (g, p) => {
        if (checkCase(gatewayText(g), policyText(p)) > 0) interesting++;
      }),
      { seed: 14, numRuns: 1000 },
    );
    // Most cases must exercise the invariant, not pass vacuously.
    expect(interesting).toBeGreaterThan(600);
  });
});
