/**
 * A catalog overlay from a live gateway's model list (`GET /v1/models`, OpenAI's list shape):
 * what `aigw catalog pull` writes. The list names models as `provider:model`; the emulator's
 * list also carries catalog details (`display_name`, `context_window`, `max_output_tokens`,
 * `modalities`, `ngrok_inference`; INFERRED names, read when present and never required).
 */
import { AigwError } from "../core/errors";
import { modelKey, parseModelName } from "../core/model-name";
import type {
  CatalogDocument,
  CatalogModel,
  CatalogModelEntry,
  CatalogProviderEntry,
  CatalogSource,
  Modality,
  ModelCatalog,
} from "./catalog";

/** Options of {@link overlayFromModelList}. */
export interface ModelListOverlayOptions {
  /** The overlay's date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Where the list came from (the gateway URL and endpoint). */
  readonly source: CatalogSource;
  /**
   * Provider ids the catalog lacks whose models to take anyway (as bring-your-own-key
   * providers). Others are skipped: a list also names the account's custom providers' models.
   */
  readonly includeProviders?: readonly string[];
}

/** An overlay and what it says against the catalog it was compared with. */
export interface ModelListOverlay {
  readonly overlay: CatalogDocument;
  /** `provider:model` of the models the catalog lacks, in list order. */
  readonly added: readonly string[];
  /** `provider:model` of catalogued models whose details the list gives otherwise. */
  readonly changed: readonly string[];
  /**
   * `provider:model` of catalogued models of the providers the list names that it no longer
   * names (an access key with a narrower scope lists fewer).
   */
  readonly missing: readonly string[];
  /** Providers the catalog lacks and the options did not include, with their listed models. */
  readonly skipped: ReadonlyMap<string, readonly string[]>;
}

const MODALITIES: ReadonlySet<string> = new Set(["text", "image", "audio", "video", "file"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The catalog details a list entry gives (only those it gives). */
function detailsOf(entry: Record<string, unknown>): Omit<CatalogModelEntry, "provider" | "id"> {
  const modalities = Array.isArray(entry.modalities)
    ? entry.modalities.filter((m): m is Modality => typeof m === "string" && MODALITIES.has(m))
    : undefined;
  const details: Record<string, unknown> = {
    displayName:
      typeof entry.display_name === "string" && entry.display_name !== ""
        ? entry.display_name
        : undefined,
    contextWindow: positiveInteger(entry.context_window),
    outputTokens: positiveInteger(entry.max_output_tokens),
    modalities: modalities !== undefined && modalities.length > 0 ? modalities : undefined,
    ngrokInference: typeof entry.ngrok_inference === "boolean" ? entry.ngrok_inference : undefined,
  };
  for (const key of Object.keys(details)) if (details[key] === undefined) delete details[key];
  return details;
}

/** True when the list gives a detail the catalog has otherwise. */
function differs(
  model: CatalogModel,
  details: Omit<CatalogModelEntry, "provider" | "id">,
): boolean {
  const catalog: Record<string, unknown> = {
    displayName: model.displayName,
    contextWindow: model.contextWindow,
    outputTokens: model.outputTokens,
    modalities: model.modalities,
    ngrokInference: model.priced,
  };
  return Object.entries(details).some(
    ([key, value]) => JSON.stringify(value) !== JSON.stringify(catalog[key]),
  );
}

/**
 * The models of a `GET /v1/models` body, as `provider:model` with their entries.
 * @throws AigwError `AIGW_BAD_RESPONSE` when the body is not an OpenAI model list.
 */
export function readModelList(body: unknown): { id: string; entry: Record<string, unknown> }[] {
  if (!isRecord(body) || !Array.isArray(body.data)) {
    throw new AigwError(
      "AIGW_BAD_RESPONSE",
      'the gateway\'s GET /v1/models answer is not a model list ({"object": "list", "data": [...]}); check that --gateway-url points at an AI gateway',
    );
  }
  return body.data.flatMap((entry) =>
    isRecord(entry) && typeof entry.id === "string" && entry.id !== ""
      ? [{ id: entry.id, entry }]
      : [],
  );
}

/**
 * Compares a gateway's model list with `catalog` and makes the overlay that brings the catalog
 * up to it: models it lacks are added, catalogued models whose details the list gives otherwise
 * are updated (with those details only). Nothing is removed; what the list no longer names is
 * reported in `missing`. A model named without a provider (`gpt-4o`) is taken as the catalog's.
 */
export function overlayFromModelList(
  body: unknown,
  catalog: ModelCatalog,
  options: ModelListOverlayOptions,
): ModelListOverlay {
  const include = new Set(options.includeProviders ?? []);
  const providers: CatalogProviderEntry[] = [];
  const models: CatalogModelEntry[] = [];
  const added: string[] = [];
  const changed: string[] = [];
  const skipped = new Map<string, string[]>();
  const listed = new Set<string>();
  const listedProviders = new Set<string>();
  for (const { id, entry } of readModelList(body)) {
    const parsed = parseModelName(id);
    const known = catalog.findModel(id);
    const provider = parsed.provider ?? known?.provider;
    if (provider === undefined) continue; // a bare name the catalog does not know
    const model = known?.model ?? parsed.model;
    const name = `${provider}:${model}`;
    const key = modelKey({ provider, model });
    if (listed.has(key)) continue;
    listed.add(key);
    listedProviders.add(provider);
    const details = detailsOf(entry);
    if (!catalog.isProvider(provider)) {
      if (!include.has(provider)) {
        skipped.set(provider, [...(skipped.get(provider) ?? []), name]);
        continue;
      }
      if (!providers.some((p) => p.id === provider)) {
        // INFERRED: a provider taken from a list is bring-your-own-key until the page says.
        providers.push({ id: provider, providerKeyRequired: true, managedInference: false });
      }
    }
    const catalogued = catalog.findModel({ provider, model });
    if (catalogued === undefined) {
      models.push({ provider, id: model, ...details });
      added.push(name);
    } else if (differs(catalogued, details)) {
      models.push({ provider, id: catalogued.model, ...details });
      changed.push(name);
    }
  }
  const missing = catalog.models
    .filter((m) => listedProviders.has(m.provider))
    .filter((m) => !listed.has(modelKey({ provider: m.provider, model: m.model })))
    .map((m) => `${m.provider}:${m.model}`);
  return {
    overlay: {
      kind: "overlay",
      description: `Models a gateway listed (GET /v1/models) that ${catalog.describe()} lacks or describes otherwise; written by aigw catalog pull.`,
      date: options.date,
      source: { ...options.source, base: catalog.source.date ?? catalog.date },
      providers,
      models,
    },
    added,
    changed,
    missing,
    skipped,
  };
}
