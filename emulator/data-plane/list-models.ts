import { BUILTIN_MODELS } from "pulumi-ngrok-ai/catalog";
import type { PlanOptions } from "pulumi-ngrok-ai/routing";
import { customProviderResolver, scopeAdmits } from "pulumi-ngrok-ai/routing";
import type { AccessKeyRecord } from "../store/store";
import type { AccountCache } from "./plan-input";

/**
 * `GET /v1/models`: the catalog's models and the account's custom providers' models that the
 * access key's scope admits, as an OpenAI model list.
 */
export function listModels(
  account: AccountCache,
  planOptions: PlanOptions,
  accessKey: AccessKeyRecord,
): unknown {
  const view = account.view(accessKey, undefined, undefined);
  const options = {
    resolveProvider: customProviderResolver(view.input.customProviders ?? []),
    bareModelEntries: planOptions.bareModelEntries ?? "catalog",
  };
  const access = view.input.configuration?.access;
  const candidates = [
    ...BUILTIN_MODELS.map((m) => ({ provider: m.provider, model: m.model })),
    ...[...view.providers.values()].flatMap((p) =>
      p.models.map((m) => ({ provider: p.providerId, model: m.modelId })),
    ),
  ];
  return {
    object: "list",
    data: candidates
      .filter((ref) => scopeAdmits(access, ref, options).allowed)
      .map((ref) => ({
        id: `${ref.provider}:${ref.model}`,
        object: "model",
        created: 0,
        owned_by: ref.provider,
      })),
  };
}
