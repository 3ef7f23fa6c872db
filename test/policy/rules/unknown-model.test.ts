import { BUILTIN_CATALOG } from "../../../sdk/catalog/catalog";
import { parseGateway } from "../../../sdk/gitops/load";
import { policyDiagnostics } from "../../../sdk/policy/lint";
import {
  DEFAULT_POLICY,
  RESEARCH_MODELS,
  TODAY,
  policyOf,
  ruleTable,
  searchRules,
} from "../helpers";

describe("unknown-model", () => {
  ruleTable("unknown-model", [
    {
      name: "a bare allow entry the catalog lacks is a warning naming the catalog date",
      gateway: `${RESEARCH_MODELS}        allow: [gpt-5.5, gpt-9-ultra]
`,
      expect: [
        {
          at: "6:26-6:37",
          path: "accessKeyConfigurations.research.access.models.allow.1",
          includes: [
            `"gpt-9-ultra" is not in the model catalog of ${BUILTIN_CATALOG.date}`,
            "provider:gpt-9-ultra",
            `if ngrok.ai added it after ${BUILTIN_CATALOG.date}, run aigw catalog pull`,
          ],
        },
      ],
    },
    {
      name: "a misspelt bare name gets a suggestion from the catalog",
      gateway: `${RESEARCH_MODELS}        allow: [claude-opus-55]
`,
      expect: [{ at: "6:17-6:31", includes: ['Did you mean "claude-opus-5"?'] }],
    },
    {
      name: "a bare rule model the catalog lacks is flagged, for its provider when the rule names one",
      gateway: `${searchRules()}        - { model: kimi-k9, steps: [{ type: ngrok }] }
        - { provider: openai, model: glm-5.2, steps: [{ type: ngrok }] }
`,
      expect: [{ at: "6:20-6:27" }, { at: "7:38-7:45" }],
    },
    {
      name: "provider-qualified names pass through and raise nothing, nor do catalogued bare names",
      gateway: `${RESEARCH_MODELS}        allow: ["openai:some-new-model", "my-ollama:llama3.2", glm-5.2, deepseek-v4-pro, gemini-3.6-flash]
`,
      expect: [],
    },
  ]);

  it("knows a model an overlay adds", () => {
    const catalog = BUILTIN_CATALOG.withOverlay({
      kind: "overlay",
      date: "2026-12-01",
      source: {},
      providers: [],
      models: [{ provider: "openai", id: "gpt-9-ultra" }],
    });
    const gateway = `${RESEARCH_MODELS}        allow: [gpt-9-ultra]
`;
    const run = (options: { catalog?: typeof catalog }) =>
      policyDiagnostics(parseGateway(gateway, "gateway.yaml", options), policyOf(DEFAULT_POLICY), {
        today: TODAY,
        scopeOptions: options,
      }).filter((f) => f.rule === "unknown-model");
    expect(run({}).map((f) => f.severity)).toEqual(["warn"]);
    expect(run({ catalog })).toEqual([]);
  });
});
