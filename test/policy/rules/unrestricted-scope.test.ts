import { ruleTable } from "../helpers";

describe("unrestricted-scope", () => {
  ruleTable("unrestricted-scope", [
    {
      name: "a configuration with no access is flagged at its name",
      gateway: `version: 1
accessKeyConfigurations:
  open:
    description: no access at all
`,
      expect: [
        {
          at: "3:3-3:7",
          path: "accessKeyConfigurations.open",
          includes: ["a configuration with no access", "models.deny[0]", "Add access"],
        },
      ],
    },
    {
      name: "an access key with no configuration is flagged at the access key",
      gateway: `version: 1
accessKeys:
  ci-bot:
    description: unlinked
`,
      expect: [
        {
          at: "3:3-3:9",
          path: "accessKeys.ci-bot",
          includes: ["access key with no configuration", "Link the access key"],
        },
      ],
    },
    {
      name: "a provider entry with no models.allow is flagged when a deny pattern can match its models",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      providers: { allow: [openai, groq] }
`,
      policy: `version: 1
models:
  deny: ["openai:gpt-4-32k"]
`,
      expect: [
        {
          at: "5:28-5:34",
          path: "accessKeyConfigurations.search.access.providers.allow.0",
          includes: ["openai:gpt-4-32k", "Add access.models.allow"],
        },
      ],
    },
    {
      name: "an access with neither allow-list is flagged at access",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access: {}
`,
      expect: [{ at: "4:5-4:11", path: "accessKeyConfigurations.search.access" }],
    },
    {
      name: "a provider whose models the policy allows entirely raises nothing",
      policy: `version: 1
models:
  deny: ["openai:gpt-4-32k"]
  allow: ["openai:*", "anthropic:*"]
`,
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      providers: { allow: [anthropic] }
`,
      expect: [],
    },
    {
      name: "an access key linked to a configuration raises nothing itself",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      models: { allow: [openai:gpt-4o] }
accessKeys:
  prod: { configuration: search }
`,
      expect: [],
    },
    {
      name: "an empty policy raises nothing for unrestricted scopes",
      policy: "version: 1\n",
      gateway: `version: 1
accessKeyConfigurations:
  open: {}
accessKeys:
  bot: {}
`,
      expect: [],
    },
  ]);
});
