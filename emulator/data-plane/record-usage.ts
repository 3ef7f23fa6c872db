import { BUILTIN_CATALOG } from "pulumi-ngrok-ai/catalog";
import { ID_PREFIX } from "../store/ids";
import type { EmulatorStore, UsageEventRecord } from "../store/store";
import type { AttemptOutcome } from "./attempt-outcome";
import { isoNow } from "./clock";
import type { AccountView } from "./plan-input";
import { attemptCost } from "../usage-cost";

/** The provider keys the attempts used, in order. */
function providerKeyIdsOf(outcomes: readonly AttemptOutcome[]): string[] {
  const ids: string[] = [];
  for (const o of outcomes)
    if (o.attempt.providerKeyId !== undefined) ids.push(o.attempt.providerKeyId);
  return ids;
}

/**
 * The record-usage stage: one usage event per attempt made (none when no attempt was), numbered
 * from 1, the last one final, handed to the store's usage writer with the access key and the
 * provider keys to mark as used.
 */
export function recordUsage(
  store: EmulatorStore,
  requestId: string,
  accessKeyId: string,
  view: AccountView,
  outcomes: readonly AttemptOutcome[],
  isStreaming: boolean,
): void {
  if (outcomes.length === 0) return;
  const at = isoNow();
  const catalog = view.input.catalog ?? BUILTIN_CATALOG;
  const events = outcomes.map((o, n): UsageEventRecord => {
    const a = o.attempt;
    const key = a.providerKeyId === undefined ? undefined : view.providerKeys.get(a.providerKeyId);
    return {
      id: store.ids.next(ID_PREFIX.usageEvent),
      eventTime: o.at,
      requestId,
      accessKeyId,
      provider: a.provider,
      providerDisplayName:
        catalog.findProvider(a.provider)?.displayName ??
        view.providers.get(a.provider)?.name ??
        a.provider,
      model: a.model.model,
      // The catalog's name ("GPT-4o"); a model it does not list, a custom provider's included,
      // has only its id.
      modelDisplayName: catalog.findModel(a.model)?.displayName ?? a.model.model,
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
  store.recordUsage(events, { accessKeyId, providerKeyIds: providerKeyIdsOf(outcomes), at });
}
