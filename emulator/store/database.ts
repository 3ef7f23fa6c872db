import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { EmulatorError } from "../errors";

/** Writes that are recorded now and written later, but before anything else touches the file. */
export interface DeferredWrites {
  /** True while something recorded is not written yet. */
  readonly pending: boolean;
  /** Writes what is pending. */
  flush(): void;
}

/**
 * The emulator's SQLite connection (better-sqlite3, synchronous), shared by the repositories: it
 * keeps the prepared statements, runs transactions and counts them (see `revision`), and writes
 * the deferred writes (the usage) before any other statement, so nothing reads around them.
 */
export class StoreDatabase {
  readonly #db: Database.Database;
  /** Prepared statements by SQL text: preparing is most of the cost of a small query. */
  readonly #statements = new Map<string, Database.Statement>();
  /** Runs its argument in a transaction; made once, as making one per call costs. */
  readonly #inTransaction: (fn: () => unknown) => unknown;
  /** Counts committed changes to the account (see `revision`). */
  #revision = 0;
  #deferred: DeferredWrites | undefined;
  readonly #changeListeners: (() => void)[] = [];

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#inTransaction = db.transaction((fn: () => unknown) => fn());
  }

  /**
   * Opens (creating the file and its folder when needed) the database at `path` or `:memory:`.
   * @throws EmulatorError `AIGW_EMULATOR_DB_OPEN`.
   */
  static open(path: string): StoreDatabase {
    let db: Database.Database;
    try {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
    } catch (err) {
      throw new EmulatorError(
        "AIGW_EMULATOR_DB_OPEN",
        `could not open the emulator database ${path}`,
        {
          cause: err,
        },
      );
    }
    try {
      if (path !== ":memory:") {
        db.pragma("journal_mode = WAL");
        // In WAL mode NORMAL cannot corrupt the database; it only skips an fsync per commit.
        db.pragma("synchronous = NORMAL");
      }
      db.pragma("foreign_keys = ON");
      db.pragma("busy_timeout = 5000");
    } catch (err) {
      db.close();
      throw err;
    }
    return new StoreDatabase(db);
  }

  /** False once closed. */
  get open(): boolean {
    return this.#db.open;
  }

  /** The number of transactions run through `transaction` (see `EmulatorStore.revision`). */
  get revision(): number {
    return this.#revision;
  }

  /** Makes every statement and transaction outside a transaction write `writes` first. */
  writeFirst(writes: DeferredWrites): void {
    this.#deferred = writes;
  }

  /** Calls `listener` after every transaction run through `transaction`. */
  onTransaction(listener: () => void): void {
    this.#changeListeners.push(listener);
  }

  /** Runs SQL text with several statements (the schema). */
  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /** The prepared statement for `sql`, after writing the deferred writes. */
  statement(sql: string): Database.Statement {
    // Every read and write comes through here: deferred writes go first, so a query never misses
    // usage that was recorded before it.
    if (this.#deferred?.pending === true && !this.#db.inTransaction) this.#deferred.flush();
    return this.prepared(sql);
  }

  /** A statement without writing the deferred writes first, for reads they cannot affect. */
  prepared(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in one transaction (nested calls join the outer one); rolls back when it throws.
   * Counts as a change to the account.
   */
  transaction<T>(fn: () => T): T {
    if (this.#db.inTransaction) return fn();
    if (this.#deferred?.pending === true) this.#deferred.flush();
    try {
      return this.#inTransaction(fn) as T;
    } finally {
      this.#revision += 1;
      for (const listener of this.#changeListeners) listener();
    }
  }

  /** Runs a write that does not change the account (usage, last-used marks) in a transaction. */
  quietly(fn: () => void): void {
    if (this.#db.inTransaction) fn();
    else this.#inTransaction(fn);
  }

  /** Closes the database (checkpointing the WAL into the main file); the caller writes first. */
  close(): void {
    this.#db.close();
  }
}
