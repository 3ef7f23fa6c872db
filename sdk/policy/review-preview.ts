// The engine's plan in a review: what `pulumi up` will do to each object, by logical name, read
// from the preview of the same change. A dynamic provider cannot name the properties it changes
// (pulumi/pulumi#3080), so the change is read from the inputs before and after; secret inputs are
// opaque in a preview ("[secret]" on both sides), so a provider key update that changes no other
// input is its value being rotated (in place, same id). An access key replacement issues a new
// token that its clients must pick up, and a deletion ends what the object did: both are what a
// reviewer must not miss.
import type { SourcePosition } from "../core/diagnostics";
import { redact } from "../core/redact";
import { KIND_OF_TYPE, type ResourceKind, logicalNameOf } from "../core/resource-types";
import type { DeclaredObject, GatewayModel } from "../gitops/model";
import {
  type DiffTextResource,
  type PreviewDiffText,
  type PreviewDigest,
  type PreviewStep,
  isPreviewSecret,
  typeOfUrn,
} from "./preview-digest";

/**
 * What the plan does to an object: `create`; `update` in place; `rotate`, a provider key's value
 * rotated in place; `replace`, a new object then the old one deleted; `delete`; `other`, an op
 * the review does not interpret (import, discard, …), named in `op`.
 */
export type PlannedAction = "delete" | "replace" | "rotate" | "update" | "create" | "other";

/** The actions in the order a review lists them: the ones a reviewer must see first. */
export const PLANNED_ACTIONS: readonly PlannedAction[] = [
  "delete",
  "replace",
  "rotate",
  "update",
  "create",
  "other",
];

/** A scalar input value as the preview shows it (objects and lists are not repeated). */
export type PlainValue = string | number | boolean | null;

/** One input property that the plan changes. */
export interface PlannedProperty {
  readonly property: string;
  /** The value before and after, when both sides are short non-secret scalars. */
  readonly before?: PlainValue;
  readonly after?: PlainValue;
  /** A secret input: its value never appears, and a preview cannot show whether it changes. */
  readonly secret?: true;
  /** The new value is computed during the update (it depends on another object's change). */
  readonly unknown?: true;
}

/** Where a planned object is declared in the reviewed gateway files. */
export interface PlannedDeclaration {
  readonly file: string;
  readonly position: SourcePosition;
  /** `head` for the new version; `base` for an object the change removes. */
  readonly version: "head" | "base";
}

/** What the plan does to one object. */
export interface PlannedChange {
  /** The Pulumi resource name (the URN's last part): the gateway.yaml logical name. */
  readonly logicalName: string;
  /** The kind of object; undefined for a resource of another provider. */
  readonly kind: ResourceKind | undefined;
  readonly type: string;
  readonly urn: string;
  readonly action: PlannedAction;
  /** The engine's op (`update`, `replace`, `create-replacement`, …). */
  readonly op: string;
  /** The id of the existing object, when there is one. */
  readonly id?: string;
  /** The input properties that change (for a replacement, every one that differs). */
  readonly properties: readonly PlannedProperty[];
  /** The properties that force a replacement. */
  readonly replaceReasons: readonly string[];
  /** What the action means for the object and whatever uses it, in a sentence or two. */
  readonly effect: string;
  /** Where the object is declared, when a reviewed file declares it. */
  readonly declared?: PlannedDeclaration;
}

/** How many objects each action touches, and how many stay as they are. */
export type PlanCounts = Readonly<Record<PlannedAction | "same", number>>;

/** The engine's plan for the reviewed change. */
export interface PreviewPlan {
  /** The files it was read from (`--preview`, `--diff`). */
  readonly sources: readonly string[];
  /** Every object the plan changes, deletions and replacements first, then by logical name. */
  readonly changes: readonly PlannedChange[];
  readonly counts: PlanCounts;
  /** Errors the preview reported: the plan is incomplete when there are any. */
  readonly errors: readonly string[];
}

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const REPLACE_OPS = new Set([
  "replace",
  "create-replacement",
  "delete-replaced",
  "discard-replaced",
  "read-replacement",
  "import-replacement",
]);
const UNCHANGED_OPS = new Set(["same", "read", "refresh"]);
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
/** Inputs the engine adds to every dynamic resource: the serialized provider. */
const ENGINE_INPUTS = new Set(["__provider"]);
const MAX_VALUE_LENGTH = 80;
/** How deep into object inputs a change is named (`access.providers.allow`). */
const NESTED_DEPTH = 2;

const KIND_LABELS: Readonly<Record<ResourceKind, string>> = {
  provider: "custom provider",
  providerKey: "provider key",
  accessKeyConfiguration: "access key configuration",
  accessKey: "access key",
  gatewayConfig: "gateway configuration",
};

/** How a review names a kind of object (`access key`), or the type token for another's. */
export function kindLabel(change: Pick<PlannedChange, "kind" | "type">): string {
  return change.kind === undefined ? change.type : KIND_LABELS[change.kind];
}

function plainValue(value: unknown): PlainValue | undefined {
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value !== "string" || value.length > MAX_VALUE_LENGTH) return undefined;
  // Values are the program's own inputs; a token shape among them is removed all the same.
  return redact(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") {
    return Object.values(value as Record<string, unknown>).some(containsUnknown);
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The paths under `prefix` where `before` and `after` differ: into objects up to `depth` levels
 * (`access.providers.allow`), not into lists (a list changes as a whole: order is failover).
 */
function differingPaths(before: unknown, after: unknown, prefix: string, depth: number): string[] {
  if (sameValue(before, after)) return [];
  if (depth <= 0 || !isPlainObject(before) || !isPlainObject(after)) return [prefix];
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.flatMap((n) => differingPaths(before[n], after[n], `${prefix}.${n}`, depth - 1));
}

/** The value at a dotted path of `inputs`. */
function valueAt(inputs: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = inputs;
  for (const part of path.split(".")) value = isPlainObject(value) ? value[part] : undefined;
  return value;
}

/**
 * The inputs of each kind that are secrets whatever a preview shows: the resources mark them
 * secret, so a preview holds "[secret]"; a preview written otherwise must not reveal them either.
 */
const SECRET_INPUTS: Partial<Record<ResourceKind, ReadonlySet<string>>> = {
  providerKey: new Set(["value"]),
  accessKey: new Set(["token"]),
};

function isSecretInput(kind: ResourceKind | undefined, name: string): boolean {
  return kind !== undefined && SECRET_INPUTS[kind]?.has(name) === true;
}

/** The input properties that differ between the step's old and new inputs, secrets opaque. */
function inputChanges(step: PreviewStep, kind: ResourceKind | undefined): PlannedProperty[] {
  const before = step.oldInputs ?? {};
  const after = step.newInputs ?? {};
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((n) => !ENGINE_INPUTS.has(n))
    .sort();
  const changes: PlannedProperty[] = [];
  for (const name of names) {
    const b = before[name];
    const a = after[name];
    const hidden = isPreviewSecret(b) || isPreviewSecret(a);
    if (hidden || isSecretInput(kind, name)) {
      // A side missing is a change; both sides hidden, whether it changes is not visible; a
      // secret the preview shows is compared, never repeated.
      const bothHidden = isPreviewSecret(b) && isPreviewSecret(a);
      if (b === undefined || a === undefined || (!bothHidden && !sameValue(b, a))) {
        changes.push({ property: name, secret: true });
      }
      continue;
    }
    for (const property of differingPaths(b, a, name, NESTED_DEPTH)) {
      const pb = valueAt(before, property);
      const pa = valueAt(after, property);
      if (containsUnknown(pa)) {
        changes.push({ property, unknown: true });
        continue;
      }
      const vb = plainValue(pb);
      const va = plainValue(pa);
      changes.push({
        property,
        ...(pb !== undefined && vb !== undefined ? { before: vb } : {}),
        ...(pa !== undefined && va !== undefined ? { after: va } : {}),
      });
    }
  }
  return changes;
}

/** Adds the properties only named (by the engine, or by `--diff` text) to those read from inputs. */
function withNamed(
  changes: PlannedProperty[],
  named: readonly string[],
  secretInputs: ReadonlySet<string>,
): PlannedProperty[] {
  const seen = new Set(changes.map((c) => c.property));
  const covered = (name: string): boolean =>
    seen.has(name) || changes.some((c) => c.property.startsWith(`${name}.`));
  for (const property of named) {
    if (covered(property) || ENGINE_INPUTS.has(property)) continue;
    seen.add(property);
    changes.push(secretInputs.has(property) ? { property, secret: true } : { property });
  }
  return changes.sort((a, b) => (a.property < b.property ? -1 : a.property > b.property ? 1 : 0));
}

function secretInputsOf(step: PreviewStep, kind: ResourceKind | undefined): Set<string> {
  const names = new Set<string>(kind === undefined ? [] : (SECRET_INPUTS[kind] ?? []));
  for (const inputs of [step.oldInputs, step.newInputs]) {
    for (const [name, value] of Object.entries(inputs ?? {})) {
      if (isPreviewSecret(value)) names.add(name);
    }
  }
  return names;
}

/** Folds a replacement's steps (`create-replacement`, `replace`, `delete-replaced`) into one. */
function mergeSteps(steps: readonly PreviewStep[]): PreviewStep[] {
  const byUrn = new Map<string, PreviewStep>();
  for (const step of steps) {
    const seen = byUrn.get(step.urn);
    if (seen === undefined) {
      byUrn.set(step.urn, step);
      continue;
    }
    const replace = REPLACE_OPS.has(step.op) || REPLACE_OPS.has(seen.op);
    byUrn.set(step.urn, {
      op: replace ? "replace" : seen.op === "same" ? step.op : seen.op,
      urn: step.urn,
      type: seen.type,
      id: seen.id ?? step.id,
      oldInputs: seen.oldInputs ?? step.oldInputs,
      newInputs: step.newInputs ?? seen.newInputs,
      changedProperties: [...new Set([...seen.changedProperties, ...step.changedProperties])],
      replaceReasons: [...new Set([...seen.replaceReasons, ...step.replaceReasons])],
    });
  }
  return [...byUrn.values()];
}

function actionOf(op: string): PlannedAction | "same" {
  if (UNCHANGED_OPS.has(op)) return "same";
  if (REPLACE_OPS.has(op)) return "replace";
  if (op === "create" || op === "update" || op === "delete") return op;
  return "other";
}

function listed(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(", ");
}

/** What the action means, for the kind of object. */
function effectOf(
  action: PlannedAction,
  kind: ResourceKind | undefined,
  change: { replaceReasons: readonly string[]; op: string },
  rotationInferred: boolean,
): string {
  const reasons = change.replaceReasons;
  switch (action) {
    case "delete":
      switch (kind) {
        case "accessKey":
          return "Deleted: its token stops working; every client that uses it loses access.";
        case "providerKey":
          return "Deleted: the upstream key is no longer used; configurations stop routing through it.";
        case "accessKeyConfiguration":
          return "Deleted: its scope and routing are gone from the account.";
        case "provider":
          return "Deleted: requests can no longer be routed to this custom provider.";
        case "gatewayConfig":
          return "Deleted: the gateway's settings go back to their defaults.";
        default:
          return "Deleted.";
      }
    case "replace": {
      const why = reasons.length > 0 ? ` (${listed(reasons)} cannot change in place)` : "";
      switch (kind) {
        case "accessKey":
          return (
            `Replaced${why}: a new access key with a **new token** is created, then the old key is deleted. ` +
            "Clients using the old token lose access: they must pick up the new one."
          );
        case "providerKey":
          return `Replaced${why}: a new provider key (new id) is created, configurations are pointed at it, then the old key is deleted.`;
        case "provider":
          return `Replaced${why}: a new custom provider is created, then the old one is deleted.`;
        default:
          return `Replaced${why}: a new object is created and the old one deleted.`;
      }
    }
    case "rotate":
      return rotationInferred
        ? "Value rotated in place, same id: the update changes no other input, so what changes is the secret value (a preview never shows it). Everything that routes through the key keeps working."
        : "Value rotated in place, same id: everything that routes through the key keeps working.";
    case "update":
      return kind === "providerKey"
        ? "Updated in place, same id. Whether its secret value also rotates is not visible in a preview."
        : "Updated in place, same id.";
    case "create":
      return kind === "accessKey"
        ? "Created: a new access key; its token exists from this apply on."
        : "Created.";
    case "other":
      return `The engine's \`${change.op}\` step.`;
  }
}

function plannedChange(
  step: PreviewStep,
  diff: DiffTextResource | undefined,
): PlannedChange | undefined {
  const base = actionOf(step.op);
  if (base === "same") return undefined;
  const kind = KIND_OF_TYPE.get(step.type);
  const secretInputs = secretInputsOf(step, kind);
  const named = [...step.changedProperties, ...(diff?.changed ?? [])];
  const fromInputs =
    base === "update" || base === "replace" ? inputChanges(step, kind) : ([] as PlannedProperty[]);
  const properties =
    base === "update" || base === "replace"
      ? withNamed(fromInputs, base === "replace" ? step.changedProperties : named, secretInputs)
      : [];
  let action: PlannedAction = base;
  let rotationInferred = false;
  let shown = properties;
  if (base === "update" && kind === "providerKey") {
    const valueNamed = properties.some((p) => p.property === "value");
    const visible = properties.filter((p) => p.property !== "value");
    if (valueNamed || visible.length === 0) {
      action = "rotate";
      rotationInferred = !valueNamed;
      shown = valueNamed ? properties : [{ property: "value", secret: true }, ...visible];
    }
  }
  const replaceReasons = step.replaceReasons;
  return {
    logicalName: logicalNameOf(step.urn),
    kind,
    type: step.type,
    urn: step.urn,
    action,
    op: step.op,
    ...(step.id !== undefined ? { id: step.id } : {}),
    properties: shown,
    replaceReasons,
    effect: effectOf(action, kind, { replaceReasons, op: step.op }, rotationInferred),
  };
}

function compareChanges(a: PlannedChange, b: PlannedChange): number {
  const order = PLANNED_ACTIONS.indexOf(a.action) - PLANNED_ACTIONS.indexOf(b.action);
  if (order !== 0) return order;
  return a.logicalName < b.logicalName ? -1 : a.logicalName > b.logicalName ? 1 : 0;
}

/** A digest made of `--diff` text alone: ops and URNs, property names, no inputs. */
function stepsOfDiffText(resources: readonly DiffTextResource[]): PreviewStep[] {
  return resources.map((r) => ({
    op: r.op,
    urn: r.urn,
    type: typeOfUrn(r.urn) || r.type,
    id: undefined,
    oldInputs: undefined,
    newInputs: undefined,
    changedProperties: r.op === "replace" ? r.modified : r.changed,
    replaceReasons: [],
  }));
}

/**
 * The plan of a preview: each object the engine changes, with what changes and what it means.
 * `diff` (the text of `pulumi preview --diff` of the same change) adds the property names it
 * shows; given alone, it is the plan. Counts follow the steps, so they agree with the list.
 */
export function planFromPreview(
  preview: PreviewDigest | undefined,
  diff?: PreviewDiffText,
): PreviewPlan {
  const steps = mergeSteps(
    preview !== undefined ? preview.steps : stepsOfDiffText(diff?.resources ?? []),
  );
  const diffByUrn = new Map(
    preview !== undefined ? (diff?.resources ?? []).map((r) => [r.urn, r]) : [],
  );
  const counts: Record<PlannedAction | "same", number> = {
    delete: 0,
    replace: 0,
    rotate: 0,
    update: 0,
    create: 0,
    other: 0,
    same: 0,
  };
  const changes: PlannedChange[] = [];
  let stackSame = 0;
  for (const step of steps) {
    // The stack itself is not an object of the gateway.
    if (step.type === ROOT_STACK_TYPE) {
      if (actionOf(step.op) === "same") stackSame = 1;
      continue;
    }
    const change = plannedChange(step, diffByUrn.get(step.urn));
    if (change === undefined) counts.same += 1;
    else {
      counts[change.action] += 1;
      changes.push(change);
    }
  }
  // The digest lists only the steps that change something; its summary counts the rest (and
  // the stack among them).
  const summarySame = preview !== undefined ? preview.changeSummary?.same : diff?.unchanged;
  if (summarySame !== undefined) counts.same = Math.max(counts.same, summarySame - stackSame);
  return {
    sources: [
      ...(preview !== undefined ? [preview.file] : []),
      ...(diff !== undefined ? [diff.file] : []),
    ],
    changes: changes.sort(compareChanges),
    counts,
    errors: (preview?.errors ?? []).map((e) => redact(e.trim())),
  };
}

/** Where a stack that applies the files (`applyGatewayFile`) prints an access key's new token. */
const TOKEN_OUTPUT =
  "A stack that applies the files prints it with `pulumi stack output accessKeyTokens --show-secrets`.";

const SECTION_OF_KIND: Partial<Record<ResourceKind, keyof GatewayModel>> = {
  provider: "providers",
  providerKey: "providerKeys",
  accessKeyConfiguration: "accessKeyConfigurations",
  accessKey: "accessKeys",
};

function declarationIn(
  model: GatewayModel | undefined,
  change: PlannedChange,
): { file: string; position: SourcePosition } | undefined {
  if (model === undefined || change.kind === undefined) return undefined;
  if (change.kind === "gatewayConfig") {
    const config = model.gatewayConfig;
    return config === undefined
      ? undefined
      : { file: model.file, position: config.key.range.start };
  }
  const section = SECTION_OF_KIND[change.kind];
  const objects = section === undefined ? undefined : model[section];
  if (!(objects instanceof Map)) return undefined;
  const object = (objects as ReadonlyMap<string, DeclaredObject>).get(change.logicalName);
  return object === undefined ? undefined : { file: model.file, position: object.key.range.start };
}

/**
 * Points each planned object at its declaration: in the new version, or for an object the change
 * removes, in the base. Objects the files do not declare (a program's own resources) stay as
 * they are.
 */
export function locatePlan(
  plan: PreviewPlan,
  head: GatewayModel | undefined,
  base: GatewayModel | undefined,
): PreviewPlan {
  return {
    ...plan,
    changes: plan.changes.map((change) => {
      const inHead = declarationIn(head, change);
      const found =
        inHead !== undefined
          ? { ...inHead, version: "head" as const }
          : (() => {
              const inBase = declarationIn(base, change);
              return inBase === undefined ? undefined : { ...inBase, version: "base" as const };
            })();
      if (found === undefined) return change;
      // applyGatewayFile exports the tokens of the access keys the files declare.
      const tokenOutput =
        found.version === "head" && change.kind === "accessKey" && change.action === "replace"
          ? ` ${TOKEN_OUTPUT}`
          : "";
      return { ...change, effect: `${change.effect}${tokenOutput}`, declared: found };
    }),
  };
}
