// GatewayConfig: the account singleton. Create and update PATCH the declared fields; delete
// restores the documented defaults. Fields that are not declared are left alone, so a program that
// only sets timeouts never fights a token cap set elsewhere.
import type * as pulumi from "@pulumi/pulumi";
import type { GatewayConfigUpdate } from "../../client/types";
import { apiClient, explained, reportedOnTheResource, unlessGone } from "./api";
import { containsUnknown, diffResult, inputChecker } from "./inputs";
import { clean, readResult } from "./state";

import {
  GATEWAY_CONFIG_ID,
  GATEWAY_CONFIG_DEFAULTS,
  type GatewayConfigInputs,
  type GatewayConfigOutputs,
  FIELD_NAMES,
  sameField,
  toOutputs,
} from "../../state/gateway-config";
export { configure } from "./common";

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
async function readLive(
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

/** {@link readLive}, printed by the engine's host as one line when it fails. */
export const read = reportedOnTheResource(readLive);
const deleteReported = reportedOnTheResource(deleteGatewayConfig);
export { deleteReported as delete };
