import { ruleTable } from "../helpers";

describe("schema", () => {
  ruleTable("schema", [
    {
      name: "an unknown property is flagged (from the loader)",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    acess: {}
`,
      expect: [{ at: "4:5-4:10", includes: ["acess"] }],
    },
    {
      name: "a duplicate key is a schema finding",
      gateway: `version: 1
accessKeys:
  a: {}
  a: {}
`,
      expect: [{ at: "4:3-4:4", includes: ["twice"] }],
    },
    {
      name: "a valid file raises nothing",
      gateway: "version: 1\n",
      expect: [],
    },
  ]);
});
