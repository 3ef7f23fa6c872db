import { ruleTable } from "../helpers";

describe("yaml-syntax", () => {
  ruleTable("yaml-syntax", [
    {
      name: "a syntax error is a finding with a position, not a crash",
      gateway: `version: 1
accessKeys:
  a: { configuration: [x
`,
      expect: [{ at: "4:1-4:2" }, { at: "4:1-4:2" }],
    },
    {
      name: "valid YAML raises nothing",
      gateway: "version: 1\naccessKeys: {}\n",
      expect: [],
    },
  ]);
});
