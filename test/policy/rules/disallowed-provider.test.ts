import { BUILTIN_CATALOG } from "../../../sdk/catalog/catalog";
import { noAccessRow, ruleTable, unlinkedKeyRow } from "../helpers";

/** The catalog's first deepseek model: the example a denied deepseek is named by. */
const DEEPSEEK_EXAMPLE = `deepseek:${BUILTIN_CATALOG.modelsOf("deepseek")[0]?.model ?? "any-model"}`;

describe("disallowed-provider", () => {
  ruleTable("disallowed-provider", [
    {
      name: "a providers.allow entry naming a denied provider is flagged at the entry",
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      providers:
        allow:
          - openai
          - deepseek
`,
      expect: [
        {
          at: "8:13-8:21",
          path: "accessKeyConfigurations.research.access.providers.allow.1",
          includes: [
            'providers.deny[0] "deepseek" (policy.yaml:5)',
            'through a provider-wide allow: providers.allow "deepseek" with no models.allow',
            `models of provider "deepseek" such as ${DEEPSEEK_EXAMPLE}`,
          ],
        },
      ],
    },
    {
      name: "a models.allow entry of a denied provider is flagged at the model entry",
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      providers: { allow: [openai, deepseek] }
      models: { allow: [openai:gpt-4o, deepseek:deepseek-chat] }
`,
      expect: [{ at: "6:40-6:62", path: "accessKeyConfigurations.research.access.models.allow.1" }],
    },
    {
      name: "a provider outside the policy's providers.allow is flagged",
      policy: `version: 1
providers:
  allow: [openai, "anthropic*"]
`,
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      providers: { allow: [openai, anthropic, groq] }
`,
      expect: [{ at: "5:47-5:51", includes: ["outside providers.allow (policy.yaml:3)"] }],
    },
    {
      name: "a denied provider the models dimension never admits raises nothing",
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      providers: { allow: [openai, deepseek] }
      models: { allow: [openai:gpt-4o] }
`,
      expect: [],
    },
    noAccessRow(
      "a configuration with no access is flagged at its name, naming a catalogued model",
      "through an unrestricted scope: no access block",
      `models of provider "deepseek" such as ${DEEPSEEK_EXAMPLE}: it matches providers.deny[0] "deepseek" (policy.yaml:5)`,
    ),
    unlinkedKeyRow(
      "an access key with no configuration is flagged at the access key",
      "through an unrestricted scope: no configuration",
    ),
    {
      name: "a provider outside the policy's providers.allow is flagged on an open scope",
      policy: `version: 1
providers:
  allow: [openai]
`,
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      models: {}
`,
      expect: [
        {
          at: "4:5-4:11",
          includes: ["outside providers.allow (policy.yaml:3)", "anthropic:"],
        },
      ],
    },
    {
      name: "a provider the policy denies by a glob and the catalog does not know is not reachable",
      policy: `version: 1
providers:
  deny: ["acme-*"]
`,
      gateway: `version: 1
accessKeyConfigurations:
  open: {}
`,
      expect: [],
    },
    {
      name: "a denied custom provider declared in the file is reachable and named by its own model",
      policy: `version: 1
providers:
  deny: ["local-*"]
`,
      gateway: `version: 1
providers:
  local-llm:
    providerId: local-llm
    baseUrl: https://llm.internal
    models: [llama-3.1-8b]
accessKeyConfigurations:
  open: {}
`,
      expect: [{ at: "8:3-8:7", includes: ["local-llm:llama-3.1-8b"] }],
    },
    {
      name: "providers.allow: [] raises nothing",
      gateway: `version: 1
accessKeyConfigurations:
  locked:
    access:
      providers: { allow: [] }
`,
      expect: [],
    },
  ]);
});
