// Provider: a custom (user-defined) upstream. A new `providerId` replaces it (the id is immutable);
// the rest is a PATCH, `models` as a full list.
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "../../client/types";
import {
  adopting,
  apiClient,
  explained,
  patchValue,
  reportedOnTheResource,
  unlessGone,
  updateOrGet,
} from "./api";
import {
  changedKeys,
  checkFields,
  containsUnknown,
  diffResult,
  type ExtraCheck,
  inputChecker,
  replacedBy,
  UNKNOWN,
} from "./inputs";
import { clean, jsonEqual, readResult, TIMESTAMPS } from "./state";

import {
  type ProviderInputs,
  type ProviderOutputs,
  toOutputs,
  listOrNone,
} from "../../state/provider";
export { configure } from "./common";

/** Each API surface against the schema, and `models` as `{ modelId }` entries. */
const checkSurfacesAndModels: ExtraCheck = (news) => {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const surfaces = news.supportedApiSurfaces;
  if (Array.isArray(surfaces)) {
    surfaces.forEach((_s, i) => {
      failures.push(
        ...checkFields({ [`supportedApiSurfaces[${i}]`]: surfaces[i] as unknown }, [
          { property: `supportedApiSurfaces[${i}]`, def: "SupportedApiSurface" },
        ]),
      );
    });
  }
  const models = news.models;
  if (models !== undefined && models !== UNKNOWN) {
    const ok =
      Array.isArray(models) &&
      models.every(
        (m) =>
          m === UNKNOWN ||
          (m !== null &&
            typeof m === "object" &&
            typeof (m as { modelId?: unknown }).modelId === "string" &&
            (m as { modelId: string }).modelId.length > 0),
      );
    if (!ok) {
      failures.push({
        property: "models",
        reason:
          'models must be a list of { modelId: "<model id>" } entries, for example { modelId: "llama3.2" }.',
      });
    }
  }
  return failures;
};

/** Validates inputs with the gateway schema's definitions; unknowns pass during preview. */
export const check = inputChecker(
  [
    { property: "providerId", def: "ProviderId", required: true },
    { property: "name", def: "Name", required: true },
    { property: "baseUrl", def: "BaseUrl", required: true },
    { property: "metadata", def: "Metadata" },
  ],
  "aigp_",
  checkSurfacesAndModels,
);

function label(inputs: { providerId?: unknown }, id?: string): string {
  const name = typeof inputs.providerId === "string" ? ` "${inputs.providerId}"` : "";
  return `custom provider${name}${id !== undefined ? ` (${id})` : ""}`;
}

/** A new providerId replaces the provider; everything else is an update in place. */
export function diff(
  _id: string,
  olds: Partial<ProviderOutputs>,
  news: ProviderInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = replacedBy(olds, news, "providerId");
  const changes =
    replaces.length > 0 ||
    containsUnknown(news) ||
    changedKeys(olds, news, ["name", "baseUrl", "metadata"]).length > 0 ||
    !jsonEqual(listOrNone(olds.supportedApiSurfaces), listOrNone(news.supportedApiSurfaces)) ||
    !jsonEqual(listOrNone(olds.models), listOrNone(news.models));
  // A replacement has a different providerId, so the new provider can exist before the old one
  // is deleted (keys and configurations move over in between).
  return diffResult(changes, replaces);
}

async function patch(
  id: string,
  olds: Partial<ProviderOutputs>,
  news: ProviderInputs,
): Promise<ProviderOutputs> {
  const client = apiClient();
  const body = clean({
    name: patchValue(olds.name, news.name),
    baseUrl: olds.baseUrl !== news.baseUrl ? news.baseUrl : undefined,
    metadata: patchValue(olds.metadata, news.metadata),
    supportedApiSurfaces: patchValue(
      listOrNone(olds.supportedApiSurfaces),
      listOrNone(news.supportedApiSurfaces),
    ),
    // models: omit = keep, [] = remove all, a list = full replacement.
    models: jsonEqual(listOrNone(olds.models), listOrNone(news.models))
      ? undefined
      : (news.models ?? []).map((m) => ({ modelId: m.modelId })),
  });
  const live: Provider = await explained(label(news, id), "update", () =>
    updateOrGet(client.providers, id, body),
  );
  return toOutputs(live, news.adopt);
}

/** Creates the provider, or takes over `adopt` and converges it. */
export async function create(inputs: ProviderInputs): Promise<pulumi.dynamic.CreateResult> {
  const client = apiClient();
  if (inputs.adopt !== undefined) {
    const adopt = inputs.adopt;
    const live = await adopting(label(inputs, adopt), { kind: "custom provider", id: adopt }, () =>
      client.providers.get(adopt),
    );
    if (live.providerId !== inputs.providerId) {
      throw new Error(
        `Cannot adopt ${label(inputs, inputs.adopt)}: its providerId is "${live.providerId}". ` +
          `Fix providerId or adopt another provider.`,
      );
    }
    return {
      id: inputs.adopt,
      outs: await patch(inputs.adopt, toOutputs(live, inputs.adopt), inputs),
    };
  }
  const created = await explained(label(inputs), "create", () =>
    client.providers.create(
      clean({
        providerId: inputs.providerId,
        name: inputs.name,
        baseUrl: inputs.baseUrl,
        metadata: inputs.metadata,
        supportedApiSurfaces: listOrNone(inputs.supportedApiSurfaces),
        models: listOrNone(inputs.models)?.map((m) => ({ modelId: m.modelId })),
      }),
    ),
  );
  return { id: created.id, outs: toOutputs(created, undefined) };
}

/** PATCHes what changed. */
export async function update(
  id: string,
  olds: Partial<ProviderOutputs>,
  news: ProviderInputs,
): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: await patch(id, olds, news) };
}

/** Reads the live provider; inputs are rebuilt from it. */
async function readLive(
  id: string,
  props: Partial<ProviderOutputs>,
): Promise<pulumi.dynamic.ReadResult> {
  const live = await unlessGone(label(props, id), "read", () => apiClient().providers.get(id));
  return readResult(id, live && toOutputs(live, props.adopt), TIMESTAMPS);
}

/** Deletes the provider and its models; a 409 names what still refers to it. */
export async function deleteProvider(id: string, props: Partial<ProviderOutputs>): Promise<void> {
  await unlessGone(label(props, id), "delete", () => apiClient().providers.delete(id));
}

/** {@link readLive}, printed by the engine's host as one line when it fails. */
export const read = reportedOnTheResource(readLive);
const deleteReported = reportedOnTheResource(deleteProvider);
export { deleteReported as delete };
