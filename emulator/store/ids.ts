import { randomBytes } from "node:crypto";

// Crockford base32 in lower case; its characters are in ascending ASCII order, so ids compare as
// strings in the order they were made (SQLite's default BINARY collation sorts them the same way).
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
/** The 80 random bits are kept as two 40-bit halves: plain numbers, exact in a double. */
const HALF = 2 ** 40;

/** `value` (an integer below 32^length) as `length` base32 characters. */
function encode(value: number, length: number): string {
  let out = "";
  let v = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[v % 32]! + out;
    v = Math.floor(v / 32);
  }
  return out;
}

/** Where an {@link IdGenerator} reads the time and its random bits (replaceable in tests). */
export interface IdSources {
  readonly now: () => number;
  /** Ten random bytes. */
  readonly random: () => Buffer;
}

/** Random bytes drawn 4 KiB at a time: one call per id would cost more than the rest of it. */
function pooledRandom(): () => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 10 > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    offset += 10;
    return pool.subarray(offset - 10, offset);
  };
}

const SYSTEM: IdSources = { now: Date.now, random: pooledRandom() };

/**
 * Makes time-ordered ids (`<prefix><10 chars of milliseconds><16 random chars>`, a lower-case
 * ULID): ids made later sort after ids made earlier, so descending id order is newest first.
 * Within one millisecond (or when the clock goes back) the random part is incremented, so order
 * holds for every id this generator makes.
 */
export class IdGenerator {
  readonly #sources: IdSources;
  #lastTime = -1;
  #high = 0;
  #low = 0;

  constructor(sources: IdSources = SYSTEM) {
    this.#sources = sources;
  }

  /** A new id with `prefix` (such as `aigpk_`). */
  next(prefix: string): string {
    let time = this.#sources.now();
    if (time <= this.#lastTime) {
      time = this.#lastTime;
      this.#low += 1;
      if (this.#low === HALF) {
        this.#low = 0;
        this.#high += 1;
        if (this.#high === HALF) {
          time += 1;
          this.#high = 0;
        }
      }
    } else {
      const bytes = this.#sources.random();
      // The top bit stays clear, leaving room to increment within the millisecond.
      this.#high = Math.floor(bytes.readUIntBE(0, 5) / 2);
      this.#low = bytes.readUIntBE(5, 5);
    }
    this.#lastTime = time;
    return `${prefix}${encode(time, 10)}${encode(this.#high, 8)}${encode(this.#low, 8)}`;
  }
}

/**
 * The id prefix of each collection. `aigak_` (API keys), `aigpm_` (provider models), `aigue_`
 * (usage events), `aigreq_` (gateway request ids) and `aigct_` (credit grants, never sent) are
 * INFERRED; `cs_test_` is the prefix of Stripe's test-mode checkout sessions.
 */
export const ID_PREFIX = {
  providerKey: "aigpk_",
  accessKeyConfiguration: "aigac_",
  accessKey: "aigk_",
  provider: "aigp_",
  providerModel: "aigpm_",
  apiKey: "aigak_",
  usageEvent: "aigue_",
  request: "aigreq_",
  creditTransaction: "aigct_",
  checkoutSession: "cs_test_",
} as const;
