import { randomBytes } from "node:crypto";

// Crockford base32 in lower case; its characters are in ascending ASCII order, so ids compare as
// strings in the order they were made (SQLite's default BINARY collation sorts them the same way).
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const RANDOM_BITS = 80n;
const RANDOM_MAX = (1n << RANDOM_BITS) - 1n;

function encode(value: bigint, length: number): string {
  let out = "";
  let v = value;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(v & 31n)]! + out;
    v >>= 5n;
  }
  return out;
}

/**
 * Makes time-ordered ids (`<prefix><10 chars of milliseconds><16 random chars>`, a lower-case
 * ULID): ids made later sort after ids made earlier, so descending id order is newest first.
 * Within one millisecond the random part is incremented, so order holds for every id this
 * generator makes.
 */
export class IdGenerator {
  #lastTime = -1;
  #lastRandom = 0n;

  /** A new id with `prefix` (such as `aigpk_`). */
  next(prefix: string): string {
    let time = Date.now();
    let random: bigint;
    if (time <= this.#lastTime) {
      time = this.#lastTime;
      random = this.#lastRandom + 1n;
      if (random > RANDOM_MAX) {
        time += 1;
        random = 0n;
      }
    } else {
      random = BigInt(`0x${randomBytes(10).toString("hex")}`) >> 1n; // leave room to increment
    }
    this.#lastTime = time;
    this.#lastRandom = random;
    return `${prefix}${encode(BigInt(time), 10)}${encode(random, 16)}`;
  }
}

/**
 * The id prefix of each collection. `aigak_` (API keys), `aigpm_` (provider models), `aigue_`
 * (usage events) and `aigreq_` (gateway request ids) are INFERRED.
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
} as const;
