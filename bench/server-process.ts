// A server under test in a process of its own, for bench/gateway.ts: the parent side
// (`startServerProcess`, which forks a script and talks to it over the IPC channel) and the child
// side (`serveInThisProcess`, which such a script calls). The servers of bench/gateway.ts are
// bench/gateway-server.ts (the emulator) and bench/proxy-floor-server.ts (a proxy with no logic).
// A child exits when told to stop, and also when the parent goes away (the IPC channel
// disconnects).
import { type ChildProcess, fork } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";

/** What the child tells the parent once it listens. */
export interface ServerReady {
  /** Base URL of the server. */
  readonly url: string;
  /** The management API key, for servers that have one. */
  readonly apiKey?: string;
}

/** From the child to the parent. */
type ChildMessage =
  | ({ readonly type: "ready" } & ServerReady)
  /** The answer to a `cpu` request: the child's `process.cpuUsage()` since it started. */
  | { readonly type: "cpu"; readonly id: number; readonly usage: NodeJS.CpuUsage };

/** From the parent to the child. */
type ParentMessage =
  | { readonly type: "cpu"; readonly id: number }
  /** Close the server and exit. */
  | { readonly type: "stop" };

/** A server started by a child script. */
export interface StartedServer {
  readonly ready: ServerReady;
  close(): Promise<void>;
}

/**
 * The child side: starts the server with this process's arguments (after the script), tells the
 * parent when it listens, answers CPU-usage requests, and closes the server and exits when told
 * to stop or when the parent goes away.
 */
export function serveInThisProcess(start: (args: string[]) => Promise<StartedServer>): void {
  const send = (message: ChildMessage): void => {
    process.send?.(message);
  };
  if (process.send === undefined) {
    console.error("start this script with child_process.fork (see bench/server-process.ts)");
    process.exit(1);
  }
  const starting = start(process.argv.slice(2));
  let stopping = false;
  // If the server is still starting, this waits for it and closes it.
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      await (await starting).close();
      process.exit(0);
    } catch (err: unknown) {
      console.error(err);
      process.exit(1);
    }
  };
  process.on("disconnect", () => void stop());
  process.on("message", (raw: unknown) => {
    const message = raw as ParentMessage;
    if (message.type === "cpu") send({ type: "cpu", id: message.id, usage: process.cpuUsage() });
    else if (message.type === "stop") void stop();
  });
  starting.then(
    (server) => {
      if (!stopping) send({ type: "ready", ...server.ready });
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** A server running in a child process, seen from the parent. */
export interface ServerProcess {
  readonly pid: number;
  readonly ready: ServerReady;
  /** The child's CPU time (user + system) since it started, in milliseconds. */
  cpuMs(): Promise<number>;
  /**
   * Asks the child to close its server and exit, and waits for it (killing it if it does not
   * exit in time). Throws if it had exited on its own, exits non-zero or must be killed.
   */
  stop(): Promise<void>;
}

/** How long a child may take to start, and to stop when asked. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/** How much of a child's stderr to keep for error reports. */
const STDERR_TAIL_CHARS = 16_384;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The parent side: forks `script` with `args` and waits until its server listens. */
export async function startServerProcess(
  script: string,
  args: readonly string[],
): Promise<ServerProcess> {
  const name = script.replace(/^.*[\\/]/, "");
  const child: ChildProcess = fork(script, [...args], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const pid = child.pid ?? -1;
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  // Keep this process's stdout for the figures alone.
  child.stdout?.pipe(process.stderr);
  let exit: Exit | undefined;
  let childError: Error | undefined;
  let stopRequested = false;
  const exited = new Promise<Exit>((resolve) => {
    // `close` comes after the child's stdio has ended, so `stderr` is complete by then.
    child.once("close", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  /** What became of the child, `when` (if given), and its stderr. */
  const describe = (when = ""): string => {
    const how =
      exit === undefined
        ? "is still running"
        : exit.signal !== null
          ? `was ended by ${exit.signal}`
          : `exited with code ${exit.code}`;
    const error = childError === undefined ? "" : ` (${childError.message})`;
    const output = stderr.trim() === "" ? "; no stderr" : `; its stderr:\n${stderr.trimEnd()}`;
    return `${name} (pid ${pid}) ${how}${when === "" ? "" : ` ${when}`}${error}${output}`;
  };
  const waitForExit = async (ms: number): Promise<boolean> => {
    const timeout = new AbortController();
    const timedOut = delay(ms, false, { signal: timeout.signal }).catch(() => false);
    const done = await Promise.race([exited.then(() => true), timedOut]);
    timeout.abort();
    return done;
  };
  const sendRequest = (message: ParentMessage): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!child.connected) {
        reject(new Error(`cannot send ${message.type}: ${describe()}`));
        return;
      }
      child.send(message, (err) => (err === null ? resolve() : reject(err)));
    });

  let nextCpuRequest = 0;
  const pendingCpu = new Map<number, { resolve(ms: number): void; reject(err: Error): void }>();
  let onReady: ((ready: ServerReady) => void) | undefined;
  child.on("message", (raw: unknown) => {
    const message = raw as ChildMessage;
    if (message.type === "ready") {
      onReady?.({
        url: message.url,
        ...(message.apiKey === undefined ? {} : { apiKey: message.apiKey }),
      });
    } else if (message.type === "cpu") {
      const { user, system } = message.usage;
      pendingCpu.get(message.id)?.resolve((user + system) / 1000);
      pendingCpu.delete(message.id);
    }
  });
  child.on("error", (err) => {
    childError = err;
  });
  void exited.then(() => {
    for (const pending of pendingCpu.values()) pending.reject(new Error(describe()));
    pendingCpu.clear();
  });

  const kill = async (): Promise<void> => {
    if (exit === undefined) child.kill("SIGKILL");
    await waitForExit(STOP_TIMEOUT_MS);
  };
  let ready: ServerReady;
  try {
    ready = await new Promise((resolve, reject) => {
      onReady = resolve;
      void exited.then(() => reject(new Error(describe("before it was ready"))));
      void delay(START_TIMEOUT_MS, undefined, { ref: false }).then(() =>
        reject(new Error(describe(`but not ready after ${START_TIMEOUT_MS} ms`))),
      );
    });
  } catch (err) {
    await kill();
    throw err;
  }

  return {
    pid,
    ready,
    cpuMs: async () => {
      const id = ++nextCpuRequest;
      const answer = new Promise<number>((resolve, reject) => {
        pendingCpu.set(id, { resolve, reject });
      });
      // If the process exits while the request is being sent, the send's error is the one thrown.
      answer.catch(() => undefined);
      try {
        await sendRequest({ type: "cpu", id });
      } catch (err) {
        pendingCpu.delete(id);
        throw err;
      }
      return answer;
    },
    stop: async () => {
      if (exit === undefined) {
        stopRequested = true;
        await sendRequest({ type: "stop" }).catch(() => undefined);
        if (!(await waitForExit(STOP_TIMEOUT_MS))) {
          await kill();
          throw new Error(`${name} did not stop in ${STOP_TIMEOUT_MS} ms; killed`);
        }
      }
      if (!stopRequested) throw new Error(describe("before it was told to stop"));
      if (exit?.code !== 0) throw new Error(describe());
      // Nothing the child wrote stays hidden.
      if (stderr !== "") process.stderr.write(`${name} stderr:\n${stderr}`);
    },
  };
}
