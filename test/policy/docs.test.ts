import * as fs from "node:fs";
import * as path from "node:path";
import { POLICY_RULES } from "../../sdk/policy/rules/index";

// docs/policy.md's rule table says what each rule reports: one row per rule, with the rule's
// default severity.
describe("docs/policy.md", () => {
  const text = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "policy.md"), "utf8");
  const rows = [...text.matchAll(/^\| `([a-z-]+)` \| (error|warn|info)\b/gm)].map((m) => [
    m[1],
    m[2],
  ]);

  it("has a row for every rule with its default severity", () => {
    const byId = (a: (string | undefined)[], b: (string | undefined)[]): number =>
      String(a[0]).localeCompare(String(b[0]));
    expect(rows.sort(byId)).toEqual(POLICY_RULES.map((r) => [r.id, r.defaultSeverity]).sort(byId));
  });
});
