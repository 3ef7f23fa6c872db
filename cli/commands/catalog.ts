import * as path from "node:path";
import {
  BUILTIN_CATALOG,
  CATALOG_SCHEMA_ID,
  type LeftOutEntry,
  type ModelCatalog,
  loadCatalogFile,
  overlayFromModelList,
} from "pulumi-ngrok-ai/catalog";
import { AigwError, redactUrl } from "pulumi-ngrok-ai/core";
import { CliUsageError } from "../errors";
import type { Outcome } from "../exit-codes";
import type { CliContext, CommandModule } from "../context";
import { checkOutputFile, outputTarget, writeOutputFile } from "../output-file";
import { runCommand } from "../run-command";

/** The data plane ngrok.ai serves, where `--gateway-url` points by default. */
export const DEFAULT_GATEWAY_URL = "https://gateway.ngrok.ai";

/** Where `aigw catalog pull` writes by default. */
export const DEFAULT_CATALOG_OUTPUT = "aigw-catalog.json";

/** Options of `aigw catalog pull`, as parsed. */
export interface CatalogPullOptions {
  readonly accessKey?: string | undefined;
  readonly gatewayUrl?: string | undefined;
  readonly output?: string | undefined;
  readonly includeProvider: readonly string[];
}

/**
 * The catalog of `--catalog PATH` (the package's with that file applied), or the package's when
 * no path is given; shared by lint, review, explain and the emulator.
 * @throws CliUsageError when the file cannot be read or is not a catalog or overlay.
 */
export function readCatalog(file: string | undefined, ctx: CliContext): ModelCatalog {
  if (file === undefined) return BUILTIN_CATALOG;
  try {
    return loadCatalogFile(path.resolve(ctx.cwd, file), file);
  } catch (err) {
    if (err instanceof AigwError) throw new CliUsageError(err.message);
    throw err;
  }
}

/** The `--catalog PATH` option of lint, review, explain and the emulator. */
export const CATALOG_OPTION = [
  "--catalog <path>",
  "a catalog overlay (aigw catalog pull) applied to the package's model catalog",
] as const;

/** `YYYY-MM-DD` of today: `AIGW_TODAY` when set (reproducible runs), else the UTC day. */
function today(ctx: CliContext): string {
  const pinned = ctx.env.AIGW_TODAY;
  return pinned !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(pinned)
    ? pinned
    : new Date().toISOString().slice(0, 10);
}

/** How many left-out entries pull lists; it counts the rest (a huge answer would flood). */
const LEFT_OUT_LISTED = 10;

/**
 * The model list of the gateway at `gatewayUrl`: `<URL>/v1/models`, the URL's path kept (a
 * gateway behind a prefix), a trailing `/` not doubled, and `/models` only when the path already
 * ends in `/v1`.
 * @throws CliUsageError when `gatewayUrl` is not a URL.
 */
export function modelListUrl(gatewayUrl: string): URL {
  let url: URL;
  try {
    url = new URL(gatewayUrl);
  } catch {
    throw new CliUsageError(
      `--gateway-url ${redactUrl(gatewayUrl)} is not a URL; give the gateway's base URL, such as ${DEFAULT_GATEWAY_URL}`,
    );
  }
  const base = url.pathname.replace(/\/+$/, "");
  url.pathname = base.endsWith("/v1") ? `${base}/models` : `${base}/v1/models`;
  url.hash = "";
  return url;
}

/** Reads `GET /v1/models` of the gateway with the access key; never prints the key. */
async function fetchModelList(gatewayUrl: string, accessKey: string): Promise<unknown> {
  const url = modelListUrl(gatewayUrl);
  const shown = `GET ${redactUrl(url.href)}`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${accessKey}`, accept: "application/json" },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    // fetch wraps the reason: a code (ECONNREFUSED), else its message ("bad port"), else a timeout.
    const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why =
      typeof cause?.code === "string"
        ? cause.code
        : typeof cause?.message === "string"
          ? cause.message
          : ((err as { name?: string }).name ?? "error");
    throw new AigwError(
      "AIGW_NETWORK",
      `${shown} failed (${why}); check --gateway-url and the network`,
    );
  }
  const text = await res.text();
  if (res.status === 401 || res.status === 403) {
    throw new AigwError(
      "AIGW_AUTH",
      `${shown} answered ${res.status}: the gateway rejected the access key; check --access-key ($AIGW_ACCESS_KEY)`,
    );
  }
  if (res.status === 404) {
    throw new AigwError(
      "AIGW_NOT_FOUND",
      `${shown} answered 404: ${redactUrl(gatewayUrl)} has no /v1/models; check --gateway-url ($AIGW_GATEWAY_URL): the gateway's base URL, such as ${DEFAULT_GATEWAY_URL}, to which pull adds /v1/models`,
    );
  }
  if (res.status !== 200) {
    throw new AigwError("AIGW_API_ERROR", `${shown} answered ${res.status}; try again later`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AigwError(
      "AIGW_BAD_RESPONSE",
      `${shown} answered 200 with a body that is not JSON; check that --gateway-url points at an AI gateway`,
    );
  }
}

function listing(label: string, names: readonly string[]): string {
  if (names.length === 0) return `${label}: none\n`;
  return `${label} (${names.length}):\n${names.map((n) => `  ${n}\n`).join("")}`;
}

/** The entries pull left out, the first {@link LEFT_OUT_LISTED} with why; empty when none. */
function leftOutListing(leftOut: readonly LeftOutEntry[]): string {
  if (leftOut.length === 0) return "";
  const listed = leftOut
    .slice(0, LEFT_OUT_LISTED)
    .map((e) => `  data[${e.index}] ${e.entry}: ${e.reason}\n`)
    .join("");
  const more =
    leftOut.length > LEFT_OUT_LISTED ? `  … and ${leftOut.length - LEFT_OUT_LISTED} more\n` : "";
  return `left out ${leftOut.length} ${leftOut.length === 1 ? "entry" : "entries"} of the gateway's list that the catalog cannot hold (schema/catalog.schema.json); the others are in the overlay:\n${listed}${more}`;
}

/**
 * Pulls a gateway's model list and writes the overlay, printing what it added, changed and no
 * longer sees. Throws {@link CliUsageError} for a usage error; AigwError for the gateway's
 * failures (exit 1).
 */
export async function pullCatalog(
  options: CatalogPullOptions,
  ctx: CliContext,
): Promise<Outcome<"catalog">> {
  const accessKey = options.accessKey ?? ctx.env.AIGW_ACCESS_KEY;
  if (accessKey === undefined || accessKey === "") {
    throw new CliUsageError(
      "give the access key to list models with: --access-key <token> or $AIGW_ACCESS_KEY (an access key without configuration lists everything)",
    );
  }
  const gatewayUrl = options.gatewayUrl ?? ctx.env.AIGW_GATEWAY_URL ?? DEFAULT_GATEWAY_URL;
  const output = options.output ?? DEFAULT_CATALOG_OUTPUT;
  const target = outputTarget(output, DEFAULT_CATALOG_OUTPUT, options.output === undefined);
  checkOutputFile(output, ctx, target);
  const body = await fetchModelList(gatewayUrl, accessKey);
  const result = overlayFromModelList(body, BUILTIN_CATALOG, {
    date: today(ctx),
    source: { url: redactUrl(gatewayUrl), endpoint: "GET /v1/models" },
    includeProviders: options.includeProvider,
  });
  writeOutputFile(
    output,
    `${JSON.stringify({ $schema: CATALOG_SCHEMA_ID, ...result.overlay }, null, 2)}\n`,
    ctx,
    target,
  );
  ctx.stdout.write(`compared ${BUILTIN_CATALOG.describe()} with ${redactUrl(gatewayUrl)}\n`);
  ctx.stdout.write(listing("added", result.added));
  ctx.stdout.write(listing("changed", result.changed));
  ctx.stdout.write(listing("no longer listed", result.missing));
  ctx.stdout.write(leftOutListing(result.leftOut));
  for (const [provider, names] of result.skipped) {
    ctx.stdout.write(
      `skipped ${names.length} model(s) of "${provider}", which the catalog does not list (a custom provider of the account, or one newer than the catalog: pass --include-provider ${provider} to take them)\n`,
    );
  }
  ctx.stdout.write(
    `wrote ${output}: pass it to aigw lint, review and explain (--catalog ${output}), the emulator (--catalog ${output}) and the stack (pulumi config set aigw:catalog ${output})\n`,
  );
  return "written";
}

function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/**
 * Registers `aigw catalog pull --access-key <token> [--gateway-url URL] [--output PATH]
 * [--include-provider ID]...`: exit 0 once written, 1 when the gateway fails, 2 for a usage error
 * (`EXIT_CODES.catalog`).
 */
export const registerCatalog: CommandModule = (program, ctx) => {
  const catalog = program
    .command("catalog")
    .description("the model catalog: refresh it from a live gateway");
  catalog
    .command("pull")
    .description(
      "read a gateway's GET /v1/models and write a catalog overlay with the models the package's catalog lacks or describes otherwise",
    )
    .option(
      "--access-key <token>",
      "the access key to list models with (default $AIGW_ACCESS_KEY); its scope limits the list",
    )
    .option(
      "--gateway-url <url>",
      `the gateway's base URL, to which pull adds /v1/models (/models to one ending in /v1; default $AIGW_GATEWAY_URL, else ${DEFAULT_GATEWAY_URL})`,
    )
    .option("--output <path>", `the overlay file to write (default ${DEFAULT_CATALOG_OUTPUT})`)
    .option(
      "--include-provider <id>",
      "take the models of a provider the catalog lacks (repeatable)",
      collect,
      [],
    )
    .action(async (options: CatalogPullOptions) => {
      await runCommand("catalog", ctx, () => pullCatalog(options, ctx), {
        secrets: [options.accessKey, ctx.env.AIGW_ACCESS_KEY],
        otherwise: "error",
      });
    });
};
