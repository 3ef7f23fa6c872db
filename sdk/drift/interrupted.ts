// What drift reports about an interrupted `pulumi up`: each pending operation of our resources
// with what `aigw recover` would do about it, and an `orphaned` entry for each live object a
// pending create looks to have made. They are reported with or without --include-unmanaged: the
// next plain `pulumi up` would otherwise create those objects a second time.
import { KIND_LABELS } from "./classify";
import type { PendingMatch } from "./match";
import type { DriftEntry, PendingOperationEntry } from "./report";

/** The pending operations and orphaned objects of a stack, as report parts. */
export interface InterruptedReport {
  readonly pendingOperations: PendingOperationEntry[];
  readonly orphaned: DriftEntry[];
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_:/=.@,+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The `aigw recover` command line for `stack`, with `extra` arguments. */
export function recoverCommand(stack: string, ...extra: string[]): string {
  return ["aigw", "recover", "--stack", shellQuote(stack), ...extra.map(shellQuote)].join(" ");
}

const DOING: Readonly<Record<string, string>> = {
  updating: "updated",
  deleting: "deleted",
  reading: "read",
};

/** One sentence about a pending operation and what to do about it. */
export function pendingMessage(match: PendingMatch): string {
  const op = match.operation;
  const what = `${KIND_LABELS[op.kind]} "${op.logicalName}"`;
  const recover = `\`${recoverCommand(op.stack)}\``;
  const ids = match.candidates.map((c) => c.id).join(", ");
  switch (match.resolution) {
    case "adopt":
      return (
        `The interrupted create of ${what} in stack ${op.stack} made ${match.target?.id ?? ids}, ` +
        `which the state does not record: ${recover} adopts it, and the next \`pulumi up\` leaves it as it is.`
      );
    case "delete":
      return (
        `The interrupted create of ${what} in stack ${op.stack} made ${match.target?.id ?? ids}, ` +
        `whose token was only in the lost create response: ${recover} deletes it, and the next \`pulumi up\` creates a new key.`
      );
    case "clear":
      return (
        `The interrupted create of ${what} in stack ${op.stack} made nothing the account holds: ` +
        `${recover} clears it, and the next \`pulumi up\` creates it.`
      );
    case "ambiguous":
      return (
        `The interrupted create of ${what} in stack ${op.stack} matches ${match.candidates.length} live objects ` +
        `(${ids}), or one that another pending create matches too: say which one it made with ` +
        `\`${recoverCommand(op.stack, "--match", `${op.urn}=<id>`)}\` (or \`=none\`).`
      );
    case "refresh":
      return (
        `${what} (${op.id ?? "no id"}) in stack ${op.stack} was being ${DOING[op.operation] ?? op.operation} ` +
        `when the update stopped: ${recover} clears the operation, and \`pulumi up --refresh\` reads the object again.`
      );
  }
}

function orphanedEntry(match: PendingMatch, index: number): DriftEntry {
  const op = match.operation;
  const object = match.candidates[index]!;
  const named = object.name !== undefined && object.name !== "" ? ` "${object.name}"` : "";
  const fix =
    match.resolution === "ambiguous"
      ? `it is one of ${match.candidates.length} candidates: \`${recoverCommand(op.stack, "--match", `${op.urn}=<id>`)}\` says which`
      : match.resolution === "delete"
        ? `\`${recoverCommand(op.stack)}\` deletes it (its token is lost)`
        : `\`${recoverCommand(op.stack)}\` adopts it`;
  return {
    class: "orphaned",
    kind: op.kind,
    id: object.id,
    ...(object.name !== undefined ? { name: object.name } : {}),
    stack: op.stack,
    urn: op.urn,
    logicalName: op.logicalName,
    type: op.type,
    ...(object.updatedAt !== undefined ? { liveUpdatedAt: object.updatedAt } : {}),
    message:
      `${KIND_LABELS[op.kind]}${named} (${object.id}) looks made by the interrupted create of ` +
      `"${op.logicalName}" in stack ${op.stack}, whose state does not record it: ${fix}.`,
  };
}

/**
 * The report parts for the matches of the stacks' pending operations. The singleton gateway
 * configuration is never an orphan (it always exists), so its pending create shows only as an
 * operation.
 */
export function interruptedReport(matches: readonly PendingMatch[]): InterruptedReport {
  const pendingOperations: PendingOperationEntry[] = [];
  const orphaned: DriftEntry[] = [];
  const seen = new Set<string>();
  for (const match of matches) {
    const op = match.operation;
    pendingOperations.push({
      stack: op.stack,
      urn: op.urn,
      logicalName: op.logicalName,
      kind: op.kind,
      type: op.type,
      operation: op.operation,
      ...(op.id !== undefined ? { id: op.id } : {}),
      candidates: match.candidates.map((c) => c.id),
      recovery: match.resolution,
      message: pendingMessage(match),
    });
    if (op.kind === "gatewayConfig" || op.operation === "importing") continue;
    if (typeof op.inputs.adopt === "string") continue; // an adopted object is no orphan
    match.candidates.forEach((c, i) => {
      const key = `${op.stack}\u0000${c.kind}\u0000${c.id}`;
      if (seen.has(key)) return;
      seen.add(key);
      orphaned.push(orphanedEntry(match, i));
    });
  }
  return { pendingOperations, orphaned };
}
