/**
 * The models of the package's catalog (`catalog.json`, generated from ngrok's model catalog
 * page): which provider serves a bare model name, and which models ngrok's managed inference can
 * serve. Uncatalogued models with a provider prefix still pass through (spec 4.2); managed
 * inference cannot serve them. Each function takes another {@link ModelCatalog} (one with an
 * overlay) as its last argument.
 */
import type { ModelRef } from "../core/model-name";
import {
  BUILTIN_CATALOG,
  type CatalogModel,
  type ModelCatalog,
  type ModelResolution,
  type ResolvedModelRef,
} from "./catalog";

export type { CatalogModel, ModelResolution, ResolvedModelRef };

/**
 * The catalogued models, in the page's order. When the same model id appears under two
 * providers, the first entry is the default provider of the bare name.
 */
export const BUILTIN_MODELS: readonly CatalogModel[] = BUILTIN_CATALOG.models;

/**
 * The catalog entry for a model name in any accepted form. A bare name finds its default
 * provider's entry; a provider-qualified name finds the entry of exactly that provider.
 */
export function findCatalogModel(
  name: ModelRef | string,
  catalog: ModelCatalog = BUILTIN_CATALOG,
): CatalogModel | undefined {
  return catalog.findModel(name);
}

/**
 * Resolves a model name: bare names through the catalog's default provider, provider-qualified
 * names to themselves (catalogued or pass-through). Does not check that the provider exists.
 */
export function resolveModel(
  name: ModelRef | string,
  catalog: ModelCatalog = BUILTIN_CATALOG,
): ModelResolution {
  return catalog.resolveModel(name);
}

/**
 * True when ngrok's managed inference can serve the model: its provider has managed inference
 * and the catalog lets ngrok inference serve the model.
 */
export function isManagedInferenceModel(
  ref: ResolvedModelRef,
  catalog: ModelCatalog = BUILTIN_CATALOG,
): boolean {
  return catalog.isManagedInferenceModel(ref);
}

/** True when the catalog lets ngrok inference serve this provider-qualified model. */
export function isPricedModel(
  ref: ModelRef | string,
  catalog: ModelCatalog = BUILTIN_CATALOG,
): boolean {
  return catalog.isPricedModel(ref);
}
