import type { IncomingMessage, ServerResponse } from "node:http";
import { ManagementApiError } from "../errors";
import { type FaultInjector, parseFaultRules } from "../faults/faults";
import type { EmulatorStore } from "../store/store";
import type { ControlPlaneSettings, RequestContext } from "./context";
import { putCreditsAdmin, renderCreditsAdmin } from "./credits";
import { ERROR_CODES, ValidationError, invalid } from "./error-codes";
import { type EmulatorLogger, type RequestOutcome, guardedListener } from "../request-guard";
import { ClientAbortedError, parseJsonObject, readBody, sendError, sendJson } from "./http";
import { allowedMethods, matchRoute } from "./routes";

export type { EmulatorLogger } from "../request-guard";

/** What the control plane's request listener works with. */
export interface ControlPlaneDeps {
  readonly store: EmulatorStore;
  readonly faults: FaultInjector;
  readonly settings: ControlPlaneSettings;
  /** The base URL, known once the server listens. */
  readonly baseUrl: () => string;
  /** Waits `ms` for latency faults (tests pass their own, so nothing depends on the clock). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger?: EmulatorLogger | undefined;
}

/**
 * The admin path prefix; admin endpoints are authenticated but never faulted. `faults` holds the
 * fault rules, `credits` the account's balance and purchased flag; each answers GET, HEAD, PUT.
 */
export const ADMIN_PREFIX = "/_admin/";

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

function toSent(err: ManagementApiError, settings: ControlPlaneSettings): ManagementApiError {
  if (err instanceof ValidationError && settings.validationStatus !== 400) {
    return new ManagementApiError(settings.validationStatus, err.errorCode, err.message, {
      ...err.details,
    });
  }
  return err;
}

/**
 * The request's URL; 400 for a target that is no URL path. A target that starts with `/` is
 * appended to the origin, so `//x/provider-keys` keeps its path: resolved against the base URL,
 * `x` would be a host and the path `/provider-keys`.
 */
function requestUrl(req: IncomingMessage, baseUrl: string): URL {
  const target = req.url ?? "/";
  try {
    return target.startsWith("/")
      ? new URL(`${new URL(baseUrl).origin}${target}`)
      : new URL(target, baseUrl);
  } catch {
    req.resume();
    throw new ManagementApiError(
      400,
      ERROR_CODES.validation,
      "the request path is not a valid URL path",
      {
        reason: "invalid path",
      },
    );
  }
}

/**
 * The management API as a node:http request listener: fault injection first (except admin
 * paths), then bearer authentication against the stored API keys, then the route.
 */
export function createControlPlaneListener(
  deps: ControlPlaneDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { store, faults, settings } = deps;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<RequestOutcome> {
    const method = (req.method ?? "GET").toUpperCase();
    const baseUrl = deps.baseUrl();
    const url = requestUrl(req, baseUrl);
    const path = url.pathname;
    const admin = path.startsWith(ADMIN_PREFIX);

    if (!admin) {
      const decision = faults.decide(method, path);
      if (decision.delayMs > 0) await deps.sleep(decision.delayMs);
      if (decision.outcome.type === "reset") {
        req.socket.destroy();
        return "reset";
      }
      if (decision.outcome.type === "status") {
        const status = decision.outcome.status;
        const headers: Record<string, string> =
          decision.outcome.retryAfter === undefined
            ? {}
            : { "retry-after": String(decision.outcome.retryAfter) };
        req.resume();
        sendError(
          req,
          res,
          new ManagementApiError(status, undefined, `injected fault: ${status}`, {
            injectedFault: String(status),
          }),
          headers,
        );
        return status;
      }
    }

    const token = bearer(req);
    const apiKey = token === undefined ? undefined : store.findApiKeyByToken(token);
    if (apiKey === undefined) {
      req.resume();
      throw new ManagementApiError(
        401,
        ERROR_CODES.unauthorized,
        token !== undefined
          ? "the API key is not valid"
          : req.headers.authorization === undefined
            ? "missing Authorization: Bearer <API key> header"
            : "the Authorization header is not Bearer <API key>: send Authorization: Bearer <API key>",
      );
    }
    const now = new Date().toISOString();
    store.touchApiKey(apiKey.id, now);

    let bodyPromise: Promise<Record<string, unknown>> | undefined;
    const body = (): Promise<Record<string, unknown>> =>
      (bodyPromise ??= readBody(req, settings.maxBodyBytes).then(parseJsonObject));

    if (admin) return handleAdmin(req, res, method, path, body);

    const match = matchRoute(path);
    if (match === undefined) {
      req.resume();
      throw new ManagementApiError(404, ERROR_CODES.notFound, `no such resource: ${path}`);
    }
    const handler = match.route.methods[(method === "HEAD" ? "GET" : method) as "GET"];
    if (handler === undefined) {
      req.resume();
      const allow = allowedMethods(match.route).join(", ");
      const err = new ManagementApiError(
        405,
        ERROR_CODES.methodNotAllowed,
        `method ${method} is not allowed on ${path}`,
      );
      sendError(req, res, err, { allow });
      return 405;
    }
    const ctx: RequestContext = {
      baseUrl,
      url,
      params: match.params,
      principal: apiKey.id,
      now,
      store,
      settings,
      body,
    };
    const result = await handler(ctx);
    if (bodyPromise === undefined) req.resume();
    sendJson(req, res, result.status, result.body);
    return result.status;
  }

  /** The admin resource `name`: its view, and how a PUT body changes it. */
  const adminResources: Readonly<
    Record<string, { view(): unknown; put(input: Record<string, unknown>): unknown }>
  > = {
    faults: {
      view: () => ({ rules: faults.rules() }),
      put: (input) => {
        for (const key of Object.keys(input)) {
          if (key !== "rules" && key !== "seed")
            throw invalid(`unknown field "${key}"`, { field: key });
        }
        const seed = input.seed;
        if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed))) {
          throw invalid("seed must be an integer", { field: "seed" });
        }
        faults.setRules(parseFaultRules(input.rules ?? []), seed);
        return { rules: faults.rules() };
      },
    },
    credits: {
      view: () => renderCreditsAdmin(store),
      put: (input) => putCreditsAdmin(store, input),
    },
  };

  async function handleAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    body: () => Promise<Record<string, unknown>>,
  ): Promise<number> {
    const name = path.slice(ADMIN_PREFIX.length);
    const resource = Object.hasOwn(adminResources, name) ? adminResources[name] : undefined;
    if (resource === undefined) {
      req.resume();
      throw new ManagementApiError(404, ERROR_CODES.notFound, `no such resource: ${path}`);
    }
    if (method === "GET" || method === "HEAD") {
      req.resume();
      sendJson(req, res, 200, resource.view());
      return 200;
    }
    if (method === "PUT") {
      sendJson(req, res, 200, resource.put(await body()));
      return 200;
    }
    req.resume();
    sendError(
      req,
      res,
      new ManagementApiError(
        405,
        ERROR_CODES.methodNotAllowed,
        `method ${method} is not allowed on ${path}`,
      ),
      {
        allow: "GET, HEAD, PUT",
      },
    );
    return 405;
  }

  /** `handle`, with the API's own errors answered in ngrok's error body; others go to the guard. */
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<RequestOutcome> {
    try {
      return await handle(req, res);
    } catch (err) {
      if (err instanceof ClientAbortedError) return "aborted";
      if (!(err instanceof ManagementApiError)) throw err;
      const sent = toSent(err, settings);
      req.resume();
      if (res.headersSent || res.destroyed) throw err;
      sendError(req, res, sent);
      return sent.statusCode;
    }
  }

  return guardedListener(
    answer,
    (res) =>
      sendError(res.req, res, new ManagementApiError(500, undefined, "internal emulator error")),
    deps.logger,
  );
}
