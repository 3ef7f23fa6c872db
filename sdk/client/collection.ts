// The typed endpoints of one API collection (list, head, create, get, update, delete), shared by
// the five collections, and the gateway-config singleton. Each method builds one request and hands
// it to the client's composed pipeline with the operation's retry kind.
import { ApiError, BadResponseError, CreateUncertainError, NotFoundError } from "./errors";
import { type ClientEventHandler } from "./events";
import { DEFAULT_PAGE_SIZE, iteratePages } from "./pagination";
import { type CreateLookupResult, type ExecuteOptions, errorInit } from "./retry";
import { type ApiRequest, type ApiResponse, type HttpMethod } from "./transport";
import {
  type GatewayConfig,
  type GatewayConfigUpdate,
  type ListEnvelope,
  type ListParams,
  type ProviderKey,
  type ProviderKeyCreate,
  type ProviderKeyList,
  type ProviderKeyListParams,
  type ProviderKeyRotate,
  type ProviderKeyUpdate,
} from "./types";

/** What the collections need from the client; built by `GatewayClient`, internal otherwise. */
export interface ClientCore {
  /** The parsed base URL. */
  readonly baseUrl: URL;
  /** Sends a request through the pipeline with retries for its kind. */
  execute(request: ApiRequest, options: Omit<ExecuteOptions, "url">): Promise<ApiResponse>;
  /** The event hook (already safe to call). */
  readonly emit: ClientEventHandler;
  /** The clock, in epoch milliseconds. */
  now(): number;
  /** The redacted URL of a request, for reports. */
  reportUrl(request: ApiRequest): string;
}

/** How one collection differs from the others. */
export interface CollectionSpec<T, L> {
  /** The collection path, such as `/provider-keys`. */
  path: string;
  /** What one object is called in messages, such as `provider key`. */
  noun: string;
  /** The items of a list page. */
  items: (page: L) => T[];
  /**
   * True when the create response carries a secret shown only once (access keys and API keys):
   * an object found after an ambiguous create is then useless, because its token is lost.
   */
  oneTimeToken: boolean;
}

/** Objects created this long before a create started may still be what it made (clock margin). */
const CREATE_LOOKUP_MARGIN_MS = 2 * 60_000;
/** The most objects the create lookup reads before giving up. */
const CREATE_LOOKUP_MAX_ITEMS = 1000;

/** Field names whose string values are secrets wherever they appear in a request body. */
const SECRET_FIELDS = new Set(["value", "token", "apiKey"]);

/** Collects the secret values in a request body (provider key values, tokens), at any depth. */
export function collectSecrets(body: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
    } else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
        if (SECRET_FIELDS.has(key) && typeof value === "string") found.push(value);
        else walk(value);
      }
    }
  };
  walk(body);
  return found;
}

/** Encodes a path segment such as an id. */
function segment(id: string): string {
  return encodeURIComponent(id);
}

/** Builds an absolute URL under the base URL (whose path, if any, is kept as a prefix). */
export function buildUrl(
  baseUrl: URL,
  path: string,
  query: Record<string, string | number | undefined> = {},
): string {
  const url = new URL(baseUrl.toString());
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${path}`;
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/** Checks that a success body is a JSON object. */
function expectObject<T>(response: ApiResponse, request: ApiRequest, core: ClientCore): T {
  const body = response.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    const url = core.reportUrl(request);
    throw new BadResponseError(
      `${request.method} ${url} answered ${response.statusCode} without the JSON object the API promises. Check that the API URL points at the ngrok.ai API.`,
      { method: request.method, url, statusCode: response.statusCode },
    );
  }
  return body as T;
}

/**
 * The endpoints of one collection: `list` (one page), `iterate` and `listAll` (every page),
 * `headList`, `create`, `get`, `head`, `update` and `delete`.
 *
 * @typeParam T - the object as read
 * @typeParam C - the create body
 * @typeParam U - the update (PATCH) body
 * @typeParam L - a list page
 * @typeParam P - the list query parameters
 */
export class Collection<
  T extends { id: string },
  C extends object,
  U extends object,
  L extends ListEnvelope,
  P extends ListParams = ListParams,
> {
  /** @internal */
  protected readonly core: ClientCore;
  /** @internal */
  protected readonly spec: CollectionSpec<T, L>;

  /** Wires a collection to the client's pipeline; `GatewayClient` builds these. */
  constructor(core: ClientCore, spec: CollectionSpec<T, L>) {
    this.core = core;
    this.spec = spec;
  }

  /** Reads one page (`GET <collection>`), newest first; `limit` defaults to 100. */
  async list(params?: P): Promise<L> {
    return this.fetchPage(this.listUrl(params));
  }

  /** Yields every object, newest first, following `nextPageUri` from page to page. */
  async *iterate(params?: P): AsyncGenerator<T, void, undefined> {
    yield* this.walk(params, []);
  }

  /** Reads every object of every page into one array, newest first. */
  async listAll(params?: P): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this.iterate(params)) all.push(item);
    return all;
  }

  /** Checks that the collection can be listed (`HEAD <collection>`); throws otherwise. */
  async headList(params?: P): Promise<void> {
    await this.send("HEAD", this.listUrl(params), "read");
  }

  /**
   * Creates an object (`POST <collection>`). Retried only when the first attempt surely did not
   * reach the server; after an ambiguous failure the client looks for the object first (see
   * `executeWithRetry`) and throws `AIGW_CREATE_UNCERTAIN` when it cannot tell.
   */
  async create(body: C): Promise<T> {
    const startedAt = this.core.now();
    const request = this.request("POST", buildUrl(this.core.baseUrl, this.spec.path), body);
    const response = await this.core.execute(request, {
      kind: "create",
      lookupCreated: (failure) => this.lookupCreated(body, startedAt, failure),
    });
    return expectObject<T>(response, request, this.core);
  }

  /** Reads one object by id (`GET <collection>/{id}`). */
  async get(id: string): Promise<T> {
    return this.send<T>("GET", this.itemUrl(id), "read");
  }

  /** Tells whether an object exists (`HEAD <collection>/{id}`): false on 404, throws otherwise. */
  async head(id: string): Promise<boolean> {
    try {
      await this.send("HEAD", this.itemUrl(id), "read");
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  /** Changes an object (`PATCH <collection>/{id}`): omitted fields stay, `null` clears. */
  async update(id: string, body: U): Promise<T> {
    return this.send<T>("PATCH", this.itemUrl(id), "update", body);
  }

  /**
   * Deletes an object (`DELETE <collection>/{id}`). A 404 on a retry after an ambiguous failure
   * counts as success; a 404 on the first attempt is thrown as `AIGW_NOT_FOUND`.
   */
  async delete(id: string): Promise<void> {
    await this.send("DELETE", this.itemUrl(id), "delete");
  }

  /** @internal The URL of one object. */
  protected itemUrl(id: string, suffix = ""): string {
    return buildUrl(this.core.baseUrl, `${this.spec.path}/${segment(id)}${suffix}`);
  }

  /** @internal Builds a request, noting the secrets its body carries. */
  protected request(method: HttpMethod, url: string, body?: unknown): ApiRequest {
    return body === undefined
      ? { method, url, secrets: [] }
      : { method, url, body, secrets: collectSecrets(body) };
  }

  /** @internal Sends a non-create request and returns its JSON object (or nothing). */
  protected async send<R = undefined>(
    method: HttpMethod,
    url: string,
    kind: "read" | "update" | "delete",
    body?: unknown,
  ): Promise<R> {
    const request = this.request(method, url, body);
    const response = await this.core.execute(request, { kind });
    if (method === "HEAD" || method === "DELETE") return undefined as R;
    return expectObject<R>(response, request, this.core);
  }

  private listUrl(params?: P): string {
    const query: Record<string, string | number | undefined> = {
      ...(params as Record<string, string | number | undefined> | undefined),
    };
    query.limit = params?.limit ?? DEFAULT_PAGE_SIZE;
    return buildUrl(this.core.baseUrl, this.spec.path, query);
  }

  /**
   * Yields every object; `secrets` are redacted from errors too (a create's, during lookup), and
   * `onDate` receives each page's `Date` header (the server's clock) when it has one.
   */
  private async *walk(
    params: P | undefined,
    secrets: readonly string[],
    onDate?: (serverNow: number) => void,
  ): AsyncGenerator<T> {
    for await (const page of iteratePages(this.core.baseUrl, this.listUrl(params), (url) =>
      this.fetchPage(url, secrets, onDate),
    )) {
      yield* this.spec.items(page);
    }
  }

  private async fetchPage(
    url: string,
    secrets: readonly string[] = [],
    onDate?: (serverNow: number) => void,
  ): Promise<L> {
    const request: ApiRequest = { method: "GET", url, secrets };
    const response = await this.core.execute(request, { kind: "read" });
    const date = response.headers.date;
    const serverNow = typeof date === "string" ? Date.parse(date) : Number.NaN;
    if (onDate !== undefined && !Number.isNaN(serverNow)) onDate(serverNow);
    const page = expectObject<L>(response, request, this.core);
    const items: unknown = this.spec.items(page);
    if (!Array.isArray(items)) {
      const reported = this.core.reportUrl(request);
      throw new BadResponseError(
        `GET ${reported} answered a list without its items array. Check that the API URL points at the ngrok.ai API.`,
        { method: "GET", url: reported, statusCode: response.statusCode },
      );
    }
    return page;
  }

  /**
   * Looks for the object an ambiguous create may have made: the list is newest first, so walk it
   * until objects predate the create (less a margin for clock skew), and take the first whose
   * fields equal everything that was sent. Throws `AIGW_CREATE_UNCERTAIN` when it cannot tell:
   * nothing to match on (no name), the lookup failed, too many objects to search, or the object
   * was found but its one-time token is lost.
   */
  private async lookupCreated(
    sent: C,
    startedAt: number,
    failure: ApiError,
  ): Promise<CreateLookupResult> {
    const { noun } = this.spec;
    const sentFields = sent as Record<string, unknown>;
    const name = sentFields.name;
    const uncertain = (why: string, cause: unknown, candidateId?: string): CreateUncertainError =>
      new CreateUncertainError(`${failure.message} ${why}`, {
        ...errorInit(failure),
        cause,
        candidateId,
      });
    if (typeof name !== "string" || name === "") {
      this.core.emit({
        type: "create-lookup",
        method: "POST",
        url: failure.url,
        outcome: "failed",
      });
      throw uncertain(
        `The ${noun} may have been created, and without a name there is no way to find it. List the ${noun}s and delete any unwanted new one before trying again.`,
        failure,
      );
    }
    // The window starts when the create started, in the server's clock when its Date header
    // tells it (our elapsed time subtracted from its now), so a skewed local clock cannot hide
    // the object; the margin absorbs the header's one-second resolution and clocks across servers.
    let windowStart = startedAt - CREATE_LOOKUP_MARGIN_MS;
    const onDate = (serverNow: number): void => {
      windowStart = serverNow - (this.core.now() - startedAt) - CREATE_LOOKUP_MARGIN_MS;
    };
    let found: T | undefined;
    let searched = 0;
    try {
      for await (const item of this.walk(undefined, collectSecrets(sent), onDate)) {
        const createdAt = Date.parse((item as { createdAt?: string }).createdAt ?? "");
        if (!Number.isNaN(createdAt) && createdAt < windowStart) break;
        if (matchesSent(sentFields, item)) {
          found = item;
          break;
        }
        if (++searched >= CREATE_LOOKUP_MAX_ITEMS) {
          throw uncertain(
            `The ${noun} "${name}" may have been created; too many recent ${noun}s to search. Look for it before trying again.`,
            failure,
          );
        }
      }
    } catch (err) {
      this.core.emit({
        type: "create-lookup",
        method: "POST",
        url: failure.url,
        outcome: "failed",
      });
      if (err instanceof CreateUncertainError) throw err;
      const lookupMessage = err instanceof ApiError ? ` (${err.code})` : "";
      throw uncertain(
        `The ${noun} "${name}" may have been created, and looking for it failed too${lookupMessage}. List the ${noun}s and check for it before trying again, to avoid a duplicate.`,
        err,
      );
    }
    if (found === undefined) {
      this.core.emit({
        type: "create-lookup",
        method: "POST",
        url: failure.url,
        outcome: "absent",
      });
      return { found: false };
    }
    this.core.emit({
      type: "create-lookup",
      method: "POST",
      url: failure.url,
      outcome: "found",
      id: found.id,
    });
    if (this.spec.oneTimeToken) {
      throw uncertain(
        `The ${noun} "${name}" was created (id ${found.id}) but its token, shown only once, was lost with the response. Delete ${found.id} and create it again.`,
        failure,
        found.id,
      );
    }
    return { found: true, body: found, id: found.id };
  }
}

/**
 * Tells whether a listed object carries every field a create sent. Write shapes that differ from
 * read shapes are compared through their read form: a configuration id against the linked
 * configuration, router keys by id (or name for inline keys), provider models by `modelId`, and a
 * secret value against the redacted value's visible tail.
 */
export function matchesSent(sent: Record<string, unknown>, item: object): boolean {
  const fields = item as Record<string, unknown>;
  for (const [field, value] of Object.entries(sent)) {
    if (value === undefined) continue;
    switch (field) {
      case "value": {
        const redacted = typeof fields.keyRedacted === "string" ? fields.keyRedacted : "";
        const tail = /\*\*\*(.+)$/.exec(redacted)?.[1];
        if (tail !== undefined && typeof value === "string" && !value.endsWith(tail)) return false;
        break;
      }
      case "accessKeyConfigurationId": {
        const link = fields.accessKeyConfiguration as { id?: string } | null | undefined;
        if (link?.id !== value) return false;
        break;
      }
      case "models": {
        const listed = (fields.models as { modelId: string }[] | undefined) ?? [];
        const written = value as { modelId: string }[];
        if (!deepEqual(sortedIds(listed), sortedIds(written))) return false;
        break;
      }
      case "router":
        if (!routerMatches(value, fields.router)) return false;
        break;
      default:
        if (!deepEqual(value, fields[field])) return false;
    }
  }
  return true;
}

function sortedIds(models: { modelId: string }[]): string[] {
  return models.map((m) => m.modelId).sort();
}

interface RuleShape {
  provider?: string;
  model?: string;
  steps?: { type?: string; keys?: { id?: string; name?: string }[] }[];
}

function routerMatches(written: unknown, read: unknown): boolean {
  const writtenRules = (written as { rules?: RuleShape[] } | null)?.rules ?? [];
  const readRules = (read as { rules?: RuleShape[] } | null | undefined)?.rules ?? [];
  if (writtenRules.length !== readRules.length) return false;
  return writtenRules.every((rule, i) => {
    const other = readRules[i];
    if (other === undefined || rule.provider !== other.provider || rule.model !== other.model) {
      return false;
    }
    const steps = rule.steps ?? [];
    const otherSteps = other.steps ?? [];
    if (steps.length !== otherSteps.length) return false;
    return steps.every((step, j) => {
      const otherStep = otherSteps[j];
      if (otherStep === undefined || step.type !== otherStep.type) return false;
      const keys = step.keys ?? [];
      const otherKeys = otherStep.keys ?? [];
      if (keys.length !== otherKeys.length) return false;
      return keys.every((key, k) => {
        const otherKey = otherKeys[k];
        if (otherKey === undefined) return false;
        return key.id !== undefined ? key.id === otherKey.id : key.name === otherKey.name;
      });
    });
  });
}

/** Structural equality of JSON values, ignoring key order. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((value, i) => deepEqual(value, b[i]))
    );
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(aRecord), ...Object.keys(bRecord)]);
  for (const key of keys) {
    if (!deepEqual(aRecord[key], bRecord[key])) return false;
  }
  return true;
}

/** The provider key collection, which adds `rotate`. */
export class ProviderKeysApi extends Collection<
  ProviderKey,
  ProviderKeyCreate,
  ProviderKeyUpdate,
  ProviderKeyList,
  ProviderKeyListParams
> {
  /**
   * Replaces a provider key's value and keeps its id (`POST /provider-keys/{id}/rotate`), so every
   * configuration that refers to it keeps working. Safe to repeat, so retried like an update.
   */
  async rotate(id: string, body: ProviderKeyRotate): Promise<ProviderKey> {
    return this.send<ProviderKey>("POST", this.itemUrl(id, "/rotate"), "update", body);
  }
}

/** The account's gateway configuration, a singleton: `get`, `head` and `update`. */
export class GatewayConfigApi {
  /** @internal */
  protected readonly core: ClientCore;

  /** Wires the singleton to the client's pipeline; `GatewayClient` builds it. */
  constructor(core: ClientCore) {
    this.core = core;
  }

  /** Reads the gateway configuration (`GET /gateway-config`). */
  async get(): Promise<GatewayConfig> {
    const request: ApiRequest = { method: "GET", url: this.url(), secrets: [] };
    const response = await this.core.execute(request, { kind: "read" });
    return expectObject<GatewayConfig>(response, request, this.core);
  }

  /** Checks that the gateway configuration can be read (`HEAD /gateway-config`); throws otherwise. */
  async head(): Promise<void> {
    await this.core.execute({ method: "HEAD", url: this.url(), secrets: [] }, { kind: "read" });
  }

  /** Changes the gateway configuration (`PATCH /gateway-config`); `null` clears a cap. */
  async update(body: GatewayConfigUpdate): Promise<GatewayConfig> {
    const request: ApiRequest = {
      method: "PATCH",
      url: this.url(),
      body,
      secrets: collectSecrets(body),
    };
    const response = await this.core.execute(request, { kind: "update" });
    return expectObject<GatewayConfig>(response, request, this.core);
  }

  private url(): string {
    return buildUrl(this.core.baseUrl, "/gateway-config");
  }
}
