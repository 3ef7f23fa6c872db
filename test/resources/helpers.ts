import type * as pulumi from "@pulumi/pulumi";
import { createEmulator, type Emulator } from "aigw-emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import { configure, resetConfiguration } from "../../sdk/resources/impl/common";

/** An emulator plus a configured provider process, as each resource test needs. */
export interface ResourceHarness {
  emulator: Emulator;
  /** A client for out-of-band changes, as another operator would make them. */
  client: GatewayClient;
}

/** Starts an in-memory emulator and points the resource implementations at it via configure(). */
export async function startHarness(): Promise<ResourceHarness> {
  const emulator = await createEmulator({ db: ":memory:" });
  resetConfiguration();
  await configure(
    configRequest({ "ngrok-ai:apiUrl": emulator.url, "ngrok-ai:apiKey": emulator.apiKey }),
  );
  const client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
  return { emulator, client };
}

/**
 * Registers `beforeEach`/`afterEach` hooks that give every test of the enclosing `describe` a
 * fresh {@link startHarness} and close it after; the returned object holds the current one.
 */
export function useHarness(): ResourceHarness {
  const current = {} as ResourceHarness;
  beforeEach(async () => {
    Object.assign(current, await startHarness());
  });
  afterEach(async () => {
    await current.emulator.close();
    resetConfiguration();
  });
  return current;
}

/** A ConfigureRequest over a plain map, as the provider host builds it from stack config. */
export function configRequest(values: Record<string, string>): pulumi.dynamic.ConfigureRequest {
  return {
    config: {
      get: (key: string) => values[key],
      require: (key: string) => {
        const v = values[key];
        if (v === undefined) throw new Error(`missing ${key}`);
        return v;
      },
    },
  };
}

/** Fails when `value` holds `undefined` anywhere (the engine cannot marshal it). */
export function expectNoUndefined(value: unknown, path = "$"): void {
  if (value === undefined) throw new Error(`undefined at ${path}`);
  if (Array.isArray(value)) value.forEach((v, i) => expectNoUndefined(v, `${path}[${i}]`));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) expectNoUndefined(v, `${path}.${k}`);
  }
}
