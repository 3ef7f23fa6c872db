import type { IncomingMessage, ServerResponse } from "node:http";
import { ClientAbortedError, readBody } from "../control-plane/http";
import { ManagementApiError } from "../errors";
import type { FaultDecision } from "../faults/faults";
import { type RequestOutcome, describeError, guardedListener } from "../request-guard";
import { ID_PREFIX } from "../store/ids";
import type { AccessKeyRecord } from "../store/store";
import { runAttempts } from "./attempts";
import { authenticate } from "./authenticate";
import { isoNow } from "./clock";
import type { DataPlaneContext, DataPlaneDeps } from "./context";
import { checkCredits } from "./credit-check";
import { GATEWAY_ERROR_CODES, GatewayError } from "./gateway-error";
import { listModels } from "./list-models";
import { planCompletion } from "./plan";
import { AccountCache } from "./plan-input";
import { recordUsage } from "./record-usage";
import { bodyTooLarge, checkPromptSize, parseCompletionBody } from "./request-body";
import { REQUEST_ID_HEADER, respond, sendError, sendJson } from "./respond";
import { SURFACE_DESCRIPTIONS, streamsRequest, surfaceOfPath } from "./surfaces";
import { type Surface, UpstreamClient } from "./upstream";

export type { DataPlaneDeps, DataPlaneSettings, FailoverPolicy } from "./context";

/** A running data plane: a request listener for `/v1/…` paths and its connection pool. */
export interface DataPlane {
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Closes the upstream connection pool. */
  close(): Promise<void>;
}

/** True for the paths the data plane serves (`/v1` and below). */
export function isDataPlanePath(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/");
}

/**
 * The surface a completion request's path names, or `models` for the model list.
 * @throws GatewayError 404 for a path the gateway does not serve, 405 for the wrong method.
 */
function route(req: IncomingMessage, method: string, path: string): Surface | "models" {
  const surface = surfaceOfPath(path)?.surface;
  const known = surface !== undefined || path === "/v1/models";
  const allowed = surface !== undefined ? "POST" : "GET";
  if (!known) {
    req.resume();
    throw new GatewayError(
      404,
      GATEWAY_ERROR_CODES.unsupportedSurface,
      `The gateway does not serve ${path}; use ${SURFACE_DESCRIPTIONS.map((d) => d.path).join(", ")} or /v1/models`,
    );
  }
  if (method !== allowed) {
    req.resume();
    throw new GatewayError(405, GATEWAY_ERROR_CODES.unsupportedSurface, `Use ${allowed} ${path}`, {
      allow: allowed,
    });
  }
  return surface ?? "models";
}

/** The error an injected status fault answers with (429 as a rate limit, else unreachable). */
function injectedFault(
  outcome: Extract<FaultDecision["outcome"], { readonly type: "status" }>,
): GatewayError {
  const s = outcome.status;
  return new GatewayError(
    s,
    s === 429 ? GATEWAY_ERROR_CODES.upstreamRateLimited : GATEWAY_ERROR_CODES.upstreamUnreachable,
    `injected fault: ${s}`,
    outcome.retryAfter === undefined ? {} : { "retry-after": String(outcome.retryAfter) },
  );
}

/**
 * A completion request once authenticated, stage by stage: check the account's credits, parse
 * and validate the body, plan, run the attempts, respond, record usage. Resolves with the status
 * answered.
 */
async function serveCompletion(
  ctx: DataPlaneContext,
  req: IncomingMessage,
  res: ServerResponse,
  surface: Surface,
  accessKey: AccessKeyRecord,
  headers: Record<string, string>,
): Promise<number> {
  checkCredits(ctx.store);
  const maxBodyBytes = ctx.settings.maxBodyBytes;
  let raw: Buffer;
  try {
    raw = await readBody(req, maxBodyBytes);
  } catch (err) {
    if (err instanceof ManagementApiError) throw bodyTooLarge(maxBodyBytes);
    throw err;
  }
  const body = parseCompletionBody(raw);
  const { view, plan } = planCompletion(ctx.account, accessKey, body, headers);
  const limits = ctx.account.gatewayLimits();
  checkPromptSize(body, limits.maxInputTokens);
  const result = await runAttempts(ctx, res, plan, view, surface, body, headers, limits);
  const status = respond(res, result, headers, limits.totalTimeout);
  recordUsage(
    ctx.store,
    headers[REQUEST_ID_HEADER]!,
    accessKey.id,
    view,
    result.outcomes,
    streamsRequest(surface, body),
  );
  return status;
}

/** The answer to a failure of the emulator itself. */
function internalError(): GatewayError {
  return new GatewayError(
    500,
    GATEWAY_ERROR_CODES.upstreamFailedToRespond,
    "internal emulator error",
  );
}

/** One data plane request, from fault injection to the answer; resolves with how it ended. */
async function handle(
  ctx: DataPlaneContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<RequestOutcome> {
  const method = (req.method ?? "GET").toUpperCase();
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const headers: Record<string, string> = {
    [REQUEST_ID_HEADER]: ctx.store.ids.next(ID_PREFIX.request),
  };
  try {
    const decision = ctx.deps.faults.decide(method, path);
    if (decision.delayMs > 0) await ctx.deps.sleep(decision.delayMs);
    if (decision.outcome.type === "reset") {
      req.socket.destroy();
      return "reset";
    }
    if (decision.outcome.type === "status") {
      req.resume();
      throw injectedFault(decision.outcome);
    }
    const target = route(req, method, path);
    const accessKey = authenticate(ctx.account, req);
    if (target === "models") {
      req.resume();
      const list = listModels(ctx.account, ctx.settings, accessKey);
      ctx.store.touchAccessKey(accessKey.id, isoNow());
      sendJson(res, 200, list, headers);
      return 200;
    }
    return await serveCompletion(ctx, req, res, target, accessKey, headers);
  } catch (err) {
    if (err instanceof ClientAbortedError) return "aborted";
    const error = err instanceof GatewayError ? err : internalError();
    if (!(err instanceof GatewayError)) {
      ctx.deps.logger?.(`${method} ${path} internal error: ${describeError(err)}`);
    }
    req.resume();
    sendError(res, error, headers);
    return error.status;
  }
}

/**
 * The gateway data plane (spec 4): authenticates the access key, checks the account's credits,
 * asks the routing planner for the plan (scope, model resolution, ordered attempts), then executes
 * it — each attempt bounded by `perRequestTimeout` and the whole request by `totalTimeout`,
 * failing over on the configured statuses — and records one usage event per attempt, whose cost
 * the store takes from the credit balance. Routing decisions are the planner's only.
 * Each stage is a function of its own file, called with the context made here once.
 */
export function createDataPlane(deps: DataPlaneDeps): DataPlane {
  const { store, settings } = deps;
  const ctx: DataPlaneContext = {
    deps,
    store,
    settings,
    upstream: new UpstreamClient(),
    account: new AccountCache(
      store,
      settings.planOptions,
      settings.gatewayConfigDefaults,
      settings.catalog,
    ),
  };
  return {
    // Whatever escapes `handle` (an error while answering an error) still gets a 500.
    listener: guardedListener(
      (req, res) => handle(ctx, req, res),
      (res) => sendError(res, internalError(), {}),
      deps.logger,
    ),
    close: () => ctx.upstream.close(),
  };
}
