import * as impl from "../../sdk/resources/impl/provider-key";
import type * as state from "../../sdk/state/provider-key";
import { UNKNOWN, resetConfiguration } from "../../sdk/resources/impl/common";
import { redactKeyValue } from "../../sdk/core/redaction";
import { configRequest, expectNoUndefined, useHarness } from "./helpers";

const VALUE_1 = "sk-proj-aaaaaaaaaaaaaaaaaaaaaaaaaaaa1111";
const VALUE_2 = "sk-proj-bbbbbbbbbbbbbbbbbbbbbbbbbbbb2222";

function inputs(overrides: Partial<state.ProviderKeyInputs> = {}): state.ProviderKeyInputs {
  return { providerId: "openai", name: "openai-primary", value: VALUE_1, ...overrides };
}

describe("ProviderKey", () => {
  const h = useHarness();

  describe("check", () => {
    it("accepts valid inputs and passes unknown values through unvalidated", async () => {
      await expect(impl.check({}, { ...inputs() })).resolves.toEqual({ inputs: inputs() });
      const withUnknown = { ...inputs(), providerId: UNKNOWN, name: UNKNOWN };
      await expect(impl.check({}, withUnknown)).resolves.toEqual({ inputs: withUnknown });
    });

    it("names the property and the fix for each invalid input", async () => {
      const result = await impl.check(
        {},
        {
          providerId: "openai",
          name: "x".repeat(256),
          value: "",
          description: 7,
          adopt: "aigac_1",
        },
      );
      const byProperty = Object.fromEntries(
        (result.failures ?? []).map((f) => [f.property, f.reason]),
      );
      expect(Object.keys(byProperty).sort()).toEqual(["adopt", "description", "name", "value"]);
      expect(byProperty.value).toMatch(/value is required/);
      expect(byProperty.adopt).toMatch(/starting with "aigpk_"/);
    });
  });

  describe("diff", () => {
    const olds = {
      ...inputs(),
      keyRedacted: redactKeyValue(VALUE_1),
      createdAt: "t",
      updatedAt: "t",
    };

    it("reports no change for the same inputs", async () => {
      await expect(impl.diff("aigpk_1", olds, inputs())).resolves.toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });

    it("treats a new value as an update, never a replacement", async () => {
      const d = await impl.diff("aigpk_1", olds, inputs({ value: VALUE_2 }));
      expect(d).toMatchObject({ changes: true, replaces: [] });
    });

    it("replaces the key when providerId changes, creating the new one first", async () => {
      const d = await impl.diff("aigpk_1", olds, inputs({ providerId: "anthropic" }));
      expect(d).toEqual({ changes: true, replaces: ["providerId"], deleteBeforeReplace: false });
    });

    it("treats name, description and metadata as updates", async () => {
      for (const change of [{ name: "renamed" }, { description: "d" }, { metadata: "{}" }]) {
        const d = await impl.diff("aigpk_1", olds, inputs(change));
        expect(d).toMatchObject({ changes: true, replaces: [] });
      }
    });

    it("reports a change when the value is unknown during preview", async () => {
      const d = await impl.diff("aigpk_1", olds, inputs({ value: UNKNOWN }));
      expect(d).toMatchObject({ changes: true, replaces: [] });
    });
  });

  it("walks the life cycle: create, read, rotate in place, rename, refresh after out-of-band rotation, delete", async () => {
    const created = await impl.create(inputs({ description: "primary" }));
    expect(created.id).toMatch(/^aigpk_/);
    expectNoUndefined(created.outs);
    expect(created.outs).toMatchObject({
      providerId: "openai",
      name: "openai-primary",
      description: "primary",
      value: VALUE_1,
      keyRedacted: redactKeyValue(VALUE_1),
    });

    const read = await impl.read(created.id, created.outs as state.ProviderKeyOutputs);
    expect(read.id).toBe(created.id);
    expect(read.props).toEqual(created.outs);
    expect(read.inputs).toEqual(inputs({ description: "primary" }));

    // A new value rotates the key: same id, new redaction in the API.
    const rotated = await impl.update(
      created.id,
      created.outs as state.ProviderKeyOutputs,
      inputs({ description: "primary", value: VALUE_2 }),
    );
    expect(rotated.outs).toMatchObject({ value: VALUE_2, keyRedacted: redactKeyValue(VALUE_2) });
    const live = await h.client.providerKeys.get(created.id);
    expect(live.keyRedacted).toBe(redactKeyValue(VALUE_2));
    expect(await h.client.providerKeys.listAll()).toHaveLength(1);

    // Clearing the description sends null; the id stays.
    const renamed = await impl.update(
      created.id,
      rotated.outs as state.ProviderKeyOutputs,
      inputs({ name: "renamed", value: VALUE_2 }),
    );
    expect(renamed.outs).toMatchObject({ name: "renamed" });
    expect(renamed.outs).not.toHaveProperty("description");
    expect((await h.client.providerKeys.get(created.id)).description ?? "").toBe("");

    // Someone rotates the key outside Pulumi: refresh drops the recorded value, so diff against
    // the declared inputs reports a change, and the next update rotates the declared value back.
    await h.client.providerKeys.rotate(created.id, {
      name: "renamed",
      value: "sk-outside-rotation-9999",
    });
    const refreshed = await impl.read(created.id, renamed.outs as state.ProviderKeyOutputs);
    expect(refreshed.props).not.toHaveProperty("value");
    expect(refreshed.props).toMatchObject({
      keyRedacted: redactKeyValue("sk-outside-rotation-9999"),
    });
    const declared = inputs({ name: "renamed", value: VALUE_2 });
    const drift = await impl.diff(
      created.id,
      refreshed.props as state.ProviderKeyOutputs,
      declared,
    );
    expect(drift).toMatchObject({ changes: true, replaces: [] });
    const restored = await impl.update(
      created.id,
      refreshed.props as state.ProviderKeyOutputs,
      declared,
    );
    expect(restored.outs).toMatchObject({ keyRedacted: redactKeyValue(VALUE_2) });

    await impl.delete(created.id, restored.outs as state.ProviderKeyOutputs);
    await expect(impl.read(created.id, restored.outs as state.ProviderKeyOutputs)).resolves.toEqual(
      {},
    );
    // Deleting what is already gone is not an error.
    await expect(
      impl.delete(created.id, restored.outs as state.ProviderKeyOutputs),
    ).resolves.toBeUndefined();
  });

  it("adopts an existing key, rotating only when its redaction differs", async () => {
    const existing = await h.client.providerKeys.create({
      providerId: "openai",
      name: "clicked-in-dashboard",
      value: VALUE_1,
    });
    const before = await h.client.providerKeys.get(existing.id);
    const adopted = await impl.create(inputs({ adopt: existing.id, name: "clicked-in-dashboard" }));
    expect(adopted.id).toBe(existing.id);
    expect((await h.client.providerKeys.get(existing.id)).updatedAt).toBe(before.updatedAt);

    const rotated = await impl.create(inputs({ adopt: existing.id, value: VALUE_2 }));
    expect(rotated.outs).toMatchObject({
      keyRedacted: redactKeyValue(VALUE_2),
      name: "openai-primary",
    });
    expect(await h.client.providerKeys.listAll()).toHaveLength(1);
  });

  it("refuses to adopt a key of another provider, saying what to fix", async () => {
    const existing = await h.client.providerKeys.create({
      providerId: "anthropic",
      name: "a",
      value: VALUE_1,
    });
    await expect(impl.create(inputs({ adopt: existing.id }))).rejects.toThrow(
      /belongs to provider "anthropic", not "openai". Fix providerId/,
    );
  });

  it("explains a delete refused because a configuration routes to the key", async () => {
    const key = await impl.create(inputs());
    const config = await h.client.accessKeyConfigurations.create({
      name: "search-team",
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key.id }] }] }],
      },
    });
    const err = await impl
      .delete(key.id, key.outs as state.ProviderKeyOutputs)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(/Could not delete provider key "openai-primary"/);
    expect(message).toContain(config.id);
    expect(message).not.toContain(VALUE_1);
    // One piece of advice, for a delete: not the client's "or choose another name", and not
    // "in the same program" for a referrer the stack may not manage.
    expect(message).toMatch(
      /\(ERR_NGROK_27511\)\. Something still refers to it: unlink or delete what the API names first, here or in the ngrok\.ai dashboard if this stack does not manage it; Pulumi deletes a referrer this stack manages first when both leave the program in one update\.$/,
    );
    expect(message).not.toMatch(/choose another name|a refresh will notice/);
  });

  it("says to check the adopt id, not to refresh, when the key to adopt does not exist", async () => {
    const err = (await impl
      .create(inputs({ adopt: "aigpk_doesnotexist0000000000" }))
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(
      /^Could not adopt provider key "openai-primary" \(aigpk_doesnotexist0000000000\): GET \S+\/provider-keys\/aigpk_doesnotexist0000000000 failed with 404 not found: .+\. No provider key with id aigpk_doesnotexist0000000000 exists in the account at \S+: check the adopt: id \(aigw export lists the account's ids\), or remove adopt: to create a new one\.$/,
    );
    expect(err.message).not.toMatch(/refresh/);
  });

  it("says on a read (refresh) that cannot reach the API that refresh uses the last update's URL", async () => {
    const key = await impl.create(inputs());
    resetConfiguration();
    // A port nothing listens on: what a refresh after the emulator moved, or after a changed
    // ngrok-ai:apiUrl that no update has applied yet, gets.
    await impl.configure(
      configRequest({ "ngrok-ai:apiUrl": "http://127.0.0.1:9", "ngrok-ai:apiKey": "k-000000" }),
    );
    const err = (await impl
      .read(key.id, key.outs as state.ProviderKeyOutputs)
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(
      /^Could not read provider key "openai-primary" \(aigpk_\w+\): GET http:\/\/127\.0\.0\.1:9\/provider-keys\/aigpk_\w+ failed: .+\. Check that http:\/\/127\.0\.0\.1:9 is reachable\. A refresh reads with the ngrok-ai:apiUrl of the stack's last update: if you have changed it since, run `pulumi up` to apply the new URL, then refresh\.$/,
    );
    expect(err.message.match(/Check/g)).toHaveLength(1);
  });

  it("says which config key or variable to check on a 401", async () => {
    resetConfiguration();
    await impl.configure(
      configRequest({ "ngrok-ai:apiUrl": h.emulator.url, "ngrok-ai:apiKey": "wrong-key" }),
    );
    const err = (await impl.create(inputs()).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/ngrok-ai:apiKey/);
    expect(err.message).toMatch(/NGROK_AI_API_KEY/);
    // The advice once: the client's own ("Check the API key (…): it is missing…") is left out.
    expect(err.message.match(/Check the API key/g)).toHaveLength(1);
    expect(err.message).not.toContain("wrong-key");
    expect(err.message).not.toContain(VALUE_1);
  });

  it("says how to set the API key when none is configured", async () => {
    resetConfiguration();
    const saved = process.env.NGROK_AI_API_KEY;
    delete process.env.NGROK_AI_API_KEY;
    try {
      await expect(impl.create(inputs())).rejects.toThrow(
        /pulumi config set --secret ngrok-ai:apiKey <key>.*NGROK_AI_API_KEY/,
      );
    } finally {
      if (saved !== undefined) process.env.NGROK_AI_API_KEY = saved;
    }
  });

  it("falls back to NGROK_AI_API_URL and NGROK_AI_API_KEY read at call time", async () => {
    resetConfiguration();
    process.env.NGROK_AI_API_URL = h.emulator.url;
    process.env.NGROK_AI_API_KEY = h.emulator.apiKey;
    try {
      const created = await impl.create(inputs());
      expect(created.id).toMatch(/^aigpk_/);
    } finally {
      delete process.env.NGROK_AI_API_URL;
      delete process.env.NGROK_AI_API_KEY;
    }
  });
});

describe("ProviderKey value that no HTTP header can carry", () => {
  const base = "sk-proj-aaaaaaaaaaaaaaaaaaaaaaaaaaaa1111";
  it.each([
    ["a trailing line break", `${base}\n`, "a line break at character 41 of 41"],
    ["a carriage return and line feed", `${base}\r\n`, "a carriage return at character 41 of 42"],
    [
      "a control character",
      `sk-\u0000${base}`,
      "a control character (U+0000) at character 4 of 44",
    ],
    [
      "curly quotes",
      `\u201c${base}\u201d`,
      "a character no HTTP header can carry (U+201C, such as a curly quote) at character 1 of 42",
    ],
  ])("fails check at value for %s, naming where but not the value", async (_what, value, says) => {
    const result = await impl.check({}, { ...inputs({ value }) });
    expect(result.failures).toHaveLength(1);
    const [failure] = result.failures ?? [];
    expect(failure?.property).toBe("value");
    expect(failure?.reason).toContain(`value holds ${says}:`);
    expect(failure?.reason).toMatch(/Set the value again without it/);
    expect(failure?.reason).not.toContain(base);
  });

  it("accepts a value with a tab or Latin-1 letters, which a header can carry", async () => {
    const value = `${base}\t\u00e9`;
    await expect(impl.check({}, { ...inputs({ value }) })).resolves.toEqual({
      inputs: inputs({ value }),
    });
  });
});
