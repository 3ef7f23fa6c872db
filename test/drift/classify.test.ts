import { classifyDrift, type ClassifyInput } from "../../sdk/drift/classify";
import type { LiveAccount } from "../../sdk/drift/live";
import type { DriftEntry } from "../../sdk/drift/report";
import type { ManagedObject } from "../../sdk/drift/state";
import * as configurationImpl from "../../sdk/resources/impl/access-key-configuration";
import * as configurationState from "../../sdk/state/access-key-configuration";
import * as accessKeyImpl from "../../sdk/resources/impl/access-key";
import * as accessKeyState from "../../sdk/state/access-key";
import * as gatewayConfigImpl from "../../sdk/resources/impl/gateway-config";
import * as gatewayConfigState from "../../sdk/state/gateway-config";
import * as providerImpl from "../../sdk/resources/impl/provider";
import * as providerState from "../../sdk/state/provider";
import * as providerKeyImpl from "../../sdk/resources/impl/provider-key";
import * as providerKeyState from "../../sdk/state/provider-key";
import { redactKeyValue } from "../../sdk/core/redaction";
import {
  KEY_VALUE,
  ROTATED_VALUE,
  SECRET_ENVELOPE,
  accessKey,
  configuration,
  gatewayConfig,
  provider,
  providerKey,
  recordedAccessKey,
  recordedConfiguration,
  recordedGatewayConfig,
  recordedProvider,
  recordedProviderKey,
} from "./fixtures";

/** The account as applied: one object of each kind, recorded as the resources record them. */
function applied(): { managed: ManagedObject[]; live: Required<LiveAccount> } {
  const live = {
    providers: [provider()],
    providerKeys: [providerKey()],
    accessKeyConfigurations: [configuration()],
    accessKeys: [accessKey()],
    gatewayConfig: gatewayConfig(),
  };
  const managed = [
    recordedProvider(live.providers[0]!),
    recordedProviderKey(live.providerKeys[0]!),
    recordedConfiguration(live.accessKeyConfigurations[0]!),
    recordedAccessKey(live.accessKeys[0]!),
    recordedGatewayConfig(live.gatewayConfig),
  ];
  return { managed, live };
}

function classify(
  managed: readonly ManagedObject[],
  live: LiveAccount,
  includeUnmanaged = false,
): ReturnType<typeof classifyDrift> {
  const input: ClassifyInput = { stacks: ["dev"], managed, live, includeUnmanaged };
  return classifyDrift(input);
}

interface Row {
  readonly name: string;
  /** Edits the live account out of band. */
  readonly mutate: (live: Required<LiveAccount>) => Required<LiveAccount>;
  /** The entries expected: class, logical name and changed properties. */
  readonly expected: readonly {
    cls: DriftEntry["class"];
    logicalName: string;
    properties?: string[];
  }[];
}

const ROWS: readonly Row[] = [
  { name: "nothing changed (valid row)", mutate: (l) => l, expected: [] },
  {
    name: "a provider key's description edited",
    mutate: (l) => ({ ...l, providerKeys: [providerKey({ description: "Edited" })] }),
    expected: [{ cls: "changed", logicalName: "openai-primary", properties: ["description"] }],
  },
  {
    name: "a provider key's description cleared",
    mutate: (l) => ({ ...l, providerKeys: [providerKey({ description: "" })] }),
    expected: [{ cls: "changed", logicalName: "openai-primary", properties: ["description"] }],
  },
  {
    name: "a provider key rotated outside Pulumi",
    mutate: (l) => ({
      ...l,
      providerKeys: [providerKey({ keyRedacted: redactKeyValue(ROTATED_VALUE) })],
    }),
    expected: [{ cls: "rotated", logicalName: "openai-primary" }],
  },
  {
    name: "a provider key rotated and renamed",
    mutate: (l) => ({
      ...l,
      providerKeys: [providerKey({ name: "renamed", keyRedacted: redactKeyValue(ROTATED_VALUE) })],
    }),
    expected: [
      { cls: "changed", logicalName: "openai-primary", properties: ["name"] },
      { cls: "rotated", logicalName: "openai-primary" },
    ],
  },
  {
    name: "a provider key deleted",
    mutate: (l) => ({ ...l, providerKeys: [] }),
    expected: [{ cls: "deleted", logicalName: "openai-primary" }],
  },
  {
    name: "an allow-list reordered (sets: no drift)",
    mutate: (l) => ({
      ...l,
      accessKeyConfigurations: [
        configuration({
          access: {
            providers: { allow: ["anthropic", "openai"] },
            models: { allow: ["anthropic:claude-sonnet-4-6", "openai:gpt-4o-mini"] },
          },
        }),
      ],
    }),
    expected: [],
  },
  {
    name: "an allow-list edited",
    mutate: (l) => ({
      ...l,
      accessKeyConfigurations: [
        configuration({
          access: {
            providers: { allow: ["openai", "anthropic"] },
            models: { allow: ["openai:o1-preview"] },
          },
        }),
      ],
    }),
    expected: [{ cls: "changed", logicalName: "search-team", properties: ["access.models.allow"] }],
  },
  {
    name: "an allow-list emptied ([] allows nothing, unlike absent)",
    mutate: (l) => ({
      ...l,
      accessKeyConfigurations: [
        configuration({ access: { providers: { allow: [] }, models: {} } }),
      ],
    }),
    expected: [
      {
        cls: "changed",
        logicalName: "search-team",
        properties: ["access.providers.allow", "access.models.allow"],
      },
    ],
  },
  {
    name: "the scope removed (allow-all)",
    mutate: (l) => {
      const { access: _a, ...rest } = configuration();
      return { ...l, accessKeyConfigurations: [rest] };
    },
    expected: [{ cls: "changed", logicalName: "search-team", properties: ["access"] }],
  },
  {
    name: "failover steps reordered (order is failover: drift)",
    mutate: (l) => {
      const c = configuration();
      const steps = c.router!.rules![0]!.steps;
      return {
        ...l,
        accessKeyConfigurations: [
          configuration({
            router: { rules: [{ provider: "openai", steps: [...steps].reverse() }] },
          }),
        ],
      };
    },
    expected: [{ cls: "changed", logicalName: "search-team", properties: ["router.rules[0]"] }],
  },
  {
    name: "the only key selection strategy made implicit (no drift)",
    mutate: (l) => {
      const c = configuration();
      const rule = c.router!.rules![0]!;
      const [first, second] = rule.steps;
      const { keySelectionStrategy: _k, ...plain } = first!;
      return {
        ...l,
        accessKeyConfigurations: [
          configuration({ router: { rules: [{ ...rule, steps: [plain, second!] }] } }),
        ],
      };
    },
    expected: [],
  },
  {
    name: "a routing rule added",
    mutate: (l) => {
      const c = configuration();
      return {
        ...l,
        accessKeyConfigurations: [
          configuration({
            router: {
              rules: [...c.router!.rules!, { provider: "anthropic", steps: [{ type: "ngrok" }] }],
            },
          }),
        ],
      };
    },
    expected: [{ cls: "changed", logicalName: "search-team", properties: ["router"] }],
  },
  {
    name: "an access key unlinked from its configuration",
    mutate: (l) => ({ ...l, accessKeys: [accessKey({ accessKeyConfiguration: null })] }),
    expected: [
      { cls: "changed", logicalName: "search-prod", properties: ["accessKeyConfigurationId"] },
    ],
  },
  {
    name: "an access key deleted",
    mutate: (l) => ({ ...l, accessKeys: [] }),
    expected: [{ cls: "deleted", logicalName: "search-prod" }],
  },
  {
    name: "a custom provider's models and base URL edited",
    mutate: (l) => ({
      ...l,
      providers: [provider({ baseUrl: "https://other.internal", models: [] })],
    }),
    expected: [{ cls: "changed", logicalName: "local-llm", properties: ["baseUrl", "models"] }],
  },
  {
    name: "a timeout written differently but as long (no drift)",
    mutate: (l) => ({ ...l, gatewayConfig: gatewayConfig({ perRequestTimeout: "0.5m" }) }),
    expected: [],
  },
  {
    name: "a declared timeout changed",
    mutate: (l) => ({ ...l, gatewayConfig: gatewayConfig({ totalTimeout: "2m" }) }),
    expected: [{ cls: "changed", logicalName: "gateway-config", properties: ["totalTimeout"] }],
  },
  {
    name: "an undeclared gateway setting changed (not this stack's business)",
    mutate: (l) => ({ ...l, gatewayConfig: gatewayConfig({ maxInputTokens: 1000 }) }),
    expected: [],
  },
];

describe("classifyDrift", () => {
  it.each(ROWS)("$name", ({ mutate, expected }) => {
    const { managed, live } = applied();
    const result = classify(managed, mutate(live));
    expect(
      result.entries.map((e) => ({
        cls: e.class,
        logicalName: e.logicalName,
        ...(e.changes !== undefined ? { properties: e.changes.map((c) => c.property) } : {}),
      })),
    ).toEqual(expected);
    expect(result.summary.managed).toBe(5);
    expect(result.summary.inSync).toBe(5 - new Set(expected.map((e) => e.logicalName)).size);
  });

  it("reports a changed property with both sides, and the set difference of an allow-list", () => {
    const { managed, live } = applied();
    const result = classify(managed, {
      ...live,
      accessKeyConfigurations: [
        configuration({
          access: {
            providers: { allow: ["openai", "anthropic"] },
            models: { allow: ["openai:gpt-4o-mini", "openai:o1-preview"] },
          },
        }),
      ],
    });
    expect(result.entries).toHaveLength(1);
    const entry = result.entries[0]!;
    expect(entry).toMatchObject({
      class: "changed",
      kind: "accessKeyConfiguration",
      id: "aigac_1",
      stack: "dev",
      logicalName: "search-team",
      type: "pulumi-nodejs:dynamic/ngrok-ai:AccessKeyConfiguration",
    });
    expect(entry.changes).toEqual([
      {
        property: "access.models.allow",
        recorded: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"],
        live: ["openai:gpt-4o-mini", "openai:o1-preview"],
        added: ["openai:o1-preview"],
        removed: ["anthropic:claude-sonnet-4-6"],
      },
    ]);
    expect(entry.message).toMatch(/changed outside Pulumi: access\.models\.allow/);
  });

  it("leaves out the side of a change that is absent", () => {
    const { managed, live } = applied();
    const result = classify(managed, { ...live, providerKeys: [providerKey({ description: "" })] });
    expect(result.entries[0]!.changes).toEqual([{ property: "description", recorded: "Primary" }]);
  });

  it("reports a rotation by redaction only, never a value", () => {
    const { managed, live } = applied();
    const result = classify(managed, {
      ...live,
      providerKeys: [
        providerKey({
          keyRedacted: redactKeyValue(ROTATED_VALUE),
          updatedAt: "2026-02-02T00:00:00Z",
        }),
      ],
    });
    expect(result.entries).toEqual([
      expect.objectContaining({
        class: "rotated",
        keyRedacted: { recorded: redactKeyValue(KEY_VALUE), live: redactKeyValue(ROTATED_VALUE) },
        liveUpdatedAt: "2026-02-02T00:00:00Z",
      }),
    ]);
    const text = JSON.stringify(result);
    expect(text).not.toContain(KEY_VALUE);
    expect(text).not.toContain(ROTATED_VALUE);
    expect(text).not.toContain("ciphertext");
  });

  it("lists objects no stack manages only when asked, and never the ones it manages", () => {
    const { managed, live } = applied();
    const withStray = {
      ...live,
      providerKeys: [...live.providerKeys, providerKey({ id: "aigpk_stray", name: "stray" })],
      accessKeys: [...live.accessKeys, accessKey({ id: "aigk_stray", name: "stray-key" })],
    };
    expect(classify(managed, withStray).entries).toEqual([]);
    const result = classify(managed, withStray, true);
    expect(result.entries.map((e) => [e.class, e.kind, e.id])).toEqual([
      ["unmanaged", "providerKey", "aigpk_stray"],
      ["unmanaged", "accessKey", "aigk_stray"],
    ]);
    expect(result.entries[0]).not.toHaveProperty("stack");
    expect(result.entries[0]).not.toHaveProperty("urn");
    expect(result.summary).toMatchObject({ unmanaged: 2, drifted: 2, inSync: 5 });
  });

  it("neither compares nor lists as unmanaged a resource whose deletion is pending", () => {
    const { managed, live } = applied();
    const old = {
      ...recordedAccessKey(accessKey({ id: "aigk_old" }), "search-prod"),
      pendingDelete: true,
    };
    const result = classify(
      [...managed, old],
      { ...live, accessKeys: [...live.accessKeys, accessKey({ id: "aigk_old", name: "x" })] },
      true,
    );
    expect(result.entries).toEqual([]);
    expect(result.summary.managed).toBe(5);
  });

  it("skips a property recorded as a secret instead of showing its live value", () => {
    const { managed } = applied();
    const key = managed[1]!;
    const secretDescription = { ...key, outputs: { ...key.outputs, description: SECRET_ENVELOPE } };
    const result = classify([secretDescription], {
      providerKeys: [providerKey({ description: "now visible" })],
    });
    expect(result.entries).toEqual([]);
  });

  it("keys entries by stack when several stacks are compared", () => {
    const { live } = applied();
    const a = recordedProviderKey(providerKey(), "k");
    const b = { ...recordedProviderKey(providerKey({ id: "aigpk_2" }), "k"), stack: "prod" };
    const result = classifyDrift({
      stacks: ["dev", "prod"],
      managed: [b, a],
      live: { ...live, providerKeys: [providerKey({ description: "x" })] },
      includeUnmanaged: false,
    });
    expect(result.entries.map((e) => [e.stack, e.class])).toEqual([
      ["dev", "changed"],
      ["prod", "deleted"],
    ]);
  });
});

/** Refresh's verdict: `diff(olds = what read records from live, news = the recorded inputs)`. */
async function refreshSeesChange(
  object: ManagedObject,
  live: Required<LiveAccount>,
): Promise<boolean> {
  const outs = object.outputs;
  const inputsOf = (drop: string[]): Record<string, unknown> => {
    const inputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outs)) {
      if (k === "__provider" || drop.includes(k)) continue;
      inputs[k] = v === SECRET_ENVELOPE ? KEY_VALUE : v;
    }
    return inputs;
  };
  switch (object.kind) {
    case "providerKey": {
      const l = live.providerKeys.find((k) => k.id === object.id);
      if (l === undefined) return true;
      const rotated = l.keyRedacted !== outs.keyRedacted;
      const olds = providerKeyState.toOutputs(l, rotated ? undefined : KEY_VALUE, undefined);
      const news = inputsOf(["keyRedacted", "createdAt", "updatedAt"]);
      return (await providerKeyImpl.diff(object.id, olds, news as never)).changes === true;
    }
    case "accessKeyConfiguration": {
      const l = live.accessKeyConfigurations.find((c) => c.id === object.id);
      if (l === undefined) return true;
      const news = inputsOf(["createdAt", "updatedAt"]);
      return (
        (
          await configurationImpl.diff(
            object.id,
            configurationState.toOutputs(l, undefined),
            news as never,
          )
        ).changes === true
      );
    }
    case "accessKey": {
      const l = live.accessKeys.find((k) => k.id === object.id);
      if (l === undefined) return true;
      const news = inputsOf([
        "token",
        "keyRedacted",
        "accessKeyConfigurationName",
        "createdAt",
        "updatedAt",
      ]);
      return (
        (await accessKeyImpl.diff(object.id, accessKeyState.toOutputs(l, {}), news as never))
          .changes === true
      );
    }
    case "provider": {
      const l = live.providers.find((p) => p.id === object.id);
      if (l === undefined) return true;
      const news = inputsOf(["createdAt", "updatedAt"]);
      return (
        (await providerImpl.diff(object.id, providerState.toOutputs(l, undefined), news as never))
          .changes === true
      );
    }
    case "gatewayConfig": {
      const news = inputsOf(["accountId"]);
      const olds = gatewayConfigState.toOutputs(live.gatewayConfig, news);
      return (await gatewayConfigImpl.diff(object.id, olds, news)).changes === true;
    }
  }
}

describe("classifyDrift agrees with the resources' diff (what pulumi refresh reports)", () => {
  it.each(ROWS)("$name", async ({ mutate }) => {
    const { managed, live } = applied();
    const mutated = mutate(live);
    const drifted = new Set(classify(managed, mutated).entries.map((e) => e.urn));
    for (const object of managed) {
      expect([object.logicalName, drifted.has(object.urn)]).toEqual([
        object.logicalName,
        await refreshSeesChange(object, mutated),
      ]);
    }
  });
});
