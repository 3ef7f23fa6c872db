// GatewayConfig: the account singleton. Create and update PATCH the declared fields; delete
// restores the documented defaults. Fields that are not declared are left alone, so a program that
// only sets timeouts never fights a token cap set elsewhere.
import type * as pulumi from "@pulumi/pulumi";
import type { GatewayConfig, GatewayConfigUpdate } from "../../client/types";
import { apiClient, explained, unlessGone } from "./api";
import { containsUnknown, diffResult, inputChecker } from "./inputs";
import { clean, readResult } from "./state";

export { configure } from "./common";

/** The id of the singleton in state (the API has one per account). */
export const GATEWAY_CONFIG_ID = "gateway-config";

/** The documented defaults that delete restores. */
export const GATEWAY_CONFIG_DEFAULTS = {
  perRequestTimeout: "60s",
  totalTimeout: "120s",
  maxInputTokens: null,
  maxOutputTokens: null,
  metadata: null,
} as const;

/** The inputs; every field is optional. */
export interface GatewayConfigInputs {
  perRequestTimeout?: string;
  totalTimeout?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  metadata?: string;
}

/** The outputs kept in state: the declared fields as the API reports them, plus the account. */
export interface GatewayConfigOutputs extends GatewayConfigInputs {
  accountId: string;
}

/** The singleton's settable fields. */
export const FIELD_NAMES = [
  "perRequestTimeout",
  "totalTimeout",
  "maxInputTokens",
  "maxOutputTokens",
  "metadata",
] as const;
/** One settable field of the singleton. */
export type FieldName = (typeof FIELD_NAMES)[number];

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds of a Go duration string (`1m30s`), so `60s` and `1m` compare equal. */
export function durationMs(text: string): number | undefined {
  const parts = [...text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2]!] ?? 0), 0);
}

/** Field equality as diff sees it: durations by length (`60s` = `1m`), the rest by value. */
export function sameField(name: FieldName, a: unknown, b: unknown): boolean {
  if (
    (name === "perRequestTimeout" || name === "totalTimeout") &&
    typeof a === "string" &&
    typeof b === "string"
  ) {
    return durationMs(a) === durationMs(b);
  }
  return (a ?? null) === (b ?? null);
}

/** Validates inputs with the gateway schema's definitions; unknowns pass during preview. */
export const check = inputChecker(
  [
    { property: "perRequestTimeout", def: "Duration" },
    { property: "totalTimeout", def: "Duration" },
    { property: "maxInputTokens", def: "TokenLimit" },
    { property: "maxOutputTokens", def: "TokenLimit" },
    { property: "metadata", def: "Metadata" },
  ],
  undefined,
);

/** How errors name the singleton. */
const WHAT = "the gateway configuration";

/** The outputs state records: the declared fields as the API reports them (drift compares these). */
export function toOutputs(
  live: GatewayConfig,
  declared: GatewayConfigInputs,
): GatewayConfigOutputs {
  const out: Record<string, unknown> = { accountId: live.accountId };
  for (const name of FIELD_NAMES) {
    const value = live[name];
    if (name in declared && value !== null && value !== undefined) out[name] = value;
  }
  return out as unknown as GatewayConfigOutputs;
}

/** The fields to PATCH: declared values that differ, and defaults for fields no longer declared. */
function changes(
  olds: Partial<GatewayConfigOutputs>,
  news: GatewayConfigInputs,
): GatewayConfigUpdate {
  const body: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const declared = news[name];
    if (declared !== undefined) {
      if (!sameField(name, olds[name], declared)) body[name] = declared;
    } else if (olds[name] !== undefined) {
      body[name] = GATEWAY_CONFIG_DEFAULTS[name];
    }
  }
  return body;
}

/** Declared fields that differ are an update; the singleton is never replaced. */
export function diff(
  _id: string,
  olds: Partial<GatewayConfigOutputs>,
  news: GatewayConfigInputs,
): Promise<pulumi.dynamic.DiffResult> {
  return diffResult(containsUnknown(news) || Object.keys(changes(olds, news)).length > 0);
}

async function apply(
  olds: Partial<GatewayConfigOutputs>,
  news: GatewayConfigInputs,
): Promise<GatewayConfigOutputs> {
  const client = apiClient();
  const body = changes(olds, news);
  const live = await explained(WHAT, "update", () =>
    Object.keys(body).length > 0 ? client.gatewayConfig.update(body) : client.gatewayConfig.get(),
  );
  return clean(toOutputs(live, news));
}

/** "Creates" the singleton by PATCHing the declared fields over the live ones. */
export async function create(inputs: GatewayConfigInputs): Promise<pulumi.dynamic.CreateResult> {
  const live = await explained(WHAT, "read", () => apiClient().gatewayConfig.get());
  const olds = toOutputs(live, inputs);
  return { id: GATEWAY_CONFIG_ID, outs: await apply(olds, inputs) };
}

/** PATCHes what changed. */
export async function update(
  _id: string,
  olds: Partial<GatewayConfigOutputs>,
  news: GatewayConfigInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await apply(olds, news) };
}

/** Reads the live singleton, keeping the fields this stack declares. */
export async function read(
  id: string,
  props: Partial<GatewayConfigOutputs>,
): Promise<pulumi.dynamic.ReadResult> {
  const live = await unlessGone(WHAT, "read", () => apiClient().gatewayConfig.get());
  if (live === undefined) return {};
  const declared: GatewayConfigInputs = {};
  for (const name of FIELD_NAMES) {
    if (props[name] !== undefined) (declared as Record<string, unknown>)[name] = props[name];
  }
  return readResult(id, clean(toOutputs(live, declared)), ["accountId"]);
}

/** Restores the documented defaults of the fields this stack declared. */
export async function deleteGatewayConfig(
  _id: string,
  props: Partial<GatewayConfigOutputs>,
): Promise<void> {
  const body: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    if (props[name] !== undefined) body[name] = GATEWAY_CONFIG_DEFAULTS[name];
  }
  if (Object.keys(body).length === 0) return;
  await explained(WHAT, "reset", () => apiClient().gatewayConfig.update(body));
}

export { deleteGatewayConfig as delete };
