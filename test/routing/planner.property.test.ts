import fc from "fast-check";
import { planRequest } from "../../sdk/routing/planner";
import { accessKeyAllows, scopeAdmits } from "../../sdk/routing/scope";
import type { AccessScopeInput, PlanConfiguration, RouterRuleInput } from "../../sdk/routing/types";
import { customProviders, linkedKey, providerKeys, stepKey, unlinkedKey } from "./fixtures";

// Request names in every accepted form; each resolves, and each has credentials under the
// router below (user keys for every provider with a key, ngrok for priced Google models).
const requestNames = [
  "openai:gpt-4o",
  "openai/gpt-4o-mini",
  "openai:GPT-4o",
  "openai:openai/gpt-4.1",
  "gpt-4o",
  "o3-mini",
  "openai:gpt-9-experimental",
  "claude-sonnet-4-6",
  "anthropic:claude-opus-4-1",
  "anthropic/Claude-3-5-Haiku",
  "google:gemini-3.5-flash",
  "gemini-3.6-flash",
  "my-ollama:llama3.2",
  "my-ollama:Llama3.2",
  "aigp_ollama:llama3.2",
  "groq:openai/gpt-oss-20b",
  "groq:llama-3.3-70b-versatile",
];

const providerEntries = [
  "openai",
  "anthropic",
  "google",
  "groq",
  "my-ollama",
  "aigp_ollama",
  "deepseek",
];
const modelEntries = [
  "openai:gpt-4o",
  "openai:openai/gpt-4o",
  "openai/gpt-4o-mini",
  "gpt-4o",
  "openai:O3-MINI",
  "anthropic/claude-sonnet-4-6",
  "anthropic:anthropic/claude-opus-4-1",
  "google/gemini-3.6-flash",
  "my-ollama/llama3.2",
  "groq:openai/gpt-oss-20b",
  "groq:gpt-oss-20b",
  "deepseek:deepseek-chat",
];

const dimension = (entries: string[]) =>
  fc.option(
    fc.record({ allow: fc.option(fc.subarray(entries), { nil: undefined }) }, { requiredKeys: [] }),
    { nil: undefined },
  );

const access: fc.Arbitrary<AccessScopeInput | undefined> = fc.option(
  fc.record(
    { providers: dimension(providerEntries), models: dimension(modelEntries) },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const keyRule = (provider: string): RouterRuleInput => ({
  provider,
  steps: [
    {
      type: "user",
      keys: providerKeys.filter((k) => k.providerId === provider).map((k) => stepKey(k.id)),
    },
  ],
});

const router = {
  rules: [
    keyRule("openai"),
    keyRule("anthropic"),
    keyRule("my-ollama"),
    keyRule("groq"),
    { provider: "google", steps: [{ type: "ngrok" as const }] },
  ],
};

describe("planRequest and accessKeyAllows", () => {
  it("accept a single-model request exactly when the access key allows the model", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        access,
        fc.constantFrom(...requestNames),
        (configured, scope, model) => {
          const configuration: PlanConfiguration | undefined = configured
            ? { id: "aigac_test", router, ...(scope === undefined ? {} : { access: scope }) }
            : undefined;
          const accessKey = configured ? linkedKey : unlinkedKey;
          const plan = planRequest({
            accessKey,
            configuration,
            providerKeys,
            customProviders,
            model,
          });
          const allowed = accessKeyAllows(accessKey, configuration, model, {
            customProviders,
          }).allowed;
          expect(plan.outcome === "accepted").toBe(allowed);
          if (plan.outcome === "rejected") expect(plan.rejection.stage).toBe("scope");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never loses a model by adding an allow-list entry", () => {
    fc.assert(
      fc.property(
        access,
        fc.constantFrom(...requestNames),
        fc.constantFrom(...modelEntries),
        (scope, model, extra) => {
          fc.pre(scope?.models?.allow !== undefined);
          const wider = { ...scope, models: { allow: [...(scope?.models?.allow ?? []), extra] } };
          if (scopeAdmits(scope, model).allowed)
            expect(scopeAdmits(wider, model).allowed).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
