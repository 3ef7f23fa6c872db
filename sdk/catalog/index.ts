// pulumi-ngrok-ai/catalog: ngrok's catalog of built-in providers and models: which provider
// serves a bare model name, and which models ngrok inference can serve.
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
