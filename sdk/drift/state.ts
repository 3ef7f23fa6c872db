// Reads what a stack recorded: `pulumi stack export` (never with --show-secrets: drift needs no
// secret, provider keys are compared by their redaction) and the stack's API settings. The pulumi
// CLI is run as a child process with the caller's environment, so its backend, passphrase and
// PATH are the user's own (the config reads add Go's collector settings; see configReadEnv).
import { spawn } from "node:child_process";
import { totalmem } from "node:os";
import { KIND_OF_TYPE, logicalNameOf } from "../core/resource-types";
import { DriftError } from "./errors";
import type { DriftObjectKind } from "./report";

export { KIND_OF_TYPE, TYPE_TOKENS, isSecretValue, logicalNameOf } from "../core/resource-types";

/** One of our resources as a stack recorded it. */
export interface ManagedObject {
  /** The stack whose state holds it. */
  readonly stack: string;
  readonly urn: string;
  /** The resource name: the last URN segment, the gateway.yaml logical name. */
  readonly logicalName: string;
  /** The team that owns it: the `owners` output of the stack (its file's `owner:`), if any. */
  readonly owner?: string;
  readonly kind: DriftObjectKind;
  readonly type: string;
  /** The API id. */
  readonly id: string;
  /** The recorded outputs; secret ones stay encrypted envelopes (see {@link isSecretValue}). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /**
   * True for a resource the engine still has to delete (a replacement's old half): it counts as
   * managed (never "unmanaged") but is not compared.
   */
  readonly pendingDelete: boolean;
}

/** What running `pulumi` gave back. */
export interface PulumiResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the pulumi CLI; injectable so tests and embedders can supply their own. */
export type PulumiRunner = (
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
) => Promise<PulumiResult>;

/**
 * The environment of a pulumi process that reads the stack's config: `env`, and unless `env` sets
 * `GOGC` or `GOMEMLIMIT` itself, Go's collector off until the heap reaches a quarter of the
 * machine's memory (`GOGC=off`, `GOMEMLIMIT`). Such a process reads a small document and exits;
 * with the default collector about 40% of its CPU goes to collecting during start-up, while drift
 * runs it beside `pulumi stack export` on the same cores. The export keeps the default: its heap
 * grows with the state, and at 10,000 resources the collector running beside it on another core
 * makes it finish sooner than no collection does.
 */
export function configReadEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.GOGC !== undefined || env.GOMEMLIMIT !== undefined) return env;
  const quarter = Math.floor(totalmem() / 4 / 2 ** 20);
  return { ...env, GOGC: "off", GOMEMLIMIT: `${quarter}MiB` };
}

/**
 * Runs `pulumi <args> --non-interactive` from the PATH of `env`. Throws `AIGW_PULUMI_NOT_FOUND`
 * when there is no such executable; a non-zero exit is returned, not thrown.
 */
export const runPulumi: PulumiRunner = (args, options) =>
  new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, "--non-interactive"], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        reject(
          new DriftError(
            "AIGW_PULUMI_NOT_FOUND",
            "The pulumi CLI was not found on PATH (drift reads the stack with `pulumi stack export`). " +
              "Install Pulumi >= 3.248, or run `npm run engine` and put the directory it prints on PATH.",
            { cause: error },
          ),
        );
      } else {
        reject(
          new DriftError("AIGW_STACK_READ", `Could not run pulumi: ${error.message}`, {
            cause: error,
          }),
        );
      }
    });
    child.on("close", (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });

/** The useful part of pulumi's stderr for a message: its error lines, at most a few. */
export function pulumiSaid(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const errors = lines.filter((l) => /^error:/i.test(l));
  const chosen = (errors.length > 0 ? errors : lines).slice(0, 4).join(" ");
  return chosen === "" ? "(no message)" : chosen;
}

interface ExportedResource {
  urn?: unknown;
  id?: unknown;
  type?: unknown;
  custom?: unknown;
  delete?: unknown;
  inputs?: unknown;
  outputs?: unknown;
  provider?: unknown;
}

/**
 * Parses the text of `pulumi stack export --stack <stack>` and checks that it is a deployment
 * document. Throws `AIGW_STACK_STATE` when the text is not such a document.
 */
export function parseStackDocument(text: string, stack: string): StackDocument {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new DriftError(
      "AIGW_STACK_STATE",
      `pulumi stack export --stack ${stack} did not print JSON; is this the Pulumi CLI?`,
      { cause: err },
    );
  }
  const deployment = (document as { deployment?: { resources?: unknown } } | null)?.deployment;
  if (deployment === undefined || deployment === null || typeof deployment !== "object") {
    throw new DriftError(
      "AIGW_STACK_STATE",
      `The export of stack ${stack} has no deployment: it is not a stack state this tool understands.`,
    );
  }
  const resources = deployment.resources ?? [];
  if (!Array.isArray(resources)) {
    throw new DriftError("AIGW_STACK_STATE", `The export of stack ${stack} has no resource list.`);
  }
  return document as StackDocument;
}

/** A `pulumi stack export` document, as far as drift reads it (everything else is kept as is). */
export interface StackDocument {
  readonly version?: unknown;
  readonly deployment: {
    readonly resources?: readonly unknown[];
    readonly pending_operations?: unknown;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** Our resources in a parsed stack document, by type token. */
export function managedObjectsOf(document: StackDocument, stack: string): ManagedObject[] {
  const managed: ManagedObject[] = [];
  const resources = (document.deployment.resources ?? []) as ExportedResource[];
  const owners = stackOwners(resources);
  for (const resource of resources) {
    if (typeof resource.type !== "string") continue;
    const kind = KIND_OF_TYPE.get(resource.type);
    if (kind === undefined) continue;
    if (typeof resource.urn !== "string" || typeof resource.id !== "string" || resource.id === "") {
      continue;
    }
    const outputs =
      resource.outputs !== null && typeof resource.outputs === "object"
        ? (resource.outputs as Record<string, unknown>)
        : {};
    const logicalName = logicalNameOf(resource.urn);
    const owner = owners.get(logicalName);
    managed.push({
      stack,
      urn: resource.urn,
      logicalName,
      ...(owner !== undefined ? { owner } : {}),
      kind,
      type: resource.type,
      id: resource.id,
      outputs,
      pendingDelete: resource.delete === true,
    });
  }
  return managed;
}

/** What a stack's state recorded of the config its ngrok.ai resources were last applied with. */
export interface RecordedProviderConfig {
  /** `ngrok-ai:apiUrl`; absent when the update had none (the resources then read the environment). */
  readonly apiUrl?: string;
}

/** The config key of the API URL, as the resources read it. */
const API_URL_KEY = "ngrok-ai:apiUrl";

/**
 * The config recorded by the provider of the stack's ngrok.ai resources: the inputs of the
 * `pulumi-nodejs` provider they name (`provider` is its URN and id), which are the stack config of
 * the last update that ran them and what `pulumi refresh`, which does not run the program,
 * configures them with. Undefined when no resource of ours names a provider the state holds, when
 * they name providers that recorded different URLs, or when the URL is not plain text (a secret).
 */
export function recordedProviderConfigOf(
  document: StackDocument,
): RecordedProviderConfig | undefined {
  const resources = (document.deployment.resources ?? []) as ExportedResource[];
  const providers = new Map<string, ExportedResource>();
  const used = new Set<string>();
  for (const resource of resources) {
    if (typeof resource.type !== "string") continue;
    if (resource.type.startsWith("pulumi:providers:")) {
      if (typeof resource.urn === "string" && typeof resource.id === "string") {
        providers.set(`${resource.urn}::${resource.id}`, resource);
      }
    } else if (
      KIND_OF_TYPE.has(resource.type) &&
      resource.delete !== true &&
      typeof resource.provider === "string"
    ) {
      used.add(resource.provider);
    }
  }
  const urls = new Set<string | undefined>();
  for (const reference of used) {
    const provider = providers.get(reference);
    if (provider === undefined) return undefined;
    const inputs =
      provider.inputs !== null && typeof provider.inputs === "object"
        ? (provider.inputs as Record<string, unknown>)
        : {};
    const url = inputs[API_URL_KEY];
    if (url !== undefined && typeof url !== "string") return undefined;
    // An empty URL is no URL to the resources either.
    urls.add(url === "" ? undefined : url);
  }
  if (urls.size !== 1) return undefined;
  const [url] = urls;
  return url !== undefined ? { apiUrl: url } : {};
}

/**
 * Picks our resources out of a `pulumi stack export` document (deployment version 3), by type
 * token. Throws `AIGW_STACK_STATE` when the text is not such a document.
 */
export function parseStackExport(text: string, stack: string): ManagedObject[] {
  return managedObjectsOf(parseStackDocument(text, stack), stack);
}

/** Where to run pulumi and how. */
export interface StackAccess {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly runner?: PulumiRunner;
}

/** Reads the resources a stack manages (`pulumi stack export --stack NAME`, secrets encrypted). */
export async function readStackState(stack: string, access: StackAccess): Promise<ManagedObject[]> {
  return parseStackExport(await exportStack(stack, access), stack);
}

/**
 * The text of `pulumi stack export --stack NAME` (secrets encrypted). Throws `AIGW_STACK_READ`
 * naming what to check when pulumi fails.
 */
export async function exportStack(stack: string, access: StackAccess): Promise<string> {
  const run = access.runner ?? runPulumi;
  const result = await run(["stack", "export", "--stack", stack], {
    cwd: access.cwd,
    env: access.env,
  });
  if (result.code !== 0) {
    throw new DriftError(
      "AIGW_STACK_READ",
      `Could not read stack ${stack} (pulumi stack export exited ${result.code}): ${pulumiSaid(result.stderr)} ` +
        `Check the stack name (pulumi stack ls), --cwd (the directory holding Pulumi.yaml, now ${access.cwd}) ` +
        "and that you are logged in to the stack's backend.",
    );
  }
  return result.stdout;
}

/** The stack's API settings that can be read without decrypting anything. */
export interface StackApiConfig {
  /** `ngrok-ai:apiUrl`, when set. */
  readonly apiUrl?: string;
}

/**
 * Reads `ngrok-ai:apiUrl` from the current config (`pulumi config --json`, which decrypts
 * nothing); none when the config cannot be read.
 */
export async function readStackApiConfig(
  stack: string,
  access: StackAccess,
): Promise<StackApiConfig> {
  const run = access.runner ?? runPulumi;
  const result = await run(["config", "--json", "--stack", stack], {
    cwd: access.cwd,
    env: configReadEnv(access.env),
  });
  if (result.code !== 0) return {};
  let config: Record<string, { value?: unknown; secret?: unknown }>;
  try {
    config = JSON.parse(result.stdout) as typeof config;
  } catch {
    return {};
  }
  const url = config["ngrok-ai:apiUrl"]?.value;
  return typeof url === "string" && url !== "" ? { apiUrl: url } : {};
}

/**
 * Reads the stack's `ngrok-ai:apiKey` (`pulumi config get`, which decrypts it). The value is
 * returned to the caller only; it is never part of an error. Undefined when it cannot be read.
 */
export async function readStackApiKey(
  stack: string,
  access: StackAccess,
): Promise<string | undefined> {
  const run = access.runner ?? runPulumi;
  const result = await run(["config", "get", "ngrok-ai:apiKey", "--stack", stack], {
    cwd: access.cwd,
    env: configReadEnv(access.env),
  });
  const key = result.stdout.trim();
  return result.code === 0 && key !== "" ? key : undefined;
}

/** The `owners` output of the stack resource (resource name → team), as the program wrote it. */
function stackOwners(resources: readonly ExportedResource[]): Map<string, string> {
  const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  const outputs = stack?.outputs as { owners?: unknown } | undefined;
  const owners = outputs?.owners;
  const map = new Map<string, string>();
  if (owners === null || typeof owners !== "object") return map;
  for (const [name, owner] of Object.entries(owners as Record<string, unknown>)) {
    if (typeof owner === "string") map.set(name, owner);
  }
  return map;
}
