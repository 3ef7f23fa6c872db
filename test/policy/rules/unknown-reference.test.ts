import { ruleTable } from "../helpers";

describe("unknown-reference", () => {
  ruleTable("unknown-reference", [
    {
      name: "a router key naming no provider key is flagged (from the loader)",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access: { models: { allow: [openai:gpt-4o] } }
    router:
      rules:
        - provider: openai
          steps: [{ type: user, keys: [openai-primry] }]
`,
      expect: [{ at: "8:40-8:53", includes: ['"openai-primry" is not a provider key'] }],
    },
    {
      name: "an access key naming no configuration is flagged",
      gateway: `version: 1
accessKeys:
  prod: { configuration: serach }
`,
      expect: [{ at: "3:26-3:32" }],
    },
    {
      name: "declared references raise nothing",
      gateway: `version: 1
accessKeyConfigurations:
  search: { access: { models: { allow: [openai:gpt-4o] } } }
accessKeys:
  prod: { configuration: search }
`,
      expect: [],
    },
  ]);
});
