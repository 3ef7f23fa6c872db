import { resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import type * as EmulatorModule from "aigw-emulator";
import type { Emulator, EmulatorOptions } from "aigw-emulator";
import { REDACTED, redactUrl } from "pulumi-ngrok-ai/core";
import type { CliContext } from "../context";
import { runCommand } from "../run-command";
import { readCatalog } from "./catalog";

/** Options of `aigw emulator`, as parsed. */
export interface EmulatorCommandOptions {
  readonly port: number;
  readonly host: string;
  /** The SQLite file; the emulator's default (`.aigw/emulator.db`) when absent. */
  readonly db?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly verbose?: boolean | undefined;
  /** A catalog overlay (`aigw catalog pull`), or a whole catalog, for the data plane. */
  readonly catalog?: string | undefined;
  /** `--upstream`: the emulator's `upstreams`, base URL by provider id. */
  readonly upstream?: UpstreamMap | undefined;
  /** `--managed-upstream`: the emulator's `managedUpstreams`, base URL by provider id. */
  readonly managedUpstream?: UpstreamMap | undefined;
  readonly defaultUpstream?: EmulatorOptions["defaultUpstream"];
  readonly providerBaseUrlPolicy?: EmulatorOptions["providerBaseUrlPolicy"];
  /** `--validation-status`, as typed (a key of {@link VALIDATION_STATUSES}). */
  readonly validationStatus?: keyof typeof VALIDATION_STATUSES | undefined;
  readonly failoverOn?: EmulatorOptions["failoverOn"];
  /** `--unconfigured-routing`: the emulator's `noConfigurationRouting`. */
  readonly unconfiguredRouting?: EmulatorOptions["noConfigurationRouting"];
  readonly maxBodyBytes?: number | undefined;
  /** `--credit-balance`: the account's credit balance at start, in cents. */
  readonly creditBalance?: number | undefined;
  /** `--credits-never-purchased`: the account never bought credits (the gateway answers 6033). */
  readonly creditsNeverPurchased?: boolean | undefined;
}

/** Upstream base URLs by provider id, as `--upstream` and `--managed-upstream` collect them. */
export type UpstreamMap = Readonly<Record<string, string>>;

/**
 * When a running `aigw emulator` stops: called before the emulator starts, with a promise of the
 * started emulator; the emulator runs until the returned promise settles. Tests pass their own.
 */
export type EmulatorLifetime = (started: Promise<Emulator>) => Promise<void>;

/** The accepted values of each switch (commander's choices), typed against the emulator's options. */
const DEFAULT_UPSTREAMS = ["stub", "none"] as const satisfies readonly NonNullable<
  EmulatorOptions["defaultUpstream"]
>[];
const BASE_URL_POLICIES = ["ngrok", "any"] as const satisfies readonly NonNullable<
  EmulatorOptions["providerBaseUrlPolicy"]
>[];
const FAILOVER_POLICIES = ["documented", "any-4xx"] as const satisfies readonly NonNullable<
  EmulatorOptions["failoverOn"]
>[];
const UNCONFIGURED_ROUTINGS = [
  "provider-keys-then-managed",
  "managed-only",
] as const satisfies readonly NonNullable<EmulatorOptions["noConfigurationRouting"]>[];
/** `--validation-status` values as typed, and the status each one means. */
const VALIDATION_STATUSES = { "400": 400, "422": 422 } as const satisfies Record<
  string,
  NonNullable<EmulatorOptions["validationStatus"]>
>;

/**
 * The management API's rule for a provider id (emulator/control-plane/providers.ts, INFERRED:
 * the id is the address segment of `providerId:model`), so a typo is refused here rather than
 * silently matching no provider.
 */
const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError("must be a port number from 0 to 65535");
  }
  return port;
}

function parseByteCount(value: string): number {
  const bytes = Number(value);
  if (!/^\d+$/.test(value) || bytes < 1 || !Number.isSafeInteger(bytes)) {
    throw new InvalidArgumentError("must be a whole number of bytes from 1 up, e.g. 1048576");
  }
  return bytes;
}

function parseCents(value: string): number {
  const cents = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(cents)) {
    throw new InvalidArgumentError(
      "must be a whole number of cents from 0 up, e.g. 500 for USD 5.00 (0 emulates an account out of credit)",
    );
  }
  return cents;
}

/**
 * The parser of a repeatable `<provider>=<url>` option: checks one value and adds it to the map of
 * the values before it. A URL with a user name or password is refused: the emulator authenticates
 * to an upstream with the provider key and would not send it, and commander quotes a bad value in
 * its message (which {@link withoutUrlCredentials} cleans before it is printed).
 */
function parseUpstream(value: string, previous: UpstreamMap | undefined): UpstreamMap {
  const equals = value.indexOf("=");
  if (equals < 0) {
    throw new InvalidArgumentError("expected <provider>=<url>, e.g. openai=http://127.0.0.1:4010");
  }
  const provider = value.slice(0, equals);
  const url = value.slice(equals + 1);
  if (provider === "") {
    throw new InvalidArgumentError(
      "the provider id before '=' is empty; expected <provider>=<url>, e.g. openai=http://127.0.0.1:4010",
    );
  }
  if (!PROVIDER_ID.test(provider)) {
    throw new InvalidArgumentError(
      "the provider id may contain only letters, digits, '.', '_' and '-' (1 to 255, starting with a letter or digit)",
    );
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: refused below with the other non-http(s) values.
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new InvalidArgumentError(
      "the URL after '=' must be an absolute http:// or https:// URL, e.g. openai=http://127.0.0.1:4010",
    );
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new InvalidArgumentError(
      "the URL must not hold a user name or password: the emulator sends the provider key to upstreams, and a command line is no place for a secret",
    );
  }
  if (previous !== undefined && Object.hasOwn(previous, provider)) {
    throw new InvalidArgumentError(`give each provider once; ${provider} is given twice`);
  }
  return { ...previous, [provider]: url };
}

/** `text` with the user name and password of every URL in it replaced by `[REDACTED]`. */
function withoutUrlCredentials(text: string): string {
  return text.replace(/(\/\/)[^\s/?#]*@/g, `$1${REDACTED}@`);
}

/** A URL to print: credentials and secret-looking query values replaced (brackets unescaped). */
function shownUrl(url: string): string {
  return redactUrl(url).split(encodeURIComponent(REDACTED)).join(REDACTED);
}

/**
 * The switches given on the command line, as flags (upstream URLs redacted), in the order of
 * `aigw emulator --help`; empty when none was given.
 */
function switchesOf(options: EmulatorCommandOptions): string[] {
  const upstreams = (flag: string, map: UpstreamMap | undefined): string[] =>
    Object.entries(map ?? {}).map(([provider, url]) => `${flag} ${provider}=${shownUrl(url)}`);
  const single = (flag: string, value: string | number | undefined): string[] =>
    value === undefined ? [] : [`${flag} ${value}`];
  return [
    ...upstreams("--upstream", options.upstream),
    ...upstreams("--managed-upstream", options.managedUpstream),
    ...single("--default-upstream", options.defaultUpstream),
    ...single("--provider-base-url-policy", options.providerBaseUrlPolicy),
    ...single("--validation-status", options.validationStatus),
    ...single("--failover-on", options.failoverOn),
    ...single("--unconfigured-routing", options.unconfiguredRouting),
    ...single("--max-body-bytes", options.maxBodyBytes),
    ...single("--credit-balance", options.creditBalance),
    ...(options.creditsNeverPurchased === true ? ["--credits-never-purchased"] : []),
  ];
}

/** The emulator options of the switches that were given (absent ones keep the emulator's defaults). */
function switchOptions(options: EmulatorCommandOptions): EmulatorOptions {
  const given = <K extends keyof EmulatorOptions>(
    key: K,
    value: EmulatorOptions[K] | undefined,
  ): Partial<Pick<EmulatorOptions, K>> =>
    value === undefined ? {} : ({ [key]: value } as Pick<EmulatorOptions, K>);
  return {
    ...given("upstreams", options.upstream),
    ...given("managedUpstreams", options.managedUpstream),
    ...given("defaultUpstream", options.defaultUpstream),
    ...given("providerBaseUrlPolicy", options.providerBaseUrlPolicy),
    ...given(
      "validationStatus",
      options.validationStatus === undefined
        ? undefined
        : VALIDATION_STATUSES[options.validationStatus],
    ),
    ...given("failoverOn", options.failoverOn),
    ...given("noConfigurationRouting", options.unconfiguredRouting),
    ...given("maxBodyBytes", options.maxBodyBytes),
    ...given(
      "credits",
      options.creditBalance === undefined && options.creditsNeverPurchased !== true
        ? undefined
        : {
            ...(options.creditBalance === undefined ? {} : { balanceCents: options.creditBalance }),
            ...(options.creditsNeverPurchased === true ? { purchased: false } : {}),
          },
    ),
  };
}

/** Resolves when the process gets SIGINT or SIGTERM (the CLI's own stop signal). */
function untilSignal(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolveStop();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/**
 * Runs the emulator until `stop` resolves, printing where it listens and how to authenticate.
 * A generated API key is printed once (it cannot be learned otherwise); a key the user supplied
 * is not echoed; the switches given are printed on one line, upstream URLs redacted. Exposed for
 * tests, which pass their own `stop`.
 */
export async function runEmulator(
  options: EmulatorCommandOptions,
  ctx: CliContext,
  stop: Promise<void>,
  onStarted?: (emulator: Emulator) => void,
): Promise<void> {
  // Loaded here rather than at start-up: every aigw command loads this module, and the emulator
  // (SQLite, the HTTP stack, the data plane) costs hundreds of milliseconds that `aigw drift`
  // and the others should not pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { createEmulator, DEFAULT_DB_PATH } = require("aigw-emulator") as typeof EmulatorModule;
  const db = options.db ?? DEFAULT_DB_PATH;
  const supplied = options.apiKey ?? ctx.env.AIGW_EMULATOR_API_KEY;
  const catalog = options.catalog === undefined ? undefined : readCatalog(options.catalog, ctx);
  const emulator = await createEmulator({
    ...switchOptions(options),
    ...(catalog === undefined ? {} : { catalog }),
    port: options.port,
    host: options.host,
    db: db === ":memory:" ? db : resolve(ctx.cwd, db),
    ...(supplied === undefined || supplied === "" ? {} : { apiKey: supplied }),
    env: ctx.env,
    ...(options.verbose === true
      ? { logger: (line: string) => void ctx.stderr.write(`${line}\n`) }
      : {}),
  });
  try {
    ctx.stdout.write(`aigw emulator listening on ${emulator.url}\n`);
    ctx.stdout.write(`NGROK_AI_API_URL=${emulator.url}\n`);
    ctx.stdout.write(
      supplied === undefined || supplied === ""
        ? `NGROK_AI_API_KEY=${emulator.apiKey}\n`
        : "NGROK_AI_API_KEY=<the key you supplied>\n",
    );
    const switches = switchesOf(options);
    if (switches.length > 0) ctx.stdout.write(`Switches: ${switches.join(" ")}\n`);
    ctx.stdout.write("Press Ctrl+C to stop.\n");
    onStarted?.(emulator);
    await stop;
  } finally {
    await emulator.close();
    ctx.stdout.write("aigw emulator stopped\n");
  }
}

/**
 * Registers `aigw emulator [--port N] [--db PATH] [--api-key KEY] [switches…]`; exit 0 once stopped.
 * The switches are the emulator's named INFERRED and test behaviours (spec: explicit and
 * switchable); a bad value is a usage error (exit 2) that names the flag, the value and what is
 * accepted. `lifetime` says when to stop: by default on SIGINT or SIGTERM.
 */
export function registerEmulator(
  program: Command,
  ctx: CliContext,
  lifetime: EmulatorLifetime = () => untilSignal(),
): void {
  program
    .command("emulator")
    .description(
      "run a local ngrok.ai management API (SQLite-backed, secrets encrypted at rest) until interrupted",
    )
    // Commander quotes a rejected value; a URL's user name and password must not be printed.
    .configureOutput({ outputError: (text, write) => write(withoutUrlCredentials(text)) })
    .option("--port <n>", "TCP port (0 = any free port)", parsePort, 0)
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--db <path>", "SQLite database file, or :memory: (default: .aigw/emulator.db)")
    .option(
      "--api-key <key>",
      "management API key clients must send (default: $AIGW_EMULATOR_API_KEY, else a new random key)",
    )
    .option("--verbose", "log one line per request to stderr")
    .option(
      "--catalog <path>",
      "a catalog overlay (aigw catalog pull) or a whole catalog for the gateway data plane",
    )
    .addOption(
      new Option(
        "--upstream <provider=url>",
        "send a provider's gateway traffic to this http(s) base URL, e.g. openai=http://127.0.0.1:4010 (repeatable; overrides a custom provider's baseUrl; no user:password@)",
      ).argParser(parseUpstream),
    )
    .addOption(
      new Option(
        "--managed-upstream <provider=url>",
        "base URL standing in for ngrok's managed inference for a provider, the target of ngrok router steps (repeatable)",
      ).argParser(parseUpstream),
    )
    .addOption(
      new Option(
        "--default-upstream <mode>",
        "where a provider without an upstream goes: stub = a built-in stub upstream, none = the attempt fails as a connection error (default stub)",
      ).choices(DEFAULT_UPSTREAMS),
    )
    .addOption(
      new Option(
        "--provider-base-url-policy <policy>",
        "custom provider baseUrl rule: ngrok = https, or http on a .internal host, never this machine; any = any http(s) URL, for local upstreams (default ngrok)",
      ).choices(BASE_URL_POLICIES),
    )
    .addOption(
      new Option(
        "--validation-status <status>",
        "HTTP status of management API validation errors, INFERRED (default 400)",
      ).choices(Object.keys(VALIDATION_STATUSES)),
    )
    .addOption(
      new Option(
        "--failover-on <statuses>",
        "upstream failures that fail over, INFERRED: documented = 429, 401, 403, 408, 5xx, timeouts and connection errors; any-4xx adds every other 4xx (default documented)",
      ).choices(FAILOVER_POLICIES),
    )
    .addOption(
      new Option(
        "--unconfigured-routing <mode>",
        "routing of an access key without configuration, INFERRED (the emulator's noConfigurationRouting; not --no-configuration-routing, which commander would read as negating a --configuration-routing) (default provider-keys-then-managed)",
      ).choices(UNCONFIGURED_ROUTINGS),
    )
    .addOption(
      new Option(
        "--max-body-bytes <n>",
        "largest request body in bytes; a larger one gets 413 (default 1048576, 1 MiB)",
      ).argParser(parseByteCount),
    )
    .addOption(
      new Option(
        "--credit-balance <cents>",
        "the account's credit balance at start, in cents; 0 makes the gateway refuse completions with 403 ERR_NGROK_4026 (default: a new database gets USD 10,000, a database file keeps its balance)",
      ).argParser(parseCents),
    )
    .option(
      "--credits-never-purchased",
      "the account never bought credits: the gateway refuses completions with 403 ERR_NGROK_6033",
    )
    .action(async (options: EmulatorCommandOptions) => {
      await runCommand("emulator", ctx, async () => {
        let started!: (emulator: Emulator) => void;
        const stop = lifetime(
          new Promise<Emulator>((resolveStarted) => (started = resolveStarted)),
        );
        await runEmulator(options, ctx, stop, started);
        return "stopped" as const;
      });
    });
}
