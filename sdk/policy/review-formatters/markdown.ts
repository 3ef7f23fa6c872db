// The markdown format of a review, for a pull-request comment.
import { markdownCell } from "../formatters/markdown";
import { summaryText } from "../formatters/types";
import type { ScopeChange, ScopeList } from "../review";
import type { Finding } from "../types";
import { planMarkdown } from "./plan-markdown";
import type { ReviewFormatter } from "./types";

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const codes = (items: readonly string[]): string => items.map(code).join(", ");
/** An object's name, with its team when its file declares one: `` `search-prod` (team `search`) ``. */
const named = (change: { name: string; owner?: string }): string =>
  change.owner === undefined
    ? code(change.name)
    : `${code(change.name)} (team ${code(change.owner)})`;

function scopeText(scope: ScopeList | undefined): string {
  if (scope === undefined) return "absent";
  if (scope === "unrestricted") return "unrestricted";
  return scope.length === 0 ? "nothing (`allow: []`)" : codes(scope);
}

function dimensionLines(label: string, change: ScopeChange, status: string): string[] {
  if (status === "added") return [`- ${label}: ${scopeText(change.after)}`];
  if (status === "removed") return [];
  const lines: string[] = [];
  if (change.became === "unrestricted") {
    lines.push(`- ${label} **became unrestricted** (was ${scopeText(change.before)})`);
  } else if (change.became === "restricted") {
    lines.push(`- ${label} restricted to ${scopeText(change.after)} (was unrestricted)`);
  }
  if (change.became === undefined && change.added.length > 0) {
    lines.push(`- ${label} added to scope: ${codes(change.added)}`);
  }
  if (change.became === undefined && change.removed.length > 0) {
    lines.push(`- ${label} removed from scope: ${codes(change.removed)}`);
  }
  return lines;
}

function order(keys: readonly string[] | undefined): string {
  return keys === undefined
    ? "(no rule)"
    : keys.length === 0
      ? "(no steps)"
      : code(keys.join(" → "));
}

function findingRows(findings: readonly Finding[]): string {
  let out = "| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n";
  for (const f of findings) {
    const severity = f.waived ? `${f.severity} (waived)` : f.severity;
    out += `| ${severity} | ${code(f.rule)} | ${code(`${f.file}:${f.range.start.line}:${f.range.start.column}`)} | ${markdownCell(f.message)} |\n`;
  }
  return out;
}

/** The review as Markdown for a pull-request comment. */
export const formatReviewMarkdown: ReviewFormatter = (report) => {
  let out = `## aigw review: ${code(report.head)}\n\nCompared with ${code(report.base)}.\n\n`;
  if (report.plan !== undefined) out += planMarkdown(report.plan);
  const noChanges =
    report.configurations.length === 0 &&
    report.providerKeys.length === 0 &&
    report.accessKeys.length === 0;
  if (noChanges) {
    out +=
      report.plan === undefined
        ? "No changes to scope, routing or keys.\n\n"
        : "The files change no scope, routing or keys.\n\n";
  }
  if (report.configurations.length > 0) {
    out += "### Access key configurations\n\n";
    for (const c of report.configurations) {
      out += `#### ${named(c)} (${c.status})\n\n`;
      const lines = [
        ...dimensionLines("Providers", c.providers, c.status),
        ...dimensionLines("Models", c.models, c.status),
        ...c.failover.map(
          (f) => `- Failover for ${f.rule}: ${order(f.before)} ⟶ ${order(f.after)}`,
        ),
      ];
      out += `${lines.length === 0 ? "- Removed." : lines.join("\n")}\n\n`;
    }
  }
  if (report.providerKeys.length > 0) {
    out += "### Provider keys\n\n| Key | Change | Before | After |\n| --- | --- | --- | --- |\n";
    for (const k of report.providerKeys) {
      out += `| ${named(k)} | ${k.status} | ${k.before ?? ""} | ${k.after ?? ""} |\n`;
    }
    out += "\n";
  }
  if (report.accessKeys.length > 0) {
    out +=
      "### Access keys\n\n| Access key | Change | Configuration before | Configuration after |\n| --- | --- | --- | --- |\n";
    const link = (v: string | null | undefined): string =>
      v === undefined ? "" : v === null ? "none (allow-all)" : code(v);
    for (const k of report.accessKeys) {
      out += `| ${named(k)} | ${k.status} | ${link(k.before)} | ${link(k.after)} |\n`;
    }
    out += "\n";
  }
  out += `### Findings\n\n${report.newFindings.length} new, ${report.fixedFindings.length} fixed; the new version has ${summaryText(report.summary)}.\n`;
  if (report.newFindings.length > 0) {
    out += `\n#### New in this version\n\n${findingRows(report.newFindings)}`;
  }
  if (report.fixedFindings.length > 0) {
    out += `\n#### Fixed\n\n${findingRows(report.fixedFindings)}`;
  }
  return out;
};
