import type { StoreDatabase } from "./database";
import type { CreditAccountRecord, CreditTransactionRecord } from "./records";
import { type Columns, Table, integer, optionalText, text } from "./table";

const CATEGORY = {
  name: "category",
  read: (v: unknown): CreditTransactionRecord["category"] =>
    v === "promotional" ? "promotional" : "purchase",
  write: (v: CreditTransactionRecord["category"]): unknown => v,
};

const TRANSACTION_COLUMNS: Columns<CreditTransactionRecord> = {
  id: text("id"),
  category: CATEGORY,
  amountCents: integer("amount_cents"),
  createdAt: text("created_at"),
  expiresAt: optionalText("expires_at"),
  checkoutSessionId: optionalText("checkout_session_id"),
};

/** The `credit_transactions` table: one row per grant of credits. */
class CreditTransactionTable extends Table<CreditTransactionRecord> {
  constructor(db: StoreDatabase) {
    super(db, "credit_transactions", TRANSACTION_COLUMNS);
  }

  /** Every grant, newest first. */
  newestFirst(): CreditTransactionRecord[] {
    return this.all().reverse();
  }

  /** Deletes every grant. */
  clear(): void {
    this.db.statement("DELETE FROM credit_transactions").run();
  }
}

const ACCOUNT_SQL = "SELECT balance_millicents, purchased FROM credit_account WHERE id = 1";

/**
 * The account's credits: the `credit_account` row (balance in millicents, purchased flag) and the
 * grants in `credit_transactions`. Resets and purchases are changes to the account (they run in
 * `transaction`); usage debits are not (they run with the usage they pay for, see `debit`).
 */
export class CreditRepository {
  readonly #db: StoreDatabase;
  readonly #transactions: CreditTransactionTable;

  constructor(db: StoreDatabase) {
    this.#db = db;
    this.#transactions = new CreditTransactionTable(db);
  }

  /**
   * The stored row, undefined before the credits were first set. Read without writing pending
   * usage first (`prepared`): the caller accounts for pending debits itself, so the data plane's
   * check per request costs one look-up and never a write.
   */
  stored(): CreditAccountRecord | undefined {
    const row = this.#db.prepared(ACCOUNT_SQL).get() as
      { balance_millicents: number | bigint; purchased: number } | undefined;
    if (row === undefined) return undefined;
    return { balanceMillicents: Number(row.balance_millicents), purchased: row.purchased === 1 };
  }

  /** Replaces the account's credits and grants. */
  reset(account: CreditAccountRecord, grants: readonly CreditTransactionRecord[]): void {
    this.#db.transaction(() => {
      this.#write(account);
      this.#transactions.clear();
      this.#transactions.insertAll(grants);
    });
  }

  /** Sets the account's credits and grants unless they were set before; true when it did. */
  ensure(account: CreditAccountRecord, grants: readonly CreditTransactionRecord[]): boolean {
    return this.#db.transaction(() => {
      if (this.#db.statement(ACCOUNT_SQL).get() !== undefined) return false;
      this.#write(account);
      this.#transactions.insertAll(grants);
      return true;
    });
  }

  /** Writes the fields `patch` gives; the grants stay. Returns the account as written. */
  set(patch: Partial<CreditAccountRecord>): CreditAccountRecord {
    return this.#db.transaction(() => {
      const current = this.stored() ?? { balanceMillicents: 0, purchased: false };
      const next: CreditAccountRecord = { ...current, ...patch };
      this.#write(next);
      return next;
    });
  }

  /** Adds a purchase: its amount joins the balance and the account counts as purchased. */
  purchase(grant: CreditTransactionRecord, millicents: number): void {
    this.#db.transaction(() => {
      this.#db
        .statement(
          "INSERT INTO credit_account (id, balance_millicents, purchased) VALUES (1, ?, 1) " +
            "ON CONFLICT (id) DO UPDATE SET " +
            "balance_millicents = balance_millicents + excluded.balance_millicents, purchased = 1",
        )
        .run(millicents);
      this.#transactions.insert(grant);
    });
  }

  /** Takes `millicents` from the balance, inside the caller's write (the usage it pays for). */
  debit(millicents: number): void {
    if (millicents === 0) return;
    this.#db
      .prepared(
        "UPDATE credit_account SET balance_millicents = balance_millicents - ? WHERE id = 1",
      )
      .run(millicents);
  }

  /** Every grant, newest first. */
  transactions(): CreditTransactionRecord[] {
    return this.#transactions.newestFirst();
  }

  #write(account: CreditAccountRecord): void {
    this.#db
      .statement(
        "INSERT INTO credit_account (id, balance_millicents, purchased) VALUES (1, ?, ?) " +
          "ON CONFLICT (id) DO UPDATE SET balance_millicents = excluded.balance_millicents, " +
          "purchased = excluded.purchased",
      )
      .run(account.balanceMillicents, account.purchased ? 1 : 0);
  }
}
