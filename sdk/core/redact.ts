// Secret removal for everything the client reports: error messages and properties, events and
// URLs. Known secrets (the API key, values sent in the request, tokens received) are replaced
// wherever they occur; token shapes we can recognise are replaced even when nobody told us.

/** The text that stands in for a removed secret. */
export const REDACTED = "[REDACTED]";

/** Query parameter names whose values are treated as secrets in reported URLs. */
const SECRET_QUERY_PARAM = /token|key|secret|password|passwd|auth|signature|sig|credential/i;

/** Shapes of secrets recognisable without being told: bearer credentials and access key tokens. */
const SECRET_SHAPES: RegExp[] = [
  /\b(Bearer|Basic)\s+[^\s"',;]+/gi,
  /\bng-[A-Za-z0-9]+-g1-[A-Za-z0-9]+/g,
];

/**
 * The prefixes of credentials a person may paste into a file by mistake: provider API keys
 * (OpenAI's and Anthropic's `sk-`, Stripe-style `sk_`, Groq's `gsk_`, xAI's `xai-`, Google's
 * `AIza`, GitHub's, AWS's `AKIA`, Hugging Face's `hf_`, Perplexity's `pplx-`) and access key
 * tokens (`ng-`).
 */
export const CREDENTIAL_PREFIXES: readonly string[] = [
  "sk-",
  "sk_",
  "gsk_",
  "xai-",
  "AIza",
  "ghp_",
  "github_pat_",
  "AKIA",
  "hf_",
  "pplx-",
  "ng-",
];

/**
 * A credential in free text: a prefix of {@link CREDENTIAL_PREFIXES} that starts a word, then 16
 * or more token characters among which a digit (the `[1]` group is the prefix).
 */
const CREDENTIAL = new RegExp(
  `(?<![A-Za-z0-9_-])(${CREDENTIAL_PREFIXES.join("|")})(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{16,}`,
  "g",
);

/**
 * Replaces every credential-shaped word of `text` (a key of a known provider's shape, an access
 * key token) with `[REDACTED]`: for reports that quote what a user wrote, where a pasted key
 * may sit in any value. Words the user chose (names, models) are left alone.
 */
export function redactCredentials(text: string): string {
  return text.replace(CREDENTIAL, REDACTED);
}

/**
 * `text` with every credential-shaped word masked after its prefix with `*`, one per character,
 * so a source line keeps its columns (`sk-**********`).
 */
export function maskCredentials(text: string): string {
  return text.replace(
    CREDENTIAL,
    (match, prefix: string) => prefix + "*".repeat(match.length - prefix.length),
  );
}

/** The shortest string treated as a secret; shorter values would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Options of {@link redact}. */
export interface RedactOptions {
  /**
   * Also replace recognisable token shapes (bearer credentials, access key tokens). Default true;
   * false for text whose words are the user's own, such as a report that lists object names.
   */
  readonly shapes?: boolean;
}

/**
 * Replaces every occurrence of the given secrets, and of recognisable token shapes, in `text`.
 * Longer secrets are replaced first so a secret that contains another is removed whole.
 */
export function redact(
  text: string,
  secrets: readonly (string | undefined)[] = [],
  options: RedactOptions = {},
): string {
  let result = text;
  const known = secrets
    .filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) result = result.split(secret).join(REDACTED);
  if (options.shapes === false) return result;
  for (const shape of SECRET_SHAPES) {
    result = result.replace(shape, (match, scheme?: string) =>
      typeof scheme === "string" && match.startsWith(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
    );
  }
  return result;
}

/**
 * Returns `url` safe to report: user name and password removed, the values of secret-looking
 * query parameters replaced, and any known secret removed. Unparseable input is redacted as text.
 */
export function redactUrl(url: string, secrets: readonly (string | undefined)[] = []): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redact(url, secrets);
  }
  parsed.username = "";
  parsed.password = "";
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_PARAM.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return redact(parsed.toString(), secrets);
}

/** Map keys whose values are secrets whatever they hold (`value`, `token`, `apiKey`…). */
const SECRET_KEY = /^(value|token|secret|password|authorization|api_?key)$/i;

/**
 * Returns a copy of a string map with every value passed through {@link redact}, and the values of
 * secret-named keys (such as `value` or `token`) replaced whole.
 */
export function redactRecord(
  record: Record<string, string>,
  secrets: readonly (string | undefined)[] = [],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    result[key] = SECRET_KEY.test(key) ? REDACTED : redact(String(value), secrets);
  }
  return result;
}
