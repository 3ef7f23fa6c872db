import { ruleTable } from "../helpers";

const WITH_EXPIRED_POLICY_WAIVER = `version: 1
models:
  deny: ["*:*-preview"]
waivers:
  - rule: disallowed-model
    target: accessKeyConfigurations.research
    reason: SEC-1
    expires: 2026-01-31
`;

describe("expired-waiver", () => {
  ruleTable("expired-waiver", [
    {
      name: "an expired inline waiver is flagged at the comment",
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      # aigw-ignore disallowed-model until 2026-01-01: SEC-1
      models: { allow: [openai:o1-preview] }
`,
      expect: [{ at: "5:7-5:61", includes: ["expired on 2026-01-01"] }],
    },
    {
      name: "an inline waiver without a reason or a date is flagged",
      gateway: `version: 1
accessKeys:
  a: {} # aigw-ignore unrestricted-scope until 2027-01-01
  b: {} # aigw-ignore unrestricted-scope: no date
  c: {} # aigw-ignore no-such-rule until 2027-01-01: x
`,
      expect: [
        { at: "3:9-3:58", includes: ["no reason"] },
        { at: "4:9-4:50", includes: ["expiry date"] },
        { at: "5:9-5:55", includes: ["not a lint rule id"] },
      ],
    },
    {
      name: "an expired policy.yaml waiver is flagged in policy.yaml",
      policy: WITH_EXPIRED_POLICY_WAIVER,
      gateway: "version: 1\n",
      expect: [{ at: "8:14-8:24", path: "waivers.0.expires" }],
    },
    {
      name: "live waivers raise nothing (the expiry day itself still applies)",
      policy: WITH_EXPIRED_POLICY_WAIVER.replace("2026-01-31", "2026-06-01"),
      gateway: `version: 1
accessKeyConfigurations:
  research:
    access:
      models: { allow: [openai:o1-preview] } # aigw-ignore disallowed-model until 2027-01-01: SEC-2
`,
      expect: [],
    },
  ]);
});
