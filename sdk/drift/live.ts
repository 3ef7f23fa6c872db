// Reads the live account with list endpoints only: each collection is walked once, 100 objects a
// page, following nextPageUri, so the requests grow with objects/100 and never with objects. The
// gateway configuration is a singleton and costs one GET.
import type { GatewayClient } from "../client/gateway-client";
import type {
  AccessKey,
  AccessKeyConfiguration,
  GatewayConfig,
  Provider,
  ProviderKey,
} from "../client/types";
import type { DriftObjectKind } from "./report";

/** The live objects of the kinds that were read; a kind not read is absent. */
export interface LiveAccount {
  readonly providers?: readonly Provider[];
  readonly providerKeys?: readonly ProviderKey[];
  readonly accessKeyConfigurations?: readonly AccessKeyConfiguration[];
  readonly accessKeys?: readonly AccessKey[];
  readonly gatewayConfig?: GatewayConfig;
}

/** The live object of each kind, as the API returns it. */
export interface LiveObjects {
  readonly provider: Provider;
  readonly providerKey: ProviderKey;
  readonly accessKeyConfiguration: AccessKeyConfiguration;
  readonly accessKey: AccessKey;
  readonly gatewayConfig: GatewayConfig;
}

/** Every kind: what export and `--include-unmanaged` read. */
export const ALL_KINDS: ReadonlySet<DriftObjectKind> = new Set<DriftObjectKind>([
  "provider",
  "providerKey",
  "accessKeyConfiguration",
  "accessKey",
  "gatewayConfig",
]);

/**
 * Reads the live objects of `kinds`, the collections in parallel and each one page after another.
 * Throws the client's errors (`AIGW_AUTH`, `AIGW_NETWORK`, …) unchanged, the first collection's
 * first, once every collection has settled: a failure leaves no request or retry running behind
 * the answer (a command would otherwise keep calling the API after it has reported the error).
 */
export async function readLiveAccount(
  client: GatewayClient,
  kinds: ReadonlySet<DriftObjectKind>,
): Promise<LiveAccount> {
  const [providers, providerKeys, accessKeyConfigurations, accessKeys, gatewayConfig] =
    await allSettledOrThrow([
      kinds.has("provider") ? client.providers.listAll() : undefined,
      kinds.has("providerKey") ? client.providerKeys.listAll() : undefined,
      kinds.has("accessKeyConfiguration") ? client.accessKeyConfigurations.listAll() : undefined,
      kinds.has("accessKey") ? client.accessKeys.listAll() : undefined,
      kinds.has("gatewayConfig") ? client.gatewayConfig.get() : undefined,
    ] as const);
  return {
    ...(providers !== undefined ? { providers } : {}),
    ...(providerKeys !== undefined ? { providerKeys } : {}),
    ...(accessKeyConfigurations !== undefined ? { accessKeyConfigurations } : {}),
    ...(accessKeys !== undefined ? { accessKeys } : {}),
    ...(gatewayConfig !== undefined ? { gatewayConfig } : {}),
  };
}

/** `Promise.all`, but it waits for every promise before it throws the first rejection. */
async function allSettledOrThrow<T extends readonly unknown[]>(
  values: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(values);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
