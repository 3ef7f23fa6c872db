import type { EmulatorStore } from "../store/store";
import { wholeCents } from "../usage-cost";
import table from "./credit-error-codes.json";
import { GatewayError } from "./gateway-error";

/** The code of the entry named `name` in `credit-error-codes.json`; checked when this module loads. */
function codeNamed(name: string): string {
  const entry = Object.entries(table.codes).find(([, e]) => e.name === name);
  if (entry === undefined) throw new Error(`credit-error-codes.json has no entry named ${name}`);
  return entry[0];
}

/**
 * The credit check's gateway error codes by name (spec 4.6), read from `credit-error-codes.json`,
 * which gives each one's meaning and its documented status (403).
 */
export const CREDIT_ERROR_CODES = {
  /** The balance is zero or less: "Your account has run out of credit". */
  outOfCredit: codeNamed("outOfCredit"),
  /** The account never purchased credits (a prepaid account is required). */
  prepaidRequired: codeNamed("prepaidRequired"),
} as const;

/** How to get credits, in the emulator. */
const HOW_TO_BUY =
  "buy credits with POST /credits/checkout-session on the management API " +
  "(the emulator credits it at once), or set the balance with PUT /_admin/credits";

/**
 * The credit check stage, after authentication and before the body is read or anything is
 * routed (spec 4.6, 4.7): an account that never purchased credits is refused with 403
 * ERR_NGROK_6033, one whose balance is zero or less (in whole cents, see `wholeCents`) with 403
 * ERR_NGROK_4026. The balance counts the usage of every request answered so far, so the request
 * that spends the last cent is served and the next is refused (a request is never cut short).
 * CONFLICT: older docs exempt bring-your-own-key traffic; the new architecture's docs charge every
 * request a processing fee, so the emulator checks every completion request. `GET /v1/models`
 * spends nothing and is not checked (INFERRED).
 * @throws GatewayError 403 with one of {@link CREDIT_ERROR_CODES}.
 */
export function checkCredits(store: EmulatorStore): void {
  const credits = store.credits();
  if (!credits.purchased) {
    throw new GatewayError(
      403,
      CREDIT_ERROR_CODES.prepaidRequired,
      `This account has never purchased AI Gateway credits and a prepaid balance is required: ${HOW_TO_BUY}`,
    );
  }
  if (wholeCents(credits.balanceMillicents) <= 0) {
    throw new GatewayError(
      403,
      CREDIT_ERROR_CODES.outOfCredit,
      `Your account has run out of credit (balance ${wholeCents(credits.balanceMillicents)} cents): ${HOW_TO_BUY}`,
    );
  }
}
