import { resolve } from "node:path";
import {
  ALL_KINDS,
  countingClient,
  exportGateway,
  readLiveOrExplain,
  resolveCredentials,
  schemaRefFor,
  type DriftClientOptions,
} from "pulumi-ngrok-ai/drift";
import {
  AigwError,
  checkFilePath,
  formatDiagnostic,
  redact,
  writeTextFile,
} from "pulumi-ngrok-ai/core";
import { CliUsageError } from "../errors";
import type { Outcome } from "../exit-codes";
import type { CliContext, CommandModule } from "../context";
import { outputTarget } from "../output-file";
import { apiKeysOf, runCommand } from "../run-command";

/** Options of `aigw export`, as parsed. */
export interface ExportCommandOptions {
  readonly output?: string | undefined;
  readonly apiUrl?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly stack?: string | undefined;
  readonly cwd?: string | undefined;
}

/**
 * Reads the live account and writes it as a gateway.yaml (to `--output`, else stdout), then lists
 * on stderr the stack secrets to set before applying it. Exit 0, or 1 with a message; every
 * message passes through the SDK's `redact` with the API keys given. Exposed for tests, which may
 * tune the API client.
 */
export async function runExport(
  options: ExportCommandOptions,
  ctx: CliContext,
  client?: DriftClientOptions,
): Promise<void> {
  await runCommand("export", ctx, () => exportAccount(options, ctx, client), {
    secrets: apiKeysOf(options, ctx),
    otherwise: "error",
  });
}

/** Exports the account and prints what to do next; every error is left to `runCommand`. */
async function exportAccount(
  options: ExportCommandOptions,
  ctx: CliContext,
  client: DriftClientOptions | undefined,
): Promise<Outcome<"export">> {
  // Warnings and diagnostics name the account's objects: only the known secrets are removed.
  const scrub = (text: string): string => redact(text, apiKeysOf(options, ctx), { shapes: false });
  const output = options.output !== undefined ? resolve(ctx.cwd, options.output) : undefined;
  const target = outputTarget(options.output ?? "", "gateway.yaml");
  // A path that cannot take the file fails before the account is read, and nothing is created
  // until it has been (the directories the path lacks are made with the file).
  if (output !== undefined) checkFilePath(output, target);
  const credentials = await resolveCredentials({
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    env: ctx.env,
    ...(options.stack !== undefined
      ? { stack: { name: options.stack, cwd: resolve(ctx.cwd, options.cwd ?? ".") } }
      : {}),
  }).catch((err: unknown) => {
    // An API URL that is no URL is a usage error, as a bad option is.
    if (err instanceof AigwError && err.code === "AIGW_INVALID_OPTIONS") {
      throw new CliUsageError(err.message);
    }
    throw err;
  });
  const { client: api } = countingClient(credentials, client);
  const live = await readLiveOrExplain(api, credentials, ALL_KINDS);
  const result = exportGateway(live, {
    schemaRef: schemaRefFor(output),
    apiUrl: api.baseUrl,
    generatedAt: new Date().toISOString(),
    file: output ?? "gateway.yaml",
  });
  if (output !== undefined) {
    // A path that cannot be written fails the export (exit 1), as a failed read of the account does.
    writeTextFile(output, result.text, target);
  } else {
    ctx.stdout.write(result.text);
  }
  const c = result.counts;
  ctx.stderr.write(
    `aigw export: ${c.providers} custom provider(s), ${c.providerKeys} provider key(s), ` +
      `${c.accessKeyConfigurations} access key configuration(s), ${c.accessKeys} access key(s)` +
      `${output !== undefined ? ` written to ${output}` : ""}.\n`,
  );
  for (const warning of result.warnings) ctx.stderr.write(`warning: ${scrub(warning)}\n`);
  for (const diagnostic of result.diagnostics) {
    ctx.stderr.write(`${scrub(formatDiagnostic(diagnostic))}\n`);
  }
  if (result.secrets.length > 0) {
    ctx.stderr.write("Before applying it, set each provider key's value as a stack secret:\n");
    for (const s of result.secrets) {
      ctx.stderr.write(
        `  pulumi config set --secret ${s.secretKey} <value>   # ${s.providerId} key ${s.logicalName}, live ${s.keyRedacted}\n`,
      );
    }
  }
  return "written";
}

/** Registers `aigw export [--output FILE] [--api-url URL] [--api-key KEY] [--stack NAME] [--cwd DIR]`. */
export const registerExport: CommandModule = (program, ctx) => {
  program
    .command("export")
    .description(
      "write the live ngrok.ai account as a gateway.yaml that adopts every object and applies with no changes",
    )
    .option("--output <file>", "write the file here (default: stdout)")
    .option(
      "--api-url <url>",
      "API base URL (default: the --stack's ngrok-ai:apiUrl, else $NGROK_AI_API_URL)",
    )
    .option(
      "--api-key <key>",
      "API key (default: the --stack's ngrok-ai:apiKey, else $NGROK_AI_API_KEY)",
    )
    .option("--stack <name>", "read ngrok-ai:apiUrl and ngrok-ai:apiKey from this stack's config")
    .option(
      "--cwd <dir>",
      "the Pulumi project directory of --stack (default: the current directory)",
    )
    .action(async (options: ExportCommandOptions) => {
      await runExport(options, ctx);
    });
};
