import * as impl from "../../sdk/resources/impl/gateway-config";
import * as state from "../../sdk/state/gateway-config";
import { useHarness } from "./helpers";

type Outputs = state.GatewayConfigOutputs;

describe("GatewayConfig", () => {
  const h = useHarness();

  it("compares durations by length, so 60s and 1m are the same", async () => {
    expect(state.durationMs("1m30s")).toBe(90_000);
    // The API writes Go's own form (1m0s, 1.5s, 1µs); text that is no duration equals only itself.
    expect(state.sameField("perRequestTimeout", "1m0s", "60s")).toBe(true);
    expect(state.sameField("perRequestTimeout", "1.5s", "1500ms")).toBe(true);
    expect(state.sameField("perRequestTimeout", "1µs", "1000ns")).toBe(true);
    expect(state.sameField("perRequestTimeout", "soon", "later")).toBe(false);
    expect(state.sameField("perRequestTimeout", "soon", "soon")).toBe(true);
    const olds: Outputs = { accountId: "acc", perRequestTimeout: "60s" };
    await expect(
      impl.diff("gateway-config", olds, { perRequestTimeout: "1m" }),
    ).resolves.toMatchObject({
      changes: false,
    });
    await expect(
      impl.diff("gateway-config", olds, { perRequestTimeout: "30s" }),
    ).resolves.toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it("PATCHes only declared fields on create, and restores their defaults on delete", async () => {
    await h.client.gatewayConfig.update({ maxOutputTokens: 4096 });
    const created = await impl.create({ perRequestTimeout: "30s", totalTimeout: "90s" });
    expect(created.id).toBe(state.GATEWAY_CONFIG_ID);
    expect(created.outs).toEqual({
      accountId: expect.any(String) as unknown,
      perRequestTimeout: "30s",
      totalTimeout: "90s",
    });
    const live = await h.client.gatewayConfig.get();
    expect(live).toMatchObject({
      perRequestTimeout: "30s",
      totalTimeout: "90s",
      maxOutputTokens: 4096,
    });

    await impl.delete(created.id, created.outs as Outputs);
    expect(await h.client.gatewayConfig.get()).toMatchObject({
      perRequestTimeout: "60s",
      totalTimeout: "120s",
      maxOutputTokens: 4096,
    });
  });

  it("sees an out-of-band change of a declared field on refresh", async () => {
    const created = await impl.create({ perRequestTimeout: "30s" });
    await h.client.gatewayConfig.update({ perRequestTimeout: "45s" });
    const read = await impl.read(created.id, created.outs as Outputs);
    expect(read.props).toMatchObject({ perRequestTimeout: "45s" });
    await expect(
      impl.diff(created.id, read.props as Outputs, { perRequestTimeout: "30s" }),
    ).resolves.toMatchObject({ changes: true });
  });

  it("rejects a zero duration in check, as the API does", async () => {
    for (const zero of ["0s", "0ms", "0m0s", "0.0s"]) {
      const result = await impl.check({}, { perRequestTimeout: zero });
      expect(result.failures).toEqual([
        {
          property: "perRequestTimeout",
          reason: "perRequestTimeout must be a positive duration such as 30s, 2m or 1m30s.",
        },
      ]);
    }
    await expect(impl.check({}, { perRequestTimeout: "0.5s" })).resolves.toEqual({
      inputs: { perRequestTimeout: "0.5s" },
    });
  });

  it("rejects a malformed duration in check", async () => {
    const result = await impl.check({}, { perRequestTimeout: "thirty seconds" });
    expect(result.failures?.[0]).toMatchObject({ property: "perRequestTimeout" });
    expect(result.failures?.[0]?.reason).toMatch(/30s/);
  });
});
