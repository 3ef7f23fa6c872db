import { resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import {
  type DriftClientOptions,
  type PendingDecision,
  formatRecoveryPlan,
  formatRecoveryResult,
  planRecovery,
} from "pulumi-ngrok-ai/drift";
import { AigwError, redact } from "pulumi-ngrok-ai/core";
import { CliUsageError } from "../errors";
import type { Outcome } from "../exit-codes";
import type { CliContext, CommandModule } from "../context";
import { apiKeysOf, runCommand } from "../run-command";

/** Options of `aigw recover`, as parsed. */
export interface RecoverCommandOptions {
  readonly stack?: string | undefined;
  readonly cwd?: string | undefined;
  readonly yes?: boolean | undefined;
  readonly match?: ReadonlyMap<string, PendingDecision> | undefined;
  readonly apiUrl?: string | undefined;
  readonly apiKey?: string | undefined;
}

/**
 * Parses one `--match <urn>=<id>` (or `<urn>=none`) into the decisions so far. The URN holds `::`
 * and may hold `=` in its name, so the id is what follows the last `=`.
 */
export function parseMatch(
  value: string,
  previous: ReadonlyMap<string, PendingDecision> | undefined,
): Map<string, PendingDecision> {
  const at = value.lastIndexOf("=");
  const urn = at < 0 ? "" : value.slice(0, at).trim();
  const id = at < 0 ? "" : value.slice(at + 1).trim();
  if (!urn.startsWith("urn:pulumi:") || id === "") {
    throw new InvalidArgumentError(
      "write it as <urn>=<id> (the URN of a pending create and the id of the object it made) or <urn>=none",
    );
  }
  const decisions = new Map(previous ?? []);
  decisions.set(urn, id === "none" ? null : id);
  return decisions;
}

/**
 * Plans the recovery of an interrupted update and, with `--yes`, carries it out; sets the exit
 * code: 0 done (or nothing to do, or the plan printed), 3 blocked until a person decides, 1 an
 * error, 2 a usage error. Every message and the output pass through the SDK's `redact` with the
 * API keys given. Exposed for tests and embedders, which may tune the API client.
 */
export async function runRecover(
  options: RecoverCommandOptions,
  ctx: CliContext,
  client?: DriftClientOptions,
): Promise<void> {
  await runCommand("recover", ctx, () => recoverStack(options, ctx, client), {
    secrets: apiKeysOf(options, ctx),
    otherwise: "error",
  });
}

async function recoverStack(
  options: RecoverCommandOptions,
  ctx: CliContext,
  client: DriftClientOptions | undefined,
): Promise<Outcome<"recover">> {
  const stack = options.stack;
  if (stack === undefined || stack === "") {
    throw new CliUsageError("name the stack to recover with --stack NAME.");
  }
  const print = (text: string): void => {
    ctx.stdout.write(redact(text, apiKeysOf(options, ctx), { shapes: false }));
  };
  const recovery = await planRecovery({
    stack,
    cwd: resolve(ctx.cwd, options.cwd ?? "."),
    env: ctx.env,
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    ...(options.match !== undefined ? { decisions: options.match } : {}),
    ...(client !== undefined ? { client } : {}),
  }).catch((err: unknown) => {
    // A --match that names no pending create, or an id the account does not hold, is a usage error.
    // So is an API URL that is no URL.
    if (
      err instanceof AigwError &&
      (err.code === "AIGW_RECOVER_MATCH" || err.code === "AIGW_INVALID_OPTIONS")
    ) {
      throw new CliUsageError(err.message);
    }
    throw err;
  });
  const { plan } = recovery;
  const applying = options.yes === true && !plan.nothingToDo && plan.blockers.length === 0;
  print(formatRecoveryPlan(plan, applying));
  if (plan.blockers.length > 0) return "blocked";
  if (!applying) return "done";
  print(formatRecoveryResult(plan, await recovery.apply()));
  return "done";
}

/**
 * Registers `aigw recover --stack NAME [--cwd DIR] [--yes] [--match URN=ID|none]...
 * [--api-url URL] [--api-key KEY]`.
 */
export const registerRecover: CommandModule = (program, ctx) => {
  program
    .command("recover")
    .description(
      "after an interrupted `pulumi up`: adopt what its pending creates made, delete access keys whose " +
        "token is lost, clear the rest; prints the plan, --yes carries it out " +
        "(exit 0 done, 3 a person must decide, 1 error)",
    )
    .option("--stack <name>", "the stack to recover")
    .option("--cwd <dir>", "the Pulumi project directory (default: the current directory)")
    .option("--yes", "carry the plan out (without it, nothing is changed)")
    .option(
      "--match <urn=id>",
      "the object a pending create made, when several match (repeat; <urn>=none: it made nothing)",
      parseMatch,
    )
    .option(
      "--api-url <url>",
      "API base URL (default: stack config ngrok-ai:apiUrl, $NGROK_AI_API_URL)",
    )
    .option("--api-key <key>", "API key (default: stack config ngrok-ai:apiKey, $NGROK_AI_API_KEY)")
    .action(async (options: RecoverCommandOptions) => {
      await runRecover(options, ctx);
    });
};
