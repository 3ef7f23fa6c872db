// The typed client of the ngrok.ai management API. It is composition: one transport function over
// an undici Dispatcher, with events, response errors and the concurrency limit composed around it,
// and retries (which depend on the operation) above that.
import type * as Undici from "undici";
import type { Dispatcher } from "undici";
import { AigwError } from "../core/errors";
import { VERSION } from "../core/version";
import { Collection, type ClientCore, GatewayConfigApi, ProviderKeysApi } from "./collection";
import { type ClientEventHandler } from "./events";
import { executeWithRetry, safeEmitter } from "./retry";
import {
  type ApiRequest,
  type ApiResponse,
  createTransport,
  reportedUrl,
  withConcurrencyLimit,
  withEvents,
  withResponseErrors,
} from "./transport";
import {
  type AccessKey,
  type AccessKeyConfiguration,
  type AccessKeyConfigurationCreate,
  type AccessKeyConfigurationList,
  type AccessKeyConfigurationUpdate,
  type AccessKeyCreate,
  type AccessKeyList,
  type AccessKeyUpdate,
  type ApiKey,
  type ApiKeyCreate,
  type ApiKeyList,
  type ApiKeyUpdate,
  type Provider,
  type ProviderCreate,
  type ProviderList,
  type ProviderUpdate,
} from "./types";

/** The management API's public URL, the default `baseUrl`. */
export const DEFAULT_BASE_URL = "https://api.ngrok.ai";

/** Options of {@link GatewayClient}; every one has a default. */
export interface GatewayClientOptions {
  /** The API's base URL, `https://api.ngrok.ai` by default; a path is kept as a prefix. */
  baseUrl?: string;
  /** The AI Gateway API key, sent as a bearer token. Never reported in errors or events. */
  apiKey?: string;
  /** The time limit of one attempt (headers and body), in milliseconds; 30 000 by default. */
  timeoutMs?: number;
  /** Retries after the first attempt, 3 by default; 0 disables retrying. */
  maxRetries?: number;
  /** The longest wait before a retry, in milliseconds; 30 000 by default. */
  maxRetryDelayMs?: number;
  /** The first backoff step, in milliseconds; 500 by default. */
  retryBaseDelayMs?: number;
  /** The most requests in flight at once, 8 by default. */
  concurrency?: number;
  /** Receives request, response, retry and create-lookup events; it must not throw. */
  onEvent?: ClientEventHandler;
  /** The undici dispatcher to send through, the global dispatcher by default (tests inject one). */
  dispatcher?: Dispatcher;
  /** A number in [0, 1) for backoff jitter, `Math.random` by default (tests inject one). */
  random?: () => number;
  /** Waits before a retry, a timer by default (tests inject one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
  /** The clock in epoch milliseconds, `Date.now` by default. */
  now?: () => number;
  /** The `User-Agent` header, `pulumi-ngrok-ai/<version>` by default. */
  userAgent?: string;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  maxRetries: 3,
  maxRetryDelayMs: 30_000,
  retryBaseDelayMs: 500,
  concurrency: 8,
};

function invalidOption(message: string): AigwError {
  return new AigwError("AIGW_INVALID_OPTIONS", message);
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < min) {
    throw invalidOption(`GatewayClient option ${name} must be an integer of at least ${min}.`);
  }
  return value;
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw invalidOption(
      `GatewayClient baseUrl is not a URL; use an absolute URL such as ${DEFAULT_BASE_URL}.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalidOption(
      `GatewayClient baseUrl must use https:// (or http:// for a local emulator).`,
    );
  }
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return url;
}

/**
 * undici's global dispatcher. undici is loaded on the first request rather than with this module:
 * loading it takes a few hundred milliseconds, which a process should be able to spend while it
 * waits for something else (`aigw drift` waits for `pulumi stack export`; see
 * {@link loadHttpStack}).
 */
function globalDispatcher(): Dispatcher {
  return loadHttpStack().getGlobalDispatcher();
}

/**
 * Loads the HTTP stack the client sends with (undici) now, instead of at the first request; a
 * caller that is about to wait for other work calls it so that the loading overlaps the wait.
 */
export function loadHttpStack(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require("undici") as typeof Undici;
}

/**
 * The typed client of the ngrok.ai management API: one method per endpoint, grouped by collection
 * (`client.providerKeys.create(…)`). Errors are {@link ApiError} subclasses with stable codes;
 * transient failures are retried where a repeat is safe; lists follow `nextPageUri`; secrets never
 * appear in errors or events.
 */
export class GatewayClient {
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** Provider keys: upstream secrets, write-only, rotatable in place. */
  readonly providerKeys: ProviderKeysApi;
  /** Access key configurations: scope and routing. */
  readonly accessKeyConfigurations: Collection<
    AccessKeyConfiguration,
    AccessKeyConfigurationCreate,
    AccessKeyConfigurationUpdate,
    AccessKeyConfigurationList
  >;
  /** Access keys: the client credentials for gateway traffic (token shown only at creation). */
  readonly accessKeys: Collection<AccessKey, AccessKeyCreate, AccessKeyUpdate, AccessKeyList>;
  /** Management API keys (token shown only at creation). */
  readonly apiKeys: Collection<ApiKey, ApiKeyCreate, ApiKeyUpdate, ApiKeyList>;
  /** User-defined (custom) providers. */
  readonly providers: Collection<Provider, ProviderCreate, ProviderUpdate, ProviderList>;
  /** The account's gateway configuration singleton. */
  readonly gatewayConfig: GatewayConfigApi;

  /** Creates a client; it opens no connection until the first request. */
  constructor(options: GatewayClientOptions = {}) {
    const base = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.baseUrl = base.toString().replace(/\/$/, "");
    const apiKey = options.apiKey === "" ? undefined : options.apiKey;
    const timeoutMs = checkCount("timeoutMs", options.timeoutMs ?? DEFAULTS.timeoutMs, 1);
    const concurrency = checkCount("concurrency", options.concurrency ?? DEFAULTS.concurrency, 1);
    const policy = {
      maxRetries: checkCount("maxRetries", options.maxRetries ?? DEFAULTS.maxRetries, 0),
      maxRetryDelayMs: checkCount(
        "maxRetryDelayMs",
        options.maxRetryDelayMs ?? DEFAULTS.maxRetryDelayMs,
        0,
      ),
      baseDelayMs: checkCount(
        "retryBaseDelayMs",
        options.retryBaseDelayMs ?? DEFAULTS.retryBaseDelayMs,
        0,
      ),
      random: options.random ?? Math.random,
      sleep:
        options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    };
    const now = options.now ?? Date.now;
    const emit = safeEmitter(options.onEvent);

    // The pipeline of one attempt, innermost first: transport → events → response errors →
    // concurrency limit. The API key lives only in these closures, never on an object.
    const transport = createTransport({
      dispatcher: options.dispatcher === undefined ? globalDispatcher : () => options.dispatcher!,
      origin: base.origin,
      apiKey,
      timeoutMs,
      userAgent: options.userAgent ?? `pulumi-ngrok-ai/${VERSION}`,
    });
    const send = withConcurrencyLimit<ApiResponse>(concurrency)(
      withResponseErrors(apiKey, now)(withEvents(emit, apiKey)(transport)),
    );
    const reportUrl = (request: ApiRequest): string => reportedUrl(request, apiKey);

    const core: ClientCore = {
      baseUrl: base,
      emit,
      now,
      reportUrl,
      execute: (request, execute) =>
        executeWithRetry(send, request, { ...execute, url: reportUrl(request) }, policy, emit),
    };

    this.providerKeys = new ProviderKeysApi(core, {
      path: "/provider-keys",
      noun: "provider key",
      items: (page) => page.aiGatewayProviderKeys,
      oneTimeToken: false,
    });
    this.accessKeyConfigurations = new Collection(core, {
      path: "/access-key-configurations",
      noun: "access key configuration",
      items: (page: AccessKeyConfigurationList) => page.aiGatewayAccessKeyConfigurations,
      oneTimeToken: false,
    });
    this.accessKeys = new Collection(core, {
      path: "/access-keys",
      noun: "access key",
      items: (page: AccessKeyList) => page.aiGatewayAccessKeys,
      oneTimeToken: true,
    });
    this.apiKeys = new Collection(core, {
      path: "/api-keys",
      noun: "API key",
      items: (page: ApiKeyList) => page.aiGatewayApiKeys,
      oneTimeToken: true,
    });
    this.providers = new Collection(core, {
      path: "/providers",
      noun: "provider",
      items: (page: ProviderList) => page.aiGatewayProviders,
      oneTimeToken: false,
    });
    this.gatewayConfig = new GatewayConfigApi(core);
  }
}
