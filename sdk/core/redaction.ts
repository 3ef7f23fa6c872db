/**
 * The redacted display form of a secret, `first<head>***last4`, as the API shows it. Provider keys
 * use a head of 10 (documented `first10***last4`); access and API keys 8 (INFERRED from the
 * documented example `ng-2mX2a***k9Qz`). A value too short to hide anything that way shows less:
 * at most a quarter of it at each end (INFERRED), so a redaction never reveals most of a secret.
 * The emulator and the drift check both use this one function, so they cannot disagree.
 */
export function redactSecret(secret: string, head: number): string {
  const chars = [...secret];
  if (chars.length >= head + 4 + 8) {
    return `${chars.slice(0, head).join("")}***${chars.slice(-4).join("")}`;
  }
  const edge = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, edge).join("")}***${edge === 0 ? "" : chars.slice(-edge).join("")}`;
}

/** The redaction of a provider key value, `first10***last4`. */
export function redactKeyValue(value: string): string {
  return redactSecret(value, 10);
}
