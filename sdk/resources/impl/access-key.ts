// AccessKey: the client credential. The token exists only in the create response and is kept in
// state as a secret output. A new configuration link is a PATCH; there is no rotate endpoint, so a
// new `rotationTrigger` replaces the key, the new one created before the old one is deleted.
import type * as pulumi from "@pulumi/pulumi";
import type { AccessKey } from "../../client/types";
import type { GatewayClient } from "../../client/gateway-client";
import {
  type Reference,
  adopting,
  apiClient,
  explained,
  isNotFound,
  patchValue,
  reportedOnTheResource,
  unlessGone,
  updateOrGet,
} from "./api";
import { changedKeys, containsUnknown, diffResult, inputChecker, LABEL_FIELDS } from "./inputs";
import { clean, readResult, TIMESTAMPS } from "./state";

import { type AccessKeyInputs, type AccessKeyOutputs, toOutputs } from "../../state/access-key";
export { configure } from "./common";

/** Validates inputs with the gateway schema's definitions; unknowns pass during preview. */
export const check = inputChecker(
  [...LABEL_FIELDS, { property: "accessKeyConfigurationId", def: "AccessKeyConfigurationId" }],
  "aigk_",
  ({ rotationTrigger }) =>
    rotationTrigger !== undefined && typeof rotationTrigger !== "string"
      ? [
          {
            property: "rotationTrigger",
            reason:
              "rotationTrigger must be a string; change it (for example to a date) to issue a new token.",
          },
        ]
      : [],
);

function label(inputs: { name?: unknown }, id?: string): string {
  const name = typeof inputs.name === "string" ? ` "${inputs.name}"` : "";
  return `access key${name}${id !== undefined ? ` (${id})` : ""}`;
}

/** The configuration a write links, for a 404 that may mean it does not exist. */
function linkedConfiguration(client: GatewayClient, id: string | undefined): Reference[] {
  if (id === undefined) return [];
  return [
    {
      input: "accessKeyConfigurationId",
      kind: "access key configuration",
      id,
      exists: async () => {
        try {
          await client.accessKeyConfigurations.get(id);
          return true;
        } catch (err) {
          if (isNotFound(err)) return false;
          throw err;
        }
      },
      fix: "Set accessKeyConfigurationId to the id of an existing configuration (in gateway.yaml, `configuration:` names one declared under accessKeyConfigurations), or leave it out for allow-all.",
    },
  ];
}

/** A new rotationTrigger replaces (create before delete); everything else is a PATCH. */
export function diff(
  _id: string,
  olds: Partial<AccessKeyOutputs>,
  news: AccessKeyInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = olds.rotationTrigger !== news.rotationTrigger ? ["rotationTrigger"] : [];
  const changes =
    replaces.length > 0 ||
    containsUnknown(news) ||
    changedKeys(olds, news, ["name", "description", "metadata", "accessKeyConfigurationId"])
      .length > 0;
  return diffResult(changes, replaces);
}

async function patch(
  id: string,
  olds: Partial<AccessKeyOutputs>,
  news: AccessKeyInputs,
  token: string | undefined,
): Promise<AccessKeyOutputs> {
  const client = apiClient();
  const body = clean({
    name: patchValue(olds.name, news.name),
    description: patchValue(olds.description, news.description),
    metadata: patchValue(olds.metadata, news.metadata),
    accessKeyConfigurationId: patchValue(
      olds.accessKeyConfigurationId,
      news.accessKeyConfigurationId,
    ),
  });
  const live: AccessKey = await explained(
    label(news, id),
    "update",
    () => updateOrGet(client.accessKeys, id, body),
    linkedConfiguration(
      client,
      typeof body.accessKeyConfigurationId === "string" ? body.accessKeyConfigurationId : undefined,
    ),
  );
  return toOutputs(live, { token, rotationTrigger: news.rotationTrigger, adopt: news.adopt });
}

/**
 * Creates the key and keeps its token. With `adopt`, takes over an existing key: its token cannot
 * be recovered (the API shows it only once), so `token` stays unset.
 */
export async function create(inputs: AccessKeyInputs): Promise<pulumi.dynamic.CreateResult> {
  const client = apiClient();
  if (inputs.adopt !== undefined) {
    const adopt = inputs.adopt;
    const live = await adopting(label(inputs, adopt), { kind: "access key", id: adopt }, () =>
      client.accessKeys.get(adopt),
    );
    const olds = toOutputs(live, { adopt: inputs.adopt });
    return { id: inputs.adopt, outs: await patch(inputs.adopt, olds, inputs, undefined) };
  }
  const created: AccessKey = await explained(
    label(inputs),
    "create",
    async () =>
      await client.accessKeys.create(
        clean({
          name: inputs.name,
          description: inputs.description,
          metadata: inputs.metadata,
          accessKeyConfigurationId: inputs.accessKeyConfigurationId,
        }),
      ),
    linkedConfiguration(client, inputs.accessKeyConfigurationId),
  );
  return {
    id: created.id,
    outs: toOutputs(created, { token: created.token, rotationTrigger: inputs.rotationTrigger }),
  };
}

/** PATCHes the labels and the configuration link; the token is unchanged. */
export async function update(
  id: string,
  olds: Partial<AccessKeyOutputs>,
  news: AccessKeyInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await patch(id, olds, news, olds.token) };
}

/** Reads the live key; the token is carried over from state, since the API never shows it again. */
async function readLive(
  id: string,
  props: Partial<AccessKeyOutputs>,
): Promise<pulumi.dynamic.ReadResult> {
  const live = await unlessGone(label(props, id), "read", () => apiClient().accessKeys.get(id));
  const outs = live && toOutputs(live, props);
  return readResult(id, outs, [
    "token",
    "keyRedacted",
    "accessKeyConfigurationName",
    ...TIMESTAMPS,
  ]);
}

/** Deletes the key; clients using its token get 401 from then on. */
export async function deleteAccessKey(id: string, props: Partial<AccessKeyOutputs>): Promise<void> {
  await unlessGone(label(props, id), "delete", () => apiClient().accessKeys.delete(id));
}

/** {@link readLive}, printed by the engine's host as one line when it fails. */
export const read = reportedOnTheResource(readLive);
const deleteReported = reportedOnTheResource(deleteAccessKey);
export { deleteReported as delete };
