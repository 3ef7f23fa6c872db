import type { ServerResponse } from "node:http";
import type { AcceptedPlan, PlannedAttempt } from "pulumi-ngrok-ai/routing";
import type { AttemptOutcome, AttemptsResult } from "./attempt-outcome";
import { isoNow } from "./clock";
import type { DataPlaneContext, FailoverPolicy } from "./context";
import type { AccountView, GatewayLimits } from "./plan-input";
import type { CompletionBody } from "./request-body";
import { streamHeaders } from "./respond";
import { streamOrRead } from "./stream-attempt";
import { streamsRequest } from "./surfaces";
import { type Surface, type WholeCall, upstreamUrl } from "./upstream";
import { type MeteredUsage, UsageMeter } from "./usage-meter";

const NO_USAGE: MeteredUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  reasoningTokens: 0,
  stopReason: "",
};

/** True when an upstream status moves on to the next attempt. */
function failsOver(status: number, policy: FailoverPolicy): boolean {
  if (status >= 500) return true;
  if (policy === "any-4xx") return status >= 400;
  return status === 429 || status === 401 || status === 403 || status === 408;
}

function clampOutputTokens(body: Record<string, unknown>, cap: number | null): void {
  if (cap === null) return;
  for (const field of ["max_tokens", "max_completion_tokens"]) {
    const v = body[field];
    if (typeof v === "number" && v > cap) body[field] = cap;
  }
}

function attemptLabel(a: PlannedAttempt): string {
  return `${a.modelName} via ${a.source === "ngrok" ? "ngrok inference" : `provider key ${a.providerKeyId ?? ""}`}`;
}

/** Where an attempt goes: its configured upstream, else the in-process stub, else nowhere. */
function upstreamBase(
  ctx: DataPlaneContext,
  view: AccountView,
  attempt: PlannedAttempt,
): string | Promise<string> | undefined {
  const { settings } = ctx;
  const provider = attempt.provider;
  const configured =
    attempt.source === "ngrok"
      ? settings.managedUpstreams.get(provider)
      : (settings.upstreams.get(provider) ?? view.providers.get(provider)?.baseUrl);
  if (configured !== undefined) return configured;
  return settings.defaultUpstream === "stub" ? ctx.deps.defaultStubUrl() : undefined;
}

/** Records an attempt that failed over (or never reached an upstream). */
function failed(
  outcomes: AttemptOutcome[],
  attempt: PlannedAttempt,
  statusCode: number,
  timedOut: boolean,
): void {
  outcomes.push({ attempt, at: isoNow(), statusCode, timedOut, isError: true, usage: NO_USAGE });
}

/**
 * The run-attempts stage: the accepted plan's attempts in order (spec 4.5), each bounded by
 * `perRequestTimeout` and all of them by `totalTimeout`, failing over on the configured statuses,
 * per-attempt timeouts and transport errors. A streaming request's 2xx answer is piped to the
 * client as it arrives; a whole answer is read and returned for the respond stage. Resolves once
 * the attempts are done (for a stream, when it ends).
 */
export async function runAttempts(
  ctx: DataPlaneContext,
  res: ServerResponse,
  plan: AcceptedPlan,
  view: AccountView,
  surface: Surface,
  body: CompletionBody,
  headers: Record<string, string>,
  limits: GatewayLimits,
): Promise<AttemptsResult> {
  const stream = streamsRequest(surface, body);
  const { perRequestMs, totalMs } = limits;
  const deadline = Date.now() + totalMs;
  const outcomes: AttemptOutcome[] = [];
  let lastError = "";
  let totalTimedOut = false;
  // A copy without `models` (the gateway's own field); made by rest, not `delete`, which would
  // turn the object into a slow dictionary for the spread and stringify of every attempt.
  const { models: _models, ...upstreamBody } = body;
  clampOutputTokens(upstreamBody, limits.maxOutputTokens);

  for (const attempt of plan.attempts) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      totalTimedOut = true;
      break;
    }
    const base = upstreamBase(ctx, view, attempt);
    // Decrypted in memory for this one call; never logged, stored or sent back.
    const key =
      attempt.source === "ngrok"
        ? ctx.settings.managedInferenceKey
        : ctx.store.decryptProviderKeyValue(attempt.providerKeyId ?? "");
    if (base === undefined || key === undefined) {
      failed(outcomes, attempt, 0, false);
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
      ? await streamOrRead(
          ctx.upstream,
          call,
          res,
          attempt,
          streamHeaders(headers, outcomes.length + 1, attempt.modelName),
        )
      : await ctx.upstream.exchange(call);
    if (result.kind === "streamed") {
      outcomes.push(result.outcome);
      return { kind: "streamed", status: result.outcome.statusCode, outcomes };
    }
    if (result.kind === "failure") {
      failed(outcomes, attempt, 0, result.timedOut);
      lastError = `${attemptLabel(attempt)}: ${result.message}`;
      if (result.timedOut && boundByTotal) {
        totalTimedOut = true;
        break;
      }
      continue;
    }
    const status = result.status;
    const ok = status >= 200 && status < 300;
    if (!ok && failsOver(status, ctx.settings.failoverOn)) {
      failed(outcomes, attempt, status, false);
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
    return { kind: "answered", attempt, answer: result, outcomes };
  }
  return { kind: "exhausted", totalTimedOut, lastError, outcomes };
}
