// The text format: a headline, then one block per drifted object with its properties indented.
import type { DriftEntry } from "../report";
import { remedies, showChange, showCounts, showObject, showStacks } from "./common";
import type { DriftFormatter } from "./types";

function entryLines(entry: DriftEntry): string[] {
  const where = entry.stack !== undefined ? `  [stack ${entry.stack}]` : "";
  const lines = [`${entry.class.toUpperCase().padEnd(9)} ${showObject(entry)}${where}`];
  switch (entry.class) {
    case "changed":
      for (const change of entry.changes ?? []) {
        lines.push(`    ${change.property}: ${showChange(change, "->")}`);
        for (const added of change.added ?? []) lines.push(`      + ${added}`);
        for (const removed of change.removed ?? []) lines.push(`      - ${removed}`);
      }
      break;
    case "rotated":
      if (entry.keyRedacted !== undefined) {
        const at = entry.liveUpdatedAt !== undefined ? ` (live since ${entry.liveUpdatedAt})` : "";
        lines.push(
          `    keyRedacted: ${entry.keyRedacted.recorded} -> ${entry.keyRedacted.live}${at}`,
        );
      }
      break;
    case "deleted":
      lines.push("    no longer in the API");
      break;
    case "unmanaged":
      lines.push("    not managed by any of the stacks");
      break;
    case "orphaned":
      lines.push(
        `    made by the interrupted create of "${entry.logicalName ?? ""}", not in the state`,
      );
      break;
  }
  return lines;
}

/** The report for people at a terminal or in a CI log. */
export const formatDriftText: DriftFormatter = (report) => {
  const s = report.summary;
  const stacks = `stack${report.stacks.length === 1 ? "" : "s"} ${showStacks(report)}`;
  const calls = `${report.apiCalls} API call${report.apiCalls === 1 ? "" : "s"}`;
  if (!report.drift) {
    const unmanaged = report.includeUnmanaged ? ", and the account holds nothing unmanaged" : "";
    return `No drift: the ${s.managed} object${s.managed === 1 ? "" : "s"} managed by ${stacks} match ${report.apiUrl}${unmanaged} (${calls}).\n`;
  }
  const lines = [
    `Drift in ${stacks} against ${report.apiUrl}: ${s.drifted} object${s.drifted === 1 ? "" : "s"} drifted, ${s.inSync} of ${s.managed} managed in sync (${calls}).`,
    `  ${showCounts(report)}`,
    "",
  ];
  for (const entry of report.entries) lines.push(...entryLines(entry));
  if (report.pendingOperations.length > 0) {
    if (report.entries.length > 0) lines.push("");
    lines.push("Pending operations of an interrupted update:");
    for (const op of report.pendingOperations) {
      const candidates = op.candidates.length > 0 ? ` [${op.candidates.join(", ")}]` : "";
      lines.push(
        `  ${op.operation.padEnd(9)} ${op.kind} "${op.logicalName}"  [stack ${op.stack}]  -> ${op.recovery}${candidates}`,
      );
    }
  }
  lines.push("", ...remedies(report));
  return `${lines.join("\n")}\n`;
};
