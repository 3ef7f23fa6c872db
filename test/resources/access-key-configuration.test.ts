import * as impl from "../../sdk/resources/impl/access-key-configuration";
import type * as state from "../../sdk/state/access-key-configuration";
import { UNKNOWN } from "../../sdk/resources/impl/common";
import { searchTeamAccess } from "../helpers/scopes";
import { expectNoUndefined, useHarness } from "./helpers";

type Inputs = state.AccessKeyConfigurationInputs;
type Outputs = state.AccessKeyConfigurationOutputs;

describe("AccessKeyConfiguration", () => {
  const h = useHarness();
  let primary: string;
  let backup: string;

  beforeEach(async () => {
    const openaiKey = async (name: string, value: string): Promise<string> =>
      (await h.client.providerKeys.create({ providerId: "openai", name, value })).id;
    primary = await openaiKey("p", "sk-primary-000000000001");
    backup = await openaiKey("b", "sk-backup-0000000000002");
  });

  function declared(overrides: Partial<Inputs> = {}): Inputs {
    return {
      name: "search-team",
      access: searchTeamAccess(),
      router: {
        rules: [
          {
            provider: "openai",
            steps: [{ type: "user", keys: [{ id: primary }, { id: backup }] }, { type: "ngrok" }],
          },
        ],
      },
      ...overrides,
    };
  }

  describe("diff", () => {
    const base = (): Outputs => ({ ...declared(), createdAt: "t", updatedAt: "t" });

    it("compares allow-lists as sets", async () => {
      const reordered = declared({
        access: {
          providers: { allow: ["anthropic", "openai"] },
          models: { allow: ["anthropic:claude-sonnet-4-6", "openai:gpt-4o-mini"] },
        },
      });
      await expect(impl.diff("aigac_1", base(), reordered)).resolves.toMatchObject({
        changes: false,
      });
    });

    it("keeps an absent allow (unrestricted) apart from an empty one (nothing)", async () => {
      const absent = declared({
        access: { providers: {}, models: { allow: ["openai:gpt-4o-mini"] } },
      });
      const empty = declared({
        access: { providers: { allow: [] }, models: { allow: ["openai:gpt-4o-mini"] } },
      });
      const outs: Outputs = { ...absent, createdAt: "t", updatedAt: "t" };
      await expect(impl.diff("aigac_1", outs, empty)).resolves.toMatchObject({ changes: true });
      await expect(impl.diff("aigac_1", outs, absent)).resolves.toMatchObject({ changes: false });
      const noAccess = declared();
      delete noAccess.access;
      await expect(impl.diff("aigac_1", outs, noAccess)).resolves.toMatchObject({ changes: true });
    });

    it("compares keys in order, because order is failover", async () => {
      const swapped = declared({
        router: {
          rules: [
            {
              provider: "openai",
              steps: [{ type: "user", keys: [{ id: backup }, { id: primary }] }, { type: "ngrok" }],
            },
          ],
        },
      });
      await expect(impl.diff("aigac_1", base(), swapped)).resolves.toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });

    it("compares steps in order", async () => {
      const stepsSwapped = declared({
        router: {
          rules: [
            {
              provider: "openai",
              steps: [{ type: "ngrok" }, { type: "user", keys: [{ id: primary }, { id: backup }] }],
            },
          ],
        },
      });
      await expect(impl.diff("aigac_1", base(), stepsSwapped)).resolves.toMatchObject({
        changes: true,
        replaces: [],
      });
    });

    it("treats the API's default keySelectionStrategy and read-only key names as no change", async () => {
      const asRead = {
        ...base(),
        router: {
          rules: [
            {
              provider: "openai",
              steps: [
                {
                  type: "user" as const,
                  keySelectionStrategy: "ordered" as const,
                  keys: [{ id: primary }, { id: backup }],
                },
                { type: "ngrok" as const },
              ],
            },
          ],
        },
      };
      await expect(impl.diff("aigac_1", asRead, declared())).resolves.toMatchObject({
        changes: false,
      });
    });

    it("reports a change while a key id is unknown during preview, without replacing", async () => {
      const pending = declared({
        router: {
          rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: UNKNOWN }] }] }],
        },
      });
      await expect(impl.diff("aigac_1", base(), pending)).resolves.toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });
  });

  it("rejects invalid scope and routing in check with property paths", async () => {
    const result = await impl.check(
      {},
      {
        name: "x",
        access: { models: { allow: "openai:gpt-4o" } },
        router: { rules: [{ provider: "openai", steps: [] }] },
      },
    );
    const properties = (result.failures ?? []).map((f) => f.property);
    expect(properties).toEqual(
      expect.arrayContaining(["access.models.allow", "router.rules.0.steps"]),
    );
  });

  it("explains in check a rule without provider or model and steps whose keys do not fit their type", async () => {
    const result = await impl.check(
      {},
      {
        name: "x",
        router: {
          rules: [{ steps: [{ type: "user" }, { type: "ngrok", keys: [{ id: primary }] }] }],
        },
      },
    );
    expect((result.failures ?? []).map((f) => `${f.property}: ${f.reason}`)).toEqual([
      "router.rules.0: router.rules.0 must name a provider, a model, or both: add provider: <id> or model: <provider:model>.",
      "router.rules.0.steps.0: router.rules.0.steps.0 is a user step without keys: list the provider keys to try, in failover order (keys: [<provider key>, …]), or use type: ngrok.",
      "router.rules.0.steps.1.keys: router.rules.0.steps.1.keys is only allowed on steps of type user (ngrok steps use ngrok's managed credentials): remove keys or set type: user.",
    ]);
  });

  it("refuses in check a rule's model in the guide form, which the API refuses", async () => {
    const result = await impl.check(
      {},
      { name: "x", router: { rules: [{ model: "openai/gpt-4o", steps: [{ type: "ngrok" }] }] } },
    );
    expect((result.failures ?? []).map((f) => `${f.property}: ${f.reason}`)).toEqual([
      "router.rules.0.model: router.rules.0.model must be provider-qualified with a colon, such as openai:gpt-4o (the API refuses openai/gpt-4o in a router rule; allow-lists take both).",
    ]);
  });

  it("walks the life cycle: create, read, reorder failover, clear scope, refresh after an out-of-band edit, delete", async () => {
    const created = await impl.create(declared());
    expect(created.id).toMatch(/^aigac_/);
    expectNoUndefined(created.outs);
    const outs = created.outs as Outputs;
    await expect(impl.diff(created.id, outs, declared())).resolves.toMatchObject({
      changes: false,
    });

    const read = await impl.read(created.id, outs);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual(declared());

    const reordered = declared({
      router: {
        rules: [
          {
            provider: "openai",
            steps: [{ type: "user", keys: [{ id: backup }, { id: primary }] }, { type: "ngrok" }],
          },
        ],
      },
    });
    const updated = await impl.update(created.id, outs, reordered);
    const live = await h.client.accessKeyConfigurations.get(created.id);
    expect(live.router?.rules?.[0]?.steps[0]?.keys?.map((k) => k.id)).toEqual([backup, primary]);
    expect(updated.outs).toMatchObject({ router: reordered.router });

    // Removing `access` sends null: back to allow-all, and the round trip keeps it absent.
    const unscoped = { ...reordered };
    delete unscoped.access;
    const cleared = await impl.update(created.id, updated.outs as Outputs, unscoped);
    expect(cleared.outs).not.toHaveProperty("access");
    expect((await h.client.accessKeyConfigurations.get(created.id)).access).toBeUndefined();

    // An empty allow-list survives the round trip as empty.
    const nothing = { ...unscoped, access: { models: { allow: [] } } };
    const emptied = await impl.update(created.id, cleared.outs as Outputs, nothing);
    expect((emptied.outs as Outputs).access).toEqual({ models: { allow: [] } });
    await expect(impl.diff(created.id, emptied.outs as Outputs, nothing)).resolves.toMatchObject({
      changes: false,
    });

    // Someone edits the allow-list outside Pulumi: refresh sees it, diff against the program reports it.
    await h.client.accessKeyConfigurations.update(created.id, {
      access: { models: { allow: ["openai:o1"] } },
    });
    const refreshed = await impl.read(created.id, emptied.outs as Outputs);
    expect((refreshed.inputs as Inputs).access).toEqual({ models: { allow: ["openai:o1"] } });
    await expect(impl.diff(created.id, refreshed.props as Outputs, nothing)).resolves.toMatchObject(
      { changes: true },
    );

    await impl.delete(created.id, refreshed.props as Outputs);
    await expect(impl.read(created.id, refreshed.props as Outputs)).resolves.toEqual({});
  });

  it("explains a delete refused because an access key is linked", async () => {
    const created = await impl.create(declared());
    const key = await h.client.accessKeys.create({
      name: "web",
      accessKeyConfigurationId: created.id,
    });
    const err = (await impl
      .delete(created.id, created.outs as Outputs)
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/Could not delete access key configuration "search-team"/);
    expect(err.message).toContain(key.id);
  });

  it("adopts an existing configuration and converges it", async () => {
    const existing = await h.client.accessKeyConfigurations.create({ name: "legacy" });
    const adopted = await impl.create(declared({ adopt: existing.id }));
    expect(adopted.id).toBe(existing.id);
    const live = await h.client.accessKeyConfigurations.get(existing.id);
    expect(live.name).toBe("search-team");
    expect(live.access?.providers?.allow).toEqual(["openai", "anthropic"]);
    expect(await h.client.accessKeyConfigurations.listAll()).toHaveLength(1);
  });
});
