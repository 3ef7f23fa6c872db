// The operations an interrupted `pulumi up` left in a stack's state. The engine records an
// operation before it calls the provider and removes it when the provider answers, so a killed
// update leaves `pending_operations`: a pending create whose object may or may not exist, and
// updates and deletes that may or may not have happened. They are read from the same
// `pulumi stack export` document as the resources (secrets stay encrypted).
import type { DriftObjectKind } from "./report";
import {
  KIND_OF_TYPE,
  type ManagedObject,
  type RecordedProviderConfig,
  type StackAccess,
  type StackDocument,
  exportStack,
  logicalNameOf,
  managedObjectsOf,
  parseStackDocument,
  recordedProviderConfigOf,
} from "./state";

/**
 * What the engine was doing when it stopped, as `pulumi stack export` names it: `creating`,
 * `updating`, `deleting`, `reading` or `importing` (other names are kept as they are).
 */
export type PendingOperationType =
  "creating" | "updating" | "deleting" | "reading" | "importing" | (string & {});

/** One pending operation of the stack's state. */
export interface PendingOperation {
  readonly stack: string;
  readonly urn: string;
  /** The resource name: the last URN segment. */
  readonly logicalName: string;
  /** Our kind of object; undefined for a resource of another provider. */
  readonly kind: DriftObjectKind | undefined;
  readonly type: string;
  readonly operation: PendingOperationType;
  /** The resource's id, when the operation names one (updates, deletes, imports). */
  readonly id: string | undefined;
  /** The inputs the engine sent; secret ones are encrypted envelopes. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The resource as the state records it with the operation (what a recovery writes back). */
  readonly resource: Readonly<Record<string, unknown>>;
}

/** A stack's state: the document, our resources and every pending operation. */
export interface StackSnapshot {
  readonly stack: string;
  /** The text `pulumi stack export` printed (compared before the state is written back). */
  readonly text: string;
  readonly document: StackDocument;
  readonly managed: readonly ManagedObject[];
  readonly pending: readonly PendingOperation[];
  /** The config the resources' provider recorded at the last update, when the state holds one. */
  readonly recorded: RecordedProviderConfig | undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The pending operations of a parsed stack document, in the order the state lists them. Entries
 * without a resource URN are skipped (the engine refuses such a state itself).
 */
export function pendingOperationsOf(document: StackDocument, stack: string): PendingOperation[] {
  const list = document.deployment.pending_operations;
  if (!Array.isArray(list)) return [];
  const operations: PendingOperation[] = [];
  for (const raw of list as unknown[]) {
    const op = record(raw);
    const resource = record(op?.resource);
    if (op === undefined || resource === undefined || typeof resource.urn !== "string") continue;
    const type = typeof resource.type === "string" ? resource.type : "";
    operations.push({
      stack,
      urn: resource.urn,
      logicalName: logicalNameOf(resource.urn),
      kind: KIND_OF_TYPE.get(type),
      type,
      operation: typeof op.type === "string" ? op.type : "unknown",
      id: typeof resource.id === "string" && resource.id !== "" ? resource.id : undefined,
      inputs: record(resource.inputs) ?? {},
      resource,
    });
  }
  return operations;
}

/** Parses `pulumi stack export` text into a {@link StackSnapshot}; `AIGW_STACK_STATE` if it is not one. */
export function parseStackSnapshot(text: string, stack: string): StackSnapshot {
  const document = parseStackDocument(text, stack);
  return {
    stack,
    text,
    document,
    managed: managedObjectsOf(document, stack),
    pending: pendingOperationsOf(document, stack),
    recorded: recordedProviderConfigOf(document),
  };
}

/** Reads a stack's state with its pending operations (one `pulumi stack export`). */
export async function readStackSnapshot(
  stack: string,
  access: StackAccess,
): Promise<StackSnapshot> {
  return parseStackSnapshot(await exportStack(stack, access), stack);
}
