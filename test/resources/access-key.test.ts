import * as impl from "../../sdk/resources/impl/access-key";
import type * as state from "../../sdk/state/access-key";
import { UNKNOWN } from "../../sdk/resources/impl/common";
import { expectNoUndefined, useHarness } from "./helpers";

type Outputs = state.AccessKeyOutputs;

describe("AccessKey", () => {
  const h = useHarness();
  let configA: string;
  let configB: string;

  beforeEach(async () => {
    configA = (await h.client.accessKeyConfigurations.create({ name: "a" })).id;
    configB = (await h.client.accessKeyConfigurations.create({ name: "b" })).id;
  });

  describe("diff", () => {
    const olds = (): Outputs => ({
      name: "web",
      accessKeyConfigurationId: configA,
      rotationTrigger: "2026-01",
      token: "ng-token",
      keyRedacted: "ng-x***y",
      createdAt: "t",
      updatedAt: "t",
    });

    it("treats a new configuration link as an update", async () => {
      const d = await impl.diff("aigk_1", olds(), {
        name: "web",
        accessKeyConfigurationId: configB,
        rotationTrigger: "2026-01",
      });
      expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    });

    it("treats unlinking (allow-all) as an update", async () => {
      const d = await impl.diff("aigk_1", olds(), { name: "web", rotationTrigger: "2026-01" });
      expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    });

    it("replaces the key, new before old, when rotationTrigger changes", async () => {
      const d = await impl.diff("aigk_1", olds(), {
        name: "web",
        accessKeyConfigurationId: configA,
        rotationTrigger: "2026-02",
      });
      expect(d).toEqual({
        changes: true,
        replaces: ["rotationTrigger"],
        deleteBeforeReplace: false,
      });
    });

    it("reports no change for the same inputs, and a change for an unknown link", async () => {
      const same = { name: "web", accessKeyConfigurationId: configA, rotationTrigger: "2026-01" };
      await expect(impl.diff("aigk_1", olds(), same)).resolves.toMatchObject({ changes: false });
      await expect(
        impl.diff("aigk_1", olds(), { ...same, accessKeyConfigurationId: UNKNOWN }),
      ).resolves.toMatchObject({ changes: true, replaces: [] });
    });
  });

  it("walks the life cycle: create with a token, read keeps it, relink, unlink, delete", async () => {
    const created = await impl.create({ name: "web", accessKeyConfigurationId: configA });
    expectNoUndefined(created.outs);
    const outs = created.outs as Outputs;
    expect(outs.token).toMatch(/^ng-.+-g1-.+/);
    expect(outs).toMatchObject({
      accessKeyConfigurationId: configA,
      accessKeyConfigurationName: "a",
    });

    const read = await impl.read(created.id, outs);
    expect((read.props as Outputs).token).toBe(outs.token);
    expect(read.inputs).toEqual({ name: "web", accessKeyConfigurationId: configA });
    expect(JSON.stringify(read.inputs)).not.toContain(outs.token);

    const relinked = await impl.update(created.id, outs, {
      name: "web",
      accessKeyConfigurationId: configB,
    });
    expect(relinked.outs).toMatchObject({ accessKeyConfigurationId: configB, token: outs.token });
    const unlinked = await impl.update(created.id, relinked.outs as Outputs, { name: "web" });
    expect(unlinked.outs).not.toHaveProperty("accessKeyConfigurationId");
    expect((await h.client.accessKeys.get(created.id)).accessKeyConfiguration ?? null).toBeNull();

    await h.client.accessKeys.delete(created.id);
    await expect(impl.read(created.id, unlinked.outs as Outputs)).resolves.toEqual({});
  });

  it("adopts an existing key without a token", async () => {
    const existing = await h.client.accessKeys.create({ name: "old" });
    const adopted = await impl.create({
      name: "web",
      adopt: existing.id,
      accessKeyConfigurationId: configA,
    });
    expect(adopted.id).toBe(existing.id);
    expect(adopted.outs).not.toHaveProperty("token");
    expect((await h.client.accessKeys.get(existing.id)).accessKeyConfiguration?.id).toBe(configA);
  });

  it("says which input names a configuration that does not exist, on create and on relink", async () => {
    const created = await impl.create({ name: "web", accessKeyConfigurationId: configA });
    const token = (created.outs as Outputs).token!;
    const failures = [
      await impl
        .create({ name: "web", accessKeyConfigurationId: "aigac_doesnotexist" })
        .catch((e: unknown) => e),
      await impl
        .update(created.id, created.outs as Outputs, {
          name: "web",
          accessKeyConfigurationId: "aigac_doesnotexist",
        })
        .catch((e: unknown) => e),
    ] as Error[];

    expect(failures[0]!.message).toMatch(/Could not create access key "web"/);
    expect(failures[1]!.message).toMatch(/Could not update access key "web"/);
    for (const err of failures) {
      expect(err.message).toContain(
        "access key configuration aigac_doesnotexist (accessKeyConfigurationId) does not exist",
      );
      expect(err.message).not.toContain("pulumi refresh");
      expect(err.message).not.toContain(token);
      expect(err.message).not.toContain(h.emulator.apiKey);
    }
  });

  it("still says to refresh when the access key itself is gone", async () => {
    const created = await impl.create({ name: "web" });
    await h.client.accessKeys.delete(created.id);

    const err = (await impl
      .update(created.id, created.outs as Outputs, { name: "renamed" })
      .catch((e: unknown) => e)) as Error;

    expect(err.message).toContain("pulumi refresh");
  });
});
