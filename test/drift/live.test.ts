import type { GatewayClient } from "../../sdk/client/gateway-client";
import { ALL_KINDS, readLiveAccount } from "../../sdk/drift/live";

/** A collection whose listAll answers when `finish` is called, and says whether it has. */
function pending(): { listAll: () => Promise<never[]>; finish: () => void; done: () => boolean } {
  let finish = (): void => undefined;
  let settled = false;
  const promise = new Promise<never[]>((resolve) => {
    finish = () => {
      settled = true;
      resolve([]);
    };
  });
  return { listAll: () => promise, finish: () => finish(), done: () => settled };
}

describe("readLiveAccount", () => {
  it("settles only when every collection it started has, so a failure leaves no request running", async () => {
    const slow = pending();
    const failure = new Error("401 from the API");
    const client = {
      providers: { listAll: () => Promise.reject(failure) },
      providerKeys: { listAll: slow.listAll },
      accessKeyConfigurations: { listAll: () => Promise.resolve([]) },
      accessKeys: { listAll: () => Promise.resolve([]) },
      gatewayConfig: { get: () => Promise.resolve(undefined) },
    } as unknown as GatewayClient;
    let rejectedWhileRunning: boolean | undefined;
    const read = readLiveAccount(client, new Set(ALL_KINDS)).catch((error: unknown) => {
      rejectedWhileRunning = !slow.done();
      throw error;
    });
    await new Promise((resolve) => setImmediate(resolve));
    slow.finish();
    await expect(read).rejects.toBe(failure);
    expect(rejectedWhileRunning).toBe(false);
  });
});
