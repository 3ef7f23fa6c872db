// AccessKeyConfiguration: scope (which providers and models) and routing (ordered failover). Every
// change is an in-place PATCH. Allow-lists compare as sets; rules, steps and keys compare in order,
// because order is failover. An absent `allow` (unrestricted) and `allow: []` (nothing) stay apart.
import type * as pulumi from "@pulumi/pulumi";
import type { AccessKeyConfiguration } from "../../client/types";
import {
  adopting,
  apiClient,
  explained,
  explainFailure,
  patchValue,
  reportedOnTheResource,
  unlessGone,
} from "./api";
import { changedKeys, containsUnknown, diffResult, inputChecker, LABEL_FIELDS } from "./inputs";
import { clean, jsonEqual, readResult, TIMESTAMPS } from "./state";

import {
  type AccessKeyConfigurationInputs,
  type AccessKeyConfigurationOutputs,
  normalizeRouter,
  sameAccess,
  toOutputs,
} from "../../state/access-key-configuration";
export { configure } from "./common";

/** Validates inputs with the gateway schema's definitions; unknowns pass during preview. */
export const check = inputChecker(
  [
    ...LABEL_FIELDS,
    { property: "access", def: "AccessScope" },
    { property: "router", def: "RouterWrite" },
  ],
  "aigac_",
);

function label(inputs: { name?: unknown }, id?: string): string {
  const name = typeof inputs.name === "string" ? ` "${inputs.name}"` : "";
  return `access key configuration${name}${id !== undefined ? ` (${id})` : ""}`;
}

function changedFields(
  olds: Partial<AccessKeyConfigurationOutputs>,
  news: AccessKeyConfigurationInputs,
): string[] {
  const changed = changedKeys(olds, news, ["name", "description", "metadata"]);
  if (!sameAccess(olds.access, news.access)) changed.push("access");
  if (!jsonEqual(normalizeRouter(olds.router), normalizeRouter(news.router)))
    changed.push("router");
  return changed;
}

/** Every change is an update in place; nothing replaces a configuration. */
export function diff(
  _id: string,
  olds: Partial<AccessKeyConfigurationOutputs>,
  news: AccessKeyConfigurationInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const changes = containsUnknown(news) || changedFields(olds, news).length > 0;
  return diffResult(changes);
}

async function patch(
  id: string,
  olds: Partial<AccessKeyConfigurationOutputs>,
  news: AccessKeyConfigurationInputs,
): Promise<AccessKeyConfigurationOutputs> {
  const client = apiClient();
  const changed = new Set(changedFields(olds, news));
  let live: AccessKeyConfiguration;
  try {
    if (changed.size === 0) {
      live = await client.accessKeyConfigurations.get(id);
    } else {
      live = await client.accessKeyConfigurations.update(
        id,
        clean({
          name: changed.has("name") ? news.name : undefined,
          description: patchValue(olds.description, news.description),
          metadata: patchValue(olds.metadata, news.metadata),
          // Scope and routing are replaced wholesale; null restores allow-all / default routing.
          access: changed.has("access") ? (news.access ?? null) : undefined,
          router: changed.has("router") ? (normalizeRouter(news.router) ?? null) : undefined,
        }),
      );
    }
  } catch (err) {
    throw explainFailure(label(news, id), "update", err);
  }
  return toOutputs(live, news.adopt);
}

/** Creates the configuration, or takes over `adopt` and converges it to the declared state. */
export async function create(
  inputs: AccessKeyConfigurationInputs,
): Promise<pulumi.dynamic.CreateResult> {
  const client = apiClient();
  if (inputs.adopt !== undefined) {
    const adopt = inputs.adopt;
    const live = await adopting(
      label(inputs, adopt),
      { kind: "access key configuration", id: adopt },
      () => client.accessKeyConfigurations.get(adopt),
    );
    return {
      id: inputs.adopt,
      outs: await patch(inputs.adopt, toOutputs(live, inputs.adopt), inputs),
    };
  }
  const created = await explained(label(inputs), "create", () =>
    client.accessKeyConfigurations.create(
      clean({
        name: inputs.name,
        description: inputs.description,
        metadata: inputs.metadata,
        access: inputs.access,
        router: normalizeRouter(inputs.router),
      }),
    ),
  );
  return { id: created.id, outs: toOutputs(created, undefined) };
}

/** PATCHes what changed. */
export async function update(
  id: string,
  olds: Partial<AccessKeyConfigurationOutputs>,
  news: AccessKeyConfigurationInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await patch(id, olds, news) };
}

/** Reads the live configuration; inputs are rebuilt from it so refresh sees out-of-band edits. */
async function readLive(
  id: string,
  props: Partial<AccessKeyConfigurationOutputs>,
): Promise<pulumi.dynamic.ReadResult> {
  const live = await unlessGone(label(props, id), "read", () =>
    apiClient().accessKeyConfigurations.get(id),
  );
  return readResult(id, live && toOutputs(live, props.adopt), TIMESTAMPS);
}

/** Deletes the configuration; a 409 names the access keys still linked to it. */
export async function deleteConfiguration(
  id: string,
  props: Partial<AccessKeyConfigurationOutputs>,
): Promise<void> {
  await unlessGone(label(props, id), "delete", () =>
    apiClient().accessKeyConfigurations.delete(id),
  );
}

/** {@link readLive}, printed by the engine's host as one line when it fails. */
export const read = reportedOnTheResource(readLive);
const deleteReported = reportedOnTheResource(deleteConfiguration);
export { deleteReported as delete };
