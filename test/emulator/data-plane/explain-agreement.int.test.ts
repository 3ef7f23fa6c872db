// `aigw explain` agrees with the data plane: for generated accounts and requests, the upstream
// attempts the gateway makes (as the stub upstream records them) are exactly the plan that
// `aigw explain --live --format json` printed, up to the attempt that ends the request.
import fc from "fast-check";
import type { PlanJson } from "../../../sdk/routing/explain";
import { stubBehaviourOf, stubKeyHash } from "aigw-emulator";
import { MANAGED_KEY, startHarness } from "./gateway-harness";
import { runExplain } from "./explain-runner";

const PROVIDERS = ["openai", "anthropic", "groq", "my-llm"] as const;
type ProviderId = (typeof PROVIDERS)[number];
const BUILTIN: readonly ProviderId[] = ["openai", "anthropic", "groq"];
const BEHAVIOURS = ["healthy", "rate-limited", "invalid", "failing", "reset", "bad-request"];
const RULE_MODELS: Readonly<Record<ProviderId, readonly string[]>> = {
  openai: ["openai:gpt-4o", "openai:gpt-4o-mini", "openai:gpt-9-preview"],
  anthropic: ["anthropic:claude-sonnet-4-6"],
  groq: ["groq:llama-3.3-70b-versatile"],
  "my-llm": ["my-llm:tiny"],
};
const REQUEST_MODELS = [
  "openai:gpt-4o",
  "gpt-4o-mini",
  "openai/gpt-9-preview",
  "claude-sonnet-4-6",
  "anthropic:claude-2.1",
  "groq:llama-3.3-70b-versatile",
  "my-llm:tiny",
  "my-llm:other",
  "gpt-4oo",
];

interface KeySpec {
  readonly provider: ProviderId;
  readonly behaviour: string;
}
interface StepSpec {
  readonly ngrok: boolean;
  /** Indices into the rule provider's keys (modulo their count). */
  readonly keys: readonly number[];
}
interface RuleSpec {
  readonly provider: ProviderId;
  /** Index into RULE_MODELS[provider], or -1 for a provider rule. */
  readonly model: number;
  readonly steps: readonly StepSpec[];
}
interface Scenario {
  readonly keys: readonly KeySpec[];
  readonly configured: boolean;
  readonly providersAllow: readonly ProviderId[] | undefined;
  readonly modelsAllow: readonly string[] | undefined;
  readonly rules: readonly RuleSpec[];
  readonly managedHealthy: boolean;
  readonly unconfiguredRouting: "provider-keys-then-managed" | "managed-only";
  readonly model: string;
  readonly models: readonly string[];
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  keys: fc.array(
    fc.record({
      provider: fc.constantFrom(...PROVIDERS),
      behaviour: fc.constantFrom(...BEHAVIOURS),
    }),
    { minLength: 1, maxLength: 7 },
  ),
  configured: fc.boolean(),
  // Mostly unrestricted, so that most requests get routed; sometimes an allow-list.
  providersAllow: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.subarray([...PROVIDERS], { minLength: 2 }) },
  ),
  modelsAllow: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.subarray(Object.values(RULE_MODELS).flat(), { minLength: 3 }) },
  ),
  rules: fc.uniqueArray(
    fc.record({
      provider: fc.constantFrom(...PROVIDERS),
      model: fc.integer({ min: -1, max: 2 }),
      steps: fc.array(
        fc.record({
          ngrok: fc.boolean(),
          keys: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    {
      maxLength: 4,
      selector: (r) =>
        r.model < 0 ? r.provider : (RULE_MODELS[r.provider][r.model] ?? r.provider),
    },
  ),
  managedHealthy: fc.boolean(),
  unconfiguredRouting: fc.constantFrom("provider-keys-then-managed", "managed-only"),
  model: fc.constantFrom(...REQUEST_MODELS),
  models: fc.array(fc.constantFrom(...REQUEST_MODELS), { maxLength: 3 }),
});

/** The router the scenario declares, with the provider keys it created (by provider). */
function router(
  s: Scenario,
  keyIds: ReadonlyMap<ProviderId, string[]>,
): { rules: Record<string, unknown>[] } {
  const rules = s.rules.flatMap((r) => {
    const own = keyIds.get(r.provider) ?? [];
    const steps = r.steps.flatMap((step) => {
      if (step.ngrok && BUILTIN.includes(r.provider)) return [{ type: "ngrok" }];
      if (own.length === 0) return [];
      return [{ type: "user", keys: step.keys.map((i) => ({ id: own[i % own.length]! })) }];
    });
    const model = r.model < 0 ? undefined : RULE_MODELS[r.provider][r.model];
    if (steps.length === 0) return [];
    return [model === undefined ? { provider: r.provider, steps } : { model, steps }];
  });
  return { rules };
}

describe("aigw explain agrees with the gateway data plane", () => {
  it("makes exactly the attempts explain printed, in order, for generated configurations", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const gw = await startHarness({
          managedInferenceKey: s.managedHealthy ? MANAGED_KEY : "ngrok-managed-inference-failing",
          noConfigurationRouting: s.unconfiguredRouting,
        });
        try {
          const created = await gw.api("POST", "/providers", {
            providerId: "my-llm",
            name: "My LLM",
            baseUrl: gw.stub.url,
            models: [{ modelId: "tiny" }],
          });
          expect(created.status).toBe(201);
          const keyIds = new Map<ProviderId, string[]>();
          const keyOfHash = new Map<string, string>([
            [stubKeyHash(MANAGED_KEY), "ngrok"],
            [stubKeyHash("ngrok-managed-inference-failing"), "ngrok"],
          ]);
          const behaviourOf = new Map<string, string>();
          for (const [n, k] of s.keys.entries()) {
            const value = `sk-${k.behaviour}-${String(n).padStart(12, "0")}-value`;
            const id = await gw.providerKey(k.provider, `key-${n}`, value);
            keyIds.set(k.provider, [...(keyIds.get(k.provider) ?? []), id]);
            keyOfHash.set(stubKeyHash(value), id);
            behaviourOf.set(id, stubBehaviourOf(value));
          }
          behaviourOf.set("ngrok", s.managedHealthy ? "healthy" : "failing");
          let configurationId: string | undefined;
          if (s.configured) {
            configurationId = await gw.configuration({
              ...(s.providersAllow === undefined && s.modelsAllow === undefined
                ? {}
                : {
                    access: {
                      ...(s.providersAllow === undefined
                        ? {}
                        : { providers: { allow: s.providersAllow } }),
                      ...(s.modelsAllow === undefined ? {} : { models: { allow: s.modelsAllow } }),
                    },
                  }),
              router: router(s, keyIds),
            });
          }
          const accessKey = await gw.accessKey(configurationId);

          const argv = [
            "--live",
            "--api-url",
            gw.emulator.url,
            "--api-key",
            gw.emulator.apiKey,
            "--access-key",
            accessKey.id,
            "--model",
            s.model,
            "--format",
            "json",
            "--unconfigured-routing",
            s.unconfiguredRouting,
            ...(s.models.length === 0 ? [] : ["--models", s.models.join(",")]),
          ];
          const explained = await runExplain(argv);
          const plan = JSON.parse(explained.stdout) as PlanJson;
          const res = await gw.chat(accessKey.token, { model: s.model, models: s.models });

          const made = gw.stub.attempts.map((a) => `${a.model}|${keyOfHash.get(a.keyHash) ?? "?"}`);
          if (plan.outcome === "rejected") {
            expect(explained.code).toBe(1);
            expect(res.status).toBe(plan.rejection!.status);
            expect((res.body as { error: { code: string } }).error.code).toBe(plan.rejection!.code);
            expect(made).toEqual([]);
            return;
          }
          expect(explained.code).toBe(0);
          const planned = plan.attempts.map((a) => `${a.model}|${a.providerKeyId ?? "ngrok"}`);
          const ending = plan.attempts.findIndex((a) =>
            ["healthy", "bad-request"].includes(behaviourOf.get(a.providerKeyId ?? "ngrok")!),
          );
          const expected = ending < 0 ? planned : planned.slice(0, ending + 1);
          expect(made).toEqual(expected);
          const last = plan.attempts[ending];
          const wanted =
            last === undefined
              ? 503
              : behaviourOf.get(last.providerKeyId ?? "ngrok") === "healthy"
                ? 200
                : 400;
          expect(res.status).toBe(wanted);
          expect(res.headers["ngrok-aig-attempts"]).toBe(String(expected.length));
          expect(res.headers["ngrok-aig-rejected-models"]).toBe(
            plan.rejectedFallbacks.length === 0
              ? undefined
              : plan.rejectedFallbacks.map((f) => f.modelName ?? f.requested).join(", "),
          );
        } finally {
          await gw.close();
        }
      }),
      { numRuns: 60, seed: 20260807, endOnFailure: true },
    );
  });
});
