import { RESEARCH_MODELS, ruleTable } from "../helpers";

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
