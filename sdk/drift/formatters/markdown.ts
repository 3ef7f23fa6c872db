// The markdown format: for a pull request comment, an issue or a job summary.
import type { DriftEntry } from "../report";
import { remedies, showChange, showObject, showStacks, showValue } from "./common";
import type { DriftFormatter } from "./types";

/** Text safe inside a table cell: no pipe ends the cell, no newline ends the row. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** An inline code span that survives backticks in its content. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${fence === "``" ? ` ${text} ` : text}${fence}`;
}

function details(entry: DriftEntry): string {
  switch (entry.class) {
    case "changed":
      return (entry.changes ?? [])
        .map((c) => {
          const sets =
            c.added !== undefined && c.removed !== undefined
              ? ` (${[...c.added.map((a) => `+${a}`), ...c.removed.map((r) => `−${r}`)].join(", ")})`
              : "";
          return `${code(c.property)}: ${code(showChange(c, "→"))}${sets}`;
        })
        .join("<br>");
    case "rotated":
      return entry.keyRedacted === undefined
        ? "rotated"
        : `${code("keyRedacted")}: ${code(`${entry.keyRedacted.recorded} → ${entry.keyRedacted.live}`)}`;
    case "deleted":
      return "no longer in the API";
    case "unmanaged":
      return `not managed by any stack; last changed ${showValue(entry.liveUpdatedAt)}`;
    case "orphaned":
      return `made by the interrupted create of ${code(entry.logicalName ?? entry.id)}, not in the state`;
  }
}

/** The report as a markdown section with a summary table and one row per entry. */
export const formatDriftMarkdown: DriftFormatter = (report) => {
  const s = report.summary;
  const title = report.drift
    ? `## aigw drift: ${s.drifted} object${s.drifted === 1 ? "" : "s"} drifted`
    : "## aigw drift: no drift";
  const lines = [
    title,
    "",
    `Stacks ${cell(showStacks(report))} against ${code(report.apiUrl)}, read ${report.generatedAt} with ${report.apiCalls} API call${report.apiCalls === 1 ? "" : "s"}.`,
    "",
    "| Managed | In sync | Changed | Rotated | Deleted | Unmanaged | Pending | Orphaned |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${s.managed} | ${s.inSync} | ${s.changed} | ${s.rotated} | ${s.deleted} | ${report.includeUnmanaged ? String(s.unmanaged) : "not checked"} | ${s.pending} | ${s.orphaned} |`,
  ];
  if (report.entries.length > 0) {
    lines.push("", "| Class | Object | Stack | Details |", "| --- | --- | --- | --- |");
    for (const entry of report.entries) {
      lines.push(
        `| ${entry.class} | ${cell(showObject(entry))} | ${cell(entry.stack ?? "—")} | ${cell(details(entry))} |`,
      );
    }
  }
  if (report.pendingOperations.length > 0) {
    lines.push(
      "",
      "Pending operations of an interrupted update:",
      "",
      "| Operation | Resource | Stack | Candidates | Recovery |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const op of report.pendingOperations) {
      lines.push(
        `| ${op.operation} | ${cell(`${op.kind} ${op.logicalName}`)} | ${cell(op.stack)} | ${cell(op.candidates.join(", ") || "—")} | ${op.recovery} |`,
      );
    }
  }
  if (report.drift) lines.push("", ...remedies(report));
  return `${lines.join("\n")}\n`;
};
