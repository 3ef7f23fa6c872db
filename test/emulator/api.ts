// A thin undici wrapper for the emulator tests: every response body is checked against the
// official OpenAPI description before a test sees it.
import { request } from "undici";
import { createEmulator, type Emulator } from "aigw-emulator";
import { assertResponseMatchesOpenApi } from "../helpers/openapi";

/** One response: status, lower-case headers and the parsed JSON body (undefined when empty). */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  // Tests read arbitrary fields of API shapes; `any` keeps those reads short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** Per-call options. */
export interface CallOptions {
  /** Bearer token; default the emulator's API key; null sends no Authorization header. */
  readonly token?: string | null;
  /** A raw body sent as is (instead of JSON-encoding `body`). */
  readonly raw?: string | Buffer;
  /** Skip the OpenAPI check (admin endpoints, which are not part of the API). */
  readonly unchecked?: boolean;
}

/** A caller bound to one emulator. */
export type Api = (
  method: string,
  path: string,
  body?: unknown,
  options?: CallOptions,
) => Promise<ApiResponse>;

/** Makes a caller for the emulator at `url` with `apiKey`. */
export function apiFor(emulator: { url: string; apiKey: string }): Api {
  return async (method, path, body, options = {}) => {
    const url = path.startsWith("http") ? path : `${emulator.url}${path}`;
    const token = options.token === undefined ? emulator.apiKey : options.token;
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | Buffer | undefined = options.raw;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers["content-type"] = "application/json";
    const res = await request(url, {
      method: method as "GET",
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await res.body.text();
    const parsed: unknown = text === "" ? undefined : JSON.parse(text);
    const pathname = new URL(url).pathname;
    if (!options.unchecked && !pathname.startsWith("/_admin/")) {
      assertResponseMatchesOpenApi(method, pathname, res.statusCode, parsed);
    }
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
    return { status: res.statusCode, headers: flat, body: parsed };
  };
}

/** The emulator of the running test (or file) and a caller bound to it. */
export interface EmulatorUnderTest {
  /** The current emulator; read it inside a test or hook. */
  readonly emulator: Emulator;
  /** Calls the current emulator (see {@link apiFor}). */
  readonly api: Api;
}

/**
 * Registers hooks that start an in-memory emulator and close it after: one for the whole file
 * (`"file"`) or a fresh one for each test (`"test"`).
 */
export function useEmulator(per: "file" | "test"): EmulatorUnderTest {
  let current: { emulator: Emulator; api: Api } | undefined;
  const [before, after] = per === "test" ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    const emulator = await createEmulator({ db: ":memory:" });
    current = { emulator, api: apiFor(emulator) };
  });
  after(async () => {
    await current?.emulator.close();
    current = undefined;
  });
  const running = (): { emulator: Emulator; api: Api } => {
    if (current === undefined) throw new Error("no emulator runs outside a test or hook");
    return current;
  };
  return {
    get emulator() {
      return running().emulator;
    },
    api: (method, path, body, options) => running().api(method, path, body, options),
  };
}
