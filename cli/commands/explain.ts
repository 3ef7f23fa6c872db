import { resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { GatewayClient, NotFoundError } from "pulumi-ngrok-ai/client";
import { AigwError, formatDiagnostic, redact } from "pulumi-ngrok-ai/core";
import { resolveCredentials } from "pulumi-ngrok-ai/drift";
import { hasErrors, loadGateways } from "pulumi-ngrok-ai/gitops";
import type { GatewayModel } from "pulumi-ngrok-ai/gitops";
import {
  type AccountPlanInput,
  type PlanOptions,
  type RoutingPlan,
  PLAN_FORMATS,
  accountPlanInput,
  declaredPlanInput,
  findDeclaredAccessKey,
  planRequest,
} from "pulumi-ngrok-ai/routing";
import { CliUsageError } from "../errors";
import type { CliContext, CommandModule } from "../context";
import { runCommand } from "../run-command";
import { CATALOG_OPTION, readCatalog } from "./catalog";

/** Options of `aigw explain`, as parsed. */
export interface ExplainCommandOptions {
  readonly accessKey: string;
  readonly model: string;
  /** Fallback models, in order. */
  readonly models?: readonly string[] | undefined;
  readonly live?: boolean | undefined;
  readonly apiUrl?: string | undefined;
  readonly apiKey?: string | undefined;
  /** With --live: the stack whose `ngrok-ai:apiUrl` and `ngrok-ai:apiKey` to read. */
  readonly stack?: string | undefined;
  /** The Pulumi project directory of --stack. */
  readonly cwd?: string | undefined;
  readonly format: "text" | "json";
  /** The planner's no-configuration routing (the emulator option of the same name). */
  readonly unconfiguredRouting?: "provider-keys-then-managed" | "managed-only" | undefined;
  /** A catalog overlay (`aigw catalog pull`) applied to the package's catalog. */
  readonly catalog?: string | undefined;
}

/** The default file read when neither FILE nor --live is given. */
const DEFAULT_FILE = "gateway.yaml";

/**
 * An --access-key value as messages show it: a token-shaped value (someone passed the key's token
 * instead of its id or name) is redacted, never echoed, and the message says what to pass.
 */
function shownAccessKey(accessKeyRef: string): { readonly quoted: string; readonly hint: string } {
  const shown = redact(accessKeyRef);
  return {
    quoted: `"${shown}"`,
    hint:
      shown === accessKeyRef
        ? ""
        : "; the value looks like an access key token, which is never shown or matched: pass the key's id (aigk_…) or name",
  };
}

/**
 * The planner input for an access key declared in a gateway.yaml (by logical name, API name or
 * adopted id), by logical names: see `declaredPlanInput`.
 */
export function declaredAccountInput(model: GatewayModel, accessKeyRef: string): AccountPlanInput {
  const accessKey = findDeclaredAccessKey(model, accessKeyRef);
  if (accessKey === undefined) {
    const known = [...model.accessKeys.keys()].join(", ");
    const { quoted, hint } = shownAccessKey(accessKeyRef);
    throw new CliUsageError(
      `${model.files.join(", ")} declares no access key ${quoted}` +
        (known === "" ? "" : ` (declared: ${known})`) +
        hint,
    );
  }
  return declaredPlanInput(model, accessKey);
}

/**
 * The planner input for an access key of the live account (by id, or by name when the name is
 * unique), read through the management API. Provider keys are listed newest first; the planner
 * gets them oldest first, their creation order.
 */
export async function liveAccountInput(
  client: GatewayClient,
  accessKeyRef: string,
): Promise<AccountPlanInput> {
  let accessKey;
  try {
    accessKey = accessKeyRef.startsWith("aigk_")
      ? await client.accessKeys.get(accessKeyRef)
      : undefined;
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  if (accessKey === undefined) {
    const named = (await client.accessKeys.listAll()).filter((k) => k.name === accessKeyRef);
    if (named.length > 1) {
      throw new CliUsageError(
        `${named.length} access keys are named ${shownAccessKey(accessKeyRef).quoted} (${named.map((k) => k.id).join(", ")}); pass an id`,
      );
    }
    accessKey = named[0];
  }
  if (accessKey === undefined) {
    const { quoted, hint } = shownAccessKey(accessKeyRef);
    throw new CliUsageError(`the account has no access key with id or name ${quoted}${hint}`);
  }
  const configurationId = accessKey.accessKeyConfiguration?.id;
  const [configuration, providerKeys, providers] = await Promise.all([
    configurationId === undefined
      ? Promise.resolve(undefined)
      : client.accessKeyConfigurations.get(configurationId),
    client.providerKeys.listAll(),
    client.providers.listAll(),
  ]);
  return accountPlanInput({
    accessKey,
    configuration,
    providerKeys: [...providerKeys].reverse(),
    customProviders: providers,
  });
}

/**
 * The management API client of --live, with the URL and key `drift` and `export` would use:
 * the flags, else the --stack's `ngrok-ai:apiUrl` and `ngrok-ai:apiKey`, else the environment.
 */
async function liveClient(options: ExplainCommandOptions, ctx: CliContext): Promise<GatewayClient> {
  let credentials;
  try {
    credentials = await resolveCredentials({
      apiUrl: options.apiUrl,
      apiKey: options.apiKey,
      env: ctx.env,
      ...(options.stack !== undefined
        ? { stack: { name: options.stack, cwd: resolve(ctx.cwd, options.cwd ?? ".") } }
        : {}),
    });
  } catch (err) {
    if (err instanceof AigwError) throw new CliUsageError(err.message);
    throw err;
  }
  return new GatewayClient({
    baseUrl: credentials.apiUrl,
    apiKey: credentials.apiKey,
    maxRetries: 1,
  });
}

/** Reads the account (file or live) and plans the request, as the gateway would. */
export async function explainRequest(
  options: ExplainCommandOptions,
  file: string | readonly string[] | undefined,
  ctx: CliContext,
): Promise<RoutingPlan> {
  const files = file === undefined ? [] : typeof file === "string" ? [file] : file;
  const catalog = readCatalog(options.catalog, ctx);
  let account: AccountPlanInput;
  if (options.live === true) {
    if (files.length > 0) throw new CliUsageError("give either FILE or --live, not both");
    const client = await liveClient(options, ctx);
    try {
      account = await liveAccountInput(client, options.accessKey);
    } catch (err) {
      if (err instanceof AigwError) {
        throw new CliUsageError(`cannot read the live account: ${err.message}`);
      }
      throw err;
    }
  } else {
    if (options.stack !== undefined || options.cwd !== undefined) {
      throw new CliUsageError("--stack and --cwd go with --live");
    }
    const specs = files.length === 0 ? [DEFAULT_FILE] : files;
    const declaration = loadGateways(specs, { cwd: ctx.cwd, catalog });
    if (hasErrors(declaration.diagnostics)) {
      const errors = declaration.diagnostics
        .filter((d) => d.severity === "error")
        .map(formatDiagnostic);
      throw new CliUsageError(`${specs.join(", ")} has errors:\n${errors.join("\n")}`);
    }
    account = declaredAccountInput(declaration.model, options.accessKey);
  }
  const planOptions: PlanOptions =
    options.unconfiguredRouting === undefined
      ? {}
      : { noConfigurationRouting: options.unconfiguredRouting };
  return planRequest(
    { ...account, model: options.model, models: options.models ?? [], catalog },
    planOptions,
  );
}

function parseModels(value: string): string[] {
  const models = value
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m !== "");
  if (models.length === 0) throw new InvalidArgumentError("list at least one model");
  return models;
}

/**
 * Registers `aigw explain --access-key NAME|ID --model MODEL [--models M2,M3] [FILE | --live]`:
 * prints the routing plan of that request — whether it is allowed and which scope entry decides,
 * then each attempt in failover order. Exit 0 when the gateway would accept the request, 1 when
 * it would reject it before routing, 2 when the input cannot be read (usage errors included):
 * `EXIT_CODES.explain`.
 */
export const registerExplain: CommandModule = (program, ctx) => {
  program
    .command("explain")
    .description(
      "print how the gateway would route a request: allowed or rejected (and by which scope entry), then each attempt in failover order: exit 0 accepted, 1 rejected, 2 usage error",
    )
    .argument(
      "[files...]",
      `gateway.yaml to read, by logical names: files, directories (every *.yaml and *.yml in it but Pulumi.*, policy.yaml and dotfiles) or globs, merged into one gateway (default ./${DEFAULT_FILE})`,
    )
    .requiredOption("--access-key <name|id>", "the access key the request authenticates with")
    .requiredOption("--model <model>", "the request's model (provider:model or a catalog name)")
    .option("--models <list>", "fallback models, comma-separated, in order", parseModels)
    .option("--live", "read the live account through the management API instead of a file")
    .option(
      "--api-url <url>",
      "management API URL for --live (default: the --stack's ngrok-ai:apiUrl, else $NGROK_AI_API_URL)",
    )
    .option(
      "--api-key <key>",
      "management API key for --live (default: the --stack's ngrok-ai:apiKey, else $NGROK_AI_API_KEY)",
    )
    .option(
      "--stack <name>",
      "with --live: read ngrok-ai:apiUrl and ngrok-ai:apiKey from this stack's config",
    )
    .option(
      "--cwd <dir>",
      "the Pulumi project directory of --stack (default: the current directory)",
    )
    .addOption(
      new Option("--format <format>", "output format").choices(PLAN_FORMATS.names).default("text"),
    )
    .addOption(
      new Option(
        "--unconfigured-routing <mode>",
        "routing of an access key without configuration, as the gateway is set up (default provider-keys-then-managed)",
      ).choices(["provider-keys-then-managed", "managed-only"]),
    )
    .option(...CATALOG_OPTION)
    .action(async (files: string[], options: ExplainCommandOptions) => {
      await runCommand("explain", ctx, async () => {
        const plan = await explainRequest(options, files, ctx);
        ctx.stdout.write(PLAN_FORMATS.get(options.format)(plan));
        return plan.outcome;
      });
    });
};
