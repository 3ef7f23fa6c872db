import type { Policy } from "../policy";
import { isExpired } from "../waivers";
import type { PolicyRule, RuleFinding } from "../types";

/**
 * `expired-waiver`: a waiver whose expiry date has passed (it no longer waives anything), or an
 * inline `# aigw-ignore` comment without a valid rule, date or reason (it never waived anything).
 * Inline waivers are checked per linted file; policy.yaml waivers once per run
 * ({@link policyWaiverFindings}).
 */
export const expiredWaiver: PolicyRule = {
  id: "expired-waiver",
  title: "Expired waiver",
  defaultSeverity: "error",
  description: "A waiver has expired, or an inline waiver lacks its rule, expiry date or reason.",
  help: "Fix the finding the waiver covered, or renew the waiver with a new expiry date and a reason that says who approved it; an inline waiver is written # aigw-ignore <rule> until <YYYY-MM-DD>: <reason>.",
  check: (context) =>
    context.inlineWaivers.flatMap((w): RuleFinding[] => {
      const range = {
        start: { line: w.line, column: w.column },
        end: { line: w.line, column: w.endColumn },
      };
      const path: (string | number)[] = [];
      const file = context.parsed.file;
      if (w.problem !== undefined) {
        return [
          {
            file,
            path,
            range,
            message: `Inline waiver at line ${w.line} is not applied: ${w.problem}.`,
          },
        ];
      }
      if (w.expires !== undefined && isExpired(w.expires, context.today)) {
        return [
          {
            file,
            path,
            range,
            message: `Inline waiver of ${w.rule ?? "?"} expired on ${w.expires} and no longer applies ("${w.reason ?? ""}"). Fix the finding it covered, or renew the waiver with a new date.`,
          },
        ];
      }
      return [];
    }),
};

/** The `expired-waiver` findings of policy.yaml's `waivers`, reported against the policy file. */
export function policyWaiverFindings(policy: Policy, today: string): RuleFinding[] {
  return policy.waivers
    .filter((w) => isExpired(w.expires, today))
    .map((w) => ({
      file: policy.file,
      path: w.expiresLocation.path,
      range: w.expiresLocation.range,
      message: `Waiver of ${w.rule} for ${w.target === undefined ? `the objects of ${(w.owners ?? []).join(", ")}` : `${w.target.section}.${w.target.name}`} expired on ${w.expires} and no longer applies ("${w.reason}"). Fix the finding it covered, or renew the waiver with a new expiry date.`,
    }));
}
