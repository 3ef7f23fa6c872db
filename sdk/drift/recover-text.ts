// How `aigw recover` tells its plan and its result: what it adopts, deletes and clears, the
// commands it runs, and what to run next. Names, ids and the API URL only: an access key's token
// was never known here, and the API key appears as `$NGROK_AI_API_KEY`, never as its value.
import { KIND_LABELS } from "./classify";
import { ENV_API_KEY } from "./credentials";
import { recoverCommand } from "./interrupted";
import type { LiveCandidate, PendingMatch } from "./match";
import type { RecoveryPlan, RecoveryResult } from "./recover";

const COLLECTIONS = {
  provider: "providers",
  providerKey: "provider-keys",
  accessKeyConfiguration: "access-key-configurations",
  accessKey: "access-keys",
} as const;

/** The command that deletes an orphaned access key (or any object of ours) through the API. */
export function deleteCommand(apiUrl: string, kind: keyof typeof COLLECTIONS, id: string): string {
  const url = `${apiUrl.replace(/\/+$/, "")}/${COLLECTIONS[kind]}/${encodeURIComponent(id)}`;
  return `curl -fsS -X DELETE -H "Authorization: Bearer $${ENV_API_KEY}" '${url}'`;
}

/** The command that finishes the update after a recovery. */
export function nextUpCommand(stack: string): string {
  return `pulumi up --refresh --yes --stack ${stack}`;
}

function created(c: LiveCandidate): string {
  return c.createdAt !== undefined ? `${c.id} (created ${c.createdAt})` : c.id;
}

function line(match: PendingMatch): string[] {
  const op = match.operation;
  const what = `${KIND_LABELS[op.kind]} "${op.logicalName}"`;
  const target = match.target;
  switch (match.resolution) {
    case "adopt":
      return [
        `  ADOPT      ${what}: ${target !== undefined ? created(target) : ""}` +
          (match.decided ? " (as --match says)" : ", the only live object that matches"),
      ];
    case "delete":
      return [
        `  DELETE     ${what}: ${target !== undefined ? created(target) : ""}; its token was only in the ` +
          "lost create response, so the next `pulumi up` creates a new key",
      ];
    case "clear":
      return [
        `  CLEAR      ${what}: ` +
          (match.decided
            ? "it made nothing (as --match says)"
            : "no live object matches, so the create never happened") +
          "; the next `pulumi up` creates it",
      ];
    case "ambiguous":
      return [
        `  AMBIGUOUS  ${what}: ${match.candidates.length} live objects match, or one another pending create matches too:`,
        ...match.candidates.map(
          (c) => `               ${created(c)}${c.name !== undefined ? ` "${c.name}"` : ""}`,
        ),
        `             say which with --match '${op.urn}=<id>' (or '${op.urn}=none')`,
      ];
    case "refresh":
      return [
        `  REFRESH    ${what} (${op.id ?? "no id"}): interrupted while ${op.operation}; ` +
          "the operation is cleared and `pulumi up --refresh` reads the object again",
      ];
  }
}

/** The plan as text for a terminal or a CI log; `applying` says whether `--yes` was given. */
export function formatRecoveryPlan(plan: RecoveryPlan, applying: boolean): string {
  if (plan.nothingToDo) {
    return `Stack "${plan.stack}" has no pending operations: nothing to recover.\n`;
  }
  const count = plan.matches.length + plan.foreign.length;
  const lines = [
    `Stack "${plan.stack}" holds ${count} pending operation${count === 1 ? "" : "s"} left by an interrupted update` +
      (plan.apiUrl !== "" ? ` (live objects read from ${plan.apiUrl}):` : ":"),
    "",
    ...plan.matches.flatMap(line),
    ...plan.foreign.map(
      (op) =>
        `  ${op.operation === "creating" ? "BLOCKED   " : "DROP      "} ${op.urn}: not an ngrok.ai resource` +
        (op.operation === "creating"
          ? "; resolve this pending create with Pulumi first"
          : `; interrupted while ${op.operation}, \`pulumi up --refresh\` reads it again`),
    ),
    "",
  ];
  if (plan.blockers.length > 0) {
    lines.push(
      "Nothing is changed until every pending create is resolved:",
      ...plan.blockers.map((b) => `  - ${b}`),
    );
    return `${lines.join("\n")}\n`;
  }
  const deletes = plan.matches.filter((m) => m.resolution === "delete" && m.target !== undefined);
  const adopts = plan.matches.filter((m) => m.resolution === "adopt");
  lines.push(applying ? "Recovering:" : `\`${recoverCommand(plan.stack, "--yes")}\` will:`);
  let step = 1;
  if (deletes.length > 0) {
    lines.push(
      `  ${step++}. delete ${deletes.length} access key${deletes.length === 1 ? "" : "s"} whose token is lost:`,
      ...deletes.map((m) => `       ${deleteCommand(plan.apiUrl, "accessKey", m.target!.id)}`),
    );
  }
  const add =
    adopts.length > 0
      ? `add the ${adopts.length} adopted resource${adopts.length === 1 ? "" : "s"} with their ids and outputs, `
      : "";
  lines.push(
    `  ${step}. write the state: \`pulumi stack export --stack ${plan.stack}\`, ${add}remove the ${count} ` +
      `pending operation${count === 1 ? "" : "s"}, then \`pulumi stack import --stack ${plan.stack} --file <that file>\``,
  );
  if (!applying) {
    lines.push(
      "Then run:",
      `  ${nextUpCommand(plan.stack)}   # creates what was never created, and new access keys`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** What was done, and what to run next. */
export function formatRecoveryResult(plan: RecoveryPlan, result: RecoveryResult): string {
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? "" : "s"}`;
  return (
    `Recovered stack "${plan.stack}": adopted ${n(result.adopted.length, "object")}, ` +
    `deleted ${n(result.deleted.length, "access key")}, cleared ${n(result.cleared.length, "pending operation")}.\n` +
    `Next: ${nextUpCommand(plan.stack)}\n`
  );
}
