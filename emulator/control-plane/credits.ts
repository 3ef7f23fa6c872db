import { EmulatorError } from "../errors";
import { ID_PREFIX } from "../store/ids";
import type { CreditAccountRecord, CreditTransactionRecord, EmulatorStore } from "../store/store";
import { MILLICENTS_PER_CENT, wholeCents } from "../usage-cost";
import type { HandlerResult, RequestContext } from "./context";
import { ERROR_CODES, ValidationError, invalid } from "./error-codes";
import { type Body, rejectUnknownFields } from "./validate";

/**
 * The account's credits when the emulator starts (`createEmulator({ credits })`). Omitted, or
 * with neither field, a new database gets an ample purchased balance and a database file keeps the
 * credits it has; with either field, the credits are replaced by these.
 */
export interface CreditOptions {
  /**
   * Balance in whole cents (may be 0 or negative, to start out of credit). Default
   * {@link DEFAULT_BALANCE_CENTS} when purchased, 0 when not.
   */
  readonly balanceCents?: number;
  /**
   * False: the account never bought credits, and the data plane answers 403 `ERR_NGROK_6033`
   * until a checkout session is made. Default true.
   */
  readonly purchased?: boolean;
}

/**
 * The starting balance when none is given: USD 10,000, so that no test or local run ever runs out
 * (a request's processing fee is USD 0.05 per million tokens).
 */
export const DEFAULT_BALANCE_CENTS = 1_000_000;

/**
 * The largest balance, either side of zero, in cents (USD 10 billion). INFERRED limit: it keeps
 * the balance in millicents an exact integer in a double.
 */
export const MAX_BALANCE_CENTS = 1_000_000_000_000;

/** The largest purchase in one checkout session: Stripe's limit for one USD payment (INFERRED). */
export const MAX_PURCHASE_CENTS = 99_999_999;

/** Purchased credits expire 365 days after purchase (ngrok's credits page). */
const PURCHASE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Where a session's `sessionUrl` points: Stripe-hosted checkout's form (INFERRED). No page is
 * behind it; the emulator credits the amount when the session is made.
 */
const CHECKOUT_URL = "https://checkout.stripe.com/c/pay";

const CENTS_EXAMPLE = "such as 500 for USD 5.00";

/** Why `value` is not a balance in whole cents, or undefined when it is one. */
function balanceProblem(value: unknown, field: string): string | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    if (Math.abs(value) <= MAX_BALANCE_CENTS) return undefined;
  }
  return `${field} must be a whole number of cents from -${MAX_BALANCE_CENTS} to ${MAX_BALANCE_CENTS}, ${CENTS_EXAMPLE}`;
}

/** Why `value` is not a boolean, or undefined when it is one. */
function flagProblem(value: unknown, field: string): string | undefined {
  return typeof value === "boolean" ? undefined : `${field} must be true or false`;
}

/**
 * A grant of credits: a purchase expires 365 days after it was made; promotional credits (what a
 * never-purchased account can hold) never do (INFERRED). The emulator does not expire grants.
 */
export function creditGrant(
  id: string,
  category: CreditTransactionRecord["category"],
  amountCents: number,
  createdAt: string,
  checkoutSessionId: string | null = null,
): CreditTransactionRecord {
  return {
    id,
    category,
    amountCents,
    createdAt,
    expiresAt:
      category === "purchase"
        ? new Date(Date.parse(createdAt) + PURCHASE_LIFETIME_MS).toISOString()
        : null,
    checkoutSessionId,
  };
}

/**
 * Sets the account's credits as the emulator starts (see {@link CreditOptions}). A positive
 * starting balance is listed as one grant, a purchase or (never purchased) promotional credits,
 * so the transactions explain the balance (INFERRED).
 * @throws EmulatorError `AIGW_INVALID_OPTIONS` naming the field that is wrong (the closed set of
 * codes in `pulumi-ngrok-ai/core` has no emulator code of its own for this option).
 */
export function startCredits(
  store: EmulatorStore,
  options: CreditOptions | undefined,
  now: string,
): void {
  const problem =
    (options?.balanceCents === undefined
      ? undefined
      : balanceProblem(options.balanceCents, "credits.balanceCents")) ??
    (options?.purchased === undefined
      ? undefined
      : flagProblem(options.purchased, "credits.purchased"));
  if (problem !== undefined) {
    throw new EmulatorError("AIGW_INVALID_OPTIONS", `invalid credits option: ${problem}`);
  }
  const purchased = options?.purchased ?? true;
  const balanceCents = options?.balanceCents ?? (purchased ? DEFAULT_BALANCE_CENTS : 0);
  const account: CreditAccountRecord = {
    balanceMillicents: balanceCents * MILLICENTS_PER_CENT,
    purchased,
  };
  const grants =
    balanceCents > 0
      ? [
          creditGrant(
            store.ids.next(ID_PREFIX.creditTransaction),
            purchased ? "purchase" : "promotional",
            balanceCents,
            now,
          ),
        ]
      : [];
  if (options?.balanceCents === undefined && options?.purchased === undefined) {
    store.ensureCredits(account, grants);
  } else {
    store.resetCredits(account, grants);
  }
}

/** GET/HEAD /credits/balance: `CreditBalance`, the balance in whole cents (see `wholeCents`). */
export function getCreditBalance(ctx: RequestContext): HandlerResult {
  return {
    status: 200,
    body: { balanceCents: wholeCents(ctx.store.credits().balanceMillicents) },
  };
}

/** `CreditTransactionCredits` for a stored grant. */
function renderGrant(t: CreditTransactionRecord): Record<string, unknown> {
  return {
    type: "credits",
    amountCents: t.amountCents,
    category: t.category,
    expiresAt: t.expiresAt,
    createdAt: t.createdAt,
  };
}

/**
 * GET/HEAD /credits/transactions: `CreditTransactionList`, newest first. The emulator lists its
 * grants of credits only: it has no Stripe, so no usage invoices (their cost is in `/usage` and
 * `/usage/overview`).
 */
export function listCreditTransactions(ctx: RequestContext): HandlerResult {
  return { status: 200, body: { items: ctx.store.creditTransactions().map(renderGrant) } };
}

/** The `amount` of a checkout session: whole cents, 1 to {@link MAX_PURCHASE_CENTS}. */
function purchaseAmount(body: Body): number {
  const amount = body.amount;
  if (amount === undefined) {
    throw new ValidationError(
      ERROR_CODES.requiredMissing,
      `amount is required: the number of cents to buy, ${CENTS_EXAMPLE}`,
      { field: "amount" },
    );
  }
  if (
    typeof amount !== "number" ||
    !Number.isSafeInteger(amount) ||
    amount < 1 ||
    amount > MAX_PURCHASE_CENTS
  ) {
    throw invalid(
      `amount must be a whole number of cents from 1 to ${MAX_PURCHASE_CENTS}, ${CENTS_EXAMPLE}`,
      { field: "amount" },
    );
  }
  return amount;
}

/**
 * POST /credits/checkout-session: 200 `{sessionId, sessionUrl}` for `{amount}` in cents.
 * INFERRED: with no Stripe to pay on, the session completes as it is made — the amount joins the
 * balance at once, the account counts as purchased, and a `purchase` grant is listed. The docs'
 * USD 5.00 minimum is not enforced; the OpenAPI schema's minimum of 1 cent is.
 */
export async function createCheckoutSession(ctx: RequestContext): Promise<HandlerResult> {
  const body = await ctx.body();
  rejectUnknownFields(body, ["amount"]);
  const amount = purchaseAmount(body);
  const balanceCents = wholeCents(ctx.store.credits().balanceMillicents);
  if (balanceCents + amount > MAX_BALANCE_CENTS) {
    throw invalid(
      `amount would take the balance to ${balanceCents + amount} cents, past the emulator's limit of ${MAX_BALANCE_CENTS}; buy at most ${Math.max(0, MAX_BALANCE_CENTS - balanceCents)} cents`,
      { field: "amount" },
    );
  }
  const sessionId = ctx.store.ids.next(ID_PREFIX.checkoutSession);
  ctx.store.purchaseCredits(
    creditGrant(
      ctx.store.ids.next(ID_PREFIX.creditTransaction),
      "purchase",
      amount,
      ctx.now,
      sessionId,
    ),
  );
  return { status: 200, body: { sessionId, sessionUrl: `${CHECKOUT_URL}/${sessionId}` } };
}

/** The admin view of the credits: `{balanceCents, purchased}`. */
export function renderCreditsAdmin(store: EmulatorStore): Record<string, unknown> {
  const credits = store.credits();
  return { balanceCents: wholeCents(credits.balanceMillicents), purchased: credits.purchased };
}

/**
 * PUT /_admin/credits `{balanceCents?, purchased?}`: sets either or both while running, to
 * emulate running out of credit or an account that never bought any. The grants stay as they
 * are. Returns the admin view.
 */
export function putCreditsAdmin(store: EmulatorStore, body: Body): Record<string, unknown> {
  rejectUnknownFields(body, ["balanceCents", "purchased"]);
  const patch: { balanceMillicents?: number; purchased?: boolean } = {};
  if (body.balanceCents !== undefined) {
    const problem = balanceProblem(body.balanceCents, "balanceCents");
    if (problem !== undefined) throw invalid(problem, { field: "balanceCents" });
    patch.balanceMillicents = (body.balanceCents as number) * MILLICENTS_PER_CENT;
  }
  if (body.purchased !== undefined) {
    const problem = flagProblem(body.purchased, "purchased");
    if (problem !== undefined) throw invalid(problem, { field: "purchased" });
    patch.purchased = body.purchased as boolean;
  }
  store.setCredits(patch);
  return renderCreditsAdmin(store);
}
