// Limits on JSON request bodies that JSON.parse itself does not enforce: nesting depth (a deep
// body parses, but every recursive walk of it afterwards, JSON.stringify included, overflows the
// stack) and lone UTF-16 surrogates (SQLite stores UTF-8, which cannot hold them).

/**
 * The deepest nesting of arrays and objects a request body may have. INFERRED: ngrok's Go JSON
 * decoder allows 10,000 levels, but Node's JSON.stringify overflows its stack near 4,000, and no
 * API body needs more than a handful; 512 leaves room for any real one.
 */
export const MAX_JSON_DEPTH = 512;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the JSON text `raw` (already known to parse) nests arrays and objects deeper than
 * `max`. One pass over the bytes, and none at all for a body too short to nest that deep (each
 * level takes an opening and a closing byte), which is every ordinary request.
 */
export function jsonDepthExceeds(raw: Buffer, max: number = MAX_JSON_DEPTH): boolean {
  if (raw.length <= 2 * max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i]!;
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

// With the `u` flag a well-formed surrogate pair is one code point; only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The path (`name`, `router.rules[0].provider`) of the first string or object key in `value` that
 * holds a lone UTF-16 surrogate (sent as a `\ud800` escape), or undefined when there is none.
 * `value` must be a parsed body whose depth was checked (the walk recurses).
 */
export function loneSurrogatePath(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = loneSurrogatePath(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path === "" ? key : `${path}.${key}`;
    if (LONE_SURROGATE.test(key)) return at;
    const found = loneSurrogatePath(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}
