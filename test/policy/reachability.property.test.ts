import fc from "fast-check";
import { stringify } from "yaml";
import { parseGateway } from "../../sdk/gitops/load";
import { formatModelName } from "../../sdk/core/model-name";
import { resolveModel } from "../../sdk/catalog/models";
import { policyDiagnostics } from "../../sdk/policy/lint";
import { accessKeyReaches } from "../../sdk/policy/reach";
import { planRequest } from "../../sdk/routing/planner";
import type { AccessScopeInput, PlanProviderKey } from "../../sdk/routing/types";
import { TODAY, policyOf } from "./helpers";

// The validator's "allows" must be the data plane's accept or reject. The emulator's data plane
// executes `planRequest`, so a model is accepted there exactly when the plan is not rejected at
// the scope stage (a routing rejection, no key left, comes after the scope admitted the model).

const PROVIDERS = ["openai", "anthropic", "groq", "deepseek"] as const;
const MODELS: Record<(typeof PROVIDERS)[number], readonly string[]> = {
  openai: ["gpt-4o", "gpt-4o-mini", "o1-preview", "my-finetune"],
  anthropic: ["claude-sonnet-4-6", "claude-next"],
  groq: ["openai/gpt-oss-20b", "llama-3.3-70b-versatile"],
  deepseek: ["deepseek-chat"],
};

const randomCase = (text: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] === true ? c.toUpperCase() : c)).join(""));

/** A model name in any accepted form: `p:m`, `p/m`, `p:p/m` or bare, model part in any case. */
const modelName: fc.Arbitrary<string> = fc
  .constantFrom(...PROVIDERS)
  .chain((provider) =>
    fc.tuple(fc.constant(provider), fc.constantFrom(...MODELS[provider]), fc.nat(3)),
  )
  .chain(([provider, model, form]) =>
    randomCase(model).map((m) =>
      form === 0
        ? `${provider}:${m}`
        : form === 1
          ? `${provider}/${m}`
          : form === 2
            ? `${provider}:${provider}/${m}`
            : m,
    ),
  );

/** A dimension: absent, `{}` (no allow), or an allow-list (possibly empty). */
const dimension = <T>(entry: fc.Arbitrary<T>): fc.Arbitrary<{ allow?: T[] } | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant({}),
    fc.array(entry, { maxLength: 4 }).map((allow) => ({ allow })),
  );

const access: fc.Arbitrary<AccessScopeInput | undefined> = fc.oneof(
  fc.constant(undefined),
  fc
    .tuple(dimension(fc.constantFrom<string>(...PROVIDERS)), dimension(modelName))
    .map(([providers, models]) => ({
      ...(providers === undefined ? {} : { providers }),
      ...(models === undefined ? {} : { models }),
    })),
);

const PROVIDER_KEYS: PlanProviderKey[] = PROVIDERS.map((p, i) => ({
  id: `aigpk_${p}`,
  providerId: p,
  name: `${p}-key`,
  createdAt: `2026-01-0${i + 1}T00:00:00Z`,
}));

const scenario = fc.record({
  access,
  linked: fc.boolean(),
  request: modelName,
  flow: fc.boolean(),
});

function gatewayText(s: {
  access: AccessScopeInput | undefined;
  linked: boolean;
  flow: boolean;
}): string {
  const doc = {
    version: 1,
    accessKeyConfigurations: { team: s.access === undefined ? {} : { access: s.access } },
    accessKeys: { client: s.linked ? { configuration: "team" } : {} },
  };
  return stringify(doc, { collectionStyle: s.flow ? "flow" : "block" });
}

function dataPlaneAccepts(s: {
  access: AccessScopeInput | undefined;
  linked: boolean;
  request: string;
}): boolean | undefined {
  const plan = planRequest({
    accessKey: { id: "client", accessKeyConfigurationId: s.linked ? "team" : null },
    configuration: s.linked
      ? { id: "team", ...(s.access === undefined ? {} : { access: s.access }) }
      : undefined,
    providerKeys: PROVIDER_KEYS,
    model: s.request,
  });
  if (plan.outcome === "accepted") return true;
  if (plan.rejection.stage === "scope") return false;
  if (plan.rejection.stage === "routing") return true;
  return undefined; // the name does not resolve: neither side is asked about scope
}

describe("reachability equivalence", () => {
  it("the validator's allows equals the data plane's accept for random scopes and names", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const accepted = dataPlaneAccepts(s);
        fc.pre(accepted !== undefined);
        const parsed = parseGateway(gatewayText(s), "gateway.yaml");
        expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(accessKeyReaches(parsed, "client", s.request)).toBe(accepted);
      }),
      { seed: 8, numRuns: 400 },
    );
  });

  it("lint flags the key's scope for a policy denying the model exactly when the data plane accepts it", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const accepted = dataPlaneAccepts(s);
        fc.pre(accepted !== undefined);
        const resolved = resolveModel(s.request); // a request name, as the gateway reads it
        if (resolved.kind === "unknown") return; // dataPlaneAccepts already skipped it
        const denied = formatModelName(resolved.ref);
        const policy = policyOf(`version: 1\nmodels:\n  deny: ${JSON.stringify([denied])}\n`);
        const parsed = parseGateway(gatewayText(s), "gateway.yaml");
        const owner = s.linked ? ["accessKeyConfigurations", "team"] : ["accessKeys", "client"];
        const flagged = policyDiagnostics(parsed, policy, { today: TODAY }).some(
          (f) =>
            ["disallowed-model", "disallowed-provider"].includes(f.rule) &&
            f.path[0] === owner[0] &&
            f.path[1] === owner[1],
        );
        expect(flagged).toBe(accepted);
      }),
      { seed: 9, numRuns: 400 },
    );
  });
});
