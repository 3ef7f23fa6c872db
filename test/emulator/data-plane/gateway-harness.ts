/* eslint-disable @typescript-eslint/no-unsafe-member-access --
 * Management API bodies are `any` for short reads; each one was checked against the OpenAPI
 * schema by `apiFor` before the harness reads it. */
// A gateway under test: a stub upstream, an emulator whose data plane sends every provider (and
// managed inference) to that stub, and helpers to declare keys and configurations through the
// management API and to read back which keys the stub saw, in order.
import { request } from "undici";
import {
  createEmulator,
  createStubUpstream,
  type Emulator,
  type EmulatorOptions,
  type StubUpstream,
  type StubUpstreamOptions,
  stubKeyHash,
} from "aigw-emulator";
import { BUILTIN_PROVIDERS } from "pulumi-ngrok-ai/catalog";
import { type Api, apiFor } from "../api";

/** The managed-inference credential the harness gives the emulator. */
export const MANAGED_KEY = "ngrok-managed-inference-healthy";

/** A router step that tries the provider keys `ids` in order. */
export function userKeys(...ids: string[]): { type: "user"; keys: { id: string }[] } {
  return { type: "user", keys: ids.map((id) => ({ id })) };
}

/** A router with one rule per provider (in the order given), each trying its keys in order. */
export function providerRules(keysByProvider: Record<string, string[]>): {
  rules: { provider: string; steps: ReturnType<typeof userKeys>[] }[];
} {
  return {
    rules: Object.entries(keysByProvider).map(([provider, ids]) => ({
      provider,
      steps: [userKeys(...ids)],
    })),
  };
}

/** One gateway answer: status, lower-case headers, parsed JSON body (or the raw text). */
export interface GatewayResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
  readonly text: string;
}

/** A running gateway under test. */
export interface Harness {
  readonly emulator: Emulator;
  readonly stub: StubUpstream;
  /** Management API caller (responses checked against the OpenAPI description). */
  readonly api: Api;
  /** Creates a provider key; `name` also labels it in {@link keysTried}. Returns its id. */
  providerKey(providerId: string, name: string, value: string): Promise<string>;
  /** Rotates a provider key to a new value (same id). */
  rotate(id: string, name: string, value: string): Promise<void>;
  /** Creates a custom provider served by the stub, with one model `tiny`; returns its id. */
  customProvider(providerId: string): Promise<string>;
  /** Creates a configuration and returns its id. */
  configuration(body: Record<string, unknown>): Promise<string>;
  /** Creates an access key (linked when `configurationId` is given); returns id and token. */
  accessKey(configurationId?: string): Promise<{ id: string; token: string }>;
  /** Creates a configuration and an access key linked to it; returns the key's token. */
  tokenFor(configuration: Record<string, unknown>): Promise<string>;
  /** Sets the gateway configuration (e.g. short timeouts). */
  gatewayConfig(body: Record<string, unknown>): Promise<void>;
  /** POSTs to a data-plane path with a token (as Bearer, or as x-api-key). */
  call(
    path: string,
    body: unknown,
    token: string | null,
    how?: "bearer" | "x-api-key",
  ): Promise<GatewayResponse>;
  /** The chat completion shorthand. */
  chat(token: string, body: Record<string, unknown>): Promise<GatewayResponse>;
  /** Names of the keys the stub was called with, in order (`ngrok` for managed inference). */
  keysTried(): string[];
  close(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions extends EmulatorOptions {
  readonly stub?: StubUpstreamOptions;
}

/** Starts a stub upstream and an emulator routed to it (every catalog provider and managed). */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { stub: stubOptions, upstreams, ...emulatorOptions } = options;
  const stub = await createStubUpstream(stubOptions);
  const everywhere = Object.fromEntries(
    [...BUILTIN_PROVIDERS.map((p) => p.id), "my-llm"].map((p) => [p, stub.url]),
  );
  let emulator: Emulator;
  try {
    emulator = await createEmulator({
      db: ":memory:",
      providerBaseUrlPolicy: "any",
      upstreams: { ...everywhere, ...upstreams },
      managedUpstreams: everywhere,
      managedInferenceKey: MANAGED_KEY,
      defaultUpstream: "none",
      ...emulatorOptions,
    });
  } catch (err) {
    await stub.close();
    throw err;
  }
  const api = apiFor(emulator);
  const names = new Map<string, string>([[stubKeyHash(MANAGED_KEY), "ngrok"]]);

  const expectStatus = (what: string, status: number, wanted: number, body: unknown): void => {
    if (status !== wanted) {
      throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
    }
  };

  const call: Harness["call"] = async (path, body, token, how = "bearer") => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token !== null) {
      if (how === "bearer") headers.authorization = `Bearer ${token}`;
      else headers["x-api-key"] = token;
    }
    const res = await request(`${emulator.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
    }
    return { status: res.statusCode, headers: flat, body: parsed, text };
  };

  const harness: Harness = {
    emulator,
    stub,
    api,
    async providerKey(providerId, name, value) {
      const res = await api("POST", "/provider-keys", { providerId, name, value });
      expectStatus("POST /provider-keys", res.status, 201, res.body);
      names.set(stubKeyHash(value), name);
      return res.body.id as string;
    },
    async rotate(id, name, value) {
      const res = await api("POST", `/provider-keys/${id}/rotate`, { name, value });
      expectStatus("rotate", res.status, 200, res.body);
      names.set(stubKeyHash(value), name);
    },
    async customProvider(providerId) {
      const res = await api("POST", "/providers", {
        providerId,
        name: providerId,
        baseUrl: stub.url,
        models: [{ modelId: "tiny" }],
      });
      expectStatus("POST /providers", res.status, 201, res.body);
      return res.body.id as string;
    },
    async configuration(body) {
      const res = await api("POST", "/access-key-configurations", { name: "config", ...body });
      expectStatus("POST /access-key-configurations", res.status, 201, res.body);
      return res.body.id as string;
    },
    async accessKey(configurationId) {
      const res = await api("POST", "/access-keys", {
        ...(configurationId === undefined ? {} : { accessKeyConfigurationId: configurationId }),
      });
      expectStatus("POST /access-keys", res.status, 201, res.body);
      return { id: res.body.id as string, token: res.body.token as string };
    },
    async tokenFor(configuration) {
      return (await harness.accessKey(await harness.configuration(configuration))).token;
    },
    async gatewayConfig(body) {
      const res = await api("PATCH", "/gateway-config", body);
      expectStatus("PATCH /gateway-config", res.status, 200, res.body);
    },
    call,
    chat: (token, body) =>
      call("/v1/chat/completions", { messages: [{ role: "user", content: "hi" }], ...body }, token),
    keysTried: () => stub.attempts.map((a) => names.get(a.keyHash) ?? `unknown:${a.keyRedacted}`),
    async close() {
      await emulator.close();
      await stub.close();
    },
  };
  return harness;
}

/**
 * Registers an `afterEach` that closes the harness the test started, and returns the function the
 * test starts it with (see {@link startHarness}).
 */
export function harnessPerTest(): (options?: HarnessOptions) => Promise<Harness> {
  let started: Harness | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });
  return async (options) => (started = await startHarness(options));
}
