// Owner-scoped policy: waivers with `owners:` cover only the listed teams' objects, and the
// `foreign-reference` rule flags an access key linked to another team's configuration.
import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { parseGateways } from "../../sdk/gitops/load";
import { lintGateways } from "../../sdk/policy/lint";
import { parsePolicy } from "../../sdk/policy/policy";
import type { Finding } from "../../sdk/policy/types";
import { TODAY, policyOf } from "./helpers";

/** Two team files whose configurations are both unrestricted (no access). */
const SEARCH = `version: 1
owner: search
accessKeyConfigurations:
  search-open: {}
accessKeys:
  search-prod: { configuration: search-open }
`;
const BILLING = `version: 1
owner: billing
accessKeyConfigurations:
  billing-open: {}
accessKeys:
  billing-prod: { configuration: billing-open }
  billing-search: { configuration: search-open }
`;

const POLICY = `version: 1
models:
  deny: ["*:*-preview"]
`;

/** The findings of rule `rule` over the two team files, under `waivers` appended to the policy. */
function findings(rule: string, waivers = ""): Finding[] {
  const declaration = parseGateways([
    { file: "teams/search.yaml", text: SEARCH },
    { file: "teams/billing.yaml", text: BILLING },
  ]);
  const result = lintGateways(declaration.files, policyOf(`${POLICY}${waivers}`), {
    today: TODAY,
  });
  return result.findings.filter((f) => f.rule === rule);
}

function waived(list: readonly Finding[]): string[] {
  return list.map((f) => `${f.path.slice(0, 2).join(".")} ${f.waived ? "waived" : "open"}`);
}

describe("owners: on a waiver", () => {
  it("covers the findings of the listed teams' objects only", () => {
    const list = findings(
      "unrestricted-scope",
      `waivers:
  - rule: unrestricted-scope
    owners: [search]
    reason: search's open scope is approved in SEC-7
    expires: 2099-01-01
`,
    );
    expect(waived(list)).toEqual([
      "accessKeyConfigurations.search-open waived",
      "accessKeyConfigurations.billing-open open",
    ]);
    expect(list[0]?.waiver?.at).toBe("policy.yaml:5");
  });

  it("does not let a team be waived for another team's object, even by target", () => {
    const list = findings(
      "unrestricted-scope",
      `waivers:
  - rule: unrestricted-scope
    owners: [search]
    target: accessKeyConfigurations.billing-open
    reason: not search's to waive
    expires: 2099-01-01
  - rule: unrestricted-scope
    owners: [billing, search]
    target: accessKeyConfigurations.search-open
    reason: approved in SEC-8
    expires: 2099-01-01
`,
    );
    expect(waived(list)).toEqual([
      "accessKeyConfigurations.search-open waived",
      "accessKeyConfigurations.billing-open open",
    ]);
  });

  it("with model:, covers a team's disallowed-model finding only when the pattern covers every model it is about", () => {
    const list = findings(
      "disallowed-model",
      `waivers:
  - rule: disallowed-model
    owners: [search]
    model: "openai:*"
    reason: only openai's previews are approved
    expires: 2099-01-01
  - rule: disallowed-model
    owners: [billing]
    target: accessKeyConfigurations.billing-open
    model: "*:*-preview"
    reason: billing may try every preview
    expires: 2099-01-01
  - rule: disallowed-model
    owners: [billing]
    target: accessKeyConfigurations.search-open
    model: "*:*-preview"
    reason: not billing's to waive
    expires: 2099-01-01
`,
    );
    // An open scope reaches the previews of every provider: "openai:*" does not cover them all.
    expect(list.find((f) => f.path[1] === "search-open")?.modelPatterns).toEqual(
      expect.arrayContaining(["openai:*-preview", "anthropic:*-preview"]),
    );
    expect(waived(list)).toEqual([
      "accessKeyConfigurations.search-open open",
      "accessKeyConfigurations.billing-open waived",
    ]);
  });

  it("covers nothing of a file without owner:", () => {
    const declaration = parseGateways([
      { file: "gateway.yaml", text: SEARCH.replace("owner: search\n", "") },
    ]);
    const policy = policyOf(`${POLICY}waivers:
  - rule: unrestricted-scope
    owners: [search]
    reason: approved
    expires: 2099-01-01
`);
    const result = lintGateways(declaration.files, policy, { today: TODAY });
    expect(result.findings.filter((f) => f.waived)).toEqual([]);
  });

  it("is rejected without a target or owners, with the position and the fix", () => {
    const result = parsePolicy(
      `version: 1
waivers:
  - rule: unrestricted-scope
    reason: approved
    expires: 2099-01-01
`,
      "policy.yaml",
    );
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "policy.yaml:3:5: error schema: waivers[0] must name what it waives: target: <section>.<logical name>, owners: [<team>, …], or both.",
    ]);
  });
});

describe("reach across files", () => {
  it("counts a custom provider another file declares, so a team file reaching it is reported", () => {
    const declaration = parseGateways([
      {
        file: "teams/platform.yaml",
        text: "version: 1\nowner: platform\nproviders:\n  local:\n    providerId: local-llm\n    baseUrl: https://llm.internal\n    models: [llama-3.1-8b]\n",
      },
      {
        file: "teams/search.yaml",
        text: "version: 1\nowner: search\naccessKeyConfigurations:\n  search-local:\n    access: { providers: { allow: [local-llm] } }\n",
      },
    ]);
    expect(declaration.diagnostics).toEqual([]);
    const policy = policyOf("version: 1\nproviders:\n  deny: [local-llm]\n");
    const result = lintGateways(declaration.files, policy, { today: TODAY });
    expect(
      result.findings
        .filter((f) => f.rule === "disallowed-provider")
        .map((f) => [f.file, f.path.join("."), f.model]),
    ).toEqual([
      [
        "teams/search.yaml",
        "accessKeyConfigurations.search-local.access.providers.allow.0",
        "local-llm:llama-3.1-8b",
      ],
    ]);
  });
});

describe("foreign-reference", () => {
  it("warns at an access key linked to a configuration another team owns", () => {
    expect(findings("foreign-reference").map(formatDiagnostic)).toEqual([
      'teams/billing.yaml:7:36: warn foreign-reference: accessKeys.billing-search.configuration "search-open" is owned by team search (teams/search.yaml:4:3), not by this file\'s team billing: a change its owners make changes what these clients may reach. Link a configuration of team billing, or ask team search to own the access key too.',
    ]);
  });

  it("says nothing of references within a team, or in files without owners", () => {
    const declaration = parseGateways([
      { file: "a.yaml", text: SEARCH.replace("owner: search\n", "") },
      { file: "b.yaml", text: BILLING.replace("owner: billing\n", "") },
    ]);
    const result = lintGateways(declaration.files, policyOf(POLICY), { today: TODAY });
    expect(result.findings.filter((f) => f.rule === "foreign-reference")).toEqual([]);
  });
});
