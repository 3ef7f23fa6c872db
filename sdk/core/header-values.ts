// What an HTTP header value can carry. A provider key travels to the provider in one, so a key
// holding anything else can never be used: the ProviderKey check refuses it, and the emulator's
// gateway reports it rather than a transport error.
/**
 * The first character of `value` that no HTTP header can carry, described by what it is and
 * where (`a line break at character 41 of 41`), never by the value around it, so that a secret's
 * can be named; undefined when there is none. A header carries tabs, printable ASCII and Latin-1
 * (what HTTP/1.1 field values and undici accept).
 */
export function unsendableInHeader(value: string): string | undefined {
  const at = /[^\t\x20-\x7e\x80-\xff]/.exec(value);
  if (at === null) return undefined;
  const code = at[0].charCodeAt(0);
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  const what =
    code === 0x0a
      ? "a line break"
      : code === 0x0d
        ? "a carriage return"
        : code < 0x20 || code === 0x7f
          ? `a control character (U+${hex})`
          : `a character no HTTP header can carry (U+${hex}, such as a curly quote)`;
  return `${what} at character ${at.index + 1} of ${value.length}`;
}
