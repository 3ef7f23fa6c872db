// `detectDrift`: read the stacks' state, read the live account with list endpoints, classify.
// API failures become errors that say which URL and which key source to check.
import { ApiError, describeWithoutAdvice } from "../client/errors";
import { GatewayClient, type GatewayClientOptions, loadHttpStack } from "../client/gateway-client";
import { AigwError } from "../core/errors";
import { VERSION } from "../core/version";
import { classifyDrift } from "./classify";
import { type ApiCredentials, ENV_API_KEY, ENV_API_URL, resolveCredentials } from "./credentials";
import { DriftError } from "./errors";
import { ALL_KINDS, readLiveAccount, type LiveAccount } from "./live";
import { DRIFT_REPORT_VERSION, type DriftObjectKind, type DriftReport } from "./report";
import { interruptedReport } from "./interrupted";
import { kindsOfPendingCreates, matchPendingOperations } from "./match";
import { readStackSnapshot } from "./pending";
import type { ManagedObject, PulumiRunner } from "./state";

/** Client settings drift may tune (retries, timeouts, a test dispatcher); not the credentials. */
export type DriftClientOptions = Omit<GatewayClientOptions, "baseUrl" | "apiKey" | "onEvent">;

/** Options of {@link detectDrift}. */
export interface DetectDriftOptions {
  /** The stacks to compare (at least one); unmanaged means managed by none of them. */
  readonly stacks: readonly string[];
  /** The Pulumi project directory (where `Pulumi.yaml` is). */
  readonly cwd: string;
  /** The environment for pulumi and for `NGROK_AI_API_URL` / `NGROK_AI_API_KEY`. */
  readonly env: NodeJS.ProcessEnv;
  /** Also report live objects no given stack manages. */
  readonly includeUnmanaged?: boolean;
  /** The API URL, over the stack config and the environment. */
  readonly apiUrl?: string | undefined;
  /** The API key, over the stack config and the environment. */
  readonly apiKey?: string | undefined;
  /** Runs the pulumi CLI; the real one by default. */
  readonly runner?: PulumiRunner;
  /** Client tuning (retries, timeouts). */
  readonly client?: DriftClientOptions;
  /** The clock, for `generatedAt`. */
  readonly now?: () => Date;
}

/**
 * Rewrites an API failure as an error that names the URL and what to check. The client's own
 * messages are already free of credentials; the key itself is never mentioned, only its source.
 */
export function explainApiFailure(err: unknown, url: string, credentials: ApiCredentials): Error {
  if (!(err instanceof ApiError)) return err instanceof Error ? err : new Error(String(err));
  const urlHint =
    `--api-url, the stack config ngrok-ai:apiUrl or ${ENV_API_URL}` +
    (credentials.urlRecorded === true
      ? "; the URL is the one the stack's last update used, as for `pulumi refresh`: " +
        "`pulumi up` applies a changed ngrok-ai:apiUrl"
      : "");
  const keyHint = `--api-key, the stack config ngrok-ai:apiKey or ${ENV_API_KEY}`;
  // The client's own advice is left out where this one replaces it with the flags and the config.
  const what = describeWithoutAdvice(err) ?? err.message;
  switch (err.code) {
    case "AIGW_AUTH":
      return new AigwError(
        err.code,
        `The ngrok.ai API at ${url} rejected the API key (from ${credentials.keySource}): ${what} ` +
          `Check the key (${keyHint}) and that it belongs to the account at ${url} (from ${credentials.urlSource}).`,
        { cause: err },
      );
    case "AIGW_NETWORK":
    case "AIGW_TIMEOUT":
      return new AigwError(
        err.code,
        `Could not reach the ngrok.ai API at ${url} (from ${credentials.urlSource}): ${what} ` +
          `Check the URL (${urlHint}) and that the API, or \`aigw emulator\`, is running and reachable.`,
        { cause: err },
      );
    default:
      return new AigwError(
        err.code,
        `The ngrok.ai API at ${url} (from ${credentials.urlSource}) failed: ${err.message}`,
        { cause: err },
      );
  }
}

/** The kinds to read: those the stacks manage, or every kind when unmanaged ones are wanted. */
function kindsToRead(
  managed: readonly ManagedObject[],
  includeUnmanaged: boolean,
): Set<DriftObjectKind> {
  const kinds = new Set<DriftObjectKind>(managed.map((o) => o.kind));
  if (includeUnmanaged) {
    for (const kind of ALL_KINDS) if (kind !== "gatewayConfig") kinds.add(kind);
  }
  return kinds;
}

/** Makes a client whose requests (retries included) are counted. */
export function countingClient(
  credentials: ApiCredentials,
  tuning: DriftClientOptions = {},
): { client: GatewayClient; calls: () => number } {
  let calls = 0;
  const client = new GatewayClient({
    ...tuning,
    baseUrl: credentials.apiUrl,
    apiKey: credentials.apiKey,
    onEvent: (event) => {
      if (event.type === "request") calls += 1;
    },
  });
  return { client, calls: () => calls };
}

/** Reads the live objects, turning API failures into errors that say what to check. */
export async function readLiveOrExplain(
  client: GatewayClient,
  credentials: ApiCredentials,
  kinds: ReadonlySet<DriftObjectKind>,
): Promise<LiveAccount> {
  try {
    return await readLiveAccount(client, kinds);
  } catch (err) {
    throw explainApiFailure(err, client.baseUrl, credentials);
  }
}

/**
 * Compares every object the stacks manage with the live API, property by property, reports the
 * pending operations an interrupted update left and the live objects their creates look to have
 * made, and (when asked) lists live objects no stack manages. Costs one `pulumi stack export` per stack and one
 * API request per 100 objects of each kind read. Throws {@link DriftError} or an `AigwError` with
 * the API client's code when something cannot be read; never returns a partial report.
 */
export async function detectDrift(options: DetectDriftOptions): Promise<DriftReport> {
  const stacks = [...new Set(options.stacks)];
  const first = stacks[0];
  if (first === undefined) {
    throw new DriftError("AIGW_STACK_READ", "Name at least one stack (--stack NAME).");
  }
  const access = {
    cwd: options.cwd,
    env: options.env,
    ...(options.runner !== undefined ? { runner: options.runner } : {}),
  };
  // Both run at once; when both fail, the stack's error is the one to report (an unknown stack
  // also has no credentials, and "no API key" would send the user the wrong way).
  // The URL is the one the first stack's state recorded for its resources (what `pulumi refresh`
  // uses), so the current config is listed only for a state that records none; the key's read
  // starts beside the exports.
  const snapshots = Promise.all(stacks.map((stack) => readStackSnapshot(stack, access)));
  const reads = Promise.allSettled([
    snapshots,
    resolveCredentials({
      apiUrl: options.apiUrl,
      apiKey: options.apiKey,
      env: options.env,
      stack: {
        name: first,
        cwd: options.cwd,
        runner: options.runner,
        recorded: snapshots.then(
          ([snapshot]) => snapshot?.recorded,
          () => undefined,
        ),
      },
    }),
  ]);
  // The pulumi processes are running now; load the HTTP stack while they work, rather than at
  // the first list request after them (a few hundred milliseconds of start-up otherwise added).
  loadHttpStack();
  const [stateResult, credentialResult] = await reads;
  if (stateResult.status === "rejected") throw stateResult.reason;
  if (credentialResult.status === "rejected") throw credentialResult.reason;
  const states = stateResult.value;
  const credentials = credentialResult.value;
  const managed = states.flatMap((s) => s.managed);
  const pending = states.flatMap((s) => s.pending);
  const includeUnmanaged = options.includeUnmanaged === true;
  const { client, calls } = countingClient(credentials, options.client);
  const kinds = kindsToRead(managed, includeUnmanaged);
  for (const kind of kindsOfPendingCreates(pending)) kinds.add(kind);
  const live = await readLiveOrExplain(client, credentials, kinds);
  const interrupted = interruptedReport(matchPendingOperations({ pending, managed, live }));
  const { entries, summary } = classifyDrift({
    stacks,
    managed,
    live,
    includeUnmanaged,
    orphaned: interrupted.orphaned,
    pendingOperations: interrupted.pendingOperations.length,
  });
  return {
    schemaVersion: DRIFT_REPORT_VERSION,
    aigwVersion: VERSION,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    apiUrl: client.baseUrl,
    stacks,
    includeUnmanaged,
    drift: entries.length > 0 || interrupted.pendingOperations.length > 0,
    summary,
    apiCalls: calls(),
    entries,
    pendingOperations: interrupted.pendingOperations,
  };
}
