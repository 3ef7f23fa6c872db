// The engine's plan as a section of the review's Markdown: a warning above the table when the
// change deletes or replaces anything (GitHub renders `> [!CAUTION]` as an alert box), then one
// row per object, deletions and replacements first and in capitals.
import { markdownCell } from "../formatters/markdown";
import {
  PLANNED_ACTIONS,
  type PlannedAction,
  type PlannedChange,
  type PlannedProperty,
  type PreviewPlan,
  kindLabel,
} from "../review-preview";

/** The lines of each error of a failed preview that the comment repeats. */
const MAX_ERROR_LINES = 20;
const FENCE = "`".repeat(3);

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

const ACTION_LABELS: Readonly<Record<PlannedAction, string>> = {
  delete: "**DELETE**",
  replace: "**REPLACE**",
  rotate: "rotate",
  update: "update",
  create: "create",
  other: "other",
};

const COUNT_WORDS: Readonly<Record<PlannedAction, string>> = {
  delete: "to delete",
  replace: "to replace",
  rotate: "to rotate in place",
  update: "to update in place",
  create: "to create",
  other: "other",
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function valueText(value: PlannedProperty["before"]): string {
  return value === null ? "null" : code(String(value));
}

function propertyText(p: PlannedProperty): string {
  if (p.secret === true) return `${code(p.property)} (secret)`;
  if (p.unknown === true) return `${code(p.property)} (known after the update)`;
  if (p.before !== undefined && p.after !== undefined) {
    return `${code(p.property)}: ${valueText(p.before)} → ${valueText(p.after)}`;
  }
  if (p.after !== undefined) return `${code(p.property)}: set to ${valueText(p.after)}`;
  if (p.before !== undefined) return `${code(p.property)}: removed (was ${valueText(p.before)})`;
  return code(p.property);
}

function objectCell(change: PlannedChange): string {
  const declared = change.declared;
  if (declared === undefined) return code(change.logicalName);
  const at = `${declared.file}:${declared.position.line}:${declared.position.column}`;
  return `${code(change.logicalName)} (${declared.version === "base" ? "was " : ""}${code(at)})`;
}

function changeRow(change: PlannedChange): string {
  const properties =
    change.action === "replace" && change.replaceReasons.length > 0
      ? change.properties.filter((p) => change.replaceReasons.includes(p.property))
      : change.properties;
  const shown = properties.length > 0 ? properties : change.properties;
  const action =
    change.action === "other" ? `other (${code(change.op)})` : ACTION_LABELS[change.action];
  return `| ${action} | ${objectCell(change)} | ${kindLabel(change)} | ${markdownCell(shown.map(propertyText).join("; "))} | ${markdownCell(change.effect)} |\n`;
}

function cautionLines(plan: PreviewPlan): string[] {
  const deleted = plan.changes.filter((c) => c.action === "delete");
  const replaced = plan.changes.filter((c) => c.action === "replace");
  if (deleted.length === 0 && replaced.length === 0) return [];
  const parts = [
    ...(deleted.length > 0 ? [`deletes ${plural(deleted.length, "object")}`] : []),
    ...(replaced.length > 0 ? [`replaces ${plural(replaced.length, "object")}`] : []),
  ];
  const lines = [`**This change ${parts.join(" and ")}.**`];
  const names = (changes: readonly PlannedChange[]): string =>
    changes.map((c) => `${code(c.logicalName)} (${kindLabel(c)})`).join(", ");
  if (deleted.length > 0) lines.push(`Deleted: ${names(deleted)}.`);
  if (replaced.length > 0) lines.push(`Replaced: ${names(replaced)}.`);
  const newTokens = replaced.filter((c) => c.kind === "accessKey");
  if (newTokens.length > 0) {
    lines.push(
      `${newTokens.map((c) => code(c.logicalName)).join(", ")} ${newTokens.length === 1 ? "gets a new token" : "get new tokens"}: ` +
        "the clients that use the old token must pick up the new one, or lose access once the old key is deleted.",
    );
  }
  const lostTokens = deleted.filter((c) => c.kind === "accessKey");
  if (lostTokens.length > 0) {
    lines.push(
      `The ${lostTokens.length === 1 ? "token" : "tokens"} of ${lostTokens.map((c) => code(c.logicalName)).join(", ")} ${lostTokens.length === 1 ? "stops" : "stop"} working.`,
    );
  }
  return lines;
}

/** The plan section of the review's Markdown. */
export function planMarkdown(plan: PreviewPlan): string {
  const counts = PLANNED_ACTIONS.filter((a) => plan.counts[a] > 0).map(
    (a) => `${plan.counts[a]} ${COUNT_WORDS[a]}`,
  );
  const from = plan.sources.map(code).join(" and ");
  let out = "### What `pulumi up` will do\n\n";
  const failed = plan.errors.length > 0;
  out +=
    failed && plan.changes.length === 0
      ? `The preview in ${from} failed: it has no plan.\n\n`
      : `From the preview in ${from}: ${counts.length > 0 ? counts.join(", ") : "no changes"}; ${plan.counts.same} unchanged.\n\n`;
  if (failed) {
    const incomplete = plan.changes.length > 0 ? ", so this plan is incomplete" : "";
    out += `> [!WARNING]\n> **The preview failed**${incomplete}. It said:\n>\n> ${FENCE}text\n`;
    for (const error of plan.errors) {
      for (const line of error.split("\n").slice(0, MAX_ERROR_LINES)) {
        out += `> ${line.split(FENCE).join("'''")}\n`;
      }
    }
    out += `> ${FENCE}\n\n`;
  }
  const caution = cautionLines(plan);
  if (caution.length > 0) out += `> [!CAUTION]\n${caution.map((l) => `> ${l}`).join("\n>\n")}\n\n`;
  if (plan.changes.length > 0) {
    out +=
      "| Action | Object | Kind | What changes | What it means |\n| --- | --- | --- | --- | --- |\n";
    for (const change of plan.changes) out += changeRow(change);
    out += "\n";
  }
  return out;
}
