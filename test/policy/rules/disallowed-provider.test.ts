import { ruleTable } from "../helpers";

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
          includes: ['providers.deny[0] "deepseek" (policy.yaml:5)', "any model of provider"],
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
