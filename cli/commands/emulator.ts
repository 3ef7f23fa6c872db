import { resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import type * as EmulatorModule from "aigw-emulator";
import type { Emulator } from "aigw-emulator";
import type { CliContext, CommandModule } from "../context";
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
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError("must be a port number from 0 to 65535");
  }
  return port;
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
 * is not echoed. Exposed for tests, which pass their own `stop`.
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
    ctx.stdout.write("Press Ctrl+C to stop.\n");
    onStarted?.(emulator);
    await stop;
  } finally {
    await emulator.close();
    ctx.stdout.write("aigw emulator stopped\n");
  }
}

/** Registers `aigw emulator [--port N] [--db PATH] [--api-key KEY]`; exit 0 once stopped. */
export const registerEmulator: CommandModule = (program, ctx) => {
  program
    .command("emulator")
    .description(
      "run a local ngrok.ai management API (SQLite-backed, secrets encrypted at rest) until interrupted",
    )
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
    .action(async (options: EmulatorCommandOptions) => {
      await runCommand("emulator", ctx, async () => {
        await runEmulator(options, ctx, untilSignal());
        return "stopped" as const;
      });
    });
};
