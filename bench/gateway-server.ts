// The system under test of bench/gateway.ts, in a process of its own (see bench/server-process.ts):
// the emulator (management API and gateway data plane) with the openai upstream pointed at the
// bench's stub, whose base URL is the first argument.
import { createEmulator } from "../emulator/emulator";
import { serveInThisProcess } from "./server-process";

serveInThisProcess(async ([stubUrl]) => {
  if (stubUrl === undefined) throw new Error("usage: gateway-server.js STUB_URL");
  const emulator = await createEmulator({
    db: ":memory:",
    masterKey: "0".repeat(64),
    upstreams: { openai: stubUrl },
    defaultUpstream: "none",
  });
  return { ready: { url: emulator.url, apiKey: emulator.apiKey }, close: () => emulator.close() };
});
