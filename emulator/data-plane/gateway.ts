import type { IncomingMessage, ServerResponse } from "node:http";
import { StringDecoder } from "node:string_decoder";
import { findBuiltinProvider } from "pulumi-ngrok-ai/dist/model/catalog";
import { BUILTIN_MODELS } from "pulumi-ngrok-ai/dist/model/models";
import type {
  AcceptedPlan,
  PlanOptions,
  PlannedAttempt,
  RoutingPlan,
} from "pulumi-ngrok-ai/dist/routing/planner";
import { customProviderResolver, scopeAdmits } from "pulumi-ngrok-ai/dist/routing/scope";
import type { EmulatorLogger } from "../control-plane/server";
import { readBody } from "../control-plane/http";
import type { FaultInjector } from "../faults/faults";
import { ID_PREFIX } from "../store/ids";
import type {
  AccessKeyRecord,
  EmulatorStore,
  GatewayConfigRecord,
  UsageEventRecord,
} from "../store/store";
import { GATEWAY_ERROR_CODES, GatewayError } from "./gateway-error";
import { AccountCache, type AccountView, type GatewayLimits } from "./plan-input";
import {
  type Surface,
  UpstreamClient,
  type UpstreamResponse,
  type WholeCall,
  type WholeResult,
  readResponse,
  upstreamUrl,
} from "./upstream";
import { type MeteredUsage, UsageMeter } from "./usage-meter";
import { attemptCost } from "./usage";

/** Which upstream statuses move on to the next attempt (spec 4.5, INFERRED either way). */
export type FailoverPolicy = "documented" | "any-4xx";

/** The data plane's switches; every one has a default (see `createEmulator`). */
export interface DataPlaneSettings {
  /** Base URL per provider id (built-in or custom), overriding a custom provider's `baseUrl`. */
  readonly upstreams: Readonly<Record<string, string>>;
  /** Base URL of ngrok's managed inference, per provider id. */
  readonly managedUpstreams: Readonly<Record<string, string>>;
  /**
   * `documented` (default): 429, 401, 403, 408, 5xx, per-attempt timeouts and transport errors
   * fail over; other 4xx return to the client. `any-4xx`: every 4xx fails over too.
   */
  readonly failoverOn: FailoverPolicy;
  /** The routing planner's switches (no-configuration routing among them). */
  readonly planOptions: PlanOptions;
  /** The credential sent to a managed-inference upstream (the stub reads behaviour from it). */
  readonly managedInferenceKey: string;
  /** Where a provider with no configured upstream goes: the in-process stub, or nowhere. */
  readonly defaultUpstream: "stub" | "none";
  /** Largest request body in bytes. */
  readonly maxBodyBytes: number;
  /** Gateway configuration before the account writes one. */
  readonly gatewayConfigDefaults: GatewayConfigRecord;
}

/** What the data plane works with. */
export interface DataPlaneDeps {
  readonly store: EmulatorStore;
  readonly faults: FaultInjector;
  readonly settings: DataPlaneSettings;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger?: EmulatorLogger | undefined;
  /** The base URL of the in-process stub upstream, started on first use. */
  readonly defaultStubUrl: () => Promise<string>;
}

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

const SURFACES: Readonly<Record<string, Surface>> = {
  "/v1/chat/completions": "chat-completions",
  "/v1/messages": "messages",
};

/** One finished upstream attempt, before it becomes a usage event. */
interface AttemptOutcome {
  readonly attempt: PlannedAttempt;
  readonly at: string;
  readonly statusCode: number;
  readonly timedOut: boolean;
  readonly isError: boolean;
  readonly usage: MeteredUsage;
}

const NO_USAGE: MeteredUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  reasoningTokens: 0,
  stopReason: "",
};

function token(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1] !== undefined) return m[1];
  }
  const apiKey = req.headers["x-api-key"];
  return typeof apiKey === "string" && apiKey.trim() !== "" ? apiKey.trim() : undefined;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function failsOver(status: number, policy: FailoverPolicy): boolean {
  if (status >= 500) return true;
  if (policy === "any-4xx") return status >= 400;
  return status === 429 || status === 401 || status === 403 || status === 408;
}

let lastIso = { ms: -1, text: "" };

/** The current time in RFC 3339 (as `Date#toISOString` writes it), made once per millisecond. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}

/** A rough token count of the prompt (4 characters a token), for `maxInputTokens`. */
function promptTokens(body: Record<string, unknown>): number {
  const text = JSON.stringify([
    body.system ?? "",
    body.messages ?? body.input ?? body.prompt ?? "",
  ]);
  return Math.ceil(text.length / 4);
}

function clampOutputTokens(body: Record<string, unknown>, cap: number | null): void {
  if (cap === null) return;
  for (const field of ["max_tokens", "max_completion_tokens"]) {
    const v = body[field];
    if (typeof v === "number" && v > cap) body[field] = cap;
  }
}

function rejectedModelsHeader(plan: RoutingPlan): Record<string, string> {
  if (plan.rejectedFallbacks.length === 0) return {};
  return {
    "ngrok-aig-rejected-models": plan.rejectedFallbacks
      .map((f) => f.modelName ?? f.requested)
      .join(", "),
  };
}

/**
 * Streams a committed 2xx answer to the client while metering it, and resolves with the attempt's
 * outcome when the stream ends (an upstream that breaks off mid-stream is an error attempt).
 */
function pipeStream(
  out: ServerResponse,
  response: UpstreamResponse,
  attempt: PlannedAttempt,
  headers: Record<string, string>,
): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const meter = new UsageMeter();
    const decoder = new StringDecoder("utf8");
    let finished = false;
    let ended = false;
    const finish = (complete: boolean): void => {
      if (finished) return;
      finished = true;
      resolve({
        attempt,
        at: isoNow(),
        statusCode: response.status,
        timedOut: false,
        isError: !complete,
        usage: meter.usage,
      });
    };
    out.writeHead(response.status, {
      ...headers,
      "content-type": response.contentType ?? "text/event-stream",
      "cache-control": "no-cache",
    });
    const body = response.body;
    body.on("data", (chunk: Buffer) => meter.write(decoder.write(chunk)));
    body.on("end", () => {
      ended = true;
      meter.write(decoder.end());
      finish(true);
    });
    body.on("error", () => undefined);
    body.on("close", () => {
      if (!ended) {
        out.destroy();
        finish(false);
      }
    });
    out.on("close", () => {
      if (!ended) body.destroy();
    });
    body.pipe(out);
  });
}

/**
 * One attempt of a streaming request: a 2xx answer is committed and piped to the client as it
 * arrives (no failover and no attempt timeout from its first byte on); any other answer is read
 * whole, as `exchange` would, so the caller can fail over.
 */
async function streamOrRead(
  upstream: UpstreamClient,
  call: WholeCall,
  out: ServerResponse,
  attempt: PlannedAttempt,
  headers: Record<string, string>,
): Promise<WholeResult | { readonly kind: "streamed"; readonly outcome: AttemptOutcome }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, call.timeoutMs);
  try {
    const result = await upstream.send({ ...call, signal: controller.signal });
    if (result.kind === "failure") {
      return { kind: "failure", message: timedOut ? "timed out" : result.message, timedOut };
    }
    const response = result.response;
    if (response.status >= 200 && response.status < 300) {
      clearTimeout(timer);
      return { kind: "streamed", outcome: await pipeStream(out, response, attempt, headers) };
    }
    try {
      return {
        kind: "response",
        status: response.status,
        contentType: response.contentType,
        retryAfter: response.retryAfter,
        body: await readResponse(response.body),
      };
    } catch {
      return {
        kind: "failure",
        message: timedOut ? "timed out" : "the upstream connection failed mid-answer",
        timedOut,
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The provider keys the attempts used, in order. */
function providerKeyIdsOf(outcomes: readonly AttemptOutcome[]): string[] {
  const ids: string[] = [];
  for (const o of outcomes)
    if (o.attempt.providerKeyId !== undefined) ids.push(o.attempt.providerKeyId);
  return ids;
}

function attemptLabel(a: PlannedAttempt): string {
  return `${a.modelName} via ${a.source === "ngrok" ? "ngrok inference" : `provider key ${a.providerKeyId ?? ""}`}`;
}

/**
 * The gateway data plane (spec 4): authenticates the access key, asks the routing planner for
 * the plan (scope, model resolution, ordered attempts), then executes it — each attempt bounded by
 * `perRequestTimeout` and the whole request by `totalTimeout`, failing over on the configured
 * statuses — and records one usage event per attempt. Routing decisions are the planner's only.
 */
export function createDataPlane(deps: DataPlaneDeps): DataPlane {
  const { store, settings } = deps;
  const upstream = new UpstreamClient();
  const account = new AccountCache(store, settings.planOptions, settings.gatewayConfigDefaults);

  function upstreamBase(
    view: AccountView,
    attempt: PlannedAttempt,
  ): string | Promise<string> | undefined {
    const provider = attempt.provider;
    const configured =
      attempt.source === "ngrok"
        ? settings.managedUpstreams[provider]
        : (settings.upstreams[provider] ?? view.providers.get(provider)?.baseUrl);
    if (configured !== undefined) return configured;
    return settings.defaultUpstream === "stub" ? deps.defaultStubUrl() : undefined;
  }

  function usageEvents(
    requestId: string,
    accessKeyId: string,
    view: AccountView,
    outcomes: readonly AttemptOutcome[],
    isStreaming: boolean,
  ): UsageEventRecord[] {
    return outcomes.map((o, n) => {
      const a = o.attempt;
      const key =
        a.providerKeyId === undefined ? undefined : view.providerKeys.get(a.providerKeyId);
      return {
        id: store.ids.next(ID_PREFIX.usageEvent),
        eventTime: o.at,
        requestId,
        accessKeyId,
        provider: a.provider,
        providerDisplayName:
          findBuiltinProvider(a.provider)?.displayName ??
          view.providers.get(a.provider)?.name ??
          a.provider,
        model: a.model.model,
        modelDisplayName: a.model.model,
        attemptNumber: n + 1,
        isFinalAttempt: n === outcomes.length - 1,
        statusCode: o.statusCode,
        timedOut: o.timedOut,
        isError: o.isError,
        isStreaming,
        stopReason: o.usage.stopReason,
        inputTokens: o.usage.inputTokens,
        outputTokens: o.usage.outputTokens,
        cacheReadTokens: o.usage.cacheReadTokens,
        reasoningTokens: o.usage.reasoningTokens,
        totalCost: attemptCost(o.usage.inputTokens, o.usage.outputTokens),
        keySource: a.source,
        providerKeyId: a.source === "user" ? (a.providerKeyId ?? null) : null,
        providerKeyDisplayName: a.source === "user" ? (key?.keyRedacted ?? null) : null,
      };
    });
  }

  /**
   * Runs the accepted plan's attempts in order and answers the client. Resolves once the answer
   * is complete (for a stream, when it ends), with the outcomes of the attempts made.
   */
  async function execute(
    res: ServerResponse,
    plan: AcceptedPlan,
    view: AccountView,
    surface: Surface,
    body: Record<string, unknown>,
    headers: Record<string, string>,
    config: GatewayLimits,
  ): Promise<{ status: number; outcomes: AttemptOutcome[] }> {
    const stream = body.stream === true;
    const { perRequestMs, totalMs } = config;
    const deadline = Date.now() + totalMs;
    const outcomes: AttemptOutcome[] = [];
    let lastError = "";
    let totalTimedOut = false;
    // A copy without `models` (the gateway's own field); made by rest, not `delete`, which would
    // turn the object into a slow dictionary for the spread and stringify of every attempt.
    const { models: _models, ...upstreamBody } = body;
    clampOutputTokens(upstreamBody, config.maxOutputTokens);

    const fail = (attempt: PlannedAttempt, statusCode: number, timedOut: boolean): void => {
      outcomes.push({
        attempt,
        at: isoNow(),
        statusCode,
        timedOut,
        isError: true,
        usage: NO_USAGE,
      });
    };
    for (const attempt of plan.attempts) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        totalTimedOut = true;
        break;
      }
      const base = upstreamBase(view, attempt);
      // Decrypted in memory for this one call; never logged, stored or sent back.
      const key =
        attempt.source === "ngrok"
          ? settings.managedInferenceKey
          : store.decryptProviderKeyValue(attempt.providerKeyId ?? "");
      if (base === undefined || key === undefined) {
        fail(attempt, 0, false);
        lastError = `${attemptLabel(attempt)}: ${base === undefined ? "no upstream is configured for this provider" : "the provider key no longer exists"}`;
        continue;
      }
      const url = upstreamUrl(typeof base === "string" ? base : await base, surface);
      const boundByTotal = remaining <= perRequestMs;
      const call: WholeCall = {
        url,
        surface,
        key,
        body: Buffer.from(JSON.stringify({ ...upstreamBody, model: attempt.model.model })),
        timeoutMs: Math.min(perRequestMs, remaining),
      };
      const result = stream
        ? await streamOrRead(upstream, call, res, attempt, {
            ...headers,
            "ngrok-aig-attempts": String(outcomes.length + 1),
            "ngrok-aig-model": attempt.modelName,
          })
        : await upstream.exchange(call);
      if (result.kind === "streamed") {
        outcomes.push(result.outcome);
        return { status: result.outcome.statusCode, outcomes };
      }
      if (result.kind === "failure") {
        fail(attempt, 0, result.timedOut);
        lastError = `${attemptLabel(attempt)}: ${result.message}`;
        if (result.timedOut && boundByTotal) {
          totalTimedOut = true;
          break;
        }
        continue;
      }
      const status = result.status;
      const ok = status >= 200 && status < 300;
      if (!ok && failsOver(status, settings.failoverOn)) {
        fail(attempt, status, false);
        lastError = `${attemptLabel(attempt)}: upstream answered ${status}`;
        continue;
      }
      const meter = new UsageMeter();
      try {
        meter.observe(JSON.parse(result.body.toString("utf8")));
      } catch {
        // Not JSON: nothing to meter.
      }
      outcomes.push({
        attempt,
        at: isoNow(),
        statusCode: status,
        timedOut: false,
        isError: !ok,
        usage: meter.usage,
      });
      // The answer is final: the request's own headers object becomes the response's.
      headers["ngrok-aig-attempts"] = String(outcomes.length);
      headers["ngrok-aig-model"] = attempt.modelName;
      if (!ok && result.retryAfter !== undefined) headers["retry-after"] = result.retryAfter;
      headers["content-type"] = result.contentType ?? "application/json";
      headers["content-length"] = String(result.body.length);
      res.writeHead(status, headers);
      res.end(result.body);
      return { status, outcomes };
    }

    const attempted =
      outcomes.length === 0 ? {} : { "ngrok-aig-attempts": String(outcomes.length) };
    const error = totalTimedOut
      ? new GatewayError(
          504,
          GATEWAY_ERROR_CODES.totalTimeout,
          `The request exceeded the gateway's total timeout of ${config.totalTimeout}` +
            (lastError === "" ? "" : `; last error: ${lastError}`),
        )
      : new GatewayError(
          503,
          GATEWAY_ERROR_CODES.allProvidersFailed,
          `All providers failed; last error: ${lastError}`,
        );
    sendJson(res, error.status, error.toBody(), { ...headers, ...attempted });
    return { status: error.status, outcomes };
  }

  async function completion(
    req: IncomingMessage,
    res: ServerResponse,
    surface: Surface,
    accessKey: AccessKeyRecord,
    headers: Record<string, string>,
  ): Promise<number> {
    let raw: Buffer;
    try {
      raw = await readBody(req, settings.maxBodyBytes);
    } catch {
      throw new GatewayError(
        413,
        GATEWAY_ERROR_CODES.invalidBody,
        `The request body exceeds the limit of ${settings.maxBodyBytes} bytes`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString("utf8"));
    } catch {
      throw new GatewayError(
        400,
        GATEWAY_ERROR_CODES.invalidBody,
        "The request body is not valid JSON",
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new GatewayError(
        400,
        GATEWAY_ERROR_CODES.invalidBody,
        "The request body must be a JSON object",
      );
    }
    const body = parsed as Record<string, unknown>;
    const model = body.model;
    const models = body.models;
    if (model !== undefined && model !== null && typeof model !== "string") {
      throw new GatewayError(400, GATEWAY_ERROR_CODES.invalidBody, "`model` must be a string");
    }
    if (
      models !== undefined &&
      models !== null &&
      (!Array.isArray(models) || models.some((m) => typeof m !== "string"))
    ) {
      throw new GatewayError(
        400,
        GATEWAY_ERROR_CODES.invalidBody,
        "`models` must be an array of strings",
      );
    }
    const { view, plan } = account.plan(
      accessKey,
      model,
      (models ?? undefined) as string[] | undefined,
    );
    Object.assign(headers, rejectedModelsHeader(plan));
    if (plan.outcome === "rejected") {
      const r = plan.rejection;
      throw new GatewayError(r.status, r.code, r.message);
    }
    const config = account.gatewayLimits();
    const cap = config.maxInputTokens;
    if (cap !== null && promptTokens(body) > cap) {
      throw new GatewayError(
        413,
        GATEWAY_ERROR_CODES.inputTooLarge,
        `The prompt exceeds maxInputTokens (${cap})`,
      );
    }
    const { status, outcomes } = await execute(res, plan, view, surface, body, headers, config);
    if (outcomes.length > 0) {
      const at = isoNow();
      store.recordUsage(
        usageEvents(
          headers["ngrok-aig-request-id"]!,
          accessKey.id,
          view,
          outcomes,
          body.stream === true,
        ),
        { accessKeyId: accessKey.id, providerKeyIds: providerKeyIdsOf(outcomes), at },
      );
    }
    return status;
  }

  function listModels(accessKey: AccessKeyRecord): unknown {
    const view = account.view(accessKey, undefined, undefined);
    const options = {
      resolveProvider: customProviderResolver(view.input.customProviders ?? []),
      bareModelEntries: settings.planOptions.bareModelEntries ?? "catalog",
    };
    const access = view.input.configuration?.access;
    const candidates = [
      ...BUILTIN_MODELS.map((m) => ({ provider: m.provider, model: m.model })),
      ...[...view.providers.values()].flatMap((p) =>
        p.models.map((m) => ({ provider: p.providerId, model: m.modelId })),
      ),
    ];
    return {
      object: "list",
      data: candidates
        .filter((ref) => scopeAdmits(access, ref, options).allowed)
        .map((ref) => ({
          id: `${ref.provider}:${ref.model}`,
          object: "model",
          created: 0,
          owned_by: ref.provider,
        })),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const method = (req.method ?? "GET").toUpperCase();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const headers: Record<string, string> = {
      "ngrok-aig-request-id": store.ids.next(ID_PREFIX.request),
    };
    try {
      const decision = deps.faults.decide(method, path);
      if (decision.delayMs > 0) await deps.sleep(decision.delayMs);
      if (decision.outcome.type === "reset") {
        req.socket.destroy();
        return 0;
      }
      if (decision.outcome.type === "status") {
        const s = decision.outcome.status;
        req.resume();
        throw new GatewayError(
          s,
          s === 429
            ? GATEWAY_ERROR_CODES.upstreamRateLimited
            : GATEWAY_ERROR_CODES.upstreamUnreachable,
          `injected fault: ${s}`,
          decision.outcome.retryAfter === undefined
            ? {}
            : { "retry-after": String(decision.outcome.retryAfter) },
        );
      }

      const surface = SURFACES[path];
      const known = surface !== undefined || path === "/v1/models";
      const allowed = surface !== undefined ? "POST" : "GET";
      if (!known) {
        req.resume();
        throw new GatewayError(
          404,
          GATEWAY_ERROR_CODES.unsupportedSurface,
          `The gateway does not serve ${path}; use /v1/chat/completions, /v1/messages or /v1/models`,
        );
      }
      if (method !== allowed) {
        req.resume();
        throw new GatewayError(
          405,
          GATEWAY_ERROR_CODES.unsupportedSurface,
          `Use ${allowed} ${path}`,
          {
            allow: allowed,
          },
        );
      }
      const presented = token(req);
      const accessKey = presented === undefined ? undefined : account.findAccessKey(presented);
      if (accessKey === undefined) {
        req.resume();
        throw new GatewayError(
          401,
          GATEWAY_ERROR_CODES.authenticationFailed,
          presented === undefined
            ? "Missing access key: send Authorization: Bearer <access key> or x-api-key"
            : "The access key is not valid (unknown or deleted)",
        );
      }
      if (surface === undefined) {
        req.resume();
        const list = listModels(accessKey);
        store.touchAccessKey(accessKey.id, isoNow());
        sendJson(res, 200, list, headers);
        return 200;
      }
      return await completion(req, res, surface, accessKey, headers);
    } catch (err) {
      const error =
        err instanceof GatewayError
          ? err
          : new GatewayError(
              500,
              GATEWAY_ERROR_CODES.upstreamFailedToRespond,
              "internal emulator error",
            );
      if (!(err instanceof GatewayError)) {
        deps.logger?.(
          `${method} ${path} internal error: ${err instanceof Error ? `${err.name}: ${err.message}` : "unknown"}`,
        );
      }
      req.resume();
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, error.status, error.toBody(), { ...headers, ...error.headers });
      }
      return error.status;
    }
  }

  return {
    listener: (req, res) => {
      const logger = deps.logger;
      if (logger === undefined) {
        void handle(req, res);
        return;
      }
      const started = `${req.method ?? "GET"} ${(req.url ?? "/").split("?")[0]}`;
      void handle(req, res).then((status) =>
        logger(`${started} ${status === 0 ? "reset" : status}`),
      );
    },
    close: () => upstream.close(),
  };
}
