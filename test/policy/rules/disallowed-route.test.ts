import { ruleTable, searchRules } from "../helpers";

const KEYS = `providerKeys:
  openai-primary: { providerId: openai, value: { secret: a } }
  deepseek-key: { providerId: deepseek, value: { secret: b } }
`;

describe("disallowed-route", () => {
  ruleTable("disallowed-route", [
    {
      name: "a model rule for a denied model is flagged at the model",
      gateway: `${searchRules(KEYS)}        - model: openai:o1-preview
          steps: [{ type: ngrok }]
`,
      expect: [{ at: "9:18-9:35", includes: ['models.deny[1] "*:*-preview"'] }],
    },
    {
      name: "a provider rule for a denied provider is flagged at the provider",
      gateway: `${searchRules(KEYS)}        - provider: deepseek
          steps: [{ type: user, keys: [deepseek-key] }]
`,
      expect: [{ at: "9:21-9:29", includes: ['providers.deny[0] "deepseek"'] }],
    },
    {
      name: "a provider rule whose models are all denied is flagged",
      policy: `version: 1
models:
  deny: ["groq:*"]
`,
      gateway: `${searchRules()}        - provider: groq
          steps: [{ type: ngrok }]
`,
      expect: [{ at: "6:21-6:25" }],
    },
    {
      name: "rules for allowed models and providers raise nothing",
      gateway: `${searchRules(KEYS)}        - provider: openai
          steps: [{ type: user, keys: [openai-primary] }, { type: ngrok }]
        - model: openai:gpt-4o
          steps: [{ type: ngrok }]
`,
      expect: [],
    },
  ]);
});
