/**
 * A small model catalog: which provider serves a bare model name, and which models ngrok's managed
 * inference can price. ngrok publishes no listing endpoint for its catalog (spec section 6.13), so
 * this list is maintained by hand from the model-catalog docs and covers the common models only.
 * Uncatalogued models with a provider prefix still pass through (spec 4.2); they are just never
 * priced, so managed inference cannot serve them.
 */
import { findBuiltinProvider } from "./providers";
import { type ModelRef, modelKey, parseModelName } from "../core/model-name";

/** One model of the catalog. */
export interface CatalogModel {
  /** The provider that serves the model; for a bare request name, the default provider. */
  readonly provider: string;
  /** The model id as the catalog writes it (`gpt-4o`), without the provider prefix. */
  readonly model: string;
  /**
   * True when ngrok's managed inference can price (and so serve) the model. Only meaningful for a
   * provider with managed inference; a BYOK provider's models are listed with `false`.
   */
  readonly priced: boolean;
}

/**
 * The catalogued models. When the same model id appears under two providers, the first entry is
 * the default provider of the bare name. INFERRED: which models are priced; the docs list the
 * managed models per provider but not retired ones, which are listed here as unpriced.
 */
export const BUILTIN_MODELS: readonly CatalogModel[] = [
  // OpenAI (managed inference)
  { provider: "openai", model: "gpt-4o", priced: true },
  { provider: "openai", model: "gpt-4o-mini", priced: true },
  { provider: "openai", model: "gpt-4.1", priced: true },
  { provider: "openai", model: "gpt-4.1-mini", priced: true },
  { provider: "openai", model: "gpt-4.1-nano", priced: true },
  { provider: "openai", model: "gpt-5", priced: true },
  { provider: "openai", model: "gpt-5-mini", priced: true },
  { provider: "openai", model: "o1", priced: true },
  { provider: "openai", model: "o3", priced: true },
  { provider: "openai", model: "o3-mini", priced: true },
  { provider: "openai", model: "o4-mini", priced: true },
  { provider: "openai", model: "text-embedding-3-small", priced: true },
  { provider: "openai", model: "text-embedding-3-large", priced: true },
  { provider: "openai", model: "gpt-4-32k", priced: false },
  { provider: "openai", model: "o1-preview", priced: false },
  // Anthropic (managed inference)
  { provider: "anthropic", model: "claude-sonnet-4-6", priced: true },
  { provider: "anthropic", model: "claude-sonnet-4-5", priced: true },
  { provider: "anthropic", model: "claude-sonnet-4-0", priced: true },
  { provider: "anthropic", model: "claude-opus-4-1", priced: true },
  { provider: "anthropic", model: "claude-opus-4-0", priced: true },
  { provider: "anthropic", model: "claude-3-7-sonnet-latest", priced: true },
  { provider: "anthropic", model: "claude-3-5-haiku", priced: true },
  { provider: "anthropic", model: "claude-3-5-haiku-latest", priced: true },
  { provider: "anthropic", model: "claude-2.1", priced: false },
  // Google (managed inference since the 2026-08-07 docs)
  { provider: "google", model: "gemini-2.5-pro", priced: true },
  { provider: "google", model: "gemini-2.5-flash", priced: true },
  { provider: "google", model: "gemini-2.5-flash-lite", priced: true },
  { provider: "google", model: "gemini-2.0-flash", priced: true },
  // BYOK providers: catalogued so bare names resolve, never priced.
  { provider: "groq", model: "llama-3.3-70b-versatile", priced: false },
  { provider: "groq", model: "openai/gpt-oss-20b", priced: false },
  { provider: "groq", model: "openai/gpt-oss-120b", priced: false },
  { provider: "deepseek", model: "deepseek-chat", priced: false },
  { provider: "deepseek", model: "deepseek-reasoner", priced: false },
];

const byKey = new Map<string, CatalogModel>();
const byBareName = new Map<string, CatalogModel>();
for (const entry of BUILTIN_MODELS) {
  const key = modelKey({ provider: entry.provider, model: entry.model });
  if (!byKey.has(key)) byKey.set(key, entry);
  const bare = modelKey({ provider: undefined, model: entry.model });
  if (!byBareName.has(bare)) byBareName.set(bare, entry);
}

/**
 * The catalog entry for a model name in any accepted form. A bare name finds its default
 * provider's entry; a provider-qualified name finds the entry of exactly that provider.
 */
export function findCatalogModel(name: ModelRef | string): CatalogModel | undefined {
  const ref = typeof name === "string" ? parseModelName(name) : name;
  return ref.provider === undefined ? byBareName.get(modelKey(ref)) : byKey.get(modelKey(ref));
}

/** A model name resolved against the catalog (spec 4.2). */
export type ModelResolution =
  /** The catalog knows the model; `ref` carries its provider and the catalog's spelling. */
  | { readonly kind: "catalogued"; readonly ref: ResolvedModelRef; readonly entry: CatalogModel }
  /** A provider-qualified model the catalog does not know: passed through, never priced. */
  | { readonly kind: "pass-through"; readonly ref: ResolvedModelRef }
  /** A bare name the catalog does not know: the gateway answers "model unknown". */
  | { readonly kind: "unknown"; readonly model: string };

/** A model reference whose provider is known. */
export interface ResolvedModelRef extends ModelRef {
  readonly provider: string;
}

/**
 * Resolves a model name: bare names through the catalog's default provider, provider-qualified
 * names to themselves (catalogued or pass-through). Does not check that the provider exists.
 */
export function resolveModel(name: ModelRef | string): ModelResolution {
  const ref = typeof name === "string" ? parseModelName(name) : name;
  const entry = findCatalogModel(ref);
  if (entry !== undefined) {
    return {
      kind: "catalogued",
      ref: { provider: entry.provider, model: entry.model },
      entry,
    };
  }
  if (ref.provider === undefined) return { kind: "unknown", model: ref.model };
  return { kind: "pass-through", ref: { provider: ref.provider, model: ref.model } };
}

/**
 * True when ngrok's managed inference can serve the model: its provider has managed inference
 * and the catalog prices the model for that provider.
 */
export function isManagedInferenceModel(ref: ResolvedModelRef): boolean {
  return (findBuiltinProvider(ref.provider)?.managedInference ?? false) && isPricedModel(ref);
}

/** True when the catalog prices this provider-qualified model (false for uncatalogued models). */
export function isPricedModel(ref: ModelRef | string): boolean {
  const r = typeof ref === "string" ? parseModelName(ref) : ref;
  return r.provider !== undefined && (byKey.get(modelKey(r))?.priced ?? false);
}
