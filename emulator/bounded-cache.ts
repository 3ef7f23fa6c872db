/**
 * A map that starts over once it holds `limit` entries: for caches whose keys come from traffic
 * (tokens, requested models), so that memory stays bounded whatever is sent.
 */
export class BoundedCache<K, V> {
  readonly #map = new Map<K, V>();
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  /** True when `key` was stored (even with the value undefined). */
  has(key: K): boolean {
    return this.#map.has(key);
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Stores `value` under `key` and returns it. */
  set(key: K, value: V): V {
    if (this.#map.size >= this.#limit) this.#map.clear();
    this.#map.set(key, value);
    return value;
  }

  /** The value stored under `key`, or `make()`'s, stored first. */
  getOrMake(key: K, make: () => V): V {
    return this.#map.has(key) ? (this.#map.get(key) as V) : this.set(key, make());
  }

  clear(): void {
    this.#map.clear();
  }
}
