// Live API objects and recorded state for the drift tests: the recorded outputs are built with
// the resources' own `toOutputs`, exactly as an apply would have recorded them.
import type {
  AccessKey,
  AccessKeyConfiguration,
  GatewayConfig,
  Provider,
  ProviderKey,
} from "../../sdk/client/types";
import { searchTeamAccess } from "../helpers/scopes";
import { toOutputs as configurationOutputs } from "../../sdk/state/access-key-configuration";
import { toOutputs as accessKeyOutputs } from "../../sdk/state/access-key";
import { toOutputs as gatewayConfigOutputs } from "../../sdk/state/gateway-config";
import { toOutputs as providerOutputs } from "../../sdk/state/provider";
import { toOutputs as providerKeyOutputs } from "../../sdk/state/provider-key";
import { redactKeyValue } from "../../sdk/core/redaction";
import type { ManagedObject } from "../../sdk/drift/state";
import { TYPE_TOKENS } from "../../sdk/drift/state";
import type { DriftObjectKind } from "../../sdk/drift/report";

const REF = { id: "u_1", uri: "https://api.ngrok.ai/users/u_1" };
const T0 = "2026-01-01T00:00:00Z";

/** The fields the API gives every object of `collection`: id, uri, timestamps and author. */
function apiObject(collection: string, id: string) {
  const uri = `https://api.ngrok.ai/${collection}/${id}`;
  return { id, uri, createdAt: T0, updatedAt: T0, createdBy: REF, lastUpdatedBy: REF };
}

/** What Pulumi state holds for a secret output (never decrypted by drift). */
export const SECRET_ENVELOPE = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ciphertext: "v1:AAAA:BBBB",
};

export const KEY_VALUE = "sk-proj-unit-test-AAAAAAAAAAAAAAAA-0001";
export const ROTATED_VALUE = "sk-proj-unit-rotated-BBBBBBBBBBBB-0002";

export function providerKey(over: Partial<ProviderKey> = {}): ProviderKey {
  return {
    ...apiObject("provider-keys", "aigpk_1"),
    providerId: "openai",
    name: "openai-primary",
    keyRedacted: redactKeyValue(KEY_VALUE),
    description: "Primary",
    ...over,
  };
}

export function configuration(over: Partial<AccessKeyConfiguration> = {}): AccessKeyConfiguration {
  return {
    ...apiObject("access-key-configurations", "aigac_1"),
    name: "search-team",
    access: searchTeamAccess(),
    router: {
      rules: [
        {
          provider: "openai",
          steps: [
            {
              type: "user",
              keys: [{ id: "aigpk_1", name: "openai-primary", keyRedacted: "x" }],
              keySelectionStrategy: "ordered",
            },
            { type: "ngrok" },
          ],
        },
      ],
    },
    ...over,
  };
}

export function accessKey(over: Partial<AccessKey> = {}): AccessKey {
  return {
    ...apiObject("access-keys", "aigk_1"),
    keyRedacted: "ng-2mX2a***k9Qz",
    name: "search-prod",
    accessKeyConfiguration: { id: "aigac_1", uri: "u", name: "search-team" },
    ...over,
  };
}

export function provider(over: Partial<Provider> = {}): Provider {
  return {
    ...apiObject("providers", "aigp_1"),
    providerId: "local-llm",
    name: "local-llm",
    baseUrl: "https://llm.internal",
    supportedApiSurfaces: [{ format: "openai", surface: "chat-completions" }],
    models: [{ id: "m1", modelId: "llama-3.1-8b" }],
    ...over,
  };
}

export function gatewayConfig(over: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    accountId: "acc_1",
    uri: "https://api.ngrok.ai/gateway-config",
    perRequestTimeout: "30s",
    totalTimeout: "90s",
    maxInputTokens: null,
    maxOutputTokens: null,
    metadata: null,
    ...over,
  };
}

function managed(
  kind: DriftObjectKind,
  logicalName: string,
  id: string,
  outputs: Record<string, unknown>,
  stack = "dev",
): ManagedObject {
  return {
    stack,
    urn: `urn:pulumi:${stack}::proj::${TYPE_TOKENS[kind]}::${logicalName}`,
    logicalName,
    kind,
    type: TYPE_TOKENS[kind],
    id,
    outputs: { __provider: SECRET_ENVELOPE, ...outputs },
    pendingDelete: false,
  };
}

/** Recorded state of a provider key, as `create` records it (value a secret envelope). */
export function recordedProviderKey(
  live: ProviderKey,
  logicalName = "openai-primary",
): ManagedObject {
  const outs = providerKeyOutputs(live, KEY_VALUE, undefined) as unknown as Record<string, unknown>;
  return managed("providerKey", logicalName, live.id, { ...outs, value: SECRET_ENVELOPE });
}

export function recordedConfiguration(
  live: AccessKeyConfiguration,
  logicalName = "search-team",
): ManagedObject {
  return managed(
    "accessKeyConfiguration",
    logicalName,
    live.id,
    configurationOutputs(live, undefined) as unknown as Record<string, unknown>,
  );
}

export function recordedAccessKey(live: AccessKey, logicalName = "search-prod"): ManagedObject {
  const outs = accessKeyOutputs(live, { token: "secret" }) as unknown as Record<string, unknown>;
  return managed("accessKey", logicalName, live.id, { ...outs, token: SECRET_ENVELOPE });
}

export function recordedProvider(live: Provider, logicalName = "local-llm"): ManagedObject {
  return managed(
    "provider",
    logicalName,
    live.id,
    providerOutputs(live, undefined) as unknown as Record<string, unknown>,
  );
}

export function recordedGatewayConfig(
  live: GatewayConfig,
  declared: Record<string, unknown> = { perRequestTimeout: "30s", totalTimeout: "90s" },
): ManagedObject {
  return managed(
    "gatewayConfig",
    "gateway-config",
    "gateway-config",
    gatewayConfigOutputs(live, declared) as unknown as Record<string, unknown>,
  );
}

/** The URN and the id of the stack's default provider for dynamic resources. */
export const DEFAULT_PROVIDER_URN = "urn:pulumi:dev::proj::pulumi:providers:pulumi-nodejs::default";
export const DEFAULT_PROVIDER_ID = "11111111-2222-3333-4444-555555555555";

/** The default provider reference every resource of the stack carries in state: URN and id. */
export const DEFAULT_PROVIDER = `${DEFAULT_PROVIDER_URN}::${DEFAULT_PROVIDER_ID}`;

/** The serialized provider a dynamic resource records in its inputs and outputs. */
export const PROVIDER_TEXT = 'exports.handler = () => require("pulumi-ngrok-ai");\n';

/**
 * A pending operation as an interrupted update records it: the resource with its inputs (the
 * serialized provider included), no id for a create, and no outputs.
 */
export function pendingOperation(
  kind: DriftObjectKind,
  logicalName: string,
  inputs: Record<string, unknown>,
  operation = "creating",
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const urn = `urn:pulumi:dev::proj::${TYPE_TOKENS[kind]}::${logicalName}`;
  return {
    resource: {
      urn,
      custom: true,
      type: TYPE_TOKENS[kind],
      inputs: { __provider: PROVIDER_TEXT, ...inputs },
      parent: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
      provider: DEFAULT_PROVIDER,
      ...extra,
    },
    type: operation,
  };
}

/** The URN of resource `logicalName` of `kind` in stack dev of project proj. */
export function urnOf(kind: DriftObjectKind, logicalName: string): string {
  return `urn:pulumi:dev::proj::${TYPE_TOKENS[kind]}::${logicalName}`;
}

/**
 * A `pulumi stack export` document holding `managed` (as state resources) and `pending`. Each
 * resource names the default provider by URN and id, as the engine records it, and the provider
 * records `providerConfig` (its `ngrok-ai:*` config at the last update; none by default, so the
 * API URL is the default one, as `pulumi refresh` would take it).
 */
export function stackDocument(
  managed: readonly ManagedObject[],
  pending: readonly Record<string, unknown>[] = [],
  providerConfig: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-03-01T12:00:00Z", magic: "m", version: "v3.248.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:x" } },
      resources: [
        {
          urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
          custom: false,
          type: "pulumi:pulumi:Stack",
        },
        {
          urn: DEFAULT_PROVIDER_URN,
          custom: true,
          id: DEFAULT_PROVIDER_ID,
          type: "pulumi:providers:pulumi-nodejs",
          inputs: providerConfig,
          outputs: providerConfig,
        },
        ...managed.map((m) => ({
          urn: m.urn,
          custom: true,
          id: m.id,
          type: m.type,
          inputs: {},
          outputs: m.outputs,
          provider: DEFAULT_PROVIDER,
        })),
      ],
      ...(pending.length > 0 ? { pending_operations: pending } : {}),
    },
  };
}
