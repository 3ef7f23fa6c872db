/**
 * One built-in provider of ngrok's catalog. Built-in providers are not API resources; provider
 * keys, allow-lists and router rules name them by `id`.
 */
export interface CatalogProvider {
  /** The provider id used in model names (`openai:gpt-4o`) and in `providerId` fields. */
  readonly id: string;
  /** The name ngrok's docs use. */
  readonly displayName: string;
  /**
   * True when ngrok can serve the provider with its own credentials (an `ngrok` router step);
   * the others need a provider key (bring your own key).
   */
  readonly managedInference: boolean;
}

/**
 * The built-in providers named in the spec (section 1 and 4.4). The catalog has no listing
 * endpoint, so this list is maintained by hand. Managed inference is documented for OpenAI and
 * Anthropic, and for Google since the 2026-08-07 docs; every other provider is BYOK only.
 */
export const BUILTIN_PROVIDERS: readonly CatalogProvider[] = [
  { id: "openai", displayName: "OpenAI", managedInference: true },
  { id: "anthropic", displayName: "Anthropic", managedInference: true },
  { id: "google", displayName: "Google", managedInference: true },
  { id: "groq", displayName: "Groq", managedInference: false },
  { id: "deepseek", displayName: "DeepSeek", managedInference: false },
  { id: "openrouter", displayName: "OpenRouter", managedInference: false },
  { id: "hyperbolic", displayName: "Hyperbolic", managedInference: false },
  { id: "inceptionlabs", displayName: "InceptionLabs", managedInference: false },
  { id: "inference-net", displayName: "Inference.net", managedInference: false },
  { id: "moonshotai", displayName: "Moonshot AI", managedInference: false },
  { id: "z-ai", displayName: "Z.AI", managedInference: false },
  // INFERRED: the id of the Bedrock provider (docs path providers/bedrock); BYOK or AWS role.
  { id: "bedrock", displayName: "Amazon Bedrock", managedInference: false },
];

const byId = new Map(BUILTIN_PROVIDERS.map((p) => [p.id, p]));

/** The built-in provider with this id (exact, case-sensitive), or undefined. */
export function findBuiltinProvider(id: string): CatalogProvider | undefined {
  return byId.get(id);
}

/** True when `id` names a built-in provider. */
export function isBuiltinProvider(id: string): boolean {
  return byId.has(id);
}
