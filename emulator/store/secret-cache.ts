import { BoundedCache } from "../bounded-cache";
import { MaskedSecret } from "./secrets";

/**
 * Secrets by id, as read at the current revision of the account, never in plaintext: each is
 * decrypted from its sealed column once and kept under a one-time pad (see `MaskedSecret`) until
 * `clear`, which the store calls after every change to the account.
 */
export class SecretCache {
  readonly #values = new BoundedCache<string, MaskedSecret | undefined>();

  /** The secret kept under `id`, decrypted by `open` on first use (undefined: there is none). */
  reveal(id: string, open: (id: string) => string | undefined): string | undefined {
    const value = this.#values.getOrMake(id, () => {
      const plaintext = open(id);
      return plaintext === undefined ? undefined : new MaskedSecret(plaintext);
    });
    return value?.reveal();
  }

  /** Forgets every secret. */
  clear(): void {
    this.#values.clear();
  }
}
