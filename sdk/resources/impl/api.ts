// The API side of every resource kind: the credentials from `configure()` or the environment, one
// API client per process, PATCH bodies, and errors that name the resource and what to do.
import type * as pulumi from "@pulumi/pulumi";
import { GatewayClient } from "../../client/gateway-client";
import { ApiError, describeWithoutAdvice } from "../../client/errors";
import { AigwError } from "../../core/errors";
import { jsonEqual } from "./state";

/** Stack config keys, with the environment variables read at call time as fallbacks. */
export const CONFIG_API_URL = "ngrok-ai:apiUrl";
export const CONFIG_API_KEY = "ngrok-ai:apiKey";
export const ENV_API_URL = "NGROK_AI_API_URL";
export const ENV_API_KEY = "NGROK_AI_API_KEY";
export const DEFAULT_API_URL = "https://api.ngrok.ai";

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

/**
 * Rewrites an API failure as an error that names the resource and says what to do. The original
 * error stays as `cause`; no secret is in either message (the client redacts its own).
 */
export function explainFailure(
  what: string,
  action: string,
  err: unknown,
  adopted?: AdoptedObject,
): Error {
  if (err instanceof AigwError && err.code === "AIGW_MISSING_API_KEY") return err;
  if (err instanceof ApiError) {
    const hint = adviceFor(err, action, adopted);
    // Where this gives its own advice, the client's (written for any caller) is left out.
    const said = hint === "" ? err.message : (describeWithoutAdvice(err) ?? err.message);
    return new AigwError(err.code, `Could not ${action} ${what}: ${said}${hint}`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AigwError("AIGW_PROVIDER", `Could not ${action} ${what}: ${message}`, { cause: err });
}

/** The API URL the provider process uses now: stack config, else the environment, else the default. */
function currentApiUrl(): string {
  return configured.apiUrl ?? process.env[ENV_API_URL] ?? DEFAULT_API_URL;
}

/** The object an `adopt:` names: its kind (`provider key`) and the id written. */
export interface AdoptedObject {
  readonly kind: string;
  readonly id: string;
}

/**
 * What to do about `err` when `action` failed (on `adopted`, for an adopt): one piece of advice,
 * in the terms of a Pulumi program, or "" to keep the client's own.
 */
function adviceFor(err: ApiError, action: string, adopted: AdoptedObject | undefined): string {
  switch (err.code) {
    case "AIGW_AUTH":
      return err.statusCode === 401
        ? ` Check the API key in \`${CONFIG_API_KEY}\` (pulumi config set --secret ${CONFIG_API_KEY} <key>)` +
            ` or ${ENV_API_KEY}, and the URL in \`${CONFIG_API_URL}\` or ${ENV_API_URL}.`
        : "";
    case "AIGW_CONFLICT":
      return action === "delete"
        ? " Something still refers to it: unlink or delete what the API names first, here or in" +
            " the ngrok.ai dashboard if this stack does not manage it; Pulumi deletes a referrer" +
            " this stack manages first when both leave the program in one update."
        : " An object with that name or id already exists: choose another, or take the existing" +
            " one over with adopt: <its id>.";
    case "AIGW_NOT_FOUND":
      if (adopted === undefined) {
        return " It no longer exists; run `pulumi refresh` to update the stack's state.";
      }
      return (
        ` No ${adopted.kind} with id ${adopted.id} exists in the account at ${currentApiUrl()}:` +
        " check the adopt: id (aigw export lists the account's ids), or remove adopt: to create" +
        " a new one."
      );
    case "AIGW_NETWORK":
    case "AIGW_TIMEOUT":
      return (
        ` Check that ${currentApiUrl()} is reachable.` +
        (action === "read"
          ? ` A refresh reads with the ${CONFIG_API_URL} of the stack's last update: if you have changed it since, run \`pulumi up\` to apply the new URL, then refresh.`
          : "")
      );
    default:
      return "";
  }
}

/**
 * An object that the one being written refers to by id (an access key's configuration): when the
 * write answers 404, {@link explained} asks whether it exists, to tell "your reference names
 * nothing" apart from "the object itself is gone".
 */
export interface Reference {
  /** The input that holds the id, such as `accessKeyConfigurationId`. */
  readonly input: string;
  /** The kind of object, such as "access key configuration". */
  readonly kind: string;
  readonly id: string;
  /** Whether the object exists; asked only after a 404. */
  readonly exists: () => Promise<boolean>;
  /** How to fix the input, one sentence. */
  readonly fix: string;
}

/**
 * The error for a write that failed because `reference` names an object that does not exist:
 * which input names it and how to fix that (a refresh would not help).
 */
export function missingReference(
  what: string,
  action: string,
  reference: Reference,
  err: ApiError,
): AigwError {
  const answered = `${err.method} ${err.url} answered ${err.statusCode ?? 404}${err.errorCode === undefined ? "" : ` ${err.errorCode}`}`;
  return new AigwError(
    "AIGW_NOT_FOUND",
    `Could not ${action} ${what}: ${reference.kind} ${reference.id} (${reference.input}) does not exist. ${reference.fix} (${answered}.)`,
    { cause: err },
  );
}

/** The first of `references` that does not exist; one whose existence cannot be read counts as existing. */
async function firstMissing(references: readonly Reference[]): Promise<Reference | undefined> {
  for (const reference of references) {
    const exists = await reference.exists().catch(() => true);
    if (!exists) return reference;
  }
  return undefined;
}

/** True when the error is the API's 404 for the object. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === "AIGW_NOT_FOUND";
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

/**
 * Runs one API call for `what`; any failure becomes an error that names it and says what to do. A
 * 404 from a write that refers to other objects (`references`) names the one that does not exist.
 */
export async function explained<T>(
  what: string,
  action: string,
  call: () => Promise<T>,
  references: readonly Reference[] = [],
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiError && err.code === "AIGW_NOT_FOUND") {
      const missing = await firstMissing(references);
      if (missing !== undefined) throw missingReference(what, action, missing, err);
    }
    throw explainFailure(what, action, err);
  }
}

/**
 * Reads the object `adopted` names, for an `adopt:`; a failure is explained as an adopt of `what`,
 * and a 404 says that no such object exists and how to find the right id.
 */
export async function adopting<T>(
  what: string,
  adopted: AdoptedObject,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw explainFailure(what, "adopt", err, adopted);
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

/** The two calls of an API collection that {@link updateOrGet} needs. */
export interface UpdatableCollection<T, B> {
  update(id: string, body: B): Promise<T>;
  get(id: string): Promise<T>;
}

/** PATCHes object `id` with `body` when the body holds anything, else reads the object as it is. */
export function updateOrGet<T, B extends object>(
  collection: UpdatableCollection<T, B>,
  id: string,
  body: B,
): Promise<T> {
  return Object.keys(body).length > 0 ? collection.update(id, body) : collection.get(id);
}

/** What the engine's provider host prints in place of an aigw error's stack trace. */
export const HOST_ERROR_POINTER = "see the error reported for the resource";

/**
 * `method` (a read or a delete) whose aigw errors print as one line where the engine's
 * dynamic-provider host prints them. For an error thrown by check, diff, read or delete (not by
 * create or update) the host prints `${error}: ${error.stack}` under the stack resource, then
 * reports the error's message on the resource: for an aigw error, which already names the object
 * and says what to do, that was its message twice more and JavaScript frames. Such an error now
 * prints as its code and {@link HOST_ERROR_POINTER}; its message, which the engine reports, is
 * unchanged. An error aigw did not expect (AIGW_PROVIDER, or not an aigw error) keeps its stack
 * trace, which a bug report needs.
 */
export function reportedOnTheResource<A extends unknown[], R>(
  method: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await method(...args);
    } catch (err) {
      if (err instanceof AigwError && err.code !== "AIGW_PROVIDER") {
        const code = err.code;
        Object.defineProperties(err, {
          toString: { value: () => code, configurable: true, writable: true },
          stack: { value: HOST_ERROR_POINTER, configurable: true, writable: true },
        });
      }
      throw err;
    }
  };
}
