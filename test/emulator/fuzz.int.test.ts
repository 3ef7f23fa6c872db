/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
 * Response bodies are `any` for short reads; `apiFor` checked each against the OpenAPI file. */
// A bounded, seeded fuzz of the emulator as an attacker would send requests: the management API
// and the gateway data plane get hostile methods, paths, bodies and headers. Bad input only ever
// gets a 4xx (never a 5xx, never a dropped connection), the server answers a health request after
// every case, and afterwards the database is consistent: every reference resolves, every list
// pages through to the stored count, and every object that was never changed reads back exactly
// as its create response showed it.
import fc from "fast-check";
import { request } from "undici";
import { BUILTIN_PROVIDERS, createEmulator, type Emulator } from "../../emulator";
import { type Api, apiFor } from "./api";
import { type Harness, providerRules, startHarness } from "./data-plane/gateway-harness";

/** The seed and size of each property: deterministic, and well under a minute in all. */
const RUNS = { seed: 1616, numRuns: 250 };
/** Jest's bound on each property (a few seconds on an idle machine; CI machines share cores). */
const TIMEOUT_MS = 60_000;

// ---- hostile values ------------------------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));

/** Strings a client should not send: controls, lone surrogates, any Unicode, and known traps. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({
    unit: fc.oneof(loneSurrogate, control, fc.constantFrom("a", "模", ",", "%")),
    maxLength: 8,
  }),
  fc.constantFrom(
    "",
    " ",
    "constructor",
    "toString",
    "hasOwnProperty",
    "__proto__",
    "openai",
    "anthropic",
    "openai:gpt-4o",
    "openai:模型",
    "openai:a\r\nb",
    "gpt-4o",
    "sk-healthy-000000000000000000009",
    "https://[::ffff:127.0.0.1]",
    "https://localhost.",
    "https://api.example.com",
    "1000h",
    "30s",
    "0",
    `${"*".repeat(30)}x`,
    "a".repeat(300),
    "aigpk_none",
    "user",
    "ngrok",
  ),
);

/** Any JSON value built from hostile strings and numbers, a few levels deep. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, 1e308)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileString, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** The fields of every management API body, nested ones included, so bodies get past the first check. */
const FIELDS = [
  "name",
  "description",
  "metadata",
  "providerId",
  "value",
  "access",
  "router",
  "rules",
  "accessKeyConfigurationId",
  "baseUrl",
  "models",
  "supportedApiSurfaces",
  "totalTimeout",
  "perRequestTimeout",
  "maxInputTokens",
  "maxOutputTokens",
  "seed",
];

/** A body shaped like the API's: known fields with hostile values, and nested shapes it expects. */
const apiBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), hostileJson, { maxKeys: 5 }),
  fc.record(
    {
      name: hostileString,
      providerId: hostileString,
      value: hostileString,
      baseUrl: hostileString,
      access: fc.record(
        {
          providers: fc.record({ allow: fc.array(hostileString) }),
          models: fc.record({ allow: fc.array(hostileString) }),
        },
        { requiredKeys: [] },
      ),
      router: fc.record({
        rules: fc.array(
          fc.record(
            {
              provider: hostileString,
              model: hostileString,
              steps: fc.array(
                fc.record(
                  {
                    type: fc.constantFrom("user", "ngrok", "other"),
                    keys: fc.array(
                      fc.oneof(
                        fc.record({ id: hostileString }),
                        fc.record({ name: hostileString, value: hostileString }),
                      ),
                      { maxLength: 3 },
                    ),
                  },
                  { requiredKeys: ["type"] },
                ),
                { maxLength: 3 },
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
      }),
      models: fc.array(fc.record({ modelId: hostileString }), { maxLength: 3 }),
      totalTimeout: hostileString,
      accessKeyConfigurationId: hostileString,
    },
    { requiredKeys: [] },
  ),
  hostileJson,
);

/** Bodies that are not what JSON.parse gives an object for, or are built to hurt it. */
const rawBody = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "[]",
    "null",
    '{"name": "a\\ud800b"}',
    '{"name": "\\udfff"}',
    `{"name": ${"[".repeat(5000)}${"]".repeat(5000)}}`,
    `{"a":${'{"a":'.repeat(3000)}1${"}".repeat(3000)}}`,
    '{"__proto__": {"name": "x"}, "name": "y"}',
    '{"constructor": {"prototype": {"x": 1}}}',
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/**
 * `text` as a URL path segment or query value: its UTF-8 bytes, percent-encoded outside the
 * unreserved set (`encodeURIComponent` throws on a lone surrogate; Buffer writes U+FFFD for it).
 */
function encoded(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(ch) ? ch : `%${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

// ---- the management API --------------------------------------------------------------------

const COLLECTIONS = [
  "/provider-keys",
  "/access-key-configurations",
  "/access-keys",
  "/providers",
  "/api-keys",
] as const;

/** The ids a run has created so far, by prefix; cases pick from them when they run. */
type Ids = readonly string[];

/** The id `pick` chooses among the created ids with `prefix`, else hostile text. */
function idOf(ids: Ids, prefix: string, pick: number, text: string): string {
  const matching = ids.filter((id) => id.startsWith(prefix));
  return matching.length > 0 && pick % 4 !== 0 ? matching[pick % matching.length]! : text;
}

/** A body made when the case runs (it may name created objects), or raw text. */
type BodyOf = (ids: Ids) => { body?: unknown; raw?: string };

/** A field that is mostly as the API wants it and sometimes hostile. */
const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: hostileJson });

const label = fc.oneof(
  { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: hostileString },
);
const providerId = fc.constantFrom(
  "openai",
  "anthropic",
  "google",
  "constructor",
  "toString",
  "nope",
);
const keyValue = fc.stringMatching(/^sk-[A-Za-z0-9]{8,30}$/);

/** Near-valid bodies per collection: the API's shape with hostile labels and an odd field. */
const CREATE_BODIES: Record<(typeof COLLECTIONS)[number], fc.Arbitrary<BodyOf>> = {
  "/provider-keys": fc
    .record(
      {
        providerId: mostly(providerId),
        name: mostly(label),
        value: mostly(keyValue),
        description: label,
        metadata: label,
      },
      { requiredKeys: ["providerId", "name", "value"] },
    )
    .map((body) => () => ({ body })),
  "/access-key-configurations": fc
    .record({
      name: mostly(label),
      access: fc.option(
        fc.record(
          {
            providers: fc.record({ allow: fc.array(mostly(providerId), { maxLength: 3 }) }),
            models: fc.record({
              allow: fc.array(mostly(fc.constantFrom("openai:gpt-4o", "gpt-4o", "toString:tiny")), {
                maxLength: 3,
              }),
            }),
          },
          { requiredKeys: [] },
        ),
      ),
      rule: fc.option(
        fc.record({
          provider: mostly(providerId),
          pick: fc.nat(),
          inline: fc.option(fc.record({ name: mostly(label), value: mostly(keyValue) })),
          ngrok: fc.boolean(),
        }),
      ),
      text: hostileString,
    })
    .map(({ name, access, rule, text }) => (ids: Ids) => {
      const body: Record<string, unknown> = { name };
      if (access !== null) body.access = access;
      if (rule !== null) {
        const keys = [
          { id: idOf(ids, "aigpk_", rule.pick, text) },
          ...(rule.inline === null ? [] : [rule.inline]),
        ];
        body.router = {
          rules: [
            {
              provider: rule.provider,
              steps: [{ type: "user", keys }, ...(rule.ngrok ? [{ type: "ngrok" }] : [])],
            },
          ],
        };
      }
      return { body };
    }),
  "/access-keys": fc
    .record({ name: mostly(label), link: fc.boolean(), pick: fc.nat(), text: hostileString })
    .map(({ name, link, pick, text }) => (ids: Ids) => ({
      body: link ? { name, accessKeyConfigurationId: idOf(ids, "aigac_", pick, text) } : { name },
    })),
  "/providers": fc
    .record({
      providerId: mostly(fc.constantFrom("constructor", "toString", "valueOf", "my-llm", "x.y_z")),
      name: mostly(label),
      baseUrl: mostly(
        fc.oneof(
          {
            weight: 3,
            arbitrary: fc.constantFrom("https://llm.example.com/v1", "http://llm.internal"),
          },
          {
            weight: 2,
            arbitrary: fc.constantFrom(
              "https://[::ffff:127.0.0.1]",
              "https://localhost.",
              "https://0x7f.1",
              "https://[::]",
            ),
          },
        ),
      ),
      models: fc.option(fc.array(fc.record({ modelId: mostly(label) }), { maxLength: 3 })),
    })
    .map(({ models, ...rest }) => () => ({ body: models === null ? rest : { ...rest, models } })),
  "/api-keys": fc
    .record({ name: label, description: label, metadata: label }, { requiredKeys: [] })
    .map((body) => () => ({ body })),
};

/** The labels and links a PATCH may change, mostly well-formed. */
const patchBody: fc.Arbitrary<BodyOf> = fc
  .record(
    {
      name: mostly(label),
      description: fc.oneof(label, fc.constant(null)),
      metadata: fc.oneof(label, fc.constant(null)),
      baseUrl: mostly(fc.constantFrom("https://other.example.com", "https://localhost.")),
      models: fc.array(fc.record({ modelId: label }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  )
  .map((body) => () => ({ body }));

/** Anything at all: API-shaped fields with hostile values, or raw text. */
const anyBody: fc.Arbitrary<BodyOf> = fc.oneof(
  apiBody.map((body) => () => ({ body })),
  rawBody.map((raw) => () => ({ raw })),
);

/** One hostile management request: its method, and its path and body made from the created ids. */
interface ManagementCase {
  readonly method: string;
  readonly path: (ids: Ids) => string;
  readonly body: BodyOf;
}

const collection = fc.constantFrom(...COLLECTIONS);
const item = fc.record({ collection, pick: fc.nat(), text: hostileString });
const itemPath =
  ({ collection: c, pick, text }: { collection: string; pick: number; text: string }) =>
  (ids: Ids): string => {
    const prefix =
      {
        "/provider-keys": "aigpk_",
        "/access-key-configurations": "aigac_",
        "/access-keys": "aigk_",
        "/providers": "aigp_",
        "/api-keys": "aigak_",
      }[c] ?? "";
    return `${c}/${encoded(idOf(ids, prefix, pick, text))}`;
  };

const managementCase: fc.Arbitrary<ManagementCase> = fc.oneof(
  {
    weight: 6,
    arbitrary: collection.chain((c) =>
      fc
        .oneof({ weight: 4, arbitrary: CREATE_BODIES[c] }, { weight: 1, arbitrary: anyBody })
        .map((body): ManagementCase => ({ method: "POST", path: () => c, body })),
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(item, fc.oneof(patchBody, anyBody))
      .map(([i, body]): ManagementCase => ({ method: "PATCH", path: itemPath(i), body })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        item,
        fc.oneof(
          fc
            .record({ value: mostly(keyValue), name: label })
            .map((b): BodyOf => () => ({ body: b })),
          anyBody,
        ),
      )
      .map(([i, body]): ManagementCase => ({
        method: "POST",
        path: (ids) => `${itemPath({ ...i, collection: "/provider-keys" })(ids)}/rotate`,
        body,
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        method: fc.constantFrom("GET", "HEAD", "DELETE"),
        target: fc.oneof(
          item.map(itemPath),
          collection.map((c) => () => c),
        ),
        limit: fc.oneof(fc.constantFrom("", "0", "1", "100", "101", "-1", "1e3"), hostileString),
        beforeId: hostileString,
      })
      .map(({ method, target, limit, beforeId }): ManagementCase => ({
        method,
        path: (ids) => `${target(ids)}?limit=${encoded(limit)}&beforeId=${encoded(beforeId)}`,
        body: () => ({}),
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc
          .record(
            {
              totalTimeout: mostly(fc.constantFrom("30s", "2m", "1000h", "596h31m23.648s", "0s")),
              perRequestTimeout: mostly(fc.constantFrom("10s", "1h")),
              maxInputTokens: mostly(fc.oneof(fc.integer(), fc.constant(null))),
              metadata: fc.oneof(label, fc.constant(null)),
            },
            { requiredKeys: [] },
          )
          .map((body): BodyOf => () => ({ body })),
        anyBody,
      )
      .map((body): ManagementCase => ({ method: "PATCH", path: () => "/gateway-config", body })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        rules: mostly(
          fc.array(
            fc.record({
              path: mostly(fc.constantFrom(`${"*".repeat(30)}x`, "/nothing-matches")),
              kind: fc.constantFrom("503", "latency"),
              latencyMs: fc.constant(1e12),
            }),
            { maxLength: 2 },
          ),
        ),
      })
      .map((body): ManagementCase => ({
        method: "PUT",
        path: () => "/_admin/faults",
        body: () => ({ body }),
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        method: fc.constantFrom("GET", "POST", "PUT", "OPTIONS", "TRACE"),
        text: hostileString,
        body: anyBody,
      })
      .map(({ method, text, body }): ManagementCase => ({
        method,
        path: () => `/${encoded(text)}`,
        body,
      })),
  },
);

/** The fields of listed objects the consistency checks read. */
interface Listed {
  readonly id: string;
  readonly providerId?: string;
  readonly accessKeyConfiguration?: { readonly id: string } | null;
  readonly router?: {
    readonly rules?: readonly {
      readonly steps: readonly { readonly keys?: readonly { id: string }[] }[];
    }[];
  };
}

/** Every object of a collection, following `nextPageUri` through every page. */
async function listAll(api: Api, collection: string): Promise<Listed[]> {
  const items: Listed[] = [];
  let next: string | null = `${collection}?limit=7`;
  while (next !== null) {
    const res = await api("GET", next);
    expect({ collection, status: res.status }).toEqual({ collection, status: 200 });
    const page = res.body as Record<string, unknown>;
    items.push(...(Object.values(page).find(Array.isArray) as Listed[]));
    next = page.nextPageUri as string | null;
  }
  return items;
}

/** The fields of an object that its create response and a later read must agree on. */
function stable(object: Record<string, unknown>): Record<string, unknown> {
  const { token: _token, updatedAt: _u, lastUsed: _l, ...rest } = object;
  return rest;
}

describe("fuzz: the management API", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    // Latency faults a case may set up are not waited for.
    emulator = await createEmulator({ db: ":memory:", sleep: () => Promise.resolve() });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it(
    "answers hostile requests with 4xx only, keeps serving, and leaves a consistent database",
    async () => {
      const api = apiFor(emulator);
      const ids: string[] = [];
      const created = new Map<string, { path: string; body: Record<string, unknown> }>();
      const changed = new Set<string>();

      await fc.assert(
        fc.asyncProperty(managementCase, async (c) => {
          const path = c.path(ids);
          const { body, raw } = c.body(ids);
          const res = await api(c.method, path, body, {
            ...(raw === undefined ? {} : { raw }),
            unchecked: path.startsWith("/_admin/"),
          });
          // A valid fault rule would fault the next requests: this fuzz is about bad input.
          emulator.faults.setRules([]);

          expect({ method: c.method, path, status: res.status }).toEqual({
            method: c.method,
            path,
            status: expect.any(Number),
          });
          expect(res.status).toBeGreaterThanOrEqual(200);
          expect(res.status).toBeLessThan(500);
          const id: unknown = res.body?.id;
          if (res.status === 201 && typeof id === "string") {
            ids.push(id);
            created.set(id, { path: path.split("?")[0]!, body: res.body });
          } else if (res.status < 300 && c.method !== "GET" && c.method !== "HEAD") {
            // A PATCH, a rotation or a delete of whatever object the path names.
            for (const known of ids) if (path.includes(`/${known}`)) changed.add(known);
          }
          expect((await api("GET", "/gateway-config")).status).toBe(200);
        }),
        RUNS,
      );

      // Every list pages through to the stored count.
      const lists = Object.fromEntries(
        await Promise.all(COLLECTIONS.map(async (c) => [c, await listAll(api, c)] as const)),
      );
      expect(lists["/provider-keys"]!.length).toBe(emulator.store.allProviderKeys().length);
      expect(lists["/providers"]!.length).toBe(emulator.store.allProviders().length);
      expect(lists["/access-key-configurations"]!.length).toBe(
        emulator.store.allAccessKeyConfigurations().length,
      );
      // Every reference resolves: keys to providers, access keys and router keys to their objects.
      const providerIds = new Set([
        ...BUILTIN_PROVIDERS,
        ...lists["/providers"]!.map((p) => p.providerId!),
      ]);
      const keyProvider = new Map(lists["/provider-keys"]!.map((k) => [k.id, k.providerId!]));
      for (const key of lists["/provider-keys"]!)
        expect(providerIds.has(key.providerId!)).toBe(true);
      const configurations = new Set(lists["/access-key-configurations"]!.map((c) => c.id));
      for (const key of lists["/access-keys"]!) {
        if (key.accessKeyConfiguration !== null && key.accessKeyConfiguration !== undefined) {
          expect(configurations.has(key.accessKeyConfiguration.id)).toBe(true);
        }
      }
      for (const configuration of lists["/access-key-configurations"]!) {
        for (const rule of configuration.router?.rules ?? []) {
          for (const step of rule.steps) {
            for (const key of step.keys ?? []) expect(keyProvider.has(key.id)).toBe(true);
          }
        }
      }
      // Every object never changed after its create reads back as the create response showed it.
      for (const [id, { path, body }] of created) {
        if (changed.has(id)) continue;
        const res = await api("GET", `${path}/${id}`);
        if (res.status === 404) continue;
        expect(stable(res.body as Record<string, unknown>)).toEqual(stable(body));
      }
    },
    TIMEOUT_MS,
  );
});

// ---- the data plane -------------------------------------------------------------------------

/** One hostile gateway request. */
interface GatewayCase {
  readonly method: string;
  readonly path: string;
  readonly auth: "bearer" | "x-api-key" | "garbage" | "none";
  readonly token: number;
  readonly body: string | undefined;
}

const modelName = fc.oneof(
  fc.constantFrom(
    "openai:gpt-4o",
    "openai:gpt-4o-mini",
    "anthropic:claude-sonnet-4-6",
    "gpt-4o",
    "constructor:tiny",
    "toString:tiny",
    "hasOwnProperty:x",
    "openai:",
    ":gpt-4o",
    "ngrok/auto",
  ),
  fc
    .tuple(fc.constantFrom("openai:", "anthropic:", "constructor:", ""), hostileString)
    .map(([p, m]) => `${p}${m}`),
);

const gatewayBody = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          model: mostly(modelName),
          models: mostly(fc.array(modelName, { maxLength: 40 })),
          stream: mostly(fc.boolean()),
          messages: mostly(
            fc.array(fc.record({ role: fc.constantFrom("user", "system"), content: hostileJson })),
          ),
          max_tokens: mostly(fc.integer()),
          system: hostileJson,
        },
        { requiredKeys: ["model"] },
      )
      .map((body) => JSON.stringify(body)),
  },
  { weight: 1, arbitrary: rawBody },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const gatewayCase: fc.Arbitrary<GatewayCase> = fc.record({
  method: fc.oneof(
    { weight: 8, arbitrary: fc.constant("POST") },
    { weight: 1, arbitrary: fc.constantFrom("GET", "PUT", "DELETE") },
  ),
  path: fc.oneof(
    {
      weight: 8,
      arbitrary: fc.constantFrom(
        "/v1/chat/completions",
        "/v1/messages",
        "/v1/completions",
        "/v1/embeddings",
        "/v1/responses",
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom("/v1/models", "/v1", "/v1/") },
    { weight: 1, arbitrary: hostileString.map((s) => `/v1/${encoded(s)}`) },
  ),
  auth: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<GatewayCase["auth"][]>("bearer", "x-api-key") },
    { weight: 1, arbitrary: fc.constantFrom<GatewayCase["auth"][]>("garbage", "none") },
  ),
  token: fc.nat(),
  body: gatewayBody,
});

describe("fuzz: the gateway data plane", () => {
  let gw: Harness;
  const tokens: string[] = [];
  const accessKeyIds = new Set<string>();

  beforeAll(async () => {
    gw = await startHarness();
    for (const providerId of ["constructor", "toString", "hasOwnProperty"]) {
      await gw.customProvider(providerId);
    }
    const openai = await gw.providerKey("openai", "openai", "sk-healthy-000000000000000000001");
    const anthropic = await gw.providerKey("anthropic", "ant", "sk-ant-healthy-0000000000000002");
    const custom = await gw.providerKey(
      "constructor",
      "custom",
      "sk-healthy-000000000000000000003",
    );
    const toString = await gw.providerKey("toString", "ts", "sk-healthy-000000000000000000004");
    const unconfigured = await gw.accessKey();
    tokens.push(unconfigured.token);
    tokens.push(
      await gw.tokenFor({
        access: { models: { allow: ["openai:gpt-4o", "constructor:tiny"] } },
        router: providerRules({ openai: [openai], constructor: [custom] }),
      }),
    );
    tokens.push(
      await gw.tokenFor({
        router: providerRules({ anthropic: [anthropic], toString: [toString], openai: [openai] }),
      }),
    );
  });

  afterAll(async () => {
    await gw.close();
  });

  it(
    "answers hostile gateway requests with 2xx or 4xx only, and keeps serving",
    async () => {
      const healthy = tokens[0]!;
      await fc.assert(
        fc.asyncProperty(gatewayCase, async (c) => {
          const headers: Record<string, string> = { "content-type": "application/json" };
          const token = tokens[c.token % tokens.length]!;
          if (c.auth === "bearer") headers.authorization = `Bearer ${token}`;
          if (c.auth === "x-api-key") headers["x-api-key"] = token;
          if (c.auth === "garbage") headers.authorization = "Bearer ng-garbage-g1-garbage";
          const res = await request(`${gw.emulator.url}${c.path}`, {
            method: c.method as "POST",
            headers,
            ...(c.body === undefined || c.method === "GET" ? {} : { body: c.body }),
          });
          const text = await res.body.text();

          expect({ case: c, status: res.statusCode }).toEqual({
            case: c,
            status: expect.any(Number),
          });
          expect(res.statusCode).toBeGreaterThanOrEqual(200);
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(JSON.parse(text)).toEqual({
              error: {
                message: expect.any(String),
                code: expect.stringMatching(/^ERR_NGROK_\d+$/),
                type: expect.any(String),
              },
            });
          }
          const health = await request(`${gw.emulator.url}/v1/models`, {
            headers: { authorization: `Bearer ${healthy}` },
          });
          await health.body.dump();
          expect(health.statusCode).toBe(200);
        }),
        RUNS,
      );

      // Usage lists, and every event was recorded against an access key of the account.
      const keys = await gw.api("GET", "/access-keys");
      for (const key of keys.body.aiGatewayAccessKeys as { id: string }[]) accessKeyIds.add(key.id);
      const usage = await gw.api(
        "GET",
        "/usage?startTime=2000-01-01T00:00:00Z&includeRetries=true&limit=100",
      );
      expect(usage.status).toBe(200);
      for (const event of usage.body.aiGatewayUsage as { accessKeyId: string }[]) {
        expect(accessKeyIds.has(event.accessKeyId)).toBe(true);
      }
    },
    TIMEOUT_MS,
  );
});
