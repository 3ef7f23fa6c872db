import { BUILTIN_CATALOG } from "../../../sdk/catalog/catalog";
import { parseGateway } from "../../../sdk/gitops/load";
import { policyDiagnostics } from "../../../sdk/policy/lint";
import { DEFAULT_POLICY, TODAY, policyOf, ruleTable } from "../helpers";

const NEW_PROVIDER_KEY = `version: 1
providerKeys:
  fresh:
    providerId: brand-new-provider
    value: { secret: fresh }
`;

describe("unknown-provider", () => {
  ruleTable("unknown-provider", [
    {
      name: "a provider key for a provider the catalog lacks is a warning naming the catalog date",
      gateway: NEW_PROVIDER_KEY,
      expect: [
        {
          at: "4:17-4:35",
          path: "providerKeys.fresh.providerId",
          includes: [
            `"brand-new-provider" is not a built-in provider of the model catalog of ${BUILTIN_CATALOG.date}`,
            `If ngrok.ai added it after ${BUILTIN_CATALOG.date}, run aigw catalog pull`,
          ],
        },
      ],
    },
    {
      name: "a misspelt provider in an allow-list is flagged with a suggestion",
      gateway: `version: 1
accessKeyConfigurations:
  team:
    access: { providers: { allow: [antropic] } }
`,
      expect: [{ at: "4:36-4:44", includes: ['Did you mean "anthropic"?'] }],
    },
    {
      name: "a router rule for an unknown provider is flagged",
      gateway: `version: 1
accessKeyConfigurations:
  team:
    router:
      rules:
        - { provider: newco, steps: [{ type: ngrok }] }
`,
      expect: [{ at: "6:23-6:28" }],
    },
    {
      name: "catalog and declared custom providers raise nothing",
      gateway: `version: 1
providers:
  local:
    providerId: my-ollama
    baseUrl: https://ollama.internal
providerKeys:
  a: { providerId: moonshotai, value: { secret: a } }
  b: { providerId: my-ollama, value: { secret: b } }
accessKeyConfigurations:
  team:
    access: { providers: { allow: [z-ai, my-ollama, inference-net] } }
`,
      expect: [],
    },
  ]);

  it("is a warning, not an error, so a lint of the key fails nothing at the default threshold", () => {
    const findings = policyDiagnostics(
      parseGateway(NEW_PROVIDER_KEY, "gateway.yaml"),
      policyOf(DEFAULT_POLICY),
      { today: TODAY },
    );
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([["unknown-provider", "warn"]]);
  });

  it("knows a provider an overlay adds", () => {
    const catalog = BUILTIN_CATALOG.withOverlay({
      kind: "overlay",
      date: "2026-12-01",
      source: { url: "http://127.0.0.1:1" },
      providers: [{ id: "brand-new-provider" }],
      models: [],
    });
    const findings = policyDiagnostics(
      parseGateway(NEW_PROVIDER_KEY, "gateway.yaml", { catalog }),
      policyOf(DEFAULT_POLICY),
      { today: TODAY, scopeOptions: { catalog } },
    );
    expect(findings).toEqual([]);
  });
});
