import { type ModelRef, parseModelName } from "../core/model-name";

/** A `*` glob as an anchored regular expression; every other character matches itself. */
export function globToRegExp(glob: string, caseInsensitive: boolean): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
}

/** True when the glob has a wildcard. */
export function isGlob(text: string): boolean {
  return text.includes("*");
}

/**
 * A model pattern of policy.yaml, normalised like a model name: the provider part compares
 * exactly, the model part case-insensitively; a pattern without a provider matches every provider.
 */
export interface ModelPattern {
  /** The pattern as written. */
  readonly text: string;
  /** The provider glob; undefined for a bare pattern (any provider). */
  readonly providerGlob: string | undefined;
  /** The model glob, without the provider prefix. */
  readonly modelGlob: string;
  matchesProvider(provider: string): boolean;
  matches(ref: ModelRef): boolean;
}

/** Compiles a model pattern written in any model form (`p:m`, `p/m`, `p:p/m`, bare `m`). */
export function compileModelPattern(text: string): ModelPattern {
  const parsed = parseModelName(text);
  const providerGlob = parsed.provider;
  const provider = providerGlob === undefined ? undefined : globToRegExp(providerGlob, false);
  const model = globToRegExp(parsed.model, true);
  const matchesProvider = (p: string): boolean => provider === undefined || provider.test(p);
  return {
    text,
    providerGlob,
    modelGlob: parsed.model,
    matchesProvider,
    matches: (ref) =>
      (provider === undefined || (ref.provider !== undefined && provider.test(ref.provider))) &&
      model.test(ref.model),
  };
}

/** A provider id pattern of policy.yaml (`*` globs, otherwise exact). */
export interface ProviderPattern {
  readonly text: string;
  matches(provider: string): boolean;
}

/** Compiles a provider id pattern. */
export function compileProviderPattern(text: string): ProviderPattern {
  const re = globToRegExp(text.trim(), false);
  return { text, matches: (provider) => re.test(provider) };
}

/** A concrete name the glob matches (each `*` replaced by `x`), used as a witness. */
export function globWitness(glob: string, fill = "x"): string {
  return glob.replace(/\*+/g, fill);
}
