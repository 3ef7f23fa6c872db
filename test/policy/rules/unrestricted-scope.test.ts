import { noAccessRow, ruleTable, unlinkedKeyRow } from "../helpers";

// unrestricted-scope is hygiene: it reports an open scope as such, whatever the policy denies;
// a disallowed model it lets through is a disallowed-model (or -provider) finding as well.
describe("unrestricted-scope", () => {
  ruleTable("unrestricted-scope", [
    noAccessRow(
      "a configuration with no access is reported at its name",
      "has no access",
      "every model of every provider",
      "Add access",
    ),
    unlinkedKeyRow(
      "an access key with no configuration is reported at the access key",
      "has no configuration",
      "Link the access key",
    ),
    {
      name: "each providers.allow entry with no models.allow is reported at the entry",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      providers: { allow: [openai, groq] }
`,
      expect: [
        {
          at: "5:28-5:34",
          path: "accessKeyConfigurations.search.access.providers.allow.0",
          includes: ['every model of "openai"', "Add access.models.allow"],
        },
        { at: "5:36-5:40", path: "accessKeyConfigurations.search.access.providers.allow.1" },
      ],
    },
    {
      name: "an access with neither allow-list is reported at access",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access: {}
`,
      expect: [{ at: "4:5-4:11", path: "accessKeyConfigurations.search.access" }],
    },
    {
      name: "an open scope is reported even when the policy disallows nothing",
      policy: "version: 1\n",
      gateway: `version: 1
accessKeyConfigurations:
  open: {}
accessKeys:
  bot: {}
`,
      expect: [
        { at: "3:3-3:7", path: "accessKeyConfigurations.open" },
        { at: "5:3-5:6", path: "accessKeys.bot" },
      ],
    },
    {
      name: "an open scope is reported at warn by default",
      gateway: `version: 1
accessKeyConfigurations:
  open: {}
`,
      expect: [{ at: "3:3-3:7", severity: "warn" }],
    },
    {
      name: "a closed scope raises nothing: models.allow listed, or providers.allow: []",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      models: { allow: [openai:gpt-4o] }
  locked:
    access:
      providers: { allow: [] }
accessKeys:
  prod: { configuration: search }
`,
      expect: [],
    },
  ]);
});
