// The engine's dynamic-provider host prints `${error}: ${error.stack}` for an error that read or
// delete throws, under the stack resource, before it reports the error's message on the resource
// itself. For aigw's own errors, which already say what to do, that print is one short line: the
// code and where the message is, with no JavaScript frames and no second or third copy of it.
import * as accessKey from "../../sdk/resources/impl/access-key";
import * as configuration from "../../sdk/resources/impl/access-key-configuration";
import { configure, resetConfiguration } from "../../sdk/resources/impl/common";
import * as gatewayConfig from "../../sdk/resources/impl/gateway-config";
import * as provider from "../../sdk/resources/impl/provider";
import * as providerKey from "../../sdk/resources/impl/provider-key";
import type { ProviderKeyOutputs } from "../../sdk/state/provider-key";
import { configRequest, useHarness } from "./helpers";

/** What the host prints for `err` (cmd/dynamic-provider of @pulumi/pulumi, check/diff/read/delete). */
const hostLine = (err: unknown): string => `${String(err)}: ${(err as Error).stack}`;

async function failure(call: () => Promise<unknown>): Promise<Error> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

describe("errors of read and delete, as the engine's provider host prints them", () => {
  const h = useHarness();

  it("prints a refused delete as its code on one line; the message is unchanged", async () => {
    const key = await providerKey.create({
      providerId: "openai",
      name: "primary",
      value: "sk-host-0123456789",
    });
    await h.client.accessKeyConfigurations.create({
      name: "outside",
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key.id }] }] }],
      },
    });
    const err = await failure(() => providerKey.delete(key.id, key.outs as ProviderKeyOutputs));
    expect(err.message).toMatch(/^Could not delete provider key "primary" .*ERR_NGROK_27511/);
    expect(hostLine(err)).toBe("AIGW_CONFLICT: see the error reported for the resource");
  });

  it.each([
    ["provider key", providerKey.read, "aigpk_0000000000000000000000"],
    ["access key configuration", configuration.read, "aigac_0000000000000000000000"],
    ["access key", accessKey.read, "aigak_0000000000000000000000"],
    ["provider", provider.read, "aigp_0000000000000000000000"],
    ["gateway configuration", gatewayConfig.read, "gateway"],
  ] as const)(
    "prints a %s read the API refuses (a wrong key) the same way",
    async (_kind, read, id) => {
      resetConfiguration();
      await configure(
        configRequest({
          "ngrok-ai:apiUrl": h.emulator.url,
          "ngrok-ai:apiKey": "wrong-api-key-0000",
        }),
      );
      const err = await failure(() => read(id, {}));
      expect(err.message).toMatch(/rejected|401/);
      expect(hostLine(err)).toBe("AIGW_AUTH: see the error reported for the resource");
      expect(hostLine(err)).not.toContain("wrong-api-key-0000");
    },
  );

  it("keeps the stack trace of an error aigw did not expect, which a bug report needs", async () => {
    // A state entry that cannot be read (not an API answer, and not one of aigw's errors).
    const unreadable = new Proxy(
      {},
      {
        get() {
          throw new TypeError("state entry unreadable");
        },
      },
    );
    const err = await failure(() => providerKey.read("aigpk_0000000000000000000000", unreadable));
    expect(hostLine(err)).toMatch(
      /^TypeError: state entry unreadable: TypeError: state entry unreadable\n\s+at /,
    );
  });
});
