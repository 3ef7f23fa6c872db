// The drift report: the stable, documented shape `aigw drift --format json` prints and
// `schema/drift-report.schema.json` describes. Field names and class names are a contract with
// pipelines; add fields, never rename or remove them, and bump `schemaVersion` if a meaning changes.
import type { ResourceKind } from "../core/resource-types";

/**
 * The version of the report's shape; `schema/drift-report.schema.json` describes this version.
 * Version 2 added pending operations, the `orphaned` class and their counts, and `drift` became
 * true for a stack with pending operations too.
 */
export const DRIFT_REPORT_VERSION = 2;

/** The `$id` of the report's JSON Schema. */
export const DRIFT_REPORT_SCHEMA_ID = "https://aigw.dev/schema/drift-report.schema.json";

/** The file name of the report's JSON Schema under `schema/`. */
export const DRIFT_REPORT_SCHEMA_FILE = "drift-report.schema.json";

/** The kinds of objects drift looks at, named as the gateway.yaml sections name them (singular). */
export type DriftObjectKind = ResourceKind;

/** The kinds in dependency order, which is also the order of a report's entries. */
export const DRIFT_OBJECT_KINDS: readonly DriftObjectKind[] = [
  "provider",
  "providerKey",
  "accessKeyConfiguration",
  "accessKey",
  "gatewayConfig",
];

/**
 * How an object drifted:
 * - `changed`: one or more properties differ from what the stack recorded (edited outside Pulumi);
 * - `rotated`: a provider key's value was replaced outside Pulumi (its `keyRedacted` differs);
 * - `deleted`: the stack records the object, the API no longer has it;
 * - `unmanaged`: the account holds the object and none of the given stacks manages it (only with
 *   `--include-unmanaged`);
 * - `orphaned`: the account holds an object that a pending create of a stack (an interrupted
 *   `pulumi up`) looks to have made, and the stack's state does not record it (always reported).
 */
export type DriftClass = "changed" | "rotated" | "deleted" | "unmanaged" | "orphaned";

/** The classes in the order a report lists them for one object. */
export const DRIFT_CLASSES: readonly DriftClass[] = [
  "changed",
  "rotated",
  "deleted",
  "unmanaged",
  "orphaned",
];

/**
 * One property that differs. A side whose value is absent (the field is not set) has no
 * `recorded` or `live` member: absent and empty stay distinct, as in gateway.yaml (`allow`
 * absent = unrestricted, `allow: []` = nothing). Values are never secrets: secret properties are
 * not compared, and provider keys are compared by their redaction only.
 */
export interface PropertyChange {
  /** The property path in the resource's terms, such as `description` or `access.models.allow`. */
  readonly property: string;
  /** The value in the stack's state; absent when the state has none. */
  readonly recorded?: unknown;
  /** The value the API has now; absent when the API has none. */
  readonly live?: unknown;
  /** For allow-lists (compared as sets): entries live has and the state does not. */
  readonly added?: readonly string[];
  /** For allow-lists (compared as sets): entries the state has and live does not. */
  readonly removed?: readonly string[];
}

/** One drifted object, in one class. An object can have a `changed` and a `rotated` entry. */
export interface DriftEntry {
  /** What happened. */
  readonly class: DriftClass;
  /** What kind of object. */
  readonly kind: DriftObjectKind;
  /** The API id (`aigpk_…`, `aigac_…`, `aigk_…`, `aigp_…`; `gateway-config` for the singleton). */
  readonly id: string;
  /** The object's name in the API, when known. */
  readonly name?: string;
  /** The stack that manages the object (for `orphaned`, whose pending create made it); absent for `unmanaged`. */
  readonly stack?: string;
  /** The Pulumi resource URN (for `orphaned`, of the pending create); absent for `unmanaged`. */
  readonly urn?: string;
  /** The Pulumi resource name (the gateway.yaml logical name); absent for `unmanaged`. */
  readonly logicalName?: string;
  /** The team that owns the object (its file's `owner:`), when the stack recorded one. */
  readonly owner?: string;
  /** The Pulumi resource type token, such as `pulumi-nodejs:dynamic/ngrok-ai:ProviderKey`. */
  readonly type: string;
  /** For `changed`: every property that differs, in a fixed order. */
  readonly changes?: readonly PropertyChange[];
  /** For `rotated`: the recorded and live redactions (`first10***last4`), never the value. */
  readonly keyRedacted?: { readonly recorded: string; readonly live: string };
  /** When the API says the object last changed (RFC 3339), for `changed`, `rotated`, `unmanaged`. */
  readonly liveUpdatedAt?: string;
  /** One sentence for people, naming the object and what to do. */
  readonly message: string;
}

/** Counts over the whole report. */
export interface DriftSummary {
  /** Objects the given stacks manage (resources of our types in their state). */
  readonly managed: number;
  /** Managed objects with no entry. */
  readonly inSync: number;
  /** Entries of each class. */
  readonly changed: number;
  readonly rotated: number;
  readonly deleted: number;
  readonly unmanaged: number;
  readonly orphaned: number;
  /** Pending operations of our resources in the stacks' state. */
  readonly pending: number;
  /** Distinct objects with at least one entry. */
  readonly drifted: number;
}

/**
 * What `aigw recover` would do about a pending operation (see `PendingResolution`): `adopt` the
 * object its create made, `delete` it (an access key whose token is lost), `clear` it (nothing was
 * made), leave it to a person (`ambiguous`), or `refresh` (an update or delete of a recorded
 * resource, settled by reading it again).
 */
export type PendingRecovery = "adopt" | "delete" | "clear" | "ambiguous" | "refresh";

/** An operation an interrupted update left in a stack's state, for one of our resources. */
export interface PendingOperationEntry {
  readonly stack: string;
  readonly urn: string;
  readonly logicalName: string;
  readonly kind: DriftObjectKind;
  readonly type: string;
  /** What the engine was doing: `creating`, `updating`, `deleting`, `reading` or `importing`. */
  readonly operation: string;
  /** The resource's id, when the operation names one. */
  readonly id?: string;
  /** For creates: the ids of the live objects that match what the create sent. */
  readonly candidates: readonly string[];
  readonly recovery: PendingRecovery;
  /** One sentence for people, naming the operation and what to do. */
  readonly message: string;
}

/** The whole report: `aigw drift --format json` prints exactly this. */
export interface DriftReport {
  /** Always {@link DRIFT_REPORT_VERSION}. */
  readonly schemaVersion: typeof DRIFT_REPORT_VERSION;
  /** The `aigw` version that wrote the report. */
  readonly aigwVersion: string;
  /** When the live objects were read (RFC 3339). */
  readonly generatedAt: string;
  /** The API's base URL, without credentials. */
  readonly apiUrl: string;
  /** The stacks whose state was compared, in the order given. */
  readonly stacks: readonly string[];
  /** Whether unmanaged objects were looked for. */
  readonly includeUnmanaged: boolean;
  /** True when there is at least one entry or pending operation (the CLI then exits 2). */
  readonly drift: boolean;
  /** Counts. */
  readonly summary: DriftSummary;
  /** The requests drift sent to the API (list pages and the singleton), retries included. */
  readonly apiCalls: number;
  /** The drifted objects, ordered by stack, kind, logical name and class. */
  readonly entries: readonly DriftEntry[];
  /** Pending operations of our resources, in the order each stack's state lists them. */
  readonly pendingOperations: readonly PendingOperationEntry[];
}
