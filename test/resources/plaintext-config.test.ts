// A secret the program reads from stack config (a provider key's `value: {secret: key}`, the API
// key `ngrok-ai:apiKey`) that was set without --secret sits in plaintext in Pulumi.<stack>.yaml,
// which is usually committed. The state keeps it secret either way; the program says so once per
// key, naming the key and how to fix it, never the value.
import * as pulumi from "@pulumi/pulumi";
import { stackSecret } from "../../sdk/apply/declare";
import { ProviderKey } from "../../sdk/resources";
import { resetPlaintextConfigWarnings } from "../../sdk/resources/config-check";
import { useProgramMocks } from "./mocks";

const VALUE = "sk-proj-PLAINTEXTinSTACKconfig000012345";
const API_KEY = "aigw_PLAINTEXTapiKEY0000000000000000000000000000";

beforeAll(() => useProgramMocks());

let warn: jest.SpyInstance;
beforeEach(() => {
  resetPlaintextConfigWarnings();
  warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
});
afterEach(() => {
  warn.mockRestore();
  pulumi.runtime.setAllConfig({}, []);
});

const warnings = (): string[] => (warn.mock.calls as unknown[][]).map((call) => String(call[0]));

/** Declares a provider key and waits until the (mock) engine has registered it. */
function registered(name: string): Promise<string> {
  const key = new ProviderKey(name, { providerId: "openai", value: pulumi.secret("x") });
  return new Promise((resolve) => key.urn.apply(resolve));
}

describe("a secret read from plaintext stack config", () => {
  it("warns once for a {secret: key} set without --secret, naming the key, not the value", () => {
    pulumi.runtime.setAllConfig({ "project:openaiPrimary": VALUE }, []);
    expect(stackSecret("openaiPrimary")).toBeDefined();
    stackSecret("openaiPrimary");
    expect(warnings()).toEqual([
      "Stack config project:openaiPrimary is stored in plaintext in the stack's settings file (Pulumi.<stack>.yaml), yet it is read as a secret: set it again with pulumi config set --secret openaiPrimary <value>, and rotate the key if that file was ever committed. The state never holds it in plaintext.",
    ]);
    expect(warnings().join("\n")).not.toContain(VALUE);
  });

  it("says nothing for a key set with --secret, or one that is not set", () => {
    pulumi.runtime.setAllConfig({ "project:openaiPrimary": VALUE }, ["project:openaiPrimary"]);
    stackSecret("openaiPrimary");
    expect(stackSecret("unset")).toBeUndefined();
    expect(warnings()).toEqual([]);
  });

  it("reads a namespaced key from its own namespace", () => {
    pulumi.runtime.setAllConfig({ "team:anthropicKey": VALUE }, []);
    stackSecret("team:anthropicKey");
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain(
      "Stack config team:anthropicKey is stored in plaintext in the stack's settings file",
    );
    expect(warnings()[0]).toContain("pulumi config set --secret team:anthropicKey <value>");
  });

  it("warns once for an ngrok-ai:apiKey set without --secret when a resource is declared", async () => {
    pulumi.runtime.setAllConfig({ "ngrok-ai:apiKey": API_KEY }, []);
    await Promise.all([registered("a"), registered("b")]);
    expect(warnings()).toEqual([
      "Stack config ngrok-ai:apiKey is stored in plaintext in the stack's settings file (Pulumi.<stack>.yaml), yet it is read as a secret: set it again with pulumi config set --secret ngrok-ai:apiKey <value>, and rotate the key if that file was ever committed. The state never holds it in plaintext.",
    ]);
    expect(warnings().join("\n")).not.toContain(API_KEY);
  });

  it("says nothing for an ngrok-ai:apiKey set with --secret", async () => {
    pulumi.runtime.setAllConfig({ "ngrok-ai:apiKey": API_KEY }, ["ngrok-ai:apiKey"]);
    await registered("c");
    expect(warnings()).toEqual([]);
  });
});
