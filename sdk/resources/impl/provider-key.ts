// ProviderKey: an upstream secret. A new `value` is a rotation through POST /provider-keys/{id}/rotate
// (same id, so every configuration that routes to the key keeps working); a new `providerId`
// replaces the key; name, description and metadata are a PATCH.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKey } from "../../client/types";
import { unsendableInHeader } from "../../core/header-values";
import { redactKeyValue } from "../../core/redaction";
import {
  adopting,
  apiClient,
  explained,
  explainFailure,
  patchValue,
  reportedOnTheResource,
  unlessGone,
} from "./api";
import {
  changedKeys,
  containsUnknown,
  diffResult,
  inputChecker,
  LABEL_FIELDS,
  replacedBy,
  UNKNOWN,
} from "./inputs";
import { clean, readResult, TIMESTAMPS } from "./state";

import {
  type ProviderKeyInputs,
  type ProviderKeyOutputs,
  toOutputs,
} from "../../state/provider-key";
export { configure } from "./common";

function valueFailures(value: unknown): pulumi.dynamic.CheckFailure[] {
  if (value === UNKNOWN) return [];
  if (typeof value !== "string" || value === "") {
    return [
      {
        property: "value",
        reason:
          "value is required: the provider's API key, for example from a Pulumi config secret.",
      },
    ];
  }
  const unsendable = unsendableInHeader(value);
  if (unsendable === undefined) return [];
  return [
    {
      property: "value",
      reason:
        `value holds ${unsendable}: the gateway sends the key in an HTTP header, which cannot ` +
        "carry it, so no request routed to this key could reach the provider. Set the value again " +
        "without it; a value read from a file often ends with a line break, which " +
        '`pulumi config set --secret <name> "$(cat key.txt)"` leaves out.',
    },
  ];
}

/** Validates inputs with the gateway schema's definitions; unknowns pass during preview. */
export const check = inputChecker(
  [{ property: "providerId", def: "ProviderId", required: true }, ...LABEL_FIELDS],
  "aigpk_",
  ({ value }) => valueFailures(value),
);

function label(inputs: { name?: unknown }, id?: string): string {
  const name = typeof inputs.name === "string" ? `"${inputs.name}"` : "";
  return `provider key ${name}${id !== undefined ? ` (${id})` : ""}`.replace("  ", " ");
}

/** Decides update vs replace; `olds` are the outputs in state, `news` the checked inputs. */
export function diff(
  _id: string,
  olds: Partial<ProviderKeyOutputs>,
  news: ProviderKeyInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = replacedBy(olds, news, "providerId");
  const changed =
    replaces.length > 0 ||
    containsUnknown(news) ||
    // `value` absent from state means refresh found the key rotated outside Pulumi.
    changedKeys(olds, news, ["value", "name", "description", "metadata"]).length > 0;
  return diffResult(changed, replaces);
}

/** Creates the key, or takes over `adopt` and converges it to the declared state. */
export async function create(inputs: ProviderKeyInputs): Promise<pulumi.dynamic.CreateResult> {
  const client = apiClient();
  if (inputs.adopt !== undefined) {
    const adopt = inputs.adopt;
    const live = await adopting(label(inputs, adopt), { kind: "provider key", id: adopt }, () =>
      client.providerKeys.get(adopt),
    );
    if (live.providerId !== inputs.providerId) {
      throw new Error(
        `Cannot adopt ${label(inputs, inputs.adopt)}: it belongs to provider "${live.providerId}", ` +
          `not "${inputs.providerId}". Fix providerId or adopt another key.`,
      );
    }
    const outs = await converge(inputs.adopt, toOutputs(live, undefined, inputs.adopt), inputs, {
      rotateOnlyIfRedactionDiffers: true,
    });
    return { id: inputs.adopt, outs };
  }
  const created: ProviderKey = await explained(
    label(inputs),
    "create",
    async () =>
      await client.providerKeys.create(
        clean({
          providerId: inputs.providerId,
          name: inputs.name,
          description: inputs.description,
          metadata: inputs.metadata,
          value: inputs.value,
        }),
      ),
  );
  return { id: created.id, outs: toOutputs(created, inputs.value, undefined) };
}

async function converge(
  id: string,
  olds: Partial<ProviderKeyOutputs>,
  news: ProviderKeyInputs,
  options: { rotateOnlyIfRedactionDiffers: boolean },
): Promise<ProviderKeyOutputs> {
  const client = apiClient();
  let live: ProviderKey | undefined;
  const rotate = options.rotateOnlyIfRedactionDiffers
    ? olds.keyRedacted !== redactKeyValue(news.value)
    : olds.value !== news.value;
  try {
    if (rotate) {
      live = await client.providerKeys.rotate(id, { name: news.name, value: news.value });
    }
    const patch = clean({
      name: rotate ? undefined : patchValue(olds.name, news.name),
      description: patchValue(olds.description, news.description),
      metadata: patchValue(olds.metadata, news.metadata),
    });
    if (Object.keys(patch).length > 0) live = await client.providerKeys.update(id, patch);
    live ??= await client.providerKeys.get(id);
  } catch (err) {
    throw explainFailure(label(news, id), rotate ? "rotate" : "update", err);
  }
  return toOutputs(live, news.value, news.adopt);
}

/** Rotates the value in place and PATCHes the labels; the id never changes. */
export async function update(
  id: string,
  olds: Partial<ProviderKeyOutputs>,
  news: ProviderKeyInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await converge(id, olds, news, { rotateOnlyIfRedactionDiffers: false }) };
}

/**
 * Reads the live key. A `keyRedacted` that differs from the one recorded means the key was rotated
 * outside Pulumi: the recorded value no longer describes it, so it is dropped from state, the
 * refresh reports a change, and the next `up` rotates the declared value back in.
 */
async function readLive(
  id: string,
  props: Partial<ProviderKeyOutputs>,
): Promise<pulumi.dynamic.ReadResult> {
  const live = await unlessGone(label(props, id), "read", () => apiClient().providerKeys.get(id));
  if (live === undefined) return {};
  const rotatedOutside = props.keyRedacted !== undefined && props.keyRedacted !== live.keyRedacted;
  const value = rotatedOutside ? undefined : props.value;
  return readResult(id, toOutputs(live, value, props.adopt), ["keyRedacted", ...TIMESTAMPS]);
}

/** Deletes the key; a 409 names what still routes to it. */
export async function deleteKey(id: string, props: Partial<ProviderKeyOutputs>): Promise<void> {
  await unlessGone(label(props, id), "delete", () => apiClient().providerKeys.delete(id));
}

/** {@link readLive}, printed by the engine's host as one line when it fails. */
export const read = reportedOnTheResource(readLive);
const deleteReported = reportedOnTheResource(deleteKey);
export { deleteReported as delete };
