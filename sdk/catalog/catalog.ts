/**
 * ngrok.ai's catalog of built-in providers and models, read from data: `catalog.json` (generated
 * by `npm run catalog` from the copy of ngrok's model catalog page, with its source and date),
 * optionally with an overlay (`aigw catalog pull` writes one from a live gateway's
 * `GET /v1/models`) that adds and updates entries. Which provider serves a bare model name, which
 * models ngrok inference can serve and which providers are built in are answered here only, so
 * the planner, the policy, `aigw explain`, the emulator and the schema's suggestions agree.
 */
import { type ModelRef, modelKey, parseModelName } from "../core/model-name";
import data from "./catalog.json";

/** An input modality of a model, as the catalog page writes it. */
export type Modality = "text" | "image" | "audio" | "video" | "file";

/** An API surface through which the gateway reaches a provider (`supportedApiSurfaces` form). */
export interface CatalogSurface {
  readonly format: "openai" | "anthropic";
  readonly surface: "chat-completions" | "completions" | "embeddings" | "responses" | "messages";
}

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
  /** The page's "Provider key required". */
  readonly providerKeyRequired?: boolean;
  /** The provider's upstream API, where the page gives it. */
  readonly baseUrl?: string;
  /** The provider's website. */
  readonly website?: string;
  /** The API surfaces that reach the provider through the gateway. */
  readonly surfaces?: readonly CatalogSurface[];
}

/** One model of the catalog. */
export interface CatalogModel {
  /** The provider that serves the model; for a bare request name, the default provider. */
  readonly provider: string;
  /** The model id as the catalog writes it (`gpt-4o`), without the provider prefix. */
  readonly model: string;
  /**
   * True when ngrok's managed inference can serve the model: its provider has managed inference
   * and the page makes no exception for it (the Gemini 2.5 models, reachable only with your own
   * key). Always false for a BYOK provider's models.
   */
  readonly priced: boolean;
  readonly displayName?: string;
  /** Tokens of context. */
  readonly contextWindow?: number;
  /** The most output tokens. */
  readonly outputTokens?: number;
  readonly modalities?: readonly Modality[];
  /** Why ngrok inference cannot serve it although its provider has managed inference. */
  readonly note?: string;
}

/** Where a catalog document's entries come from. */
export interface CatalogSource {
  readonly repository?: string;
  readonly page?: string;
  readonly url?: string;
  readonly commit?: string;
  readonly pageCommit?: string;
  readonly date?: string;
  readonly endpoint?: string;
  readonly base?: string;
}

/** A provider as `schema/catalog.schema.json` writes it (an overlay's may be partial). */
export interface CatalogProviderEntry {
  readonly id: string;
  readonly displayName?: string;
  readonly baseUrl?: string;
  readonly website?: string;
  readonly providerKeyRequired?: boolean;
  readonly managedInference?: boolean;
  readonly surfaces?: readonly CatalogSurface[];
}

/** A model as `schema/catalog.schema.json` writes it (an overlay's may be partial). */
export interface CatalogModelEntry {
  readonly provider: string;
  readonly id: string;
  readonly displayName?: string;
  readonly contextWindow?: number;
  readonly outputTokens?: number;
  readonly modalities?: readonly Modality[];
  readonly ngrokInference?: boolean;
  readonly note?: string;
}

/** A catalog file (`schema/catalog.schema.json`): the whole catalog, or an overlay on it. */
export interface CatalogDocument {
  readonly kind: "catalog" | "overlay";
  readonly description?: string;
  /** `YYYY-MM-DD`: the day the source was read. */
  readonly date: string;
  readonly source: CatalogSource;
  readonly providers: readonly CatalogProviderEntry[];
  readonly models: readonly CatalogModelEntry[];
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

/** Where a provider added by an overlay without details is reached (INFERRED: as most are). */
const DEFAULT_SURFACES: readonly CatalogSurface[] = [
  { format: "openai", surface: "chat-completions" },
];

function providerOf(entry: CatalogProviderEntry, base?: CatalogProvider): CatalogProvider {
  const keyRequired =
    entry.providerKeyRequired ??
    (entry.managedInference === undefined ? undefined : !entry.managedInference);
  const merged = {
    ...base,
    ...entry,
    displayName: entry.displayName ?? base?.displayName ?? entry.id,
    // INFERRED: a provider an overlay adds without saying is bring-your-own-key.
    providerKeyRequired: keyRequired ?? base?.providerKeyRequired ?? true,
    surfaces: entry.surfaces ?? base?.surfaces ?? DEFAULT_SURFACES,
  };
  return { ...merged, managedInference: entry.managedInference ?? !merged.providerKeyRequired };
}

function modelOf(
  entry: CatalogModelEntry,
  provider: CatalogProvider,
  base?: CatalogModel,
): CatalogModel {
  const { id, ngrokInference, ...fields } = entry;
  // INFERRED: a model an overlay adds under a managed provider is served by ngrok inference
  // unless the overlay says otherwise; an update keeps the catalog's answer.
  const priced = ngrokInference ?? base?.priced ?? provider.managedInference;
  return {
    ...base,
    ...fields,
    model: base?.model ?? id,
    priced: priced && provider.managedInference,
  };
}

/**
 * The model catalog: built-in providers and their models, in the page's order, with the date and
 * source of what it says. Immutable; {@link ModelCatalog.withOverlay} makes a new one.
 */
export class ModelCatalog {
  /** `YYYY-MM-DD` of the newest source: the overlay's when there is one, else the page's. */
  readonly date: string;
  /** The page the catalog was generated from. */
  readonly source: CatalogSource;
  /** The overlays applied, oldest first. */
  readonly overlays: readonly { readonly date: string; readonly source: CatalogSource }[];
  readonly providers: readonly CatalogProvider[];
  readonly models: readonly CatalogModel[];
  readonly #providers: ReadonlyMap<string, CatalogProvider>;
  readonly #byKey: ReadonlyMap<string, CatalogModel>;
  readonly #byBareName: ReadonlyMap<string, CatalogModel>;

  private constructor(
    date: string,
    source: CatalogSource,
    overlays: ModelCatalog["overlays"],
    providers: readonly CatalogProvider[],
    models: readonly CatalogModel[],
  ) {
    this.date = date;
    this.source = source;
    this.overlays = overlays;
    this.providers = providers;
    this.models = models;
    this.#providers = new Map(providers.map((p) => [p.id, p]));
    const byKey = new Map<string, CatalogModel>();
    const byBareName = new Map<string, CatalogModel>();
    for (const entry of models) {
      const key = modelKey({ provider: entry.provider, model: entry.model });
      if (!byKey.has(key)) byKey.set(key, entry);
      const bare = modelKey({ provider: undefined, model: entry.model });
      if (!byBareName.has(bare)) byBareName.set(bare, entry);
    }
    this.#byKey = byKey;
    this.#byBareName = byBareName;
  }

  /**
   * The catalog of a whole catalog document (`kind: "catalog"`), already validated against
   * `schema/catalog.schema.json`.
   * @throws Error when a model names a provider the document does not list.
   */
  static fromDocument(document: CatalogDocument): ModelCatalog {
    return new ModelCatalog(document.date, document.source, [], [], []).withOverlay(document, {
      replaceDate: true,
    });
  }

  /**
   * This catalog with an overlay applied: its providers and models are added, or update the
   * fields they give of the entries with the same id (models: same provider and id, model ids
   * case-insensitive). Nothing is removed. New models come after the catalog's, so a bare name
   * keeps its default provider.
   * @throws Error when a model names a provider neither this catalog nor the overlay lists.
   */
  withOverlay(overlay: CatalogDocument, options: { replaceDate?: boolean } = {}): ModelCatalog {
    const providers = new Map(this.#providers);
    for (const entry of overlay.providers) {
      providers.set(entry.id, providerOf(entry, providers.get(entry.id)));
    }
    const models = [...this.models];
    const index = new Map(
      models.map((m, i) => [modelKey({ provider: m.provider, model: m.model }), i]),
    );
    for (const [i, entry] of overlay.models.entries()) {
      const provider = providers.get(entry.provider);
      if (provider === undefined) {
        throw new Error(
          `models[${i}] (${entry.provider}:${entry.id}) names provider "${entry.provider}", which neither the catalog nor the file's providers list; add it to providers`,
        );
      }
      const key = modelKey({ provider: entry.provider, model: entry.id });
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, models.length);
        models.push(modelOf(entry, provider));
      } else {
        models[at] = modelOf(entry, provider, models[at]);
      }
    }
    // A provider's change of managed inference applies to the models it already had.
    const final = models.map((m) => {
      const p = providers.get(m.provider);
      return p !== undefined && m.priced && !p.managedInference ? { ...m, priced: false } : m;
    });
    const replace = options.replaceDate === true;
    return new ModelCatalog(
      replace ? overlay.date : overlay.date > this.date ? overlay.date : this.date,
      replace ? overlay.source : this.source,
      replace ? [] : [...this.overlays, { date: overlay.date, source: overlay.source }],
      [...providers.values()],
      final,
    );
  }

  /** "the model catalog of 2026-08-07" (with the overlay's date when there is one). */
  describe(): string {
    const last = this.overlays[this.overlays.length - 1];
    return last === undefined
      ? `the model catalog of ${this.date}`
      : `the model catalog of ${this.source.date ?? this.date} with the overlay of ${last.date}`;
  }

  /** The built-in provider with this id (exact, case-sensitive), or undefined. */
  findProvider(id: string): CatalogProvider | undefined {
    return this.#providers.get(id);
  }

  /** True when `id` names a built-in provider. */
  isProvider(id: string): boolean {
    return this.#providers.has(id);
  }

  /** The catalogued models of one provider, in catalog order. */
  modelsOf(provider: string): CatalogModel[] {
    return this.models.filter((m) => m.provider === provider);
  }

  /**
   * A request's model name as the gateway reads it: like `parseModelName`, except that a name
   * without `:` that is itself a catalogued model id (Groq's `openai/gpt-oss-20b`) is that bare
   * name, not `provider/model`. INFERRED: requests name providers with `provider:`, and the
   * gateway looks a name without one up in its catalog first.
   */
  parseRequestName(name: string): ModelRef {
    const text = name.trim();
    if (!text.includes(":") && text.includes("/")) {
      const bare = { provider: undefined, model: text };
      if (this.#byBareName.has(modelKey(bare))) return bare;
    }
    return parseModelName(text);
  }

  /**
   * The catalog entry for a model name in any accepted form. A bare name finds its default
   * provider's entry; a provider-qualified name finds the entry of exactly that provider.
   */
  findModel(name: ModelRef | string): CatalogModel | undefined {
    const ref = typeof name === "string" ? this.parseRequestName(name) : name;
    return ref.provider === undefined
      ? this.#byBareName.get(modelKey(ref))
      : this.#byKey.get(modelKey(ref));
  }

  /**
   * Resolves a model name: bare names through the catalog's default provider, provider-qualified
   * names to themselves (catalogued or pass-through). Does not check that the provider exists.
   */
  resolveModel(name: ModelRef | string): ModelResolution {
    const ref = typeof name === "string" ? this.parseRequestName(name) : name;
    const entry = this.findModel(ref);
    if (entry !== undefined) {
      return { kind: "catalogued", ref: { provider: entry.provider, model: entry.model }, entry };
    }
    if (ref.provider === undefined) return { kind: "unknown", model: ref.model };
    return { kind: "pass-through", ref: { provider: ref.provider, model: ref.model } };
  }

  /** True when the catalog lets ngrok inference serve this provider-qualified model. */
  isPricedModel(ref: ModelRef | string): boolean {
    const r = typeof ref === "string" ? parseModelName(ref) : ref;
    return r.provider !== undefined && (this.#byKey.get(modelKey(r))?.priced ?? false);
  }

  /**
   * True when ngrok's managed inference can serve the model: its provider has managed inference
   * and the catalog lets ngrok inference serve the model (never an uncatalogued one).
   */
  isManagedInferenceModel(ref: ResolvedModelRef): boolean {
    return (this.findProvider(ref.provider)?.managedInference ?? false) && this.isPricedModel(ref);
  }
}

/** The catalog the package ships: `catalog.json`, generated from ngrok's model catalog page. */
export const BUILTIN_CATALOG: ModelCatalog = ModelCatalog.fromDocument(data as CatalogDocument);
