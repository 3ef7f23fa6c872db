// What the GatewayConfig singleton records in state: its inputs and outputs, the outputs of the
// live configuration (what read, and so refresh, records and drift compares with), and field
// equality as diff sees it.
import type { GatewayConfig } from "../client/types";
import { parseGoDuration } from "../core/durations";

/** The id of the singleton in state (the API has one per account). */
export const GATEWAY_CONFIG_ID = "gateway-config";

/** The documented defaults that delete restores. */
export const GATEWAY_CONFIG_DEFAULTS = {
  perRequestTimeout: "60s",
  totalTimeout: "120s",
  maxInputTokens: null,
  maxOutputTokens: null,
  metadata: null,
} as const;

/** The inputs; every field is optional. */
export interface GatewayConfigInputs {
  perRequestTimeout?: string;
  totalTimeout?: string;
  maxInputTokens?: number;
  maxOutputTokens?: number;
  metadata?: string;
}

/** The outputs kept in state: the declared fields as the API reports them, plus the account. */
export interface GatewayConfigOutputs extends GatewayConfigInputs {
  accountId: string;
}

/** The singleton's settable fields. */
export const FIELD_NAMES = [
  "perRequestTimeout",
  "totalTimeout",
  "maxInputTokens",
  "maxOutputTokens",
  "metadata",
] as const;

/** One settable field of the singleton. */
export type FieldName = (typeof FIELD_NAMES)[number];

/** Milliseconds of a Go duration string (`1m30s`), so `60s` and `1m` compare equal. */
export const durationMs = parseGoDuration;

/** Field equality as diff sees it: durations by length (`60s` = `1m`), the rest by value. */
export function sameField(name: FieldName, a: unknown, b: unknown): boolean {
  if (
    (name === "perRequestTimeout" || name === "totalTimeout") &&
    typeof a === "string" &&
    typeof b === "string"
  ) {
    const [ms, other] = [durationMs(a), durationMs(b)];
    // Text that is not a duration (never written by the API; refused by check) equals only itself.
    return ms === undefined || other === undefined ? a === b : ms === other;
  }
  return (a ?? null) === (b ?? null);
}

/** The outputs state records: the declared fields as the API reports them (drift compares these). */
export function toOutputs(
  live: GatewayConfig,
  declared: GatewayConfigInputs,
): GatewayConfigOutputs {
  const out: Record<string, unknown> = { accountId: live.accountId };
  for (const name of FIELD_NAMES) {
    const value = live[name];
    if (name in declared && value !== null && value !== undefined) out[name] = value;
  }
  return out as unknown as GatewayConfigOutputs;
}
