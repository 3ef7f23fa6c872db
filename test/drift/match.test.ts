import { DriftError } from "../../sdk/drift/errors";
import type { LiveAccount } from "../../sdk/drift/live";
import {
  type LiveCandidate,
  type PendingDecision,
  kindsOfPendingCreates,
  matchPendingOperations,
  matchesDeclared,
} from "../../sdk/drift/match";
import { pendingOperationsOf } from "../../sdk/drift/pending";
import type { StackDocument } from "../../sdk/drift/state";
import {
  SECRET_ENVELOPE,
  accessKey,
  configuration,
  gatewayConfig,
  pendingOperation,
  provider,
  providerKey,
  recordedConfiguration,
  recordedProviderKey,
  stackDocument,
  urnOf,
} from "./fixtures";

/** What the create of configuration "search-team" sent (the shape of `configuration()`). */
const CONFIGURATION_INPUTS = {
  name: "search-team",
  access: {
    providers: { allow: ["anthropic", "openai"] }, // a set: order does not matter
    models: { allow: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"] },
  },
  router: {
    rules: [
      {
        provider: "openai",
        steps: [{ type: "user", keys: [{ id: "aigpk_1" }] }, { type: "ngrok" }],
      },
    ],
  },
};

const KEY_INPUTS = {
  providerId: "openai",
  name: "openai-primary",
  description: "Primary",
  value: SECRET_ENVELOPE,
};

function match(
  pending: Record<string, unknown>[],
  live: LiveAccount,
  options: {
    managed?: Parameters<typeof stackDocument>[0];
    decisions?: ReadonlyMap<string, PendingDecision>;
  } = {},
) {
  const document = stackDocument(options.managed ?? [], pending) as unknown as StackDocument;
  const operations = pendingOperationsOf(document, "dev");
  return matchPendingOperations({
    pending: operations,
    managed: options.managed ?? [],
    live,
    ...(options.decisions !== undefined ? { decisions: options.decisions } : {}),
  });
}

describe("matchPendingOperations", () => {
  it("adopts the one unrecorded live object whose declared properties are what the create sent", () => {
    const [m] = match(
      [pendingOperation("accessKeyConfiguration", "search-team", CONFIGURATION_INPUTS)],
      {
        accessKeyConfigurations: [
          configuration({ id: "aigac_other", name: "other-team" }),
          configuration({ id: "aigac_made" }),
        ],
      },
    );
    expect(m).toMatchObject({ resolution: "adopt", decided: false, target: { id: "aigac_made" } });
    expect(m!.candidates.map((c) => c.id)).toEqual(["aigac_made"]);
  });

  it("never offers an object the stack records, even one with the same properties", () => {
    const recorded = configuration({ id: "aigac_recorded" });
    const [m] = match(
      [pendingOperation("accessKeyConfiguration", "search-team", CONFIGURATION_INPUTS)],
      { accessKeyConfigurations: [recorded] },
      { managed: [recordedConfiguration(recorded, "search-team-old")] },
    );
    expect(m).toMatchObject({ resolution: "clear", candidates: [] });
  });

  it("clears a create that made nothing: no live object has its declared properties", () => {
    const [m] = match(
      [pendingOperation("accessKeyConfiguration", "search-team", CONFIGURATION_INPUTS)],
      {
        // Same name, but the models scope differs: not what this create sent.
        accessKeyConfigurations: [configuration({ access: { models: { allow: ["openai:o1"] } } })],
      },
    );
    expect(m).toMatchObject({ resolution: "clear", candidates: [] });
  });

  it("deletes the access key a create made: its token was only in the lost response", () => {
    const [m] = match(
      [
        pendingOperation("accessKey", "search-prod", {
          name: "search-prod",
          accessKeyConfigurationId: "aigac_1",
        }),
      ],
      {
        accessKeys: [
          accessKey({ id: "aigk_made" }),
          accessKey({
            id: "aigk_elsewhere",
            accessKeyConfiguration: { id: "aigac_2", uri: "u", name: "x" },
          }),
        ],
      },
    );
    expect(m).toMatchObject({ resolution: "delete", target: { id: "aigk_made" } });
  });

  it("adopts, not deletes, the access key an adopt create names (it made no new key)", () => {
    const [m] = match(
      [pendingOperation("accessKey", "search-prod", { name: "search-prod", adopt: "aigk_old" })],
      {
        accessKeys: [
          accessKey({ id: "aigk_old", name: "renamed" }),
          accessKey({ id: "aigk_made" }),
        ],
      },
    );
    expect(m).toMatchObject({ resolution: "adopt", target: { id: "aigk_old" } });
  });

  it("reports two matching live objects as ambiguous and picks neither", () => {
    const [m] = match([pendingOperation("providerKey", "openai-primary", KEY_INPUTS)], {
      providerKeys: [providerKey({ id: "aigpk_a" }), providerKey({ id: "aigpk_b" })],
    });
    expect(m!.resolution).toBe("ambiguous");
    expect(m!.target).toBeUndefined();
    expect(m!.candidates.map((c) => c.id)).toEqual(["aigpk_a", "aigpk_b"]);
  });

  it("reports one live object that two pending creates match as ambiguous for both", () => {
    const matches = match(
      [
        pendingOperation("accessKey", "a", { name: "search-prod" }),
        pendingOperation("accessKey", "b", { name: "search-prod" }),
      ],
      { accessKeys: [accessKey({ id: "aigk_1", accessKeyConfiguration: null })] },
    );
    expect(matches.map((m) => m.resolution)).toEqual(["ambiguous", "ambiguous"]);
  });

  it("takes a person's decision for an ambiguous create: an id adopts it, none clears it", () => {
    const live = { providerKeys: [providerKey({ id: "aigpk_a" }), providerKey({ id: "aigpk_b" })] };
    const pending = [pendingOperation("providerKey", "openai-primary", KEY_INPUTS)];
    const urn = urnOf("providerKey", "openai-primary");
    const [chosen] = match(pending, live, { decisions: new Map([[urn, "aigpk_b"]]) });
    expect(chosen).toMatchObject({ resolution: "adopt", decided: true, target: { id: "aigpk_b" } });
    const [none] = match(pending, live, { decisions: new Map([[urn, null]]) });
    expect(none).toMatchObject({ resolution: "clear", decided: true });
  });

  it.each([
    [
      "a URN that is not a pending create",
      "urn:pulumi:dev::proj::x::y",
      "aigpk_a",
      /no pending create with that URN/,
    ],
    [
      "an id the account does not hold",
      urnOf("providerKey", "openai-primary"),
      "aigpk_zzz",
      /has no providerKey aigpk_zzz/,
    ],
  ])("refuses a decision that names %s, saying what would be valid", (_what, urn, id, message) => {
    const run = () =>
      match(
        [pendingOperation("providerKey", "openai-primary", KEY_INPUTS)],
        {
          providerKeys: [providerKey({ id: "aigpk_a" })],
        },
        { decisions: new Map([[urn, id]]) },
      );
    expect(run).toThrow(DriftError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect((err as DriftError).code).toBe("AIGW_RECOVER_MATCH");
    }
  });

  it("adopts the gateway configuration singleton for its pending create", () => {
    const [m] = match(
      [pendingOperation("gatewayConfig", "gateway-config", { totalTimeout: "90s" })],
      {
        gatewayConfig: gatewayConfig(),
      },
    );
    expect(m).toMatchObject({ resolution: "adopt", target: { id: "gateway-config" } });
  });

  it("leaves updates and deletes to a refresh, and ignores other providers' resources", () => {
    const recorded = providerKey();
    const matches = match(
      [
        pendingOperation("providerKey", "openai-primary", KEY_INPUTS, "updating", {
          id: "aigpk_1",
        }),
        {
          resource: {
            urn: "urn:pulumi:dev::proj::random:index/randomId:RandomId::r",
            type: "random:index/randomId:RandomId",
            inputs: {},
          },
          type: "creating",
        },
      ],
      { providerKeys: [recorded] },
      { managed: [recordedProviderKey(recorded)] },
    );
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ resolution: "refresh", candidates: [] });
    expect(matches[0]!.operation).toMatchObject({ operation: "updating", id: "aigpk_1" });
  });

  it("reads only the kinds whose creates are pending", () => {
    const document = stackDocument(
      [],
      [
        pendingOperation("accessKey", "k", { name: "k" }),
        pendingOperation("providerKey", "p", KEY_INPUTS, "updating", { id: "aigpk_1" }),
      ],
    ) as unknown as StackDocument;
    expect([...kindsOfPendingCreates(pendingOperationsOf(document, "dev"))]).toEqual(["accessKey"]);
  });
});

/** `matchesDeclared` for a live object of `kind`. */
function declares(
  kind: LiveCandidate["kind"],
  inputs: Record<string, unknown>,
  object: { id: string },
): boolean {
  return matchesDeclared(inputs, { kind, id: object.id, object } as LiveCandidate);
}

describe("matchesDeclared", () => {
  it("compares provider keys by their labels, never by the (secret) value", () => {
    expect(declares("providerKey", KEY_INPUTS, providerKey())).toBe(true);
    expect(declares("providerKey", { ...KEY_INPUTS, providerId: "anthropic" }, providerKey())).toBe(
      false,
    );
    expect(declares("providerKey", { ...KEY_INPUTS, description: "Backup" }, providerKey())).toBe(
      false,
    );
  });

  it("takes an empty description as none, as the API stores it", () => {
    expect(
      declares("providerKey", { ...KEY_INPUTS, description: "" }, providerKey({ description: "" })),
    ).toBe(true);
  });

  it("compares router rules in order: another failover order is another configuration", () => {
    const twoKeys = (ids: string[]) => ({
      ...CONFIGURATION_INPUTS,
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: ids.map((id) => ({ id })) }] }],
      },
    });
    const live = configuration({
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              {
                type: "user",
                keys: [
                  { id: "k1", name: "a", keyRedacted: "x" },
                  { id: "k2", name: "b", keyRedacted: "y" },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(declares("accessKeyConfiguration", twoKeys(["k1", "k2"]), live)).toBe(true);
    expect(declares("accessKeyConfiguration", twoKeys(["k2", "k1"]), live)).toBe(false);
  });

  it("compares a custom provider's id, URL and models", () => {
    const inputs = {
      providerId: "local-llm",
      name: "local-llm",
      baseUrl: "https://llm.internal",
      supportedApiSurfaces: [{ format: "openai", surface: "chat-completions" }],
      models: [{ modelId: "llama-3.1-8b" }],
    };
    expect(declares("provider", inputs, provider())).toBe(true);
    expect(declares("provider", { ...inputs, baseUrl: "https://other" }, provider())).toBe(false);
  });
});
