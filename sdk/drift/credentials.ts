// Which API and which key drift and export use. The order matches the resources' providers (stack
// config first, then the environment), and drift takes the URL the stack's state recorded for its
// resources' provider, which is what `pulumi refresh` configures them with, so `aigw drift` reads
// the account `pulumi refresh` would; explicit flags win over all of them. The key is held only in
// memory and never printed.
import { DEFAULT_BASE_URL } from "../client/gateway-client";
import { AigwError } from "../core/errors";
import { redactUrl } from "../core/redact";
import { DriftError } from "./errors";
import {
  readStackApiConfig,
  readStackApiKey,
  type PulumiRunner,
  type RecordedProviderConfig,
  type StackApiConfig,
} from "./state";

/** The environment variables the resources read as fallbacks. */
export const ENV_API_URL = "NGROK_AI_API_URL";
export const ENV_API_KEY = "NGROK_AI_API_KEY";

/** Where credentials may come from, most specific first. */
export interface CredentialSources {
  /** `--api-url`. */
  readonly apiUrl?: string | undefined;
  /** `--api-key`. */
  readonly apiKey?: string | undefined;
  /** The environment (`NGROK_AI_API_URL`, `NGROK_AI_API_KEY`). */
  readonly env: NodeJS.ProcessEnv;
  /** A stack whose `ngrok-ai:apiUrl` / `ngrok-ai:apiKey` config to read. */
  readonly stack?: {
    readonly name: string;
    readonly cwd: string;
    readonly runner?: PulumiRunner | undefined;
    /**
     * The provider config the stack's state recorded at its last update (see
     * `recordedProviderConfigOf`), or undefined when it records none. When it resolves to a
     * config, its `ngrok-ai:apiUrl` (or its absence) is taken and the current config is not
     * listed; the key is still read from the current config, starting at once.
     */
    readonly recorded?: PromiseLike<RecordedProviderConfig | undefined> | undefined;
  };
}

/** The resolved API settings; `describe*` say where each came from, for error messages. */
export interface ApiCredentials {
  readonly apiUrl: string;
  readonly apiKey: string;
  /** Where the URL came from, such as `--api-url` or `stack config ngrok-ai:apiUrl (stack dev)`. */
  readonly urlSource: string;
  /** Where the key came from (never the key). */
  readonly keySource: string;
  /** True when the URL is the one the stack's state recorded at its last update. */
  readonly urlRecorded?: boolean;
}

/** True for an absolute `http:` or `https:` URL, what the API client takes as its base. */
function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

function present(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

/**
 * Resolves the API URL (`--api-url`, else what the stack's state recorded when `stack.recorded`
 * gives a recorded config, else the stack's `ngrok-ai:apiUrl`, else `NGROK_AI_API_URL`, else
 * https://api.ngrok.ai) and key (`--api-key`, else the stack's `ngrok-ai:apiKey`, else
 * `NGROK_AI_API_KEY`). Throws `AIGW_MISSING_API_KEY` naming every place it looked.
 */
export async function resolveCredentials(sources: CredentialSources): Promise<ApiCredentials> {
  const { env, stack } = sources;
  const access =
    stack === undefined
      ? undefined
      : {
          cwd: stack.cwd,
          env,
          ...(stack.runner !== undefined ? { runner: stack.runner } : {}),
        };
  // The URL and the key are read at the same time (each is one pulumi process, the key's costs
  // a decryption); the key is read only when no flag gives it, and the current config is listed
  // for the URL only when no flag gives it and the state recorded no provider config.
  const stackUrl = async (): Promise<{ url?: string; source: string; recorded: boolean }> => {
    if (stack === undefined || access === undefined || present(sources.apiUrl)) {
      return { source: "", recorded: false };
    }
    const recorded = await stack.recorded;
    if (recorded !== undefined) {
      return {
        ...(recorded.apiUrl !== undefined ? { url: recorded.apiUrl } : {}),
        source: `the stack's state: ngrok-ai:apiUrl of its last update (stack ${stack.name})`,
        recorded: true,
      };
    }
    const config: StackApiConfig = await readStackApiConfig(stack.name, access);
    return {
      ...(config.apiUrl !== undefined ? { url: config.apiUrl } : {}),
      source: `stack config ngrok-ai:apiUrl (stack ${stack.name})`,
      recorded: false,
    };
  };
  const [fromStack, stackKey] = await Promise.all([
    stackUrl(),
    stack !== undefined && access !== undefined && !present(sources.apiKey)
      ? readStackApiKey(stack.name, access)
      : Promise.resolve(undefined),
  ]);

  let apiUrl: string;
  let urlSource: string;
  if (present(sources.apiUrl)) {
    apiUrl = sources.apiUrl;
    urlSource = "--api-url";
  } else if (fromStack.url !== undefined) {
    apiUrl = fromStack.url;
    urlSource = fromStack.source;
  } else if (present(env[ENV_API_URL])) {
    apiUrl = env[ENV_API_URL];
    urlSource = ENV_API_URL;
  } else {
    apiUrl = DEFAULT_BASE_URL;
    urlSource = "the default URL";
  }

  if (!isHttpUrl(apiUrl)) {
    throw new AigwError(
      "AIGW_INVALID_OPTIONS",
      `The API URL ${redactUrl(apiUrl)} (from ${urlSource}) is not an http(s) URL: give the API's base URL, such as ${DEFAULT_BASE_URL} (or the emulator's http://127.0.0.1:PORT), with --api-url, the stack config ngrok-ai:apiUrl or ${ENV_API_URL}.`,
    );
  }

  let apiKey: string | undefined;
  let keySource = "";
  if (present(sources.apiKey)) {
    apiKey = sources.apiKey;
    keySource = "--api-key";
  } else {
    if (present(stackKey) && stack !== undefined) {
      apiKey = stackKey;
      keySource = `stack config ngrok-ai:apiKey (stack ${stack.name})`;
    }
    if (!present(apiKey) && present(env[ENV_API_KEY])) {
      apiKey = env[ENV_API_KEY];
      keySource = ENV_API_KEY;
    }
  }
  if (!present(apiKey)) {
    throw new DriftError(
      "AIGW_MISSING_API_KEY",
      "No ngrok.ai API key: pass --api-key, " +
        (stack !== undefined
          ? `set it on the stack (pulumi config set --secret ngrok-ai:apiKey <key> --stack ${stack.name}), `
          : "") +
        `or set ${ENV_API_KEY}.`,
    );
  }
  const urlRecorded = !present(sources.apiUrl) && fromStack.url !== undefined && fromStack.recorded;
  return { apiUrl, apiKey, urlSource, keySource, ...(urlRecorded ? { urlRecorded } : {}) };
}
