// recordedProviderConfigOf: the provider config a stack's state recorded for our resources, which
// `pulumi refresh` configures them with, so drift reads the account refresh would.
import { type StackDocument, TYPE_TOKENS, recordedProviderConfigOf } from "../../sdk/drift/state";
import { SECRET_ENVELOPE } from "./fixtures";

const PROVIDER_URN = "urn:pulumi:dev::proj::pulumi:providers:pulumi-nodejs::default";

function provider(id: string, inputs?: Record<string, unknown>): Record<string, unknown> {
  return {
    urn: PROVIDER_URN,
    custom: true,
    id,
    type: "pulumi:providers:pulumi-nodejs",
    ...(inputs !== undefined ? { inputs, outputs: inputs } : {}),
  };
}

function key(name: string, providerRef: string | undefined, over: object = {}): object {
  return {
    urn: `urn:pulumi:dev::proj::${TYPE_TOKENS.providerKey}::${name}`,
    custom: true,
    id: `aigpk_${name}`,
    type: TYPE_TOKENS.providerKey,
    outputs: {},
    ...(providerRef !== undefined ? { provider: providerRef } : {}),
    ...over,
  };
}

function document(...resources: object[]): StackDocument {
  return { version: 3, deployment: { resources } };
}

describe("recordedProviderConfigOf", () => {
  it("reads ngrok-ai:apiUrl from the provider our resources name (its URN and id)", () => {
    const state = document(
      provider("p1", {
        "ngrok-ai:apiUrl": "https://recorded.example",
        "ngrok-ai:apiKey": SECRET_ENVELOPE,
      }),
      key("a", `${PROVIDER_URN}::p1`),
      key("b", `${PROVIDER_URN}::p1`),
    );
    expect(recordedProviderConfigOf(state)).toEqual({ apiUrl: "https://recorded.example" });
  });

  it("records no URL when the last update had none (the resources read the environment)", () => {
    expect(
      recordedProviderConfigOf(document(provider("p1", {}), key("a", `${PROVIDER_URN}::p1`))),
    ).toEqual({});
    expect(
      recordedProviderConfigOf(
        document(provider("p1", { "ngrok-ai:apiUrl": "" }), key("a", `${PROVIDER_URN}::p1`)),
      ),
    ).toEqual({});
    // A stack without config: the engine leaves the provider's inputs out.
    expect(
      recordedProviderConfigOf(document(provider("p1"), key("a", `${PROVIDER_URN}::p1`))),
    ).toEqual({});
  });

  it("knows nothing when no resource of ours names a provider the state holds", () => {
    expect(recordedProviderConfigOf(document())).toBeUndefined();
    expect(
      recordedProviderConfigOf(document(provider("p1", {}), key("a", undefined))),
    ).toBeUndefined();
    expect(
      recordedProviderConfigOf(document(provider("p1", {}), key("a", `${PROVIDER_URN}::p2`))),
    ).toBeUndefined();
  });

  it("knows nothing when the URL is a secret or two providers recorded different URLs", () => {
    expect(
      recordedProviderConfigOf(
        document(
          provider("p1", { "ngrok-ai:apiUrl": SECRET_ENVELOPE }),
          key("a", `${PROVIDER_URN}::p1`),
        ),
      ),
    ).toBeUndefined();
    expect(
      recordedProviderConfigOf(
        document(
          provider("p1", { "ngrok-ai:apiUrl": "https://one.example" }),
          provider("p2", { "ngrok-ai:apiUrl": "https://two.example" }),
          key("a", `${PROVIDER_URN}::p1`),
          key("b", `${PROVIDER_URN}::p2`),
        ),
      ),
    ).toBeUndefined();
  });

  it("does not count a resource waiting for deletion under an earlier provider", () => {
    const state = document(
      provider("p1", { "ngrok-ai:apiUrl": "https://old.example" }),
      provider("p2", { "ngrok-ai:apiUrl": "https://new.example" }),
      key("a", `${PROVIDER_URN}::p1`, { delete: true }),
      key("a", `${PROVIDER_URN}::p2`),
    );
    expect(recordedProviderConfigOf(state)).toEqual({ apiUrl: "https://new.example" });
  });
});
