// What most engine tests share: an in-memory emulator, a client for the changes an operator makes
// outside Pulumi, and a Pulumi sandbox, made once per `describe` block and closed after it.
import { createEmulator, type Emulator, type EmulatorOptions } from "aigw-emulator";
import { GatewayClient, type GatewayClientOptions } from "../../../sdk/client/gateway-client";
import { type PulumiSandbox, createSandbox } from "./engine";

/** The emulator, a client for it and the sandbox of one `describe` block. */
export interface EngineHarness {
  readonly emulator: Emulator;
  /** A client of the emulator's API, for changes made outside Pulumi and for checks. */
  readonly client: GatewayClient;
  readonly sandbox: PulumiSandbox;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that start an emulator (in memory, with
 * `emulatorOptions`), a client for it (with `clientOptions`) and a sandbox, and close them after
 * the block; the returned object holds them once the block's tests run.
 */
export function useEngineHarness(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<GatewayClientOptions> = {},
): EngineHarness {
  const harness: { -readonly [K in keyof EngineHarness]?: EngineHarness[K] } = {};
  beforeAll(async () => {
    const emulator = await createEmulator({ db: ":memory:", ...emulatorOptions });
    harness.emulator = emulator;
    harness.client = new GatewayClient({
      baseUrl: emulator.url,
      apiKey: emulator.apiKey,
      ...clientOptions,
    });
    harness.sandbox = createSandbox();
  });
  afterAll(async () => {
    await harness.emulator?.close();
    harness.sandbox?.dispose();
  });
  return harness as EngineHarness;
}
