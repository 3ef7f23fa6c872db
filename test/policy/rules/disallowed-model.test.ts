import { BUILTIN_CATALOG } from "../../../sdk/catalog/catalog";
import { noAccessRow, RESEARCH_MODELS, ruleTable, unlinkedKeyRow } from "../helpers";

/** A catalogued model `*:*-preview` matches, which an open scope's message names as its example. */
const CATALOGUED_PREVIEW = ((m) => (m === undefined ? undefined : `${m.provider}:${m.model}`))(
  BUILTIN_CATALOG.models.find((m) => /-preview$/i.test(m.model)),
);

describe("disallowed-model", () => {
  ruleTable("disallowed-model", [
    {
      name: "an explicit allow entry matching a deny glob is flagged at the entry",
      gateway: `${RESEARCH_MODELS}        allow:
          - openai:gpt-4o
          - openai:o1-preview
`,
      expect: [
        {
          at: "8:13-8:30",
          path: "accessKeyConfigurations.research.access.models.allow.1",
          includes: ['models.deny[1] "*:*-preview" (policy.yaml:3)', "Remove the entry"],
        },
      ],
    },
    {
      name: "entries in other model forms are normalised before matching (p/m, p:p/m, case)",
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      models: { allow: [openai/GPT-4-32K, "openai:openai/gpt-4-32k"] }
`,
      expect: [{ at: "5:25-5:41" }, { at: "5:43-5:68" }],
    },
    {
      name: "a bare entry is read as its catalog provider's model; one outside the catalog admits nothing",
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      models: { allow: [gemini-3.1-pro-preview, gpt-4-32k] }
`,
      expect: [{ at: "5:25-5:47", includes: ["google:gemini-3.1-pro-preview"] }],
    },
    {
      name: "an entry outside the policy's models.allow is flagged",
      policy: `version: 1
models:
  allow: ["openai:gpt-4o*", "anthropic:*"]
`,
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      models: { allow: [openai:gpt-4o-mini, anthropic:claude-sonnet-4-6, openai:o3] }
`,
      expect: [{ at: "5:74-5:83", includes: ["outside models.allow (policy.yaml:3)"] }],
    },
    {
      name: "an entry the providers dimension never admits lets nothing through",
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      providers: { allow: [anthropic] }
      models: { allow: [openai:o1-preview] }
`,
      expect: [],
    },
    {
      name: "allow: [] admits nothing and raises nothing",
      gateway: `version: 1
accessKeyConfigurations:
  locked:
    access:
      models: { allow: [] }
`,
      expect: [],
    },
    noAccessRow(
      "a configuration with no access is flagged at its name, naming the path and catalogued models",
      "through an unrestricted scope: no access block",
      'openai:gpt-4-32k: it matches models.deny[0] "openai:gpt-4-32k" (policy.yaml:3)',
      ...(CATALOGUED_PREVIEW === undefined ? [] : [`such as ${CATALOGUED_PREVIEW}:`]),
      "Add access with providers.allow and models.allow",
    ),
    {
      name: "an access with neither allow-list is flagged at access",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access: {}
`,
      expect: [
        {
          at: "4:5-4:11",
          path: "accessKeyConfigurations.search.access",
          includes: [
            "through an unrestricted scope: access has neither providers.allow nor models.allow",
          ],
        },
      ],
    },
    {
      name: "a providers.allow entry with no models.allow is flagged at the entry",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      providers: { allow: [anthropic, openai] }
      models: {}
`,
      policy: `version: 1
models:
  deny: ["openai:gpt-4-32k"]
`,
      expect: [
        {
          at: "5:39-5:45",
          path: "accessKeyConfigurations.search.access.providers.allow.1",
          includes: [
            'through a provider-wide allow: providers.allow "openai" with no models.allow',
            "openai:gpt-4-32k",
            "Add access.models.allow",
          ],
        },
      ],
    },
    unlinkedKeyRow(
      "an access key with no configuration is flagged at the access key",
      "through an unrestricted scope: no configuration",
      "Link the access key",
    ),
    {
      name: "a glob deny with no catalogued match names a synthetic model of each provider",
      policy: `version: 1
models:
  deny: ["anthropic:*-nightly"]
`,
      gateway: `version: 1
accessKeyConfigurations:
  claude:
    access:
      providers: { allow: [anthropic] }
`,
      expect: [
        {
          at: "5:28-5:37",
          includes: ['models of "anthropic" such as anthropic:x-nightly'],
        },
      ],
    },
    {
      name: "a deny written in another model form and case still flags an unrestricted scope",
      policy: `version: 1
models:
  deny: ["openai/GPT-4-32K"]
`,
      gateway: `version: 1
accessKeyConfigurations:
  open: {}
`,
      expect: [{ at: "3:3-3:7", includes: ["openai:gpt-4-32k: it matches models.deny[0]"] }],
    },
    {
      name: "a provider id the gateway does not know admits nothing, so nothing is reported",
      policy: `version: 1
models:
  deny: ["*:gpt-4-32k"]
`,
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      models: { allow: ["OpenAI:gpt-4-32k"] }
`,
      expect: [],
    },
    {
      name: "a model the policy allows-list leaves out is flagged on a provider-wide allow",
      policy: `version: 1
models:
  allow: ["openai:gpt-4o*"]
`,
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      providers: { allow: [openai] }
`,
      expect: [
        {
          at: "5:28-5:34",
          includes: ["outside models.allow (policy.yaml:3)", 'models of "openai" such as openai:'],
        },
      ],
    },
    {
      name: "allowed models raise nothing",
      gateway: `version: 1
accessKeyConfigurations:
  search:
    access:
      providers: { allow: [openai] }
      models: { allow: [openai:gpt-4o-mini, openai/gpt-4o] }
`,
      expect: [],
    },
  ]);
});
