import { ruleTable } from "../helpers";

/** 2,000 model entries under an anchor, repeated by 60 aliases: 120,000 nodes added. */
function aliasHeavy(): string {
  const entries = Array.from({ length: 2000 }, (_, i) => `m${i}`).join(", ");
  const aliases = Array.from(
    { length: 60 },
    (_, i) => `  b-${i}: { access: { models: { allow: *m } } }`,
  );
  return `version: 1
accessKeyConfigurations:
  a:
    access:
      models:
        allow: &m [${entries}]
${aliases.join("\n")}
`;
}

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
      name: "aliases that expand the document past the cap are a finding at the alias that crosses it",
      gateway: aliasHeavy(),
      expect: [{ at: "57:38-57:40", path: "accessKeyConfigurations.b-50.access.models.allow" }],
    },
    {
      name: "valid YAML raises nothing",
      gateway: "version: 1\naccessKeys: {}\n",
      expect: [],
    },
  ]);
});
