import { ruleTable, searchRules } from "../helpers";

const KEYS = `providerKeys:
  a: { providerId: openai, value: { secret: a } }
  b: { providerId: openai, value: { secret: b } }
`;

describe("no-failover", () => {
  ruleTable("no-failover", [
    {
      name: "a single key and no further step is flagged at the key",
      gateway: `${searchRules(KEYS)}        - provider: openai
          steps:
            - type: user
              keys: [a]
`,
      expect: [{ at: "12:22-12:23", includes: ['single key "a"', "Add a second key"] }],
    },
    {
      name: "two keys, or a further step, raise nothing",
      gateway: `${searchRules(KEYS)}        - provider: openai
          steps: [{ type: user, keys: [a, b] }]
  other:
    router:
      rules:
        - provider: openai
          steps: [{ type: user, keys: [a] }, { type: ngrok }]
  managed:
    router:
      rules:
        - provider: openai
          steps: [{ type: ngrok }]
`,
      expect: [],
    },
  ]);
});
