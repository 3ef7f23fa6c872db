import { parseGoDuration } from "../../core/durations";
import { type PolicyRule, at } from "../types";

/**
 * `timeout-order`: `gatewayConfig.perRequestTimeout` is not shorter than its `totalTimeout`. Each
 * upstream attempt is bounded by the first and the whole request by the second (spec 4.5), so the
 * total timeout ends the request before a slow attempt times out: nothing fails over on a slow
 * upstream. Only a file that writes both is judged; an omitted one keeps the account's value,
 * which the file does not know. A duration the schema refuses is left to the `schema` rule.
 */
export const timeoutOrder: PolicyRule = {
  id: "timeout-order",
  title: "Timeouts out of order",
  defaultSeverity: "warn",
  description:
    "gatewayConfig.perRequestTimeout is not shorter than totalTimeout, so a slow attempt uses up the whole request and nothing fails over.",
  help: "Make perRequestTimeout shorter than totalTimeout (ngrok.ai's defaults are 60s and 120s).",
  check: (context) => {
    const config = context.parsed.model.gatewayConfig;
    const perRequest = config?.perRequestTimeout;
    const total = config?.totalTimeout;
    if (perRequest === undefined || total === undefined) return [];
    const perRequestMs = parseGoDuration(perRequest.value);
    const totalMs = parseGoDuration(total.value);
    if (perRequestMs === undefined || totalMs === undefined || perRequestMs < totalMs) return [];
    return [
      {
        ...at(context.parsed.file, perRequest),
        message: `gatewayConfig.perRequestTimeout ${perRequest.value} is not shorter than totalTimeout ${total.value}: the total timeout ends a request before a slow attempt times out, so no request fails over to its next key or step. Make perRequestTimeout shorter than totalTimeout (ngrok.ai's defaults are 60s and 120s), for example ${suggestion(totalMs)}.`,
      },
    ];
  },
};

/** A per-request timeout that leaves room for a second attempt within `totalMs`: half of it. */
function suggestion(totalMs: number): string {
  const half = totalMs / 2;
  const text = half % 60_000 === 0 ? `${half / 60_000}m` : `${Math.max(half / 1000, 0.001)}s`;
  return `perRequestTimeout: ${text}`;
}
