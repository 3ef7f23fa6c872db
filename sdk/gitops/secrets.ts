import type { Diagnostic } from "../core/diagnostics";
import { formatPath } from "./document-path";
import type { GatewayModel, Located, SecretSource } from "./model";

/** Where `resolveSecrets` reads secret values from. */
export interface SecretProvider<T> {
  /**
   * The stack's config secret under `key` (for example `pulumi.Config#getSecret`), or undefined
   * when it is not set. A Pulumi program passes a function returning `Output<string>`, so the
   * value stays a secret output and is never unwrapped here.
   */
  getSecret(key: string): T | undefined;
  /** The environment to read `{env: VAR}` from; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A provider key's resolved value and where it came from. */
export type ResolvedSecret<T> =
  | { readonly source: "secret"; readonly key: string; readonly value: T }
  | { readonly source: "env"; readonly variable: string; readonly value: string };

/** The values found, by provider key logical name, and a diagnostic for each one missing. */
export interface SecretResolution<T> {
  readonly values: ReadonlyMap<string, ResolvedSecret<T>>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads every provider key's value from the stack's config secrets or the environment. Each
 * missing one becomes a diagnostic at its `value` node saying how to set it; values are only
 * ever returned, never put into a message. Separate from loading, so lint and review never
 * need secrets.
 */
export function resolveSecrets<T = string>(
  model: GatewayModel,
  provider: SecretProvider<T>,
): SecretResolution<T> {
  const env = provider.env ?? process.env;
  const values = new Map<string, ResolvedSecret<T>>();
  const diagnostics: Diagnostic[] = [];
  const missing = (
    file: string,
    value: Located<SecretSource>,
    code: string,
    message: string,
  ): void => {
    diagnostics.push({
      code,
      severity: "error",
      message,
      file,
      path: value.path,
      range: value.range,
    });
  };

  for (const [name, key] of model.providerKeys) {
    const source = key.value.value;
    const where = formatPath(key.value.path);
    if (source.kind === "secret") {
      let found: T | undefined;
      let failure = "";
      try {
        found = provider.getSecret(source.key);
      } catch (error: unknown) {
        failure = ` (reading it failed: ${error instanceof Error ? error.message : String(error)})`;
      }
      if (found === undefined || found === null || (found as unknown) === "") {
        missing(
          key.file,
          key.value,
          "missing-secret",
          `${where}: the stack config secret "${source.key}" is not set${failure}; set it with: pulumi config set --secret ${source.key} <value>`,
        );
      } else {
        values.set(name, { source: "secret", key: source.key, value: found });
      }
    } else {
      const found = env[source.variable];
      if (found === undefined || found === "") {
        missing(
          key.file,
          key.value,
          "missing-env",
          `${where}: the environment variable ${source.variable} is not set; export ${source.variable}=<value> before running (in CI, add it as a masked secret)`,
        );
      } else {
        values.set(name, { source: "env", variable: source.variable, value: found });
      }
    }
  }
  return { values, diagnostics };
}
