import { type ServerResponse } from "node:http";
import { type Handler, closeAll, providerKey, serve, sendError, sendJson } from "./helpers";

describe("GatewayClient concurrency", () => {
  afterEach(closeAll);

  /**
   * Holds every request until `release` is called, recording the most requests held at once. The
   * test releases them one at a time, only after the client had its chance to send more.
   */
  function holdingServer() {
    const held: ServerResponse[] = [];
    let peak = 0;
    let arrivals = 0;
    let onArrival: (() => void) | undefined;
    const handler = (_req: unknown, res: ServerResponse): void => {
      held.push(res);
      arrivals++;
      peak = Math.max(peak, held.length);
      onArrival?.();
    };
    const waitForArrivals = (count: number): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (arrivals >= count) resolve();
        };
        onArrival = check;
        check();
      });
    const releaseOne = (): void => {
      const res = held.shift();
      if (res) sendJson(res, 200, providerKey("aigpk_1"));
    };
    return { handler, waitForArrivals, releaseOne, peak: () => peak, held: () => held.length };
  }

  it("never has more requests in flight than the concurrency limit", async () => {
    const hold = holdingServer();
    const { server, tc } = await serve(hold.handler, { concurrency: 2 });
    const sent = (): number => tc.events.filter((e) => e.type === "request").length;
    const all = Promise.all(
      Array.from({ length: 6 }, (_, i) => tc.client.providerKeys.get(`aigpk_${i}`)),
    );
    // Request events are emitted inside the limiter, before the dispatcher is called: without a
    // limit all six would be counted before the first one reached the server.
    for (let arrived = 2; arrived <= 6; arrived++) {
      await hold.waitForArrivals(arrived);
      await new Promise((resolve) => setImmediate(resolve));
      expect(sent()).toBe(arrived);
      expect(hold.held()).toBe(2);
      hold.releaseOne();
    }
    hold.releaseOne();
    await expect(all).resolves.toHaveLength(6);
    expect(hold.peak()).toBe(2);
    expect(server.requests).toHaveLength(6);
  });

  it("releases a slot while a request waits to retry", async () => {
    let calls = 0;
    let sleeping: (() => void) | undefined;
    const handler: Handler = (_req, res) => {
      if (calls++ === 0) return sendError(res, 503);
      sendJson(res, 200, providerKey("aigpk_1"));
    };
    const { tc } = await serve(handler, {
      concurrency: 1,
      sleep: () =>
        new Promise<void>((resolve) => {
          sleeping = resolve;
        }),
    });
    const retried = tc.client.providerKeys.get("aigpk_a");
    // Wait until the first request is asleep before its retry; another request still gets through.
    while (sleeping === undefined) await new Promise((resolve) => setImmediate(resolve));
    await expect(tc.client.providerKeys.get("aigpk_b")).resolves.toMatchObject({ id: "aigpk_1" });
    sleeping();
    await expect(retried).resolves.toMatchObject({ id: "aigpk_1" });
  });
});
