import { ruleTable } from "../helpers";

/** Configuration `search` with one scope line and one rule, whose step is ngrok inference. */
function search(access: string, rule: string): string {
  return `version: 1
accessKeyConfigurations:
  search:
    access:
      ${access}
    router:
      rules:
        - ${rule}
          steps: [{ type: ngrok }]
`;
}

describe("unreachable-route", () => {
  ruleTable("unreachable-route", [
    {
      name: "a provider rule for a provider outside providers.allow is flagged",
      gateway: search("providers: { allow: [openai] }", "provider: anthropic"),
      expect: [{ at: "8:21-8:30", includes: ["access.providers.allow admits none"] }],
    },
    {
      name: "a provider rule with no admitted model is flagged",
      gateway: search("models: { allow: [openai:gpt-4o] }", "provider: anthropic"),
      expect: [{ at: "8:21-8:30", includes: ["access.models.allow"] }],
    },
    {
      name: "a model rule for a model outside models.allow is flagged",
      gateway: search("models: { allow: [openai:gpt-4o] }", "model: openai:gpt-4o-mini"),
      expect: [{ at: "8:18-8:36", includes: ["openai:gpt-4o-mini"] }],
    },
    {
      name: "rules the scope admits raise nothing (any model form)",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      providers: { allow: [openai] }
      models: { allow: [openai/gpt-4o] }
    router:
      rules:
        - provider: openai
          steps: [{ type: ngrok }]
        - model: openai:GPT-4o
          steps: [{ type: ngrok }]
  open:
    router:
      rules:
        - provider: anthropic
          steps: [{ type: ngrok }]
`,
      expect: [],
    },
  ]);
});
