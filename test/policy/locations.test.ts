import { RESEARCH_MODELS, findingsOf } from "./helpers";

// Each finding must point at the exact node that lets the model through, in every YAML style.
describe("finding locations", () => {
  it("points at an entry of a block sequence", () => {
    const gateway = `${RESEARCH_MODELS}        allow:
          - openai:gpt-4o
          - "openai:o1-preview"
`;
    expect(findingsOf("disallowed-model", gateway).map((f) => f.at)).toEqual(["8:13-8:32"]);
  });

  it("points at an entry of a flow sequence", () => {
    const gateway = `version: 1
accessKeyConfigurations: { research: { access: { models: { allow: [openai:gpt-4o, 'openai:o1-preview'] } } } }
`;
    expect(findingsOf("disallowed-model", gateway).map((f) => f.at)).toEqual(["2:83-2:102"]);
  });

  it("points at entries of a flow sequence spread over several lines", () => {
    const gateway = `${RESEARCH_MODELS}        allow: [
          openai:gpt-4o,
            openai:o1-preview,
          openai:gpt-4-32k
        ]
`;
    expect(findingsOf("disallowed-model", gateway).map((f) => f.at)).toEqual([
      "8:13-8:30",
      "9:11-9:27",
    ]);
  });

  it("points at a multi-line quoted scalar from its first line to its end", () => {
    const gateway = `${RESEARCH_MODELS}        allow:
          - "openai:o1-\\
            preview"
`;
    const [finding] = findingsOf("disallowed-model", gateway);
    expect(finding?.at).toBe("7:13-8:21");
  });

  it("points at the anchored node for every configuration that aliases it", () => {
    const gateway = `version: 1
accessKeyConfigurations:
  research:
    access: &shared
      models:
        allow: [openai:gpt-4o, openai:o1-preview]
  staging:
    access: *shared
  beta:
    access:
      models:
        allow: &preview
          - anthropic:claude-x-preview
  canary:
    access:
      models: { allow: *preview }
`;
    const found = findingsOf("disallowed-model", gateway);
    expect(found.map((f) => [f.path, f.at])).toEqual([
      ["accessKeyConfigurations.research.access.models.allow.1", "6:32-6:49"],
      ["accessKeyConfigurations.staging.access.models.allow.1", "6:32-6:49"],
      ["accessKeyConfigurations.beta.access.models.allow.0", "13:13-13:39"],
      ["accessKeyConfigurations.canary.access.models.allow.0", "13:13-13:39"],
    ]);
  });

  it("points at values brought in by a merge key", () => {
    const gateway = `version: 1
accessKeyConfigurations:
  base: &base
    access:
      providers: { allow: [deepseek] }
  derived:
    <<: *base
    description: merged
`;
    expect(findingsOf("disallowed-provider", gateway).map((f) => [f.path, f.at])).toEqual([
      ["accessKeyConfigurations.base.access.providers.allow.0", "5:28-5:36"],
      ["accessKeyConfigurations.derived.access.providers.allow.0", "5:28-5:36"],
    ]);
  });

  it("points at the access key's name for an unlinked access key", () => {
    const gateway = `version: 1
accessKeys: { ci-bot: { description: x } }
`;
    expect(findingsOf("unrestricted-scope", gateway).map((f) => f.at)).toEqual(["2:15-2:21"]);
  });
});
