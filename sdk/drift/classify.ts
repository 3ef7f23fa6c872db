// The classifier: recorded objects and live objects in, drift entries out. Pure (no I/O), so every
// class is unit-tested without a stack or an API.
import type {
  AccessKey,
  AccessKeyConfiguration,
  GatewayConfig,
  Provider,
  ProviderKey,
} from "../client/types";
import type { LiveAccount } from "./live";
import {
  compareAccessKey,
  compareAccessKeyConfiguration,
  compareGatewayConfig,
  compareProvider,
  compareProviderKey,
} from "./properties";
import {
  DRIFT_CLASSES,
  DRIFT_OBJECT_KINDS,
  type DriftEntry,
  type DriftObjectKind,
  type DriftSummary,
  type PropertyChange,
} from "./report";
import { type ManagedObject, TYPE_TOKENS } from "./state";

/** What the classifier compares. */
export interface ClassifyInput {
  /** The stacks whose state `managed` came from (named in unmanaged messages). */
  readonly stacks: readonly string[];
  /** Our resources in those stacks' state. */
  readonly managed: readonly ManagedObject[];
  /** The live objects; every kind that `managed` holds must have been read. */
  readonly live: LiveAccount;
  /** Also report live objects no stack manages (their kinds must have been read). */
  readonly includeUnmanaged: boolean;
  /**
   * Objects that pending creates of the stacks look to have made (`orphaned` entries, see
   * `interruptedReport`); they are listed as such, never also as unmanaged.
   */
  readonly orphaned?: readonly DriftEntry[];
  /** How many pending operations of our resources the stacks hold (counted in the summary). */
  readonly pendingOperations?: number;
}

/** The entries and counts of a report. */
export interface Classification {
  readonly entries: DriftEntry[];
  readonly summary: DriftSummary;
}

/** How each kind is called in messages. */
export const KIND_LABELS: Readonly<Record<DriftObjectKind, string>> = {
  provider: "custom provider",
  providerKey: "provider key",
  accessKeyConfiguration: "access key configuration",
  accessKey: "access key",
  gatewayConfig: "gateway configuration",
};

interface LiveObject {
  readonly id: string;
  readonly name?: string | undefined;
  readonly updatedAt?: string;
}

/** The live objects by id, one map per kind that was read. */
interface LiveIndex {
  readonly provider?: ReadonlyMap<string, Provider>;
  readonly providerKey?: ReadonlyMap<string, ProviderKey>;
  readonly accessKeyConfiguration?: ReadonlyMap<string, AccessKeyConfiguration>;
  readonly accessKey?: ReadonlyMap<string, AccessKey>;
  readonly gatewayConfig?: GatewayConfig;
}

function byId<T extends { id: string }>(
  list: readonly T[] | undefined,
): ReadonlyMap<string, T> | undefined {
  return list === undefined ? undefined : new Map(list.map((o) => [o.id, o]));
}

function indexLive(live: LiveAccount): LiveIndex {
  const provider = byId(live.providers);
  const providerKey = byId(live.providerKeys);
  const accessKeyConfiguration = byId(live.accessKeyConfigurations);
  const accessKey = byId(live.accessKeys);
  return {
    ...(provider !== undefined ? { provider } : {}),
    ...(providerKey !== undefined ? { providerKey } : {}),
    ...(accessKeyConfiguration !== undefined ? { accessKeyConfiguration } : {}),
    ...(accessKey !== undefined ? { accessKey } : {}),
    ...(live.gatewayConfig !== undefined ? { gatewayConfig: live.gatewayConfig } : {}),
  };
}

function required<T>(
  map: ReadonlyMap<string, T> | undefined,
  kind: string,
): ReadonlyMap<string, T> {
  // The caller reads every kind it compares; a missing one is a bug, not user input.
  if (map === undefined) throw new Error(`live ${kind} objects were not read`);
  return map;
}

function describe(object: ManagedObject): string {
  return `${KIND_LABELS[object.kind]} "${object.logicalName}" (${object.id}, stack ${object.stack})`;
}

function recordedName(object: ManagedObject): string | undefined {
  const name = object.outputs.name;
  return typeof name === "string" ? name : undefined;
}

function base(object: ManagedObject, liveName: string | undefined) {
  const name = liveName ?? recordedName(object);
  return {
    kind: object.kind,
    id: object.id,
    ...(name !== undefined ? { name } : {}),
    stack: object.stack,
    urn: object.urn,
    logicalName: object.logicalName,
    ...(object.owner !== undefined ? { owner: object.owner } : {}),
    type: object.type,
  };
}

function changedEntry(
  object: ManagedObject,
  live: LiveObject,
  changes: readonly PropertyChange[],
): DriftEntry {
  return {
    class: "changed",
    ...base(object, live.name),
    changes,
    ...(live.updatedAt !== undefined ? { liveUpdatedAt: live.updatedAt } : {}),
    message:
      `${describe(object)} was changed outside Pulumi: ${changes.map((c) => c.property).join(", ")}. ` +
      "`pulumi up --refresh` restores the declared values; or change the program to keep them.",
  };
}

function deletedEntry(object: ManagedObject): DriftEntry {
  return {
    class: "deleted",
    ...base(object, undefined),
    message:
      `${describe(object)} was deleted outside Pulumi. ` +
      "`pulumi up --refresh` creates it again (with a new id); or remove it from the program.",
  };
}

function changedEntries(
  object: ManagedObject,
  live: LiveObject,
  changes: readonly PropertyChange[],
): DriftEntry[] {
  return changes.length === 0 ? [] : [changedEntry(object, live, changes)];
}

function rotatedEntry(
  object: ManagedObject,
  live: ProviderKey,
  rotation: { readonly recorded: string; readonly live: string },
): DriftEntry {
  return {
    class: "rotated",
    ...base(object, live.name),
    keyRedacted: rotation,
    liveUpdatedAt: live.updatedAt,
    message:
      `${describe(object)} was rotated outside Pulumi (keyRedacted ${rotation.recorded} is now ${rotation.live}). ` +
      "`pulumi up --refresh` rotates the declared value back in; or set the stack's secret to the new value.",
  };
}

function compare(object: ManagedObject, index: LiveIndex): DriftEntry[] {
  const recorded = object.outputs;
  switch (object.kind) {
    case "gatewayConfig": {
      const config = index.gatewayConfig;
      if (config === undefined) throw new Error("the gateway configuration was not read");
      return changedEntries(object, { id: object.id }, compareGatewayConfig(recorded, config));
    }
    case "providerKey": {
      const live = required(index.providerKey, "providerKey").get(object.id);
      if (live === undefined) return [deletedEntry(object)];
      const { changes, rotation } = compareProviderKey(recorded, live);
      return [
        ...changedEntries(object, live, changes),
        ...(rotation !== undefined ? [rotatedEntry(object, live, rotation)] : []),
      ];
    }
    case "accessKeyConfiguration": {
      const live = required(index.accessKeyConfiguration, "accessKeyConfiguration").get(object.id);
      if (live === undefined) return [deletedEntry(object)];
      return changedEntries(object, live, compareAccessKeyConfiguration(recorded, live));
    }
    case "accessKey": {
      const live = required(index.accessKey, "accessKey").get(object.id);
      if (live === undefined) return [deletedEntry(object)];
      return changedEntries(object, live, compareAccessKey(recorded, live));
    }
    case "provider": {
      const live = required(index.provider, "provider").get(object.id);
      if (live === undefined) return [deletedEntry(object)];
      return changedEntries(object, live, compareProvider(recorded, live));
    }
  }
}

function unmanagedEntries(input: ClassifyInput, index: LiveIndex): DriftEntry[] {
  const managedIds = new Set(
    [...input.managed, ...(input.orphaned ?? [])].map((o) => `${o.kind}\u0000${o.id}`),
  );
  const stacks = input.stacks.map((s) => `"${s}"`).join(", ");
  const entries: DriftEntry[] = [];
  for (const kind of DRIFT_OBJECT_KINDS) {
    if (kind === "gatewayConfig") continue; // the singleton always exists; nothing to own
    const live: ReadonlyMap<string, LiveObject> | undefined = index[kind];
    for (const object of required(live, kind).values()) {
      if (managedIds.has(`${kind}\u0000${object.id}`)) continue;
      const named = object.name !== undefined && object.name !== "" ? ` "${object.name}"` : "";
      entries.push({
        class: "unmanaged",
        kind,
        id: object.id,
        ...(object.name !== undefined ? { name: object.name } : {}),
        type: TYPE_TOKENS[kind],
        ...(object.updatedAt !== undefined ? { liveUpdatedAt: object.updatedAt } : {}),
        message:
          `${KIND_LABELS[kind]}${named} (${object.id}) is in the account but no stack (${stacks}) manages it. ` +
          `Declare it with \`adopt: ${object.id}\` (aigw export writes that for you) or delete it.`,
      });
    }
  }
  return entries;
}

function sortKey(entry: DriftEntry): [string, number, string, number] {
  return [
    entry.stack ?? "\uffff",
    DRIFT_OBJECT_KINDS.indexOf(entry.kind),
    entry.logicalName ?? entry.name ?? entry.id,
    DRIFT_CLASSES.indexOf(entry.class),
  ];
}

function compareKeys(a: DriftEntry, b: DriftEntry): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i]!;
    const y = kb[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Classifies every managed object (changed, rotated, deleted or in sync) and, when asked, every
 * live object no stack manages. Objects whose deletion the engine has pending are not compared.
 */
export function classifyDrift(input: ClassifyInput): Classification {
  const compared = input.managed.filter((o) => !o.pendingDelete);
  const index = indexLive(input.live);
  const entries = compared.flatMap((object) => compare(object, index));
  if (input.includeUnmanaged) entries.push(...unmanagedEntries(input, index));
  entries.push(...(input.orphaned ?? []));
  entries.sort(compareKeys);
  const count = (cls: DriftEntry["class"]): number => entries.filter((e) => e.class === cls).length;
  const driftedManaged = new Set(
    entries
      .filter((e) => e.urn !== undefined && e.class !== "orphaned")
      .map((e) => `${e.stack ?? ""}\u0000${e.urn ?? ""}`),
  );
  const unmanaged = count("unmanaged");
  const orphaned = count("orphaned");
  return {
    entries,
    summary: {
      managed: compared.length,
      inSync: compared.length - driftedManaged.size,
      changed: count("changed"),
      rotated: count("rotated"),
      deleted: count("deleted"),
      unmanaged,
      orphaned,
      pending: input.pendingOperations ?? 0,
      drifted: driftedManaged.size + unmanaged + orphaned,
    },
  };
}
