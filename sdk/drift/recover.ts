// `aigw recover`: brings a stack that an interrupted `pulumi up` left with pending creates back to
// a state the next `pulumi up` finishes without duplicates. Each pending create is matched with
// the live object it made (see match.ts); the state then takes those objects over, access keys
// whose token was lost are deleted, and creates that made nothing are cleared.
//
// Pulumi's own `pulumi refresh --import-pending-creates <urn> <id>` does not do this with the
// engine this project pins (CLI v3.248.0): it turns the pending create into a pending import,
// which the refresh then drops without reading it or recording the resource, so the next `up`
// creates a duplicate anyway. The state is therefore written the backend-neutral way Pulumi
// documents for repairing it: `pulumi stack export`, the adopted resources added with their ids
// and outputs (computed from the live objects with the resources' own `toOutputs`, exactly what
// their `create` would have recorded; secret values copied as the encrypted envelopes they are),
// then `pulumi stack import`. Nothing is ever decrypted.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError } from "../client/errors";
import { toOutputs as configurationOutputs } from "../state/access-key-configuration";
import { toOutputs as accessKeyOutputs } from "../state/access-key";
import {
  type GatewayConfigInputs,
  toOutputs as gatewayConfigOutputs,
} from "../state/gateway-config";
import { toOutputs as providerOutputs } from "../state/provider";
import { toOutputs as providerKeyOutputs } from "../state/provider-key";
import { jsonEqual } from "../state/values";
import { resolveCredentials } from "./credentials";
import { DriftError } from "./errors";
import {
  type LiveCandidate,
  type PendingDecision,
  type PendingMatch,
  isPendingCreate,
  kindsOfPendingCreates,
  matchPendingOperations,
} from "./match";
import { type PendingOperation, type StackSnapshot, readStackSnapshot } from "./pending";
import type { LiveAccount } from "./live";
import {
  countingClient,
  type DriftClientOptions,
  explainApiFailure,
  readLiveOrExplain,
} from "./run";
import {
  type PulumiRunner,
  type StackAccess,
  type StackDocument,
  isSecretValue,
  pulumiSaid,
  runPulumi,
} from "./state";

/** Options of {@link planRecovery}. */
export interface RecoverOptions {
  /** The stack to recover. */
  readonly stack: string;
  /** The Pulumi project directory (where `Pulumi.yaml` is). */
  readonly cwd: string;
  /** The environment for pulumi and for `NGROK_AI_API_URL` / `NGROK_AI_API_KEY`. */
  readonly env: NodeJS.ProcessEnv;
  /** The API URL, over the stack config and the environment. */
  readonly apiUrl?: string | undefined;
  /** The API key, over the stack config and the environment. */
  readonly apiKey?: string | undefined;
  /** A person's answers for pending creates, by URN (`--match <urn>=<id>` or `=none`). */
  readonly decisions?: ReadonlyMap<string, PendingDecision>;
  /** Runs the pulumi CLI; the real one by default. */
  readonly runner?: PulumiRunner;
  /** Client tuning (retries, timeouts). */
  readonly client?: DriftClientOptions;
}

/** What a recovery would do, and why it cannot yet when it cannot. */
export interface RecoveryPlan {
  readonly stack: string;
  /** The API the live objects were read from (empty when nothing needed reading). */
  readonly apiUrl: string;
  /** The pending operations of our resources, each with its resolution. */
  readonly matches: readonly PendingMatch[];
  /** Pending operations of resources that are not ngrok.ai's. */
  readonly foreign: readonly PendingOperation[];
  /**
   * Why the plan cannot be carried out (an ambiguous create, a pending create of another
   * provider's resource); empty when it can. Nothing is changed while any remains.
   */
  readonly blockers: readonly string[];
  /** True when the state holds no pending operation at all. */
  readonly nothingToDo: boolean;
}

/** What {@link Recovery.apply} did. */
export interface RecoveryResult {
  /** Ids now recorded by the stack, by URN. */
  readonly adopted: readonly { readonly urn: string; readonly id: string }[];
  /** Access keys deleted (their tokens were lost), by URN of the cleared create. */
  readonly deleted: readonly { readonly urn: string; readonly id: string }[];
  /** Pending operations removed without a change to the account. */
  readonly cleared: readonly string[];
  /** Whether the state was written (`pulumi stack import`). */
  readonly stateWritten: boolean;
}

/** A plan and the means to carry it out. */
export interface Recovery {
  readonly plan: RecoveryPlan;
  /**
   * Carries the plan out: deletes the access keys, then writes the state. Throws
   * `AIGW_STACK_WRITE` when the plan is blocked, the state changed since it was read, or
   * `pulumi stack import` fails (the stack is locked, for one); a rerun picks up where it stopped.
   */
  apply(): Promise<RecoveryResult>;
}

function blockersOf(matches: readonly PendingMatch[], foreign: readonly PendingOperation[]) {
  const blockers: string[] = [];
  for (const match of matches) {
    if (match.resolution !== "ambiguous") continue;
    blockers.push(
      `the pending create of ${match.operation.urn} matches ${match.candidates.length} live objects ` +
        `(${match.candidates.map((c) => c.id).join(", ")}), or one that another pending create matches: ` +
        `say which one it made with --match '${match.operation.urn}=<id>', or --match '${match.operation.urn}=none'`,
    );
  }
  for (const op of foreign) {
    if (!isPendingCreate(op)) continue;
    blockers.push(
      `the pending create of ${op.urn} is not an ngrok.ai resource, and writing the state back drops ` +
        "every pending operation: resolve it with Pulumi first (an interactive `pulumi refresh` offers " +
        "clear or skip for each pending create; skip those of ngrok.ai resources)",
    );
  }
  return blockers;
}

/** Which live objects a plan needs: the kinds of the pending creates of ours. */
async function readLiveFor(
  snapshot: StackSnapshot,
  options: RecoverOptions,
): Promise<{ live: LiveAccount; apiUrl: string; remove: (id: string) => Promise<void> }> {
  const credentials = await resolveCredentials({
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    env: options.env,
    // The account drift reported the pending operations against (see detectDrift).
    stack: {
      name: options.stack,
      cwd: options.cwd,
      runner: options.runner,
      recorded: Promise.resolve(snapshot.recorded),
    },
  });
  const { client } = countingClient(credentials, options.client);
  const live = await readLiveOrExplain(
    client,
    credentials,
    kindsOfPendingCreates(snapshot.pending),
  );
  const remove = async (id: string): Promise<void> => {
    try {
      await client.accessKeys.delete(id);
    } catch (err) {
      if (err instanceof ApiError && err.code === "AIGW_NOT_FOUND") return; // gone already
      throw explainApiFailure(err, client.baseUrl, credentials);
    }
  };
  return { live, apiUrl: client.baseUrl, remove };
}

/** The outputs the resource's `create` would have recorded for `target`, `__provider` included. */
export function adoptedOutputs(
  operation: PendingOperation,
  target: LiveCandidate,
): Record<string, unknown> {
  const inputs = operation.inputs;
  const base = ((): object => {
    switch (target.kind) {
      case "providerKey": {
        const outs: Record<string, unknown> = {
          ...providerKeyOutputs(target.object, undefined, inputs.adopt),
        };
        // The value the create sent, still encrypted; a plaintext one is not copied (the next
        // `pulumi up` then rotates the declared value in, same id).
        if (isSecretValue(inputs.value)) outs.value = inputs.value;
        return outs;
      }
      case "accessKeyConfiguration":
        return configurationOutputs(target.object, inputs.adopt);
      case "provider":
        return providerOutputs(target.object, inputs.adopt);
      case "accessKey":
        return accessKeyOutputs(target.object, {
          rotationTrigger: inputs.rotationTrigger,
          adopt: inputs.adopt,
        });
      case "gatewayConfig": {
        const declared = Object.fromEntries(
          Object.entries(inputs).filter(([k]) => k !== "__provider"),
        ) as GatewayConfigInputs;
        return gatewayConfigOutputs(target.object, declared);
      }
    }
  })();
  return { __provider: inputs.__provider, ...base };
}

/**
 * The state after the recovery: the adopted resources appended (every resource they depend on
 * completed before their create began, so they come after it), and no pending operation.
 */
export function recoveredDocument(
  document: StackDocument,
  matches: readonly PendingMatch[],
): StackDocument {
  const adopted = matches
    .filter((m) => m.resolution === "adopt" && m.target !== undefined)
    .map((m) => ({
      ...m.operation.resource,
      id: m.target!.id,
      outputs: adoptedOutputs(m.operation, m.target!),
    }));
  return {
    ...document,
    deployment: {
      ...document.deployment,
      resources: [...(document.deployment.resources ?? []), ...adopted],
      pending_operations: [],
    },
  };
}

/** Imports `document` as the stack's state through a private temporary file. */
async function importState(
  stack: string,
  document: StackDocument,
  access: StackAccess,
): Promise<void> {
  const run = access.runner ?? runPulumi;
  const dir = mkdtempSync(join(tmpdir(), "aigw-recover-"));
  try {
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify(document, null, 2), { mode: 0o600 });
    const result = await run(["stack", "import", "--stack", stack, "--file", file], {
      cwd: access.cwd,
      env: access.env,
    });
    if (result.code !== 0) {
      const locked = /locked/i.test(result.stderr);
      throw new DriftError(
        "AIGW_STACK_WRITE",
        `Could not write the state of stack ${stack} (pulumi stack import exited ${result.code}): ${pulumiSaid(result.stderr)} ` +
          (locked
            ? `The interrupted update still holds the stack's lock: when no pulumi process of it runs any more, ` +
              `run \`pulumi cancel --stack ${stack} --yes\`, then \`aigw recover --stack ${stack} --yes\` again.`
            : `Check the backend login, then run \`aigw recover --stack ${stack} --yes\` again.`),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads the stack's state and, when it holds pending operations, the live objects, and plans the
 * recovery. Without pending operations no API call is made and no key is needed.
 */
export async function planRecovery(options: RecoverOptions): Promise<Recovery> {
  const access: StackAccess = {
    cwd: options.cwd,
    env: options.env,
    ...(options.runner !== undefined ? { runner: options.runner } : {}),
  };
  const snapshot = await readStackSnapshot(options.stack, access);
  const foreign = snapshot.pending.filter((op) => op.kind === undefined);
  if (snapshot.pending.length === 0) {
    const plan: RecoveryPlan = {
      stack: options.stack,
      apiUrl: "",
      matches: [],
      foreign,
      blockers: [],
      nothingToDo: true,
    };
    return {
      plan,
      apply: () => Promise.resolve({ adopted: [], deleted: [], cleared: [], stateWritten: false }),
    };
  }
  const { live, apiUrl, remove } = await readLiveFor(snapshot, options);
  const matches = matchPendingOperations({
    pending: snapshot.pending,
    managed: snapshot.managed,
    live,
    ...(options.decisions !== undefined ? { decisions: options.decisions } : {}),
  });
  const plan: RecoveryPlan = {
    stack: options.stack,
    apiUrl,
    matches,
    foreign,
    blockers: blockersOf(matches, foreign),
    nothingToDo: false,
  };
  const apply = async (): Promise<RecoveryResult> => {
    if (plan.blockers.length > 0) {
      throw new DriftError(
        "AIGW_STACK_WRITE",
        `Stack ${plan.stack} was not changed: ${plan.blockers.join("; ")}.`,
      );
    }
    const deleted: { urn: string; id: string }[] = [];
    for (const match of matches) {
      if (match.resolution !== "delete" || match.target === undefined) continue;
      await remove(match.target.id);
      deleted.push({ urn: match.operation.urn, id: match.target.id });
    }
    // The state must still be the one planned from: a concurrent update would be overwritten.
    const now = await readStackSnapshot(options.stack, access);
    if (!jsonEqual(now.document.deployment, snapshot.document.deployment)) {
      throw new DriftError(
        "AIGW_STACK_WRITE",
        `The state of stack ${plan.stack} changed while aigw recover worked (another pulumi command ran): ` +
          `nothing was written. Run \`aigw recover --stack ${plan.stack}\` again.`,
      );
    }
    await importState(options.stack, recoveredDocument(snapshot.document, matches), access);
    return {
      adopted: matches
        .filter((m) => m.resolution === "adopt" && m.target !== undefined)
        .map((m) => ({ urn: m.operation.urn, id: m.target!.id })),
      deleted,
      cleared: [
        ...matches.filter((m) => m.resolution === "clear" || m.resolution === "refresh"),
        ...foreign.map((operation) => ({ operation })),
      ].map((m) => m.operation.urn),
      stateWritten: true,
    };
  };
  return { plan, apply };
}
