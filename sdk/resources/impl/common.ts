// What every resource implementation shares: the credentials from `configure()` or the
// environment, one API client per process, the preview "unknown" sentinel, input validation against
// the gateway schema, state cleaning, and errors that name the resource and what to do.
import type * as pulumi from "@pulumi/pulumi";
import { GatewayClient } from "../../client/gateway-client";
import { ApiError } from "../../client/errors";
import { AigwError } from "../../core/errors";
import { getValidator } from "../../core/schema";

/** Stack config keys, with the environment variables read at call time as fallbacks. */
export const CONFIG_API_URL = "ngrok-ai:apiUrl";
export const CONFIG_API_KEY = "ngrok-ai:apiKey";
export const ENV_API_URL = "NGROK_AI_API_URL";
export const ENV_API_KEY = "NGROK_AI_API_KEY";
export const DEFAULT_API_URL = "https://api.ngrok.ai";

/**
 * The value the engine substitutes for a property whose value is not known yet during preview
 * (pulumi/pulumi#6310). It can show up as the value of a property of any type.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

interface Configured {
  apiUrl?: string;
  apiKey?: string;
}

// Set once per provider process by configure(); shared by every resource kind in that process.
let configured: Configured = {};
let cachedClient: { url: string; key: string; client: GatewayClient } | undefined;

/** Reads `ngrok-ai:apiUrl` and `ngrok-ai:apiKey` from the stack config the engine passes in. */
export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const apiUrl = req.config.get(CONFIG_API_URL);
  const apiKey = req.config.get(CONFIG_API_KEY);
  configured = {
    ...(apiUrl !== undefined && apiUrl !== "" ? { apiUrl } : {}),
    ...(apiKey !== undefined && apiKey !== "" ? { apiKey } : {}),
  };
  return Promise.resolve();
}

/** Forgets configured credentials and the cached client (tests). */
export function resetConfiguration(): void {
  configured = {};
  cachedClient = undefined;
}

/** The API client for the current credentials: stack config first, then the environment. */
export function apiClient(): GatewayClient {
  const url = configured.apiUrl ?? process.env[ENV_API_URL] ?? DEFAULT_API_URL;
  const key = configured.apiKey ?? process.env[ENV_API_KEY];
  if (key === undefined || key === "") {
    throw new AigwError(
      "AIGW_MISSING_API_KEY",
      `No ngrok.ai API key is configured. Set it with \`pulumi config set --secret ${CONFIG_API_KEY} <key>\` ` +
        `or the ${ENV_API_KEY} environment variable.`,
    );
  }
  if (cachedClient === undefined || cachedClient.url !== url || cachedClient.key !== key) {
    cachedClient = { url, key, client: new GatewayClient({ baseUrl: url, apiKey: key }) };
  }
  return cachedClient.client;
}

/** True when `value`, or anything inside it, is the preview's unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

/**
 * A deep copy without `undefined` anywhere: the engine cannot marshal it
 * (pulumi/pulumi#2205, "Unexpected struct type").
 */
export function clean<T>(value: T): Defined<T> {
  if (Array.isArray(value)) return value.map((v) => clean(v as unknown)) as Defined<T>;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = clean(v);
    }
    return out as Defined<T>;
  }
  return value as Defined<T>;
}

/** `T` with every property that may be undefined made optional instead, recursively. */
export type Defined<T> = T extends readonly (infer U)[]
  ? Defined<U>[]
  : T extends object
    ? { [K in keyof T as undefined extends T[K] ? never : K]: Defined<T[K]> } & {
        [K in keyof T as undefined extends T[K] ? K : never]?: Defined<Exclude<T[K], undefined>>;
      }
    : T;

/** Deep equality of JSON values; key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) =>
      jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    );
  }
  return false;
}

/** One input property checked against a `$defs` entry of `schema/gateway.schema.json`. */
export interface FieldCheck {
  readonly property: string;
  readonly def: string;
  readonly required?: boolean;
}

/**
 * Validates inputs with the same schema definitions `gateway.yaml` uses, so a value rejected in
 * the file is rejected in a program too. Unknown values (preview) are accepted unchecked.
 */
export function checkFields(
  inputs: Record<string, unknown>,
  fields: readonly FieldCheck[],
): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const { property, def, required } of fields) {
    const value = inputs[property];
    if (value === undefined || value === null) {
      if (required === true) {
        failures.push({ property, reason: `${property} is required; set it on the resource.` });
      }
      continue;
    }
    if (containsUnknown(value)) continue;
    const validate = getValidator(def);
    if (!validate(value)) {
      for (const error of validate.errors ?? []) {
        const at = error.instancePath === "" ? "" : error.instancePath.replace(/\//g, ".");
        // The schema words its own messages where Ajv's would be cryptic (a pattern, say).
        const parent = error.parentSchema as Record<string, unknown> | undefined;
        const custom = parent?.[`${error.keyword}ErrorMessage`] ?? parent?.errorMessage;
        const message = typeof custom === "string" ? custom : (error.message ?? "is invalid");
        failures.push({ property: `${property}${at}`, reason: `${property}${at} ${message}.` });
      }
    }
  }
  return failures;
}

/** Checks that `adopt`, when given, is an id of the right kind. */
export function checkAdopt(
  inputs: Record<string, unknown>,
  prefix: string,
): pulumi.dynamic.CheckFailure[] {
  const adopt = inputs.adopt;
  if (adopt === undefined || adopt === null || adopt === UNKNOWN) return [];
  if (typeof adopt !== "string" || !adopt.startsWith(prefix)) {
    return [
      {
        property: "adopt",
        reason: `adopt must be the id of an existing object, starting with "${prefix}"; remove it to create a new one.`,
      },
    ];
  }
  return [];
}

/**
 * Rewrites an API failure as an error that names the resource and says what to do. The original
 * error stays as `cause`; no secret is in either message (the client redacts its own).
 */
export function explainFailure(what: string, action: string, err: unknown): Error {
  if (err instanceof AigwError && err.code === "AIGW_MISSING_API_KEY") return err;
  if (err instanceof ApiError) {
    let hint = "";
    switch (err.code) {
      case "AIGW_AUTH":
        hint =
          ` Check the API key in \`${CONFIG_API_KEY}\` (pulumi config set --secret ${CONFIG_API_KEY} <key>)` +
          ` or ${ENV_API_KEY}, and the URL in \`${CONFIG_API_URL}\` or ${ENV_API_URL}.`;
        break;
      case "AIGW_CONFLICT":
        hint =
          " Something still refers to it; remove that reference (or delete the referring object) in" +
          " the same program, so that Pulumi deletes the referrer first.";
        break;
      case "AIGW_NOT_FOUND":
        hint = " It no longer exists; run `pulumi refresh` to update the stack's state.";
        break;
      case "AIGW_NETWORK":
      case "AIGW_TIMEOUT":
        hint = ` Check that ${configured.apiUrl ?? process.env[ENV_API_URL] ?? DEFAULT_API_URL} is reachable.`;
        break;
      default:
        break;
    }
    return new AigwError(err.code, `Could not ${action} ${what}: ${err.message}${hint}`, {
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AigwError("AIGW_PROVIDER", `Could not ${action} ${what}: ${message}`, { cause: err });
}

/** True when the error is the API's 404 for the object. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === "AIGW_NOT_FOUND";
}

/** `value` when it is a non-empty string, otherwise undefined (API optional strings). */
export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The PATCH value of an optional field: the new value, `null` to clear one that was set, or
 * undefined (omitted: unchanged) when neither side has it.
 */
export function patchValue<T>(
  oldValue: T | undefined,
  newValue: T | undefined,
): T | null | undefined {
  if (newValue !== undefined) return jsonEqual(oldValue, newValue) ? undefined : newValue;
  return oldValue !== undefined ? null : undefined;
}

/** Runs one API call for `what`; any failure becomes an error that names it and says what to do. */
export async function explained<T>(
  what: string,
  action: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw explainFailure(what, action, err);
  }
}

/** Like {@link explained}, but a 404 means the object is gone: the result is undefined. */
export async function unlessGone<T>(
  what: string,
  action: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw explainFailure(what, action, err);
  }
}
