/**
 * The built-in providers of the package's catalog (`catalog.json`, generated from ngrok's model
 * catalog page). For a catalog with an overlay, use that {@link ModelCatalog}'s methods.
 */
import { BUILTIN_CATALOG, type CatalogProvider, type ModelCatalog } from "./catalog";

export type { CatalogProvider };

/** The built-in providers of the package's catalog, in the page's order. */
export const BUILTIN_PROVIDERS: readonly CatalogProvider[] = BUILTIN_CATALOG.providers;

/** The built-in provider with this id (exact, case-sensitive), or undefined. */
export function findBuiltinProvider(
  id: string,
  catalog: ModelCatalog = BUILTIN_CATALOG,
): CatalogProvider | undefined {
  return catalog.findProvider(id);
}

/** True when `id` names a built-in provider. */
export function isBuiltinProvider(id: string, catalog: ModelCatalog = BUILTIN_CATALOG): boolean {
  return catalog.isProvider(id);
}
