import type { EmulatorStore } from "../store/store";
import { wholeCents } from "../usage-cost";
import { GATEWAY_ERROR_CODES, GatewayError } from "./gateway-error";

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
 * @throws GatewayError 403 with `GATEWAY_ERROR_CODES.prepaidRequired` or `.outOfCredit`.
 */
export function checkCredits(store: EmulatorStore): void {
  const credits = store.credits();
  if (!credits.purchased) {
    throw new GatewayError(
      403,
      GATEWAY_ERROR_CODES.prepaidRequired,
      `This account has never purchased AI Gateway credits and a prepaid balance is required: ${HOW_TO_BUY}`,
    );
  }
  if (wholeCents(credits.balanceMillicents) <= 0) {
    throw new GatewayError(
      403,
      GATEWAY_ERROR_CODES.outOfCredit,
      `Your account has run out of credit (balance ${wholeCents(credits.balanceMillicents)} cents): ${HOW_TO_BUY}`,
    );
  }
}
