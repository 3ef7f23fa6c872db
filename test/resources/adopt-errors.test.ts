// An adopt: id that names nothing gets the same advice for every kind of object, naming the kind
// and the id written, never the refresh advice of an object that vanished.
import * as accessKeyConfiguration from "../../sdk/resources/impl/access-key-configuration";
import * as accessKey from "../../sdk/resources/impl/access-key";
import * as provider from "../../sdk/resources/impl/provider";
import { useHarness } from "./helpers";

describe("adopt of an id that does not exist", () => {
  useHarness();

  it.each([
    {
      kind: "access key configuration",
      label: 'access key configuration "search-team"',
      id: "aigac_doesnotexist000000000",
      create: (id: string) => accessKeyConfiguration.create({ name: "search-team", adopt: id }),
    },
    {
      kind: "access key",
      label: 'access key "ci-bot"',
      id: "aigak_doesnotexist000000000",
      create: (id: string) => accessKey.create({ name: "ci-bot", adopt: id }),
    },
    {
      kind: "custom provider",
      label: 'custom provider "my-ollama"',
      id: "aigp_doesnotexist0000000000",
      create: (id: string) =>
        provider.create({
          providerId: "my-ollama",
          name: "my-ollama",
          baseUrl: "https://llm.internal",
          adopt: id,
        }),
    },
  ])("names the $kind and its id", async ({ kind, label, id, create }) => {
    const err = (await create(id).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(`Could not adopt ${label} (${id}): GET `);
    expect(err.message).toMatch(
      new RegExp(
        `\\. No ${kind} with id ${id} exists in the account at \\S+: check the adopt: id \\(aigw export lists the account's ids\\), or remove adopt: to create a new one\\.$`,
      ),
    );
    expect(err.message).not.toMatch(/refresh/);
  });
});
