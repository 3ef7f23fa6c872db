import { type PlanOptions, type RoutingPlan, planRequest } from "../../sdk/routing/planner";
import { RoutingInputError } from "../../sdk/routing/errors";
import type { PlanConfiguration, RouterStepInput } from "../../sdk/routing/types";
import { configuration, linkedKey, planFor, providerKeys, stepKey, unlinkedKey } from "./fixtures";

/** Plans a request for the linked key with `config`, or for the unlinked key when undefined. */
function plan(
  config: PlanConfiguration | undefined,
  model: string | undefined,
  models: string[] = [],
  options: PlanOptions = {},
): RoutingPlan {
  return planFor(config, { model, models }, options);
}

/** The attempts as `model key reason` lines, easy to compare in a table. */
function attempts(p: RoutingPlan): string[] {
  return p.attempts.map(
    (a) => `${a.modelName} ${a.source === "ngrok" ? "ngrok" : a.providerKeyId} ${a.reason}`,
  );
}

/** A configuration with one provider rule of the given steps. */
function providerRule(provider: string, ...steps: RouterStepInput[]): PlanConfiguration {
  return configuration({ router: { rules: [{ provider, steps }] } });
}

/** A user step listing the given provider keys. */
function user(...ids: string[]): RouterStepInput {
  return { type: "user", keys: ids.map((id) => (id === "aigpk_gone" ? { id } : stepKey(id))) };
}

const openaiRule = {
  provider: "openai",
  steps: [user("aigpk_oa1", "aigpk_oa2"), { type: "ngrok" as const }],
};

describe("planRequest", () => {
  describe("rule precedence", () => {
    const router = {
      rules: [
        openaiRule,
        {
          model: "openai:openai/gpt-4o-mini",
          steps: [{ type: "user" as const, keys: [stepKey("aigpk_oa2")] }],
        },
      ],
    };
    it.each<[string, string, string[]]>([
      [
        "uses a provider rule: its user keys in order, then its ngrok step",
        "openai:gpt-4o",
        [
          "openai:gpt-4o aigpk_oa1 provider rule",
          "openai:gpt-4o aigpk_oa2 provider rule",
          "openai:gpt-4o ngrok provider rule",
        ],
      ],
      [
        "prefers a model rule over the provider rule, matching through the normaliser",
        "openai/GPT-4o-mini",
        ["openai:gpt-4o-mini aigpk_oa2 model rule"],
      ],
      [
        "falls back to default routing, an implicit ngrok step, for a managed provider without a rule",
        "anthropic:claude-sonnet-4-6",
        ["anthropic:claude-sonnet-4-6 ngrok default"],
      ],
      [
        "resolves a bare catalog name to its default provider",
        "gpt-4o",
        [
          "openai:gpt-4o aigpk_oa1 provider rule",
          "openai:gpt-4o aigpk_oa2 provider rule",
          "openai:gpt-4o ngrok provider rule",
        ],
      ],
    ])("%s", (_title, model, expected) => {
      const p = plan(configuration({ router }), model);
      expect(p.outcome).toBe("accepted");
      expect(attempts(p)).toEqual(expected);
    });

    it("records the rule, step and key of each attempt", () => {
      const p = plan(configuration({ router }), "openai:gpt-4o");
      expect(p.attempts[1]).toMatchObject({
        attemptNumber: 2,
        candidateIndex: 0,
        model: { provider: "openai", model: "gpt-4o" },
        modelName: "openai:gpt-4o",
        provider: "openai",
        source: "user",
        providerKeyId: "aigpk_oa2",
        keyName: "OpenAI backup",
        keyRedacted: "aigpk_***wxyz",
        ruleIndex: 0,
        stepIndex: 0,
        keyIndex: 1,
      });
      expect(p.attempts[2]).toMatchObject({ source: "ngrok", ruleIndex: 0, stepIndex: 1 });
      expect(p.attempts[2]).not.toHaveProperty("providerKeyId");
    });

    it("uses the first matching model rule and ignores a model rule for another provider", () => {
      const p = plan(
        configuration({
          router: {
            rules: [
              { provider: "anthropic", model: "openai:gpt-4o", steps: [{ type: "ngrok" }] },
              { model: "openai:gpt-4o", steps: [{ type: "user", keys: [stepKey("aigpk_oa2")] }] },
              { model: "openai:gpt-4o", steps: [{ type: "user", keys: [stepKey("aigpk_oa1")] }] },
            ],
          },
        }),
        "openai:gpt-4o",
      );
      expect(attempts(p)).toEqual(["openai:gpt-4o aigpk_oa2 model rule"]);
      expect(p.candidates[0]).toMatchObject({ route: { reason: "model rule", ruleIndex: 1 } });
    });

    it("matches a provider rule written as the custom provider's aigp_ id", () => {
      const p = plan(providerRule("aigp_ollama", user("aigpk_ol1")), "my-ollama:llama3.2");
      expect(attempts(p)).toEqual(["my-ollama:llama3.2 aigpk_ol1 provider rule"]);
    });
  });

  describe("ngrok steps", () => {
    it("skips the ngrok step for an unpriced model and records why", () => {
      const p = plan(providerRule("openai", ...openaiRule.steps), "openai:gpt-4-32k");
      expect(attempts(p)).toEqual([
        "openai:gpt-4-32k aigpk_oa1 provider rule",
        "openai:gpt-4-32k aigpk_oa2 provider rule",
      ]);
      expect(p.skipped).toEqual([
        expect.objectContaining({
          source: "ngrok",
          why: "model not priced",
          code: "ERR_NGROK_27233",
          ruleIndex: 0,
          stepIndex: 1,
        }),
      ]);
    });

    it("skips the ngrok step of a BYOK provider's rule", () => {
      const p = plan(
        providerRule("groq", { type: "ngrok" }, user("aigpk_gq1")),
        "groq:llama-3.3-70b-versatile",
      );
      expect(attempts(p)).toEqual(["groq:llama-3.3-70b-versatile aigpk_gq1 provider rule"]);
      expect(p.skipped[0]).toMatchObject({ why: "no managed inference" });
    });

    it("rejects with no credentials when the default's implicit ngrok step cannot price the model", () => {
      const p = plan(configuration(), "openai:gpt-9-experimental");
      expect(p).toMatchObject({
        outcome: "rejected",
        rejection: {
          stage: "routing",
          status: 400,
          code: "ERR_NGROK_3802",
          // The reason the rule's steps gave nothing to try, not only "no key".
          message:
            'No API key found for provider "openai": ngrok inference cannot serve ' +
            "openai:gpt-9-experimental: the model is not priced; use a provider key",
        },
      });
      expect(p.skipped[0]).toMatchObject({ why: "model not priced", routeReason: "default" });
    });

    it("names the catalogue's 27233 when an ngrok step that cannot serve the model was all there was", () => {
      const config = providerRule("openai", { type: "ngrok" });
      const catalogue = { noCredentialsCode: "ERR_NGROK_27202" } as const;
      expect(plan(config, "openai:totally-unknown", [], catalogue)).toMatchObject({
        outcome: "rejected",
        rejection: {
          stage: "routing",
          status: 400,
          code: "ERR_NGROK_27233",
          message:
            "ngrok inference cannot serve openai:totally-unknown: the model is not priced; " +
            "use a provider key",
        },
      });
      // A BYOK provider's ngrok step is no managed key that cannot serve: no keys at all.
      expect(
        plan(
          providerRule("groq", { type: "ngrok" }),
          "groq:llama-3.3-70b-versatile",
          [],
          catalogue,
        ),
      ).toMatchObject({
        rejection: {
          code: "ERR_NGROK_27202",
          message:
            'No keys available for provider "groq": Provider "groq" has no ngrok inference; ' +
            "only provider keys can serve it",
        },
      });
    });
  });

  describe("dedupe", () => {
    it("never plans the same (model, key) twice, keeping the first", () => {
      const p = plan(
        providerRule(
          "openai",
          user("aigpk_oa1", "aigpk_oa1", "aigpk_oa2"),
          { type: "ngrok" },
          { type: "ngrok" },
        ),
        "openai:gpt-4o",
        ["openai/GPT-4o", "openai:gpt-4o-mini"],
      );
      expect(attempts(p)).toEqual([
        "openai:gpt-4o aigpk_oa1 provider rule",
        "openai:gpt-4o aigpk_oa2 provider rule",
        "openai:gpt-4o ngrok provider rule",
        "openai:gpt-4o-mini aigpk_oa1 provider rule",
        "openai:gpt-4o-mini aigpk_oa2 provider rule",
        "openai:gpt-4o-mini ngrok provider rule",
      ]);
      expect(p.skipped.map((s) => s.why)).toEqual(Array(9).fill("duplicate"));
      expect(p.attempts.map((a) => a.attemptNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    });
  });

  describe("keys", () => {
    it("skips a key that no longer exists and a key of another provider", () => {
      const p = plan(
        providerRule("openai", user("aigpk_gone", "aigpk_an1", "aigpk_oa1")),
        "openai:gpt-4o",
      );
      expect(attempts(p)).toEqual(["openai:gpt-4o aigpk_oa1 provider rule"]);
      expect(p.skipped.map((s) => [s.providerKeyId, s.why])).toEqual([
        ["aigpk_gone", "key not found"],
        ["aigpk_an1", "key of another provider"],
      ]);
    });

    it("attempts such keys when told to", () => {
      const p = plan(providerRule("openai", user("aigpk_gone", "aigpk_an1")), "openai:gpt-4o", [], {
        missingProviderKeys: "attempt",
        foreignProviderKeys: "attempt",
      });
      expect(attempts(p)).toEqual([
        "openai:gpt-4o aigpk_gone provider rule",
        "openai:gpt-4o aigpk_an1 provider rule",
      ]);
    });
  });

  describe("fallbacks and scope", () => {
    const access = {
      providers: { allow: ["openai", "anthropic"] },
      models: { allow: ["openai:gpt-4o", "anthropic/claude-sonnet-4-6"] },
    };

    it("skips disallowed and unknown fallbacks, lists them, and routes the rest in order", () => {
      const p = plan(configuration({ access }), "openai:gpt-4o", [
        "openai:o1",
        "google:gemini-2.5-pro",
        "gpt-unknown",
        "claude-sonnet-4-6",
      ]);
      expect(p.outcome).toBe("accepted");
      expect(attempts(p)).toEqual([
        "openai:gpt-4o ngrok default",
        "anthropic:claude-sonnet-4-6 ngrok default",
      ]);
      expect(p.attempts[1]?.candidateIndex).toBe(4);
      expect(p.rejectedFallbacks.map((f) => [f.candidateIndex, f.requested, f.code])).toEqual([
        [1, "openai:o1", "ERR_NGROK_27232"],
        [2, "google:gemini-2.5-pro", "ERR_NGROK_27231"],
        [3, "gpt-unknown", "ERR_NGROK_27224"],
      ]);
      expect(p.rejectedFallbacks[0]?.scope).toMatchObject({
        dimension: "models",
        allow: access.models.allow,
      });
    });

    it("rejects the request on a disallowed fallback when told to", () => {
      const p = plan(configuration({ access }), "openai:gpt-4o", ["openai:o1"], {
        disallowedFallbacks: "reject-request",
      });
      expect(p).toMatchObject({
        outcome: "rejected",
        rejection: { candidateIndex: 1, code: "ERR_NGROK_27232" },
      });
    });

    it.each<[string, string, PlanOptions, object]>([
      [
        "a disallowed model",
        "openai:o1",
        {},
        { stage: "scope", status: 422, code: "ERR_NGROK_27232", scope: { dimension: "models" } },
      ],
      [
        "a disallowed provider",
        "google:gemini-2.5-pro",
        {},
        {
          stage: "scope",
          status: 422,
          code: "ERR_NGROK_27231",
          message: 'Provider "google" is not allowed by the access policy',
        },
      ],
      [
        "a disallowed model, with a configured status",
        "openai:o1",
        { scopeRejectionStatus: 403 },
        { status: 403 },
      ],
    ])("rejects a primary that is %s before routing", (_title, model, options, rejection) => {
      const p = plan(configuration({ access }), model, ["openai:gpt-4o"], options);
      expect(p.outcome).toBe("rejected");
      expect(p).toMatchObject({ rejection: { candidateIndex: 0, ...rejection }, attempts: [] });
      expect(p.candidates).toHaveLength(1);
    });
  });

  describe("no configuration", () => {
    it.each<[string, string, PlanOptions, string[]]>([
      [
        "uses the provider's keys in creation order, then ngrok inference (default)",
        "openai:gpt-4o",
        {},
        [
          "openai:gpt-4o aigpk_oa1 no configuration",
          "openai:gpt-4o aigpk_oa2 no configuration",
          "openai:gpt-4o ngrok no configuration",
        ],
      ],
      [
        "uses only ngrok inference under managed-only",
        "openai:gpt-4o",
        { noConfigurationRouting: "managed-only" },
        ["openai:gpt-4o ngrok no configuration"],
      ],
      [
        "uses a custom provider's keys",
        "my-ollama:llama3.2",
        {},
        ["my-ollama:llama3.2 aigpk_ol1 no configuration"],
      ],
    ])("%s", (_title, model, options, expected) => {
      const p = plan(undefined, model, [], options);
      expect(attempts(p)).toEqual(expected);
      expect(p.noConfigurationRouting).toBe(
        options.noConfigurationRouting ?? "provider-keys-then-managed",
      );
      expect(p.candidates[0]).toMatchObject({ scope: { unrestricted: "no-configuration" } });
    });

    it("orders keys by createdAt even when listed out of order", () => {
      const p = planRequest({
        accessKey: unlinkedKey,
        providerKeys: [...providerKeys].reverse(),
        model: "openai:gpt-4o",
      });
      expect(p.attempts.map((a) => a.providerKeyId ?? "ngrok")).toEqual([
        "aigpk_oa1",
        "aigpk_oa2",
        "ngrok",
      ]);
    });

    it("has no credentials for a custom provider under managed-only", () => {
      const p = plan(undefined, "my-ollama:llama3.2", [], {
        noConfigurationRouting: "managed-only",
      });
      expect(p).toMatchObject({
        outcome: "rejected",
        rejection: { stage: "routing", code: "ERR_NGROK_3802" },
      });
    });
  });

  describe("rejections before routing", () => {
    it.each<[string, PlanConfiguration | undefined, string | undefined, PlanOptions, object]>([
      [
        "a custom provider without a rule has no credentials",
        configuration(),
        "my-ollama:llama3.2",
        {},
        {
          stage: "routing",
          status: 400,
          code: "ERR_NGROK_3802",
          message: 'No API key found for provider "my-ollama"',
        },
      ],
      [
        "a BYOK provider without a rule has no credentials, as 27202 when asked",
        configuration(),
        "groq:llama-3.3-70b-versatile",
        { noCredentialsCode: "ERR_NGROK_27202" },
        { code: "ERR_NGROK_27202", message: 'No keys available for provider "groq"' },
      ],
      [
        "an unknown bare model is 27224 with a suggestion",
        configuration(),
        "gpt4o",
        {},
        { stage: "resolution", status: 422, code: "ERR_NGROK_27224", suggestion: "gpt-4o" },
      ],
      [
        "an unknown bare model is 27224 even without configuration",
        undefined,
        "llama3.2",
        {},
        { code: "ERR_NGROK_27224" },
      ],
      [
        "an unknown provider is 27225",
        undefined,
        "nosuch:model-x",
        {},
        { stage: "resolution", code: "ERR_NGROK_27225" },
      ],
      [
        "a missing model is 3801",
        undefined,
        undefined,
        {},
        { stage: "request", status: 400, code: "ERR_NGROK_3801" },
      ],
    ])("%s", (_title, config, model, options, rejection) => {
      const p = plan(config, model, [], options);
      expect(p).toMatchObject({ outcome: "rejected", rejection, attempts: [] });
    });

    it("passes an uncatalogued model through when it has a provider prefix", () => {
      const p = plan(providerRule("openai", ...openaiRule.steps), "openai:gpt-9-experimental");
      expect(attempts(p)).toEqual([
        "openai:gpt-9-experimental aigpk_oa1 provider rule",
        "openai:gpt-9-experimental aigpk_oa2 provider rule",
      ]);
    });

    it("resolves a bare name from custom providers when told to", () => {
      const p = plan(undefined, "llama3.2", [], {
        bareModelNames: "catalog-then-custom-providers",
      });
      expect(attempts(p)).toEqual(["my-ollama:llama3.2 aigpk_ol1 no configuration"]);
    });

    it("accepts when the primary has no credentials but a fallback has", () => {
      const p = plan(configuration(), "my-ollama:llama3.2", ["openai:gpt-4o"]);
      expect(attempts(p)).toEqual(["openai:gpt-4o ngrok default"]);
      expect(p.candidates[0]).toMatchObject({ outcome: "routed", attemptCount: 0 });
    });
  });

  it("throws RoutingInputError when the linked configuration is not given", () => {
    expect(() =>
      planRequest({ accessKey: linkedKey, providerKeys, model: "openai:gpt-4o" }),
    ).toThrow(RoutingInputError);
  });
});
