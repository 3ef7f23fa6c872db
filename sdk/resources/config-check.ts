// A secret a program reads from stack config must have been set with `pulumi config set --secret`:
// otherwise it sits in plaintext in Pulumi.<stack>.yaml, which is usually committed. The state
// never holds it in plaintext either way (a provider key's value is a secret output; the API key is
// never recorded), so this is a warning, once per key and process, naming the key, never the value.
import * as pulumi from "@pulumi/pulumi";

/**
 * The SDK's own answer to "was this key set with --secret?" (from the secret keys the language
 * host passes, `PULUMI_CONFIG_SECRET_KEYS`). It is internal to `@pulumi/pulumi`: when a version
 * lacks it, nothing is reported.
 */
function isConfigSecret(): ((key: string) => boolean) | undefined {
  const config = require("@pulumi/pulumi/runtime/config") as { isConfigSecret?: unknown };
  return typeof config.isConfigSecret === "function"
    ? (config.isConfigSecret as (key: string) => boolean)
    : undefined;
}

/** The keys already checked in this process: each is checked, and warned about, once. */
const checked = new Set<string>();

/** Forgets which keys were checked (tests). */
export function resetPlaintextConfigWarnings(): void {
  checked.clear();
}

/**
 * Warns when stack config `key` (`namespace:name`) is set but not as a secret. `setAs` is how the
 * user names it in `pulumi config set` (`openaiPrimary` for the project's namespace).
 */
export function warnIfPlaintextConfig(key: string, setAs: string = key): void {
  if (checked.has(key)) return;
  const secret = isConfigSecret();
  // An unset key is checked again later: a program may set config before declaring more.
  if (secret === undefined || pulumi.runtime.getConfig(key) === undefined) return;
  checked.add(key);
  if (secret(key)) return;
  void pulumi.log.warn(
    `Stack config ${key} is stored in plaintext in the stack's settings file (Pulumi.<stack>.yaml), yet it is read as a secret: set it again with pulumi config set --secret ${setAs} <value>, and rotate the key if that file was ever committed. The state never holds it in plaintext.`,
  );
}
