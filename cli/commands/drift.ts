import { resolve } from "node:path";
import { type CommanderError, Option } from "commander";
import {
  DRIFT_REPORT_FORMATS,
  type DriftFormat,
  detectDrift,
  type DriftClientOptions,
} from "pulumi-ngrok-ai/drift";
import { redact } from "pulumi-ngrok-ai/core";
import { CliUsageError } from "../errors";
import { EXIT_CODES, type Outcome, isHelpOrVersion } from "../exit-codes";
import type { CliContext, CommandModule } from "../context";
import { apiKeysOf, runCommand } from "../run-command";

/** Options of `aigw drift`, as parsed. */
export interface DriftCommandOptions {
  readonly stack?: readonly string[] | undefined;
  readonly cwd?: string | undefined;
  readonly format: DriftFormat;
  readonly includeUnmanaged?: boolean | undefined;
  readonly apiUrl?: string | undefined;
  readonly apiKey?: string | undefined;
}

/**
 * Exit codes of `aigw drift` (its row of `EXIT_CODES`); 2 is reserved for drift, so usage errors
 * exit 1 here.
 */
export const DRIFT_EXIT = EXIT_CODES.drift;

/**
 * Runs drift detection and prints the report; sets the exit code: 0 no drift, 2 drift, 1 error.
 * Every message and the report pass through the SDK's `redact` with the API keys given, in case
 * a lower layer ever echoes one. Exposed for tests and embedders, which may tune the API client.
 */
export async function runDrift(
  options: DriftCommandOptions,
  ctx: CliContext,
  client?: DriftClientOptions,
): Promise<void> {
  await runCommand("drift", ctx, () => checkDrift(options, ctx, client), {
    secrets: apiKeysOf(options, ctx),
    otherwise: "error",
  });
}

/** Checks the stacks and prints the report; every error is left to `runCommand`. */
async function checkDrift(
  options: DriftCommandOptions,
  ctx: CliContext,
  client: DriftClientOptions | undefined,
): Promise<Outcome<"drift">> {
  const stacks = options.stack ?? [];
  if (stacks.length === 0) {
    throw new CliUsageError(
      "name the stack to check with --stack NAME (repeat it to check several).",
    );
  }
  const report = await detectDrift({
    stacks,
    cwd: resolve(ctx.cwd, options.cwd ?? "."),
    env: ctx.env,
    includeUnmanaged: options.includeUnmanaged === true,
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    ...(client !== undefined ? { client } : {}),
  });
  // The report lists the account's own names: only the known secrets are removed from it.
  const text = DRIFT_REPORT_FORMATS.get(options.format)(report);
  ctx.stdout.write(redact(text, apiKeysOf(options, ctx), { shapes: false }));
  return report.drift ? "drift" : "clean";
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Registers `aigw drift --stack NAME [--cwd DIR] [--format text|json|markdown]
 * [--include-unmanaged] [--api-url URL] [--api-key KEY]`.
 */
export const registerDrift: CommandModule = (program, ctx) => {
  program
    .command("drift")
    .description(
      "compare what a Pulumi stack recorded with the live ngrok.ai API, property by property: " +
        "exit 0 no drift, 2 drift, 1 error",
    )
    .option("--stack <name>", "the stack to check (repeat for several)", collect)
    .option("--cwd <dir>", "the Pulumi project directory (default: the current directory)")
    .addOption(
      new Option("--format <format>", "output format")
        .choices(DRIFT_REPORT_FORMATS.names)
        .default("text"),
    )
    .option("--include-unmanaged", "also list live objects that none of the stacks manages")
    .option(
      "--api-url <url>",
      "API base URL (default: stack config ngrok-ai:apiUrl, $NGROK_AI_API_URL)",
    )
    .option("--api-key <key>", "API key (default: stack config ngrok-ai:apiKey, $NGROK_AI_API_KEY)")
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      // The message is printed once, by the CLI's error handler (see exitOverride below).
      outputError: () => undefined,
    })
    .exitOverride((err: CommanderError) => {
      // Exit code 2 means drift, so a usage error must not produce it: rethrow help and version
      // as they are (exit 0) and anything else as drift's usage error (exit 1).
      if (isHelpOrVersion(err.code)) throw err;
      throw new CliUsageError(`drift: ${err.message}`, "drift");
    })
    .action(async (options: DriftCommandOptions) => {
      await runDrift(options, ctx);
    });
};
