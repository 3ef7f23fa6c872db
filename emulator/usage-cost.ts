/** ngrok's processing fee: USD 0.05 per million tokens, request plus response (spec 4.6). */
const PROCESSING_FEE_PER_TOKEN = 0.05 / 1_000_000;

/**
 * The `totalCost` of an attempt: the processing fee on its tokens, as a 5-place decimal string.
 * INFERRED: the emulator has no model price list, so managed-inference attempts are charged the
 * processing fee only, like BYOK attempts.
 */
export function attemptCost(inputTokens: number, outputTokens: number): string {
  return ((inputTokens + outputTokens) * PROCESSING_FEE_PER_TOKEN).toFixed(5);
}
