/**
 * A catalog overlay from a live gateway's model list (`GET /v1/models`, OpenAI's list shape):
 * what `aigw catalog pull` writes. The list names models as `provider:model`; the emulator's
 * list also carries catalog details (`display_name`, `context_window`, `max_output_tokens`,
 * `modalities`, `ngrok_inference`; INFERRED names, read when present and never required).
 */
import type { ErrorObject } from "ajv";
import { AigwError } from "../core/errors";
import { modelKey, parseModelName } from "../core/model-name";
import { getValidator } from "../core/schema";
import type {
  CatalogDocument,
  CatalogModel,
  CatalogModelEntry,
  CatalogProviderEntry,
  CatalogSource,
  Modality,
  ModelCatalog,
} from "./catalog";
import { CATALOG_SCHEMA_FILE } from "./file";

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

/** An entry of a model list that the catalog cannot hold, left out of the overlay. */
export interface LeftOutEntry {
  /** Its index in the list's `data`. */
  readonly index: number;
  /** The entry (its id when it has one) as JSON, shortened to a line. */
  readonly entry: string;
  /** Why the catalog cannot hold it. */
  readonly reason: string;
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
  /** Entries the catalog cannot hold (`schema/catalog.schema.json`), in list order. */
  readonly leftOut: readonly LeftOutEntry[];
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
    ? [
        ...new Set(
          entry.modalities.filter((m): m is Modality => typeof m === "string" && MODALITIES.has(m)),
        ),
      ]
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

/** Longest text of an entry shown whole in {@link LeftOutEntry.entry}. */
const SHOWN_LENGTH = 48;

/** `value` as JSON on one line, its first characters only when it is long (an id may be huge). */
function shown(value: unknown): string {
  const head = SHOWN_LENGTH - 8;
  if (typeof value === "string" && value.length > SHOWN_LENGTH) {
    return `"${JSON.stringify(value.slice(0, head)).slice(1, -1)}…" (${value.length} characters)`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, head)}… (${text.length} characters)` : text;
}

/** A model-naming entry of a list: its index in `data`, its id and the entry. */
interface ListedModel {
  readonly index: number;
  readonly id: string;
  readonly entry: Record<string, unknown>;
}

/**
 * The entries of a `GET /v1/models` body that name a model, and those that do not, with why.
 * @throws AigwError `AIGW_BAD_RESPONSE` when the body is not an OpenAI model list.
 */
function readModelEntries(body: unknown): { models: ListedModel[]; leftOut: LeftOutEntry[] } {
  if (!isRecord(body) || !Array.isArray(body.data)) {
    throw new AigwError(
      "AIGW_BAD_RESPONSE",
      'the gateway\'s GET /v1/models answer is not a model list ({"object": "list", "data": [...]}); check that --gateway-url points at an AI gateway',
    );
  }
  const models: ListedModel[] = [];
  const leftOut: LeftOutEntry[] = [];
  body.data.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) {
      leftOut.push({
        index,
        entry: shown(entry),
        reason: 'not a model object ({"id": "provider:model"})',
      });
    } else if (typeof entry.id === "string" && entry.id !== "") {
      models.push({ index, id: entry.id, entry });
    } else if (entry.id === "") {
      leftOut.push({ index, entry: shown(""), reason: 'its "id" is empty' });
    } else {
      const reason = entry.id === undefined ? 'it has no "id"' : 'its "id" is not a string';
      leftOut.push({ index, entry: shown(entry), reason });
    }
  });
  return { models, leftOut };
}

/**
 * The models of a `GET /v1/models` body, as `provider:model` with their entries (entries without
 * a string id are not among them; {@link overlayFromModelList} reports them).
 * @throws AigwError `AIGW_BAD_RESPONSE` when the body is not an OpenAI model list.
 */
export function readModelList(body: unknown): { id: string; entry: Record<string, unknown> }[] {
  return readModelEntries(body).models.map(({ id, entry }) => ({ id, entry }));
}

/** The first problem the schema finds in a model entry: "the model id must NOT have …". */
function schemaReason(errors: readonly ErrorObject[]): string {
  const error = errors[0];
  if (error === undefined) return "the schema rejects it";
  const subject: Record<string, string> = { "/id": "the model id", "/provider": "the provider id" };
  return `${subject[error.instancePath] ?? `its ${error.instancePath.slice(1)}`} ${error.message ?? "is invalid"}`;
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
  const { models: entries, leftOut } = readModelEntries(body);
  // The schema's own definition of a model decides what the overlay may hold, so pull never
  // writes a file that `--catalog` then rejects.
  const validModel = getValidator("Model", CATALOG_SCHEMA_FILE);
  for (const { index, id, entry } of entries) {
    const parsed = parseModelName(id);
    const known = catalog.findModel(id);
    const provider = parsed.provider ?? known?.provider;
    if (provider === undefined) {
      leftOut.push({
        index,
        entry: shown(id),
        reason: "it names no provider (provider:model) and the catalog has no model of that name",
      });
      continue;
    }
    const model = known?.model ?? parsed.model;
    const details = detailsOf(entry);
    if (!validModel({ provider, id: model, ...details })) {
      leftOut.push({ index, entry: shown(id), reason: schemaReason(validModel.errors ?? []) });
      continue;
    }
    const name = `${provider}:${model}`;
    const key = modelKey({ provider, model });
    if (listed.has(key)) continue;
    listed.add(key);
    listedProviders.add(provider);
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
    leftOut: leftOut.sort((a, b) => a.index - b.index),
  };
}
