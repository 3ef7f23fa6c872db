/** ngrok's processing fee: USD 0.05 per million tokens, request plus response (spec 4.6). */
const PROCESSING_FEE_PER_TOKEN = 0.05 / 1_000_000;

/**
 * Millicents in a cent. A millicent is USD 0.00001, the precision of `totalCost` (5 places), so
 * costs and the credit balance add up in whole numbers, with no floating-point drift.
 */
export const MILLICENTS_PER_CENT = 1000;

/** Millicents in a dollar. */
const MILLICENTS_PER_USD = 100 * MILLICENTS_PER_CENT;

/**
 * The `totalCost` of an attempt: the processing fee on its tokens, as a 5-place decimal string.
 * INFERRED: the emulator has no model price list, so managed-inference attempts are charged the
 * processing fee only, like BYOK attempts.
 */
export function attemptCost(inputTokens: number, outputTokens: number): string {
  return ((inputTokens + outputTokens) * PROCESSING_FEE_PER_TOKEN).toFixed(5);
}

/**
 * A non-negative USD decimal string (`totalCost`, at most 5 places) in whole millicents; 0 for
 * text that is no such number (the emulator writes every cost itself, so there is none).
 */
export function millicentsOf(usd: string): number {
  const m = /^(\d+)(?:\.(\d{1,5}))?$/.exec(usd);
  if (m === null) return 0;
  return Number(m[1]) * MILLICENTS_PER_USD + Number((m[2] ?? "").padEnd(5, "0"));
}

/** Millicents as a USD decimal string with 5 places, the form of `totalCost` (`0.00350`). */
export function formatUsd(millicents: number): string {
  const sign = millicents < 0 ? "-" : "";
  const abs = Math.abs(millicents);
  const fraction = String(abs % MILLICENTS_PER_USD).padStart(5, "0");
  return `${sign}${Math.floor(abs / MILLICENTS_PER_USD)}.${fraction}`;
}

/**
 * The whole cents of a balance in millicents, rounded down: what `balanceCents` reports and what
 * the data plane's credit check compares with 0. INFERRED: a balance under one cent counts as
 * none, so the number a client reads and the check agree.
 */
export function wholeCents(millicents: number): number {
  return Math.floor(millicents / MILLICENTS_PER_CENT);
}
