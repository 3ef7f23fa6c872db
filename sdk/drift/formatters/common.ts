// What the text and markdown formats share: how a value and an object are shown.
import { KIND_LABELS } from "../classify";
import { recoverCommand } from "../interrupted";
import type { DriftEntry, DriftReport, PropertyChange } from "../report";

/** A value as compact JSON; an absent value as `(absent)`. */
export function showValue(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}

/** The recorded and live sides of a change, `recorded -> live`. */
export function showChange(change: PropertyChange, arrow: string): string {
  return `${showValue(change.recorded)} ${arrow} ${showValue(change.live)}`;
}

/** An entry's object: kind, name and id, such as `provider key "openai-primary" (aigpk_1)`. */
export function showObject(entry: DriftEntry): string {
  const name =
    entry.logicalName ?? (entry.name !== undefined && entry.name !== "" ? entry.name : undefined);
  const team = entry.owner === undefined ? "" : `, team ${entry.owner}`;
  return `${KIND_LABELS[entry.kind]}${name !== undefined ? ` "${name}"` : ""} (${entry.id}${team})`;
}

/** The stacks, quoted and joined. */
export function showStacks(report: DriftReport): string {
  return report.stacks.map((s) => `"${s}"`).join(", ");
}

/** One line of counts, such as `changed 1, rotated 1, deleted 0`. */
export function showCounts(report: DriftReport): string {
  const s = report.summary;
  const parts = [`changed ${s.changed}`, `rotated ${s.rotated}`, `deleted ${s.deleted}`];
  if (report.includeUnmanaged) parts.push(`unmanaged ${s.unmanaged}`);
  if (s.pending + s.orphaned > 0) parts.push(`pending ${s.pending}`, `orphaned ${s.orphaned}`);
  return parts.join(", ");
}

/** What to do about the drift found, one sentence per class present. */
export function remedies(report: DriftReport): string[] {
  const s = report.summary;
  const out: string[] = [];
  if (s.changed + s.rotated + s.deleted > 0) {
    out.push(
      "`pulumi up --refresh` puts changed, rotated and deleted objects back to the program's state; " +
        "or change the program (and its secrets) to keep what is live.",
    );
  }
  if (s.unmanaged > 0) {
    out.push(
      "Unmanaged objects: declare them with `adopt: <id>` (`aigw export` writes such a file) or delete them.",
    );
  }
  const interrupted = [...new Set(report.pendingOperations.map((op) => op.stack))];
  for (const stack of interrupted) {
    out.push(
      `An interrupted \`pulumi up\` left pending operations in stack ${stack}: run \`${recoverCommand(stack)}\` ` +
        "before the next `pulumi up`, which would otherwise create the orphaned objects a second time.",
    );
  }
  return out;
}
