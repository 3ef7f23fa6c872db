import { parseModelName } from "../core/model-name";
import type { ModelPattern } from "./patterns";
import { type Policy, type PolicyWaiver, isCalendarDate } from "./policy";
import { type AppliedWaiver, type Finding, type PolicyRuleId, isPolicyRuleId } from "./types";

/**
 * An `# aigw-ignore <rule> until <YYYY-MM-DD>: <reason>` comment. A comment on a line of its own
 * covers the next line; a comment after a value covers its own line. An incomplete one (no rule,
 * date or reason) is reported and waives nothing.
 */
export interface InlineWaiver {
  /** 1-based line and column of the `#`. */
  readonly line: number;
  readonly column: number;
  /** 1-based, exclusive column where the comment ends. */
  readonly endColumn: number;
  /** The line whose findings it covers. */
  readonly covers: number;
  readonly rule: PolicyRuleId | undefined;
  readonly expires: string | undefined;
  readonly reason: string | undefined;
  /** Why the comment is not a valid waiver; undefined when it is. */
  readonly problem: string | undefined;
}

const SYNTAX = "# aigw-ignore <rule> until <YYYY-MM-DD>: <reason>";
const MARKER = /(^|\s)#\s*aigw-ignore\b/;

/** Finds every `# aigw-ignore` comment of a file. */
export function parseInlineWaivers(text: string): InlineWaiver[] {
  if (!text.includes("aigw-ignore")) return [];
  const waivers: InlineWaiver[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const match = MARKER.exec(line);
    if (match === null) continue;
    const hash = match.index + (match[1] ?? "").length;
    const ownLine = line.slice(0, hash).trim() === "";
    const body = line.slice(hash).replace(/^#\s*aigw-ignore\b/, "");
    const parsed = /^\s+(\S+)\s+until\s+(\S+?)\s*:\s*(.*?)\s*$/.exec(body);
    let problem: string | undefined;
    let rule: PolicyRuleId | undefined;
    let expires: string | undefined;
    let reason: string | undefined;
    if (parsed === null) {
      problem = /\buntil\b/.test(body)
        ? `the waiver has no reason; write ${SYNTAX}`
        : `the waiver has no "until <YYYY-MM-DD>" expiry date; write ${SYNTAX}`;
    } else {
      const [, ruleText = "", date = "", why = ""] = parsed;
      if (!isPolicyRuleId(ruleText))
        problem = `"${ruleText}" is not a lint rule id; write ${SYNTAX}`;
      else rule = ruleText;
      if (!isCalendarDate(date)) problem ??= `"${date}" is not a date; write until YYYY-MM-DD`;
      else expires = date;
      if (why === "") problem ??= `the waiver has no reason; write ${SYNTAX}`;
      else reason = why;
    }
    waivers.push({
      line: index + 1,
      column: hash + 1,
      endColumn: line.trimEnd().length + 1,
      covers: ownLine ? index + 2 : index + 1,
      rule,
      expires,
      reason,
      problem,
    });
  }
  return waivers;
}

/** True when a waiver expiring on `expires` (inclusive) no longer applies on `today`. */
export function isExpired(expires: string, today: string): boolean {
  return expires < today;
}

/**
 * True when a waiver's `model` pattern covers every model a finding is about: each of its model
 * patterns (a pattern covers another when it matches the other's text, each `*` of which its own
 * `*` absorbs), else its one model.
 */
function coversModels(pattern: ModelPattern, finding: Finding): boolean {
  if (finding.modelPatterns !== undefined) {
    return finding.modelPatterns.every((p) => pattern.matches(parseModelName(p)));
  }
  return finding.model !== undefined && pattern.matches(parseModelName(finding.model));
}

/**
 * Marks the findings a live waiver covers. A policy waiver covers findings of its rule on its
 * target object or its teams' objects (with `owners`, only those: a team is never waived for
 * another team's object; `owners` maps each gateway file to its `owner:`), and with `model` only
 * findings about models its pattern covers; an inline waiver covers findings of its rule that
 * start on the line it covers. Rules never stand in for each other: an `unrestricted-scope`
 * waiver never waives a `disallowed-*` finding on the same node. Expired or incomplete waivers
 * cover nothing; the
 * `expired-waiver` rule reports them. `expired-waiver` findings are never waived.
 */
export function applyWaivers(
  findings: readonly Finding[],
  policy: Policy,
  inline: ReadonlyMap<string, readonly InlineWaiver[]>,
  today: string,
  owners: ReadonlyMap<string, string | undefined> = new Map(),
): Finding[] {
  const live = policy.waivers.filter((w) => !isExpired(w.expires, today));
  return findings.map((finding) => {
    if (finding.rule === "expired-waiver") return finding;
    let waiver: AppliedWaiver | undefined;
    for (const w of inline.get(finding.file) ?? []) {
      if (
        w.problem === undefined &&
        w.rule === finding.rule &&
        w.covers === finding.range.start.line &&
        w.expires !== undefined &&
        w.reason !== undefined &&
        !isExpired(w.expires, today)
      ) {
        waiver = {
          source: "inline",
          reason: w.reason,
          expires: w.expires,
          at: `${finding.file}:${w.line}`,
        };
        break;
      }
    }
    if (waiver === undefined && finding.file !== policy.file) {
      const w = live.find(
        (candidate) =>
          candidate.rule === finding.rule &&
          coversTarget(candidate, finding) &&
          coversOwner(candidate, owners.get(finding.file)) &&
          (candidate.model === undefined || coversModels(candidate.model, finding)),
      );
      if (w !== undefined) {
        waiver = {
          source: "policy",
          reason: w.reason,
          expires: w.expires,
          at: `${policy.file}:${w.location.range.start.line}`,
        };
      }
    }
    return waiver === undefined ? finding : { ...finding, waived: true, waiver };
  });
}

/** True when a policy waiver's target (if any) is the object a finding is about. */
function coversTarget(waiver: PolicyWaiver, finding: Finding): boolean {
  return (
    waiver.target === undefined ||
    (finding.path[0] === waiver.target.section && finding.path[1] === waiver.target.name)
  );
}

/**
 * True when a policy waiver's `owners` (if any) include the team that owns the finding's object,
 * its file's `owner:`; an object of a file without one is no team's.
 */
function coversOwner(waiver: PolicyWaiver, owner: string | undefined): boolean {
  return waiver.owners === undefined || (owner !== undefined && waiver.owners.includes(owner));
}
