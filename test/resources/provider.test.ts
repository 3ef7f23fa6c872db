import * as impl from "../../sdk/resources/impl/provider";
import type * as state from "../../sdk/state/provider";
import { expectNoUndefined, useHarness } from "./helpers";

type Outputs = state.ProviderOutputs;

const declared: state.ProviderInputs = {
  providerId: "local-llm",
  name: "Local LLM",
  baseUrl: "https://llm.internal",
  models: [{ modelId: "llama-3.1-8b" }],
};

describe("Provider", () => {
  const h = useHarness();

  it("replaces on a new providerId and updates everything else in place", async () => {
    const olds: Outputs = { ...declared, createdAt: "t", updatedAt: "t" };
    await expect(impl.diff("aigp_1", olds, declared)).resolves.toMatchObject({ changes: false });
    await expect(impl.diff("aigp_1", olds, { ...declared, providerId: "other" })).resolves.toEqual({
      changes: true,
      replaces: ["providerId"],
      deleteBeforeReplace: false,
    });
    for (const change of [
      { baseUrl: "https://other.internal" },
      { models: [{ modelId: "llama-3.1-8b" }, { modelId: "qwen" }] },
      { models: [] },
      { metadata: "{}" },
    ]) {
      await expect(impl.diff("aigp_1", olds, { ...declared, ...change })).resolves.toMatchObject({
        changes: true,
        replaces: [],
      });
    }
  });

  it("rejects a model list of plain strings with the shape to use", async () => {
    const result = await impl.check({}, { ...declared, models: ["llama"] });
    expect(result.failures).toEqual([
      expect.objectContaining({
        property: "models",
        reason: expect.stringMatching(/modelId/) as unknown,
      }),
    ]);
  });

  it("walks the life cycle: create, replace the model list, refresh, delete", async () => {
    const created = await impl.create(declared);
    expect(created.id).toMatch(/^aigp_/);
    expectNoUndefined(created.outs);
    const updated = await impl.update(created.id, created.outs as Outputs, {
      ...declared,
      models: [{ modelId: "qwen-2.5" }],
    });
    expect((updated.outs as Outputs).models).toEqual([{ modelId: "qwen-2.5" }]);
    const live = await h.client.providers.get(created.id);
    expect(live.models?.map((m) => m.modelId)).toEqual(["qwen-2.5"]);

    const read = await impl.read(created.id, updated.outs as Outputs);
    expect(read.inputs).toEqual({ ...declared, models: [{ modelId: "qwen-2.5" }] });

    await impl.delete(created.id, updated.outs as Outputs);
    await expect(impl.read(created.id, updated.outs as Outputs)).resolves.toEqual({});
  });

  it("explains a delete refused because a provider key uses the provider", async () => {
    const created = await impl.create(declared);
    await h.client.providerKeys.create({
      providerId: "local-llm",
      name: "k",
      value: "local-secret-value-123",
    });
    const err = (await impl
      .delete(created.id, created.outs as Outputs)
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/Could not delete custom provider "local-llm"/);
    expect(err.message).not.toContain("local-secret-value-123");
  });
});
