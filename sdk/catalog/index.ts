// pulumi-ngrok-ai/catalog: ngrok's catalog of built-in providers and models, read from data
// (catalog.json, generated from ngrok's model catalog page, with its source and date), optionally
// with an overlay that `aigw catalog pull` wrote from a live gateway.
export {
  type CatalogDocument,
  type CatalogModelEntry,
  type CatalogProviderEntry,
  type CatalogSource,
  type CatalogSurface,
  type Modality,
  BUILTIN_CATALOG,
  ModelCatalog,
} from "./catalog";
export {
  CATALOG_SCHEMA_FILE,
  CATALOG_SCHEMA_ID,
  applyCatalogDocument,
  loadCatalogFile,
  parseCatalogDocument,
} from "./file";
export {
  type LeftOutEntry,
  type ModelListOverlay,
  type ModelListOverlayOptions,
  overlayFromModelList,
  readModelList,
} from "./model-list";
export {
  type CatalogProvider,
  BUILTIN_PROVIDERS,
  findBuiltinProvider,
  isBuiltinProvider,
} from "./providers";
export {
  type CatalogModel,
  type ModelResolution,
  type ResolvedModelRef,
  BUILTIN_MODELS,
  findCatalogModel,
  resolveModel,
  isManagedInferenceModel,
  isPricedModel,
} from "./models";
