import { resolve } from "node:path";
import { type CommanderError, Option } from "commander";
import {
  DRIFT_FORMATS,
  DRIFT_FORMATTERS,
  type DriftFormat,
  detectDrift,
  type DriftClientOptions,
} from "pulumi-ngrok-ai/dist/drift";
import type { CliContext, CommandModule } from "../program";

/** Options of `aigw drift`, as parsed. */
export interface DriftCommandOptions {
  readonly stack?: readonly string[] | undefined;
  readonly cwd?: string | undefined;
  readonly format: DriftFormat;
  readonly includeUnmanaged?: boolean | undefined;
  readonly apiUrl?: string | undefined;
  readonly apiKey?: string | undefined;
}

/** Exit codes of `aigw drift`; 2 is reserved for drift, so usage errors exit 1 here. */
export const DRIFT_EXIT = { clean: 0, error: 1, drift: 2 } as const;

/** Removes every known secret from a message, in case a lower layer ever echoes one. */
function scrub(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/**
 * Runs drift detection and prints the report; sets the exit code: 0 no drift, 2 drift, 1 error.
 * Exposed for tests and embedders, which may tune the API client.
 */
export async function runDrift(
  options: DriftCommandOptions,
  ctx: CliContext,
  client?: DriftClientOptions,
): Promise<void> {
  const stacks = options.stack ?? [];
  const secrets = [options.apiKey, ctx.env.NGROK_AI_API_KEY];
  if (stacks.length === 0) {
    ctx.stderr.write(
      "aigw drift: name the stack to check with --stack NAME (repeat it to check several).\n",
    );
    ctx.exitCode = DRIFT_EXIT.error;
    return;
  }
  try {
    const report = await detectDrift({
      stacks,
      cwd: resolve(ctx.cwd, options.cwd ?? "."),
      env: ctx.env,
      includeUnmanaged: options.includeUnmanaged === true,
      apiUrl: options.apiUrl,
      apiKey: options.apiKey,
      ...(client !== undefined ? { client } : {}),
    });
    ctx.stdout.write(scrub(DRIFT_FORMATTERS[options.format](report), secrets));
    ctx.exitCode = report.drift ? DRIFT_EXIT.drift : DRIFT_EXIT.clean;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.stderr.write(`aigw drift: ${scrub(message, secrets)}\n`);
    ctx.exitCode = DRIFT_EXIT.error;
  }
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Thrown for a usage error of `aigw drift`: not a commander error, so the CLI exits 1, not 2. */
class DriftUsageError extends Error {
  override name = "DriftUsageError";
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
      new Option("--format <format>", "output format").choices(DRIFT_FORMATS).default("text"),
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
      // as they are (exit 0) and anything else as a plain error (exit 1).
      if (["commander.helpDisplayed", "commander.help", "commander.version"].includes(err.code)) {
        throw err;
      }
      throw new DriftUsageError(`drift: ${err.message}`);
    })
    .action(async (options: DriftCommandOptions) => {
      await runDrift(options, ctx);
    });
};
