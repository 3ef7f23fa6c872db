/**
 * The one model-name normaliser. Requests use `provider:model` (split on the first `:`; model ids
 * may contain `/`), the ngrok guides write scope entries as `provider/model`, and the OpenAPI
 * examples as `provider:author/model`. Resources, policy, drift, the routing planner and the
 * emulator all call this, so they can never disagree about what a string names.
 *
 * Rules, in order:
 * 1. `p:rest` splits on the first `:`. When `rest` starts with `p/` (the author is the provider
 *    itself, as in `openai:openai/gpt-4o`), that prefix is dropped: it names the same model as
 *    `openai:gpt-4o`. Another author stays part of the model id (`groq:openai/gpt-oss-20b`).
 * 2. Without `:`, `p/rest` splits on the first `/` (the guides' `provider/modelId`).
 * 3. A bare name (`gpt-4o`) has no provider; the gateway resolves it from its catalog.
 * Provider ids compare exactly; model ids compare case-insensitively (`modelKey`).
 */
export interface ModelRef {
  /** The provider id (`openai`, `my-ollama`), or undefined for a bare catalog name. */
  readonly provider: string | undefined;
  /** The model id as written, without the provider prefix. */
  readonly model: string;
}

/** Parses any of the accepted model forms into `(provider, model)`. */
export function parseModelName(name: string): ModelRef {
  const text = name.trim();
  const colon = text.indexOf(":");
  if (colon > 0) {
    const provider = text.slice(0, colon);
    let model = text.slice(colon + 1);
    if (model.toLowerCase().startsWith(`${provider.toLowerCase()}/`)) {
      model = model.slice(provider.length + 1);
    }
    return { provider, model };
  }
  const slash = text.indexOf("/");
  if (slash > 0 && slash < text.length - 1) {
    return { provider: text.slice(0, slash), model: text.slice(slash + 1) };
  }
  return { provider: undefined, model: text };
}

/** The canonical request form, `provider:model` (or the bare model when there is no provider). */
export function formatModelName(ref: ModelRef): string {
  return ref.provider === undefined ? ref.model : `${ref.provider}:${ref.model}`;
}

/** A comparison key: provider exact, model lower-cased. Two names are the same model iff keys are equal. */
export function modelKey(ref: ModelRef | string): string {
  const r = typeof ref === "string" ? parseModelName(ref) : ref;
  return `${r.provider ?? ""}:${r.model.toLowerCase()}`;
}

/** True when two model names, in any accepted form, name the same model. */
export function sameModel(a: ModelRef | string, b: ModelRef | string): boolean {
  return modelKey(a) === modelKey(b);
}
