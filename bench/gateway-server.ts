// The system under test of bench/gateway.ts, in a process of its own: the emulator (management
// API and gateway data plane) with the openai upstream pointed at the bench's stub. bench/gateway.ts
// starts this file with child_process.fork, passing the stub's base URL as the first argument,
// and talks to it over the IPC channel (see the message types below). It exits when told to
// stop, and also when the parent goes away (the IPC channel disconnects).
import { createEmulator, type Emulator } from "../emulator/emulator";

/** From this process to the bench. */
export type GatewayServerMessage =
  /** The emulator is listening. */
  | { readonly type: "ready"; readonly url: string; readonly apiKey: string }
  /** The answer to a `cpu` request: this process's `process.cpuUsage()` since it started. */
  | { readonly type: "cpu"; readonly id: number; readonly usage: NodeJS.CpuUsage };

/** From the bench to this process. */
export type GatewayServerRequest =
  | { readonly type: "cpu"; readonly id: number }
  /** Close the emulator and exit. */
  | { readonly type: "stop" };

function send(message: GatewayServerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const stubUrl = process.argv[2];
  if (process.send === undefined || stubUrl === undefined) {
    throw new Error("start with child_process.fork(gateway-server.js, [stubUrl])");
  }
  const starting: Promise<Emulator> = createEmulator({
    db: ":memory:",
    masterKey: "0".repeat(64),
    upstreams: { openai: stubUrl },
    defaultUpstream: "none",
  });
  let stopping = false;
  // If the emulator is still starting, this waits for it and closes it.
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
    const message = raw as GatewayServerRequest;
    if (message.type === "cpu") send({ type: "cpu", id: message.id, usage: process.cpuUsage() });
    else if (message.type === "stop") void stop();
  });

  const emulator = await starting;
  if (stopping) return;
  send({ type: "ready", url: emulator.url, apiKey: emulator.apiKey });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
