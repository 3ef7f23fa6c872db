import { MANAGED_INFERENCE_LABEL, planHints, planToJson } from "../../sdk/routing/explain";
import { PLAN_FORMATTERS, formatPlanText } from "../../sdk/routing/formatters/index";
import { type PlanInput, type RoutingPlan, planRequest } from "../../sdk/routing/planner";
import { configuration, planFor, providerKeys, stepKey, unlinkedKey } from "./fixtures";

const scoped = configuration({
  access: {
    providers: { allow: ["openai", "anthropic"] },
    models: { allow: ["openai:gpt-4o", "anthropic/claude-sonnet-4-6"] },
  },
  router: {
    rules: [
      {
        provider: "openai",
        steps: [
          { type: "user", keys: [stepKey("aigpk_oa1"), stepKey("aigpk_oa2")] },
          { type: "ngrok" },
        ],
      },
    ],
  },
});

function plan(fields: Partial<PlanInput>): RoutingPlan {
  return planFor(scoped, fields);
}

describe("formatPlanText", () => {
  it("says the request is allowed, which entries admit each model, and numbers the attempts", () => {
    const text = formatPlanText(
      plan({ model: "gpt-4o", models: ["openai:o1", "claude-sonnet-4-6"] }),
    );
    expect(text).toContain('Access key aigk_linked, configuration "test-config" (aigac_test)');
    expect(text).toContain("ALLOWED: 4 attempts in failover order");
    expect(text).toContain(
      'model "gpt-4o" → openai:gpt-4o: allowed, access.providers.allow[0] "openai" admits it; access.models.allow[0] "openai:gpt-4o" admits it',
    );
    expect(text).toContain('fallback 1 "openai:o1": rejected, ERR_NGROK_27232');
    expect(text).toContain('does not list it: ["openai:gpt-4o", "anthropic/claude-sonnet-4-6"]');
    expect(text).toContain(
      '1. openai:gpt-4o via provider key "OpenAI primary" (aigpk_oa1, aigpk_***wxyz)',
    );
    expect(text).toContain("router.rules[0].steps[0].keys[1]");
    expect(text).toContain(`3. openai:gpt-4o via ${MANAGED_INFERENCE_LABEL}`);
    expect(text).toContain("4. anthropic:claude-sonnet-4-6 via ngrok inference");
    expect(text).toContain("default routing: implicit ngrok step");
  });

  it("says a request is rejected before routing and which dimension rejects it", () => {
    const text = formatPlanText(plan({ model: "google:gemini-2.5-pro" }));
    expect(text).toContain(
      'REJECTED before routing: 422 ERR_NGROK_27231 Provider "google" is not allowed by the access policy',
    );
    expect(text).toContain(
      'access.providers.allow of configuration "test-config" (aigac_test) does not list it',
    );
    expect(text).not.toContain("Attempts:");
  });

  it("names an empty allow-list as admitting nothing", () => {
    const text = formatPlanText(
      plan({
        configuration: configuration({ access: { models: { allow: [] } } }),
        model: "openai:gpt-4o",
      }),
    );
    expect(text).toContain("is empty (allow: [] admits nothing)");
  });

  it("describes routing without a configuration and lists skipped steps", () => {
    const text = formatPlanText(
      planRequest({ accessKey: unlinkedKey, providerKeys, model: "openai:gpt-4-32k" }),
    );
    expect(text).toContain("Access key aigk_free, no configuration");
    expect(text).toContain("the provider's keys in creation order, then ngrok inference");
    expect(text).toContain(
      "openai:gpt-4-32k ngrok step (no configuration): ngrok inference cannot serve",
    );
    expect(text).toContain("(ERR_NGROK_27233)");
  });
});

describe("planHints", () => {
  it.each<[string, RoutingPlan, string[]]>([
    [
      "a scope rejection says which allow-list to extend",
      plan({ model: "openai:o1" }),
      ["rejected-before-routing"],
    ],
    [
      "a plan with keys and ngrok steps gets the auth-error and billing hints",
      plan({ model: "openai:gpt-4o" }),
      ["provider-auth-error", "usage-missing-from-provider-bill"],
    ],
    [
      "a plan with a skipped fallback names it",
      plan({ model: "openai:gpt-4o", models: ["openai:o1"] }),
      ["rejected-before-routing", "provider-auth-error", "usage-missing-from-provider-bill"],
    ],
    [
      "a no-credentials rejection says to add a user step",
      plan({ configuration: configuration(), model: "my-ollama:llama3.2" }),
      ["rejected-before-routing"],
    ],
  ])("%s", (_title, p, problems) => {
    expect(planHints(p).map((h) => h.problem)).toEqual(problems);
  });

  it("tells which allow-list and entry would admit a rejected model", () => {
    expect(planHints(plan({ model: "openai:o1" }))[0]?.message).toContain(
      'Add "openai:o1" to access.models.allow of configuration "test-config"',
    );
  });

  it("names the provider whose default routing uses ngrok inference", () => {
    const hint = planHints(plan({ model: "claude-sonnet-4-6" })).find(
      (h) => h.problem === "usage-missing-from-provider-bill",
    );
    expect(hint?.message).toContain('No rule routes "anthropic" to your keys');
  });

  it("tells how to fix a key's auth error by rotation", () => {
    const hint = planHints(plan({ model: "openai:gpt-4o" })).find(
      (h) => h.problem === "provider-auth-error",
    );
    expect(hint?.message).toContain('provider key "OpenAI primary" (aigpk_oa1)');
    expect(hint?.message).toContain("/rotate");
  });
});

describe("planToJson", () => {
  it("has a stable shape with every field present", () => {
    const json = planToJson(plan({ model: "gpt-4o", models: ["openai:o1"] }));
    expect(Object.keys(json)).toEqual([
      "schemaVersion",
      "outcome",
      "accessKeyId",
      "configuration",
      "noConfigurationRouting",
      "rejection",
      "candidates",
      "rejectedFallbacks",
      "attempts",
      "skipped",
      "hints",
    ]);
    expect(json.attempts[0]).toEqual({
      attemptNumber: 1,
      candidateIndex: 0,
      modelName: "openai:gpt-4o",
      provider: "openai",
      model: "gpt-4o",
      source: "user",
      billedTo: "provider account",
      providerKeyId: "aigpk_oa1",
      keyName: "OpenAI primary",
      keyRedacted: "aigpk_***wxyz",
      ruleIndex: 0,
      stepIndex: 0,
      keyIndex: 0,
      reason: "provider rule",
    });
    expect(json.attempts[2]).toMatchObject({
      source: "ngrok",
      billedTo: "ngrok credits",
      providerKeyId: null,
      keyIndex: null,
    });
    expect(json.candidates[0]?.scope).toEqual({
      allowed: true,
      unrestricted: null,
      providers: 0,
      models: 0,
      entries: { providers: "openai", models: "openai:gpt-4o" },
    });
    expect(json.rejectedFallbacks[0]).toMatchObject({
      candidateIndex: 1,
      code: "ERR_NGROK_27232",
      scope: { dimension: "models" },
    });
    expect(json.rejection).toBeNull();
  });

  it("describes a rejection with nulls for what does not apply", () => {
    const json = planToJson(plan({ model: "openai:o1" }));
    expect(json.rejection).toEqual({
      stage: "scope",
      status: 422,
      code: "ERR_NGROK_27232",
      message: 'Model "openai:o1" is not allowed by the access policy',
      candidateIndex: 0,
      scope: {
        dimension: "models",
        code: "ERR_NGROK_27232",
        message: 'Model "openai:o1" is not allowed by the access policy',
        allow: ["openai:gpt-4o", "anthropic/claude-sonnet-4-6"],
      },
      suggestion: null,
    });
    expect(json.attempts).toEqual([]);
  });

  it("round-trips through JSON text unchanged", () => {
    const p = plan({ model: "gpt-4o" });
    expect(JSON.parse(PLAN_FORMATTERS.json(p))).toEqual(planToJson(p));
    expect(PLAN_FORMATTERS.text(p)).toBe(formatPlanText(p));
  });
});
