// Which live object did each pending create make? A candidate is a live object of the resource's
// kind that the stack does not record and whose declared properties (name, labels, scope, router,
// provider, configuration link; never a secret) are exactly the ones the create sent, compared
// with drift's own rules. One candidate is the answer; none means the create never happened;
// more than one, or one object claimed by two creates, is ambiguous and is reported, never
// guessed. Pure (no I/O): the stack and the account are read by the callers.
import { GATEWAY_CONFIG_ID } from "../state/gateway-config";
import { optionalString } from "../state/values";
import { DriftError } from "./errors";
import type { LiveAccount, LiveObjects } from "./live";
import type { PendingOperation } from "./pending";
import {
  compareAccessKey,
  compareAccessKeyConfiguration,
  compareProvider,
  compareProviderKey,
} from "./properties";
import type { DriftObjectKind, PendingRecovery } from "./report";
import { type ManagedObject, isSecretValue } from "./state";

/** A live object that a pending create may have made, typed by its kind. */
export type LiveCandidate = {
  readonly [K in DriftObjectKind]: {
    readonly kind: K;
    /** The API id (`gateway-config` for the singleton). */
    readonly id: string;
    readonly name?: string;
    readonly createdAt?: string;
    readonly updatedAt?: string;
    readonly object: LiveObjects[K];
  };
}[DriftObjectKind];

/**
 * What to do about a pending operation of ours:
 * - `adopt`: its create made `target`; the state takes it over;
 * - `delete`: its create made `target`, an access key whose token only the lost create response
 *   held; it is deleted and the next `pulumi up` creates a new key;
 * - `clear`: no live object matches: the create never happened, the next `pulumi up` makes it;
 * - `ambiguous`: several live objects match (or one matches several creates): a person decides;
 * - `refresh`: an interrupted update, delete or read of a recorded resource; reading the live
 *   object again (`pulumi up --refresh`) settles it.
 */
export type PendingResolution = PendingRecovery;

/** One pending operation of ours with its candidates and resolution. */
export interface PendingMatch {
  readonly operation: PendingOperation & { readonly kind: DriftObjectKind };
  /** The live objects that match (for creates); empty for other operations. */
  readonly candidates: readonly LiveCandidate[];
  readonly resolution: PendingResolution;
  /** The object adopted or deleted. */
  readonly target?: LiveCandidate;
  /** True when a decision (`--match`) chose the resolution. */
  readonly decided: boolean;
}

/** A person's answer for one pending create: the id it made, or null for "it made nothing". */
export type PendingDecision = string | null;

/** What {@link matchPendingOperations} compares. */
export interface MatchInput {
  /** The stack's pending operations (those of other providers are ignored). */
  readonly pending: readonly PendingOperation[];
  /** The resources the stack records: their objects are never candidates. */
  readonly managed: readonly ManagedObject[];
  /** The live objects; every kind of a pending create must have been read. */
  readonly live: LiveAccount;
  /** Decisions by URN, for creates that are ambiguous (or that a person knows better). */
  readonly decisions?: ReadonlyMap<string, PendingDecision>;
}

/** True for the operations whose object may exist without the state knowing its id. */
export function isPendingCreate(operation: PendingOperation): boolean {
  return operation.operation === "creating" || operation.operation === "importing";
}

/** The kinds whose live objects must be read to match the pending creates. */
export function kindsOfPendingCreates(pending: readonly PendingOperation[]): Set<DriftObjectKind> {
  const kinds = new Set<DriftObjectKind>();
  for (const op of pending) if (op.kind !== undefined && isPendingCreate(op)) kinds.add(op.kind);
  return kinds;
}

function labelled<K extends Exclude<DriftObjectKind, "gatewayConfig">>(
  kind: K,
  objects: readonly LiveObjects[K][] | undefined,
): LiveCandidate[] {
  if (objects === undefined) throw new Error(`live ${kind} objects were not read`);
  return objects.map((object) => {
    const name = "name" in object ? object.name : undefined;
    return {
      kind,
      id: object.id,
      ...(typeof name === "string" ? { name } : {}),
      createdAt: object.createdAt,
      updatedAt: object.updatedAt,
      object,
    } as LiveCandidate;
  });
}

/** The live objects of `kind`; throws when the kind was not read (a caller's bug). */
export function liveCandidates(kind: DriftObjectKind, live: LiveAccount): LiveCandidate[] {
  switch (kind) {
    case "provider":
      return labelled(kind, live.providers);
    case "providerKey":
      return labelled(kind, live.providerKeys);
    case "accessKeyConfiguration":
      return labelled(kind, live.accessKeyConfigurations);
    case "accessKey":
      return labelled(kind, live.accessKeys);
    case "gatewayConfig":
      if (live.gatewayConfig === undefined)
        throw new Error("the gateway configuration was not read");
      return [{ kind, id: GATEWAY_CONFIG_ID, object: live.gatewayConfig }];
  }
}

/** Inputs as the API stores them: an empty description or metadata is no description. */
function declared(inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inputs };
  for (const name of ["description", "metadata"]) {
    const value = out[name];
    if (typeof value === "string") out[name] = optionalString(value);
  }
  return out;
}

/**
 * True when the live object has exactly the declared properties a create sent (secret inputs are
 * not compared: they stay encrypted, and a provider key's value is never readable).
 */
export function matchesDeclared(
  inputs: Readonly<Record<string, unknown>>,
  live: LiveCandidate,
): boolean {
  const wanted = declared(inputs);
  switch (live.kind) {
    case "providerKey":
      return compareProviderKey(wanted, live.object).changes.length === 0;
    case "accessKeyConfiguration":
      return compareAccessKeyConfiguration(wanted, live.object).length === 0;
    case "accessKey":
      return compareAccessKey(wanted, live.object).length === 0;
    case "provider":
      return compareProvider(wanted, live.object).length === 0;
    case "gatewayConfig":
      return true; // the singleton: whatever the create patched, it is the object
  }
}

/** The id a create names itself: `adopt`, or the id an interrupted import was given. */
function namedId(op: PendingOperation): string | undefined {
  if (op.operation === "importing") return op.id;
  const adopt = op.inputs.adopt;
  return typeof adopt === "string" && adopt !== "" && !isSecretValue(adopt) ? adopt : undefined;
}

function isOurs(op: PendingOperation): op is PendingOperation & { readonly kind: DriftObjectKind } {
  return op.kind !== undefined;
}

function checkDecisions(
  ours: readonly PendingOperation[],
  decisions: ReadonlyMap<string, PendingDecision>,
): void {
  for (const urn of decisions.keys()) {
    const op = ours.find((o) => o.urn === urn);
    if (op === undefined || !isPendingCreate(op)) {
      const creates = ours.filter(isPendingCreate).map((o) => o.urn);
      throw new DriftError(
        "AIGW_RECOVER_MATCH",
        `--match ${urn}: the stack has no pending create with that URN. ` +
          (creates.length > 0
            ? `Its pending creates are: ${creates.join(", ")}.`
            : "It has no pending create of an ngrok.ai resource."),
      );
    }
  }
}

/**
 * Matches every pending operation of ours with the live objects. Throws `AIGW_RECOVER_MATCH`
 * when a decision names a URN that is not a pending create, or an id the account does not hold
 * among the objects of that kind no resource of the stack records.
 */
export function matchPendingOperations(input: MatchInput): PendingMatch[] {
  const decisions = input.decisions ?? new Map<string, PendingDecision>();
  const ours = input.pending.filter(isOurs);
  checkDecisions(ours, decisions);
  const recorded = new Set(input.managed.map((o) => `${o.kind}\u0000${o.id}`));
  const unrecorded = (c: LiveCandidate): boolean =>
    c.kind === "gatewayConfig" || !recorded.has(`${c.kind}\u0000${c.id}`);

  const found = new Map<PendingOperation, LiveCandidate[]>();
  const claims = new Map<string, number>();
  for (const op of ours) {
    if (!isPendingCreate(op)) continue;
    const pool = liveCandidates(op.kind, input.live);
    const id = namedId(op);
    const candidates =
      id !== undefined
        ? pool.filter((c) => c.id === id)
        : pool.filter((c) => unrecorded(c) && matchesDeclared(op.inputs, c));
    found.set(op, candidates);
    if (id === undefined && op.kind !== "gatewayConfig") {
      for (const c of candidates) claims.set(c.id, (claims.get(c.id) ?? 0) + 1);
    }
  }

  return ours.map((op): PendingMatch => {
    const candidates = found.get(op);
    if (candidates === undefined) {
      return { operation: op, candidates: [], resolution: "refresh", decided: false };
    }
    const deletes = op.kind === "accessKey" && namedId(op) === undefined;
    if (decisions.has(op.urn)) {
      const decision = decisions.get(op.urn) ?? null;
      if (decision === null) {
        return { operation: op, candidates, resolution: "clear", decided: true };
      }
      const target = liveCandidates(op.kind, input.live).find(
        (c) => c.id === decision && unrecorded(c),
      );
      if (target === undefined) {
        throw new DriftError(
          "AIGW_RECOVER_MATCH",
          `--match ${op.urn}=${decision}: the account has no ${op.kind} ${decision} that the stack does not already record. ` +
            (candidates.length > 0
              ? `The objects that match its declared properties are: ${candidates.map((c) => c.id).join(", ")}.`
              : "No object matches its declared properties; --match <urn>=none says it made nothing."),
        );
      }
      return {
        operation: op,
        candidates,
        resolution: deletes ? "delete" : "adopt",
        target,
        decided: true,
      };
    }
    const [only, ...more] = candidates;
    if (only === undefined)
      return { operation: op, candidates, resolution: "clear", decided: false };
    if (more.length > 0 || (claims.get(only.id) ?? 0) > 1) {
      return { operation: op, candidates, resolution: "ambiguous", decided: false };
    }
    return {
      operation: op,
      candidates,
      resolution: deletes ? "delete" : "adopt",
      target: only,
      decided: false,
    };
  });
}
