let lastIso = { ms: -1, text: "" };

/** The current time in RFC 3339 (as `Date#toISOString` writes it), made once per millisecond. */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
}
