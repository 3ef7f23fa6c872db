import type { DeferredWrites, StoreDatabase } from "./database";
import type { UsageEventRecord } from "./records";
import { millicentsOf } from "../usage-cost";

/** A table whose rows carry a last-used time (access keys, provider keys). */
interface UsedMarks {
  touch(id: string, at: string): void;
}

/**
 * Where the usage writer writes: the events, the last use of the keys they used, and the credit
 * balance their cost is taken from.
 */
export interface UsageTargets {
  readonly usageEvents: { insertAll(events: readonly UsageEventRecord[]): void };
  readonly accessKeys: UsedMarks;
  readonly providerKeys: UsedMarks;
  readonly credits: { debit(millicents: number): void };
}

/** The keys one request used, and when. */
export interface KeysUsed {
  readonly accessKeyId: string;
  readonly providerKeyIds: readonly string[];
  readonly at: string;
}

/**
 * Usage written behind: the data plane records the events of each request, and they are written
 * at the end of the current turn of the event loop, so that the requests finishing together share
 * one transaction. The database writes them first before any other statement (see
 * `StoreDatabase.writeFirst`), and `flush` writes them on demand (`close` does). Each event's
 * `totalCost` is taken from the credit balance in the same transaction (INFERRED: the service says
 * only that the balance is eventually consistent with usage); until then it is counted in
 * `pendingDebit`, so a reader of the balance sees it at once.
 */
export class UsageWriter implements DeferredWrites {
  readonly #db: StoreDatabase;
  readonly #targets: UsageTargets;
  /** Usage recorded and not yet written. */
  #events: UsageEventRecord[] = [];
  /** The latest use of each access key and provider key among the pending usage. */
  readonly #lastUse = {
    accessKeys: new Map<string, string>(),
    providerKeys: new Map<string, string>(),
  };
  /** The cost of the pending events, in millicents. */
  #pendingDebit = 0;
  #pending = false;
  #flushScheduled = false;

  constructor(db: StoreDatabase, targets: UsageTargets) {
    this.#db = db;
    this.#targets = targets;
  }

  /** True while `record` left something unwritten. */
  get pending(): boolean {
    return this.#pending;
  }

  /** The cost of the usage recorded and not yet written (nor taken from the balance), in millicents. */
  get pendingDebit(): number {
    return this.#pendingDebit;
  }

  /** Records the usage events of one request and the keys it used, to be written shortly. */
  record(events: readonly UsageEventRecord[], used: KeysUsed): void {
    this.#events.push(...events);
    for (const e of events) this.#pendingDebit += millicentsOf(e.totalCost);
    this.#lastUse.accessKeys.set(used.accessKeyId, used.at);
    for (const id of used.providerKeyIds) this.#lastUse.providerKeys.set(id, used.at);
    this.#pending = true;
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      if (!this.#db.open) return;
      try {
        this.flush();
      } catch {
        // Kept pending: the next query or write retries, and reports the error if it persists.
      }
    });
  }

  /** Writes the usage recorded by `record` that is not written yet, in one transaction. */
  flush(): void {
    if (!this.#pending) return;
    const events = this.#events;
    const debit = this.#pendingDebit;
    const { accessKeys, providerKeys } = this.#lastUse;
    this.#events = [];
    this.#pendingDebit = 0;
    this.#pending = false;
    try {
      this.#db.quietly(() => {
        this.#targets.usageEvents.insertAll(events);
        for (const [id, at] of accessKeys) this.#targets.accessKeys.touch(id, at);
        for (const [id, at] of providerKeys) this.#targets.providerKeys.touch(id, at);
        this.#targets.credits.debit(debit);
      });
    } catch (err) {
      this.#events = [...events, ...this.#events];
      this.#pendingDebit += debit;
      this.#pending = true;
      throw err;
    }
    accessKeys.clear();
    providerKeys.clear();
  }
}
