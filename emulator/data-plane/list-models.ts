import type { CatalogModel } from "pulumi-ngrok-ai/catalog";
import { customProviderResolver, scopeAdmits } from "pulumi-ngrok-ai/routing";
import type { AccessKeyRecord } from "../store/store";
import type { DataPlaneSettings } from "./context";
import type { AccountCache } from "./plan-input";

/** One entry of the model list: OpenAI's fields, then the catalog's (INFERRED names). */
interface ListedModel {
  readonly id: string;
  readonly object: "model";
  readonly created: number;
  readonly owned_by: string;
  readonly display_name?: string;
  readonly context_window?: number;
  readonly max_output_tokens?: number;
  readonly modalities?: readonly string[];
  /** True when ngrok inference serves it (billed to credits) rather than only your own key. */
  readonly ngrok_inference?: boolean;
}

function catalogEntry(m: CatalogModel): ListedModel {
  return {
    id: `${m.provider}:${m.model}`,
    object: "model",
    created: 0,
    owned_by: m.provider,
    ...(m.displayName === undefined ? {} : { display_name: m.displayName }),
    ...(m.contextWindow === undefined ? {} : { context_window: m.contextWindow }),
    ...(m.outputTokens === undefined ? {} : { max_output_tokens: m.outputTokens }),
    ...(m.modalities === undefined ? {} : { modalities: m.modalities }),
    ngrok_inference: m.priced,
  };
}

/**
 * `GET /v1/models`: the catalog's models (with their catalog details) and the account's custom
 * providers' models that the access key's scope admits, as an OpenAI model list. The same
 * predicate decides as for requests, so the list is exactly what the key may call.
 */
export function listModels(
  account: AccountCache,
  settings: Pick<DataPlaneSettings, "planOptions" | "catalog">,
  accessKey: AccessKeyRecord,
): unknown {
  const view = account.view(accessKey, undefined, undefined);
  const options = {
    resolveProvider: customProviderResolver(view.input.customProviders ?? []),
    bareModelEntries: settings.planOptions.bareModelEntries ?? "catalog",
    catalog: settings.catalog,
  };
  const access = view.input.configuration?.access;
  const candidates: ListedModel[] = [
    ...settings.catalog.models.map(catalogEntry),
    ...[...view.providers.values()].flatMap((p) =>
      p.models.map((m): ListedModel => ({
        id: `${p.providerId}:${m.modelId}`,
        object: "model",
        created: 0,
        owned_by: p.providerId,
      })),
    ),
  ];
  return {
    object: "list",
    data: candidates.filter((entry) => scopeAdmits(access, entry.id, options).allowed),
  };
}
