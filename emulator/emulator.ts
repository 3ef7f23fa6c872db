import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { newApiKeyRecord } from "./control-plane/api-keys";
import { BUILTIN_PROVIDERS, type ControlPlaneSettings } from "./control-plane/context";
import { type CreditOptions, startCredits } from "./control-plane/credits";
import { DEFAULT_GATEWAY_CONFIG } from "./control-plane/gateway-config";
import { DEFAULT_MAX_BODY_BYTES } from "./control-plane/http";
import { type EmulatorLogger, createControlPlaneListener } from "./control-plane/server";
import { BUILTIN_CATALOG, type ModelCatalog, loadCatalogFile } from "pulumi-ngrok-ai/catalog";
import type { PlanOptions } from "pulumi-ngrok-ai/routing";
import { type FailoverPolicy, createDataPlane, isDataPlanePath } from "./data-plane/gateway";
import { type StubUpstream, createStubUpstream } from "./data-plane/stub-upstream";
import { GATEWAY_ERROR_CODES, GatewayError } from "./data-plane/gateway-error";
import { EmulatorError, ManagementApiError } from "./errors";
import { FaultInjector, type FaultRule, seededRandom } from "./faults/faults";
import { clientErrorListener } from "./request-guard";
import { ID_PREFIX } from "./store/ids";
import { newApiKeyToken } from "./store/secrets";
import { type EmulatorStore, type GatewayConfigRecord, openStore } from "./store/store";

/** The default database path, relative to the working directory. */
export const DEFAULT_DB_PATH = ".aigw/emulator.db";

/** Options of `createEmulator`; everything is optional. */
export interface EmulatorOptions {
  /** TCP port; default 0 (any free port). */
  readonly port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** SQLite file (default `.aigw/emulator.db`), or `:memory:` for tests. */
  readonly db?: string;
  /** The management API key clients send as `Authorization: Bearer …`; default: a new random one. */
  readonly apiKey?: string;
  /**
   * Master key for provider key values (32 bytes: hex, base64 or a Buffer). Default:
   * `AIGW_EMULATOR_MASTER_KEY`, else a key file `<db>.key` (mode 0600) made on first use.
   */
  readonly masterKey?: string | Buffer;
  /** Fault rules active from the start (changeable later through `PUT /_admin/faults`). */
  readonly faults?: readonly FaultRule[];
  /** Seed of the fault injector's random source, for deterministic tests; default random. */
  readonly faultSeed?: number;
  /** Receives one line per request; never secrets. Default: silent. */
  readonly logger?: EmulatorLogger;
  /** Status of validation errors: 400 (default) or 422 (INFERRED either way). */
  readonly validationStatus?: 400 | 422;
  /** Request body limit in bytes (default 1 MiB); larger bodies get 413. */
  readonly maxBodyBytes?: number;
  /** Catalog provider ids the management API accepts (default: the catalog's providers). */
  readonly builtinProviders?: readonly string[];
  /**
   * The model catalog (default: the package's, generated from ngrok's model catalog page): a
   * `ModelCatalog`, or the path of a catalog file (an overlay `aigw catalog pull` wrote, or a
   * whole catalog; `schema/catalog.schema.json`). Bare names resolve through it, ngrok inference
   * serves what it allows, and `GET /v1/models` lists it.
   */
  readonly catalog?: ModelCatalog | string;
  /**
   * `ngrok` (default): custom provider base URLs follow ngrok's rules (https, or http on a
   * `.internal` host; loopback refused). `any`: allow any http(s) URL, for local stub upstreams.
   */
  readonly providerBaseUrlPolicy?: "ngrok" | "any";
  /** Gateway configuration before the first PATCH (default 120s / 60s / no caps). */
  readonly gatewayConfigDefaults?: Partial<GatewayConfigRecord>;
  /** `accountId` in the gateway configuration; default `acc_emulator` (INFERRED form). */
  readonly accountId?: string;
  /**
   * The account's credits at start (spec 4.6): `{ balanceCents, purchased }`. Default: a new
   * database gets USD 10,000 of purchased credits and a database file keeps what it has; with
   * either field the credits are replaced. The data plane refuses requests with 403
   * `ERR_NGROK_4026` when the balance is 0 or less and `ERR_NGROK_6033` when `purchased` is false;
   * each attempt's `totalCost` is taken from the balance (INFERRED). Changeable while running
   * through `PUT /_admin/credits`, `POST /credits/checkout-session` or `store.setCredits`.
   */
  readonly credits?: CreditOptions;
  /** Waits for latency faults; default a timer. Tests pass a recorder. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Environment for `AIGW_EMULATOR_MASTER_KEY`; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;

  // ---- gateway data plane (`/v1/…` on the same server) -----------------------------------

  /**
   * Upstream base URL per provider id, e.g. `{ openai: "http://127.0.0.1:4010" }` (with or
   * without a trailing `/v1`). It also overrides a custom provider's `baseUrl`. A provider with
   * neither goes to `defaultUpstream`.
   */
  readonly upstreams?: Readonly<Record<string, string>>;
  /** Base URL of ngrok's managed inference per provider id (the target of `ngrok` steps). */
  readonly managedUpstreams?: Readonly<Record<string, string>>;
  /**
   * Where a provider without a configured upstream (and any managed step without a managed
   * upstream) goes: `stub` (default), an in-process stub upstream started on first use whose
   * answer is chosen by the key value (see `createStubUpstream`); `none`: the attempt fails as a
   * connection error.
   */
  readonly defaultUpstream?: "stub" | "none";
  /** The credential sent to managed-inference upstreams; default `ngrok-managed-inference-healthy`. */
  readonly managedInferenceKey?: string;
  /**
   * Which upstream statuses fail over (spec 4.5, INFERRED): `documented` (default) = 429, 401,
   * 403, 408, 5xx, timeouts and connection errors; `any-4xx` adds every other 4xx.
   */
  readonly failoverOn?: FailoverPolicy;
  /**
   * Routing of an access key without configuration (spec 4.4 item 4 and 6.2, CONFLICT):
   * `provider-keys-then-managed` (default) or `managed-only`. Shorthand for the same field of
   * `routing`.
   */
  readonly noConfigurationRouting?: "provider-keys-then-managed" | "managed-only";
  /** Every other switch of the routing planner (`planRequest`), for the data plane. */
  readonly routing?: PlanOptions;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, such as `http://127.0.0.1:43127` (no trailing slash). */
  readonly url: string;
  /** The management API key to send as a bearer token. */
  readonly apiKey: string;
  /** The storage, for the data plane and for tests (look-ups, decryption in memory). */
  readonly store: EmulatorStore;
  /** The fault rules, changeable in process as well as through `/_admin/faults`. */
  readonly faults: FaultInjector;
  /** The routing planner options the data plane uses (for `aigw explain` to match). */
  readonly planOptions: PlanOptions;
  /** The model catalog the data plane uses. */
  readonly catalog: ModelCatalog;
  /** Stops listening, drops open connections and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      reject(
        new EmulatorError(
          "AIGW_EMULATOR_LISTEN",
          `could not listen on ${host}:${port}: ${err.message}`,
          { cause: err },
        ),
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/**
 * Starts a local ngrok.ai backed by SQLite: the management API and, on the same server under
 * `/v1/…`, the gateway data plane. Each caller closes what it starts.
 * @throws EmulatorError (`AIGW_EMULATOR_LISTEN`, `AIGW_EMULATOR_DB_OPEN`,
 * `AIGW_EMULATOR_MASTER_KEY_INVALID`, `AIGW_EMULATOR_MASTER_KEY_MISMATCH`, `AIGW_INVALID_OPTIONS`
 * for a `credits` option that is not whole cents or a boolean, …); AigwError
 * `AIGW_CATALOG_NOT_FOUND` or `AIGW_CATALOG_INVALID` for a catalog file that cannot be used.
 */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  // Read before the store is opened: a bad catalog file leaves nothing to close.
  const catalog =
    typeof options.catalog === "string"
      ? loadCatalogFile(options.catalog)
      : (options.catalog ?? BUILTIN_CATALOG);
  const store = openStore({
    path: options.db ?? DEFAULT_DB_PATH,
    masterKey: options.masterKey,
    env: options.env,
  });
  const apiKey = options.apiKey ?? newApiKeyToken();
  if (apiKey.trim() === "" || /\s/.test(apiKey)) {
    store.close();
    throw new EmulatorError(
      "AIGW_EMULATOR_API_KEY_INVALID",
      "the emulator API key must be non-empty and contain no spaces",
    );
  }
  let faults: FaultInjector;
  try {
    const now = new Date().toISOString();
    startCredits(store, options.credits, now);
    const id = store.ids.next(ID_PREFIX.apiKey);
    store.ensureBootstrapApiKey(
      newApiKeyRecord(id, apiKey, now, id, {
        name: "emulator",
        description: "The key the emulator was started with",
        bootstrap: true,
      }),
      apiKey,
    );
    faults = new FaultInjector(
      options.faults ?? [],
      options.faultSeed === undefined ? Math.random : seededRandom(options.faultSeed),
    );
  } catch (err) {
    store.close();
    if (err instanceof ManagementApiError) {
      throw new EmulatorError(
        "AIGW_EMULATOR_FAULTS_INVALID",
        `invalid fault rules: ${err.message}`,
        {
          cause: err,
        },
      );
    }
    throw err;
  }
  const settings: ControlPlaneSettings = {
    validationStatus: options.validationStatus ?? 400,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    builtinProviders:
      options.builtinProviders ??
      (catalog === BUILTIN_CATALOG ? BUILTIN_PROVIDERS : catalog.providers.map((p) => p.id)),
    providerBaseUrlPolicy: options.providerBaseUrlPolicy ?? "ngrok",
    gatewayConfigDefaults: { ...DEFAULT_GATEWAY_CONFIG, ...options.gatewayConfigDefaults },
    accountId: options.accountId ?? "acc_emulator",
  };
  let url = "";
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const controlPlane = createControlPlaneListener({
    store,
    faults,
    settings,
    baseUrl: () => url,
    sleep,
    logger: options.logger,
  });
  let stub: Promise<StubUpstream> | undefined;
  const planOptions: PlanOptions = {
    ...options.routing,
    ...(options.noConfigurationRouting === undefined
      ? {}
      : { noConfigurationRouting: options.noConfigurationRouting }),
  };
  const dataPlane = createDataPlane({
    store,
    faults,
    sleep,
    logger: options.logger,
    settings: {
      upstreams: new Map(Object.entries(options.upstreams ?? {})),
      managedUpstreams: new Map(Object.entries(options.managedUpstreams ?? {})),
      failoverOn: options.failoverOn ?? "documented",
      planOptions,
      catalog,
      managedInferenceKey: options.managedInferenceKey ?? "ngrok-managed-inference-healthy",
      defaultUpstream: options.defaultUpstream ?? "stub",
      maxBodyBytes: settings.maxBodyBytes,
      gatewayConfigDefaults: settings.gatewayConfigDefaults,
    },
    defaultStubUrl: async () => (await (stub ??= createStubUpstream())).url,
  });
  // One server: the data plane answers `/v1/…`, the management API everything else.
  const server = createServer((req, res) => {
    if (isDataPlanePath((req.url ?? "/").split("?")[0] ?? "/")) dataPlane.listener(req, res);
    else controlPlane(req, res);
  });
  // Requests Node's parser refuses get ngrok's error body of the plane their path names.
  server.on(
    "clientError",
    clientErrorListener((status, message, path) => {
      const body =
        path !== undefined && isDataPlanePath(path.split("?")[0] ?? "/")
          ? new GatewayError(status, GATEWAY_ERROR_CODES.invalidRequest, message).toBody()
          : new ManagementApiError(status, undefined, message, { reason: message }).toBody();
      return JSON.stringify(body);
    }, options.logger),
  );
  try {
    await listen(server, options.port ?? 0, host);
  } catch (err) {
    await dataPlane.close();
    store.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    apiKey,
    store,
    faults,
    planOptions,
    catalog,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
        .then(async () => {
          await dataPlane.close();
          if (stub !== undefined) await (await stub).close();
        })
        .finally(() => store.close());
      return closing;
    },
  };
}
