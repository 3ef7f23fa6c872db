// What policy.yaml itself may say: patterns that can match, in the positions the file gives.
import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { parsePolicy } from "../../sdk/policy/policy";
import { POLICY_RULE_IDS } from "../../sdk/policy/types";

describe("rules", () => {
  it("names an unknown rule id as such, lists the ids and suggests the closest", () => {
    const result = parsePolicy("version: 1\nrules:\n  no-failovr: off\n", "policy.yaml");
    expect(result.policy).toBeUndefined();
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `policy.yaml:3:3: error schema: rules has an unknown key "no-failovr": it must be a lint rule id: ${POLICY_RULE_IDS.join(", ")}. Did you mean "no-failover"?`,
    ]);
  });
});

describe("model patterns", () => {
  it("refuses a pattern with an empty provider or model part, which would deny nothing", () => {
    // "openai:" meant "all of openai" and denied nothing at all.
    const result = parsePolicy(
      'version: 1\nmodels:\n  deny: ["openai:", ":gpt-4o-mini", "openai/", "/gpt-4o"]\n',
      "policy.yaml",
    );
    expect(result.policy).toBeUndefined();
    const why =
      "must be a model pattern with both its parts, such as openai:gpt-4-32k, openai:* or *:*-preview: nothing may be empty before or after its ':' or '/'";
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `policy.yaml:3:10: error schema: models.deny[0] ${why} (got "openai:").`,
      `policy.yaml:3:21: error schema: models.deny[1] ${why} (got ":gpt-4o-mini").`,
      `policy.yaml:3:37: error schema: models.deny[2] ${why} (got "openai/").`,
      `policy.yaml:3:48: error schema: models.deny[3] ${why} (got "/gpt-4o").`,
    ]);
  });

  it("takes every model form, a bare model, and ids that hold ':' or '/' further on", () => {
    const result = parsePolicy(
      "version: 1\nmodels:\n  deny: [openai:gpt-4-32k, anthropic/claude-*, groq:openai/gpt-oss-20b, bedrock:anthropic.claude-v2:1, gpt-4o, '*:*']\n",
      "policy.yaml",
    );
    expect(result.diagnostics).toEqual([]);
  });
});
