/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
 * Response bodies are `any` for short reads; each one was checked against the OpenAPI schema
 * before the test sees it. */
import { createEmulator } from "aigw-emulator";
import { apiFor, useEmulator } from "./api";

const running = useEmulator("file");
const { api } = running;

const ERROR_BODY = {
  statusCode: expect.any(Number),
  msg: expect.any(String),
  details: expect.any(Object),
};

let providers = 0;

/** Every create, update and action endpoint, with the id of a live object where one is needed. */
async function writeEndpoints(): Promise<[string, string][]> {
  const pk = await api("POST", "/provider-keys", {
    providerId: "openai",
    name: "k",
    value: "sk-proj-aaaaaaaaaaaaaaaaaaaaaaaaa",
  });
  const c = await api("POST", "/access-key-configurations", { name: "c" });
  const ak = await api("POST", "/access-keys", {});
  const p = await api("POST", "/providers", {
    providerId: `p${++providers}`,
    name: "p",
    baseUrl: "https://p.example",
  });
  const key = await api("POST", "/api-keys", {});
  return [
    ["POST", "/provider-keys"],
    ["PATCH", `/provider-keys/${pk.body.id}`],
    ["POST", `/provider-keys/${pk.body.id}/rotate`],
    ["POST", "/access-key-configurations"],
    ["PATCH", `/access-key-configurations/${c.body.id}`],
    ["POST", "/access-keys"],
    ["PATCH", `/access-keys/${ak.body.id}`],
    ["POST", "/providers"],
    ["PATCH", `/providers/${p.body.id}`],
    ["POST", "/api-keys"],
    ["PATCH", `/api-keys/${key.body.id}`],
    ["PATCH", "/gateway-config"],
  ];
}

describe("bad requests", () => {
  it("answers malformed JSON, non-object JSON, empty bodies and unknown fields with 400 and the error body on every write endpoint", async () => {
    for (const [method, path] of await writeEndpoints()) {
      for (const raw of ["{", '{"name": }', "[]", "null", "42", '"text"', ""]) {
        const res = await api(method, path, undefined, { raw });
        expect({ method, path, raw, status: res.status }).toEqual({
          method,
          path,
          raw,
          status: 400,
        });
        expect(res.body).toEqual({ errorCode: "ERR_NGROK_27606", ...ERROR_BODY });
      }
      const unknown = await api(method, path, { surprise: true });
      expect({ method, path, status: unknown.status, code: unknown.body.errorCode }).toEqual({
        method,
        path,
        status: 400,
        code: "ERR_NGROK_27606",
      });
      expect(unknown.body.details.field).toBe("surprise");
    }
  });

  it.each([
    ["POST", "/provider-keys", { providerId: 1, name: "n", value: "v" }],
    ["POST", "/provider-keys", { providerId: "openai", name: ["n"], value: "v" }],
    ["POST", "/provider-keys", { providerId: "openai", name: "n", value: 12 }],
    ["POST", "/provider-keys", { providerId: "openai", name: "n", value: "v", metadata: {} }],
    ["POST", "/access-key-configurations", { name: 5 }],
    ["POST", "/access-key-configurations", { name: "n", access: [] }],
    [
      "POST",
      "/access-key-configurations",
      { name: "n", access: { providers: { allow: "openai" } } },
    ],
    ["POST", "/access-key-configurations", { name: "n", access: { providers: { allow: [1] } } }],
    ["POST", "/access-key-configurations", { name: "n", access: { teams: {} } }],
    ["POST", "/access-key-configurations", { name: "n", router: "fast" }],
    ["POST", "/access-key-configurations", { name: "n", router: { rules: {} } }],
    [
      "POST",
      "/access-key-configurations",
      { name: "n", router: { rules: [{ provider: 1, steps: [{ type: "ngrok" }] }] } },
    ],
    [
      "POST",
      "/access-key-configurations",
      {
        name: "n",
        router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: 1 }] }] }] },
      },
    ],
    [
      "POST",
      "/access-key-configurations",
      {
        name: "n",
        router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: ["k"] }] }] },
      },
    ],
    ["POST", "/access-keys", { accessKeyConfigurationId: 7 }],
    ["POST", "/access-keys", { name: null }],
    ["POST", "/api-keys", { description: false }],
    ["POST", "/providers", { providerId: "x", name: "n", baseUrl: 3 }],
    [
      "POST",
      "/providers",
      { providerId: "x", name: "n", baseUrl: "https://x.example", models: "a" },
    ],
    [
      "POST",
      "/providers",
      { providerId: "x", name: "n", baseUrl: "https://x.example", models: [{ modelId: 1 }] },
    ],
    [
      "POST",
      "/providers",
      { providerId: "x", name: "n", baseUrl: "https://x.example", supportedApiSurfaces: [{}] },
    ],
    ["POST", "/providers", { providerId: "x:y", name: "n", baseUrl: "https://x.example" }],
    ["POST", "/providers", { providerId: "x", name: "n", baseUrl: "not a url" }],
    ["PATCH", "/gateway-config", { maxInputTokens: "many" }],
    ["PATCH", "/gateway-config", { perRequestTimeout: 30 }],
    ["PATCH", "/gateway-config", { metadata: 1 }],
  ])("answers %s %s with wrong types (%j) with 400, never 5xx", async (method, path, body) => {
    const res = await api(method, path, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errorCode: expect.stringMatching(/^ERR_NGROK_27\d{3}$/),
      ...ERROR_BODY,
    });
  });

  it("answers a body over 1 MiB with 413 and the error body, and keeps serving", async () => {
    const big = JSON.stringify({ name: "n", metadata: "x".repeat(1024 * 1024) });
    const res = await api("POST", "/access-key-configurations", undefined, { raw: big });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ errorCode: "ERR_NGROK_27606", ...ERROR_BODY, statusCode: 413 });
    expect((await api("GET", "/gateway-config")).status).toBe(200);
  });

  it("answers HEAD with no body and GET with 404 for an unknown id", async () => {
    const head = await api("HEAD", "/access-keys/aigk_none");
    expect(head.status).toBe(404);
    expect(head.body).toBeUndefined();
    expect(head.headers["content-type"]).toBeUndefined();
  });
});

describe("validationStatus option", () => {
  it("sends validation errors as 422 when asked, and malformed JSON still as 400", async () => {
    const strict = await createEmulator({ db: ":memory:", validationStatus: 422 });
    try {
      const call = apiFor(strict);
      const res = await call("POST", "/access-key-configurations", { name: "n", extra: 1 });
      expect(res.status).toBe(422);
      expect(res.body.statusCode).toBe(422);
      const malformed = await call("POST", "/access-key-configurations", undefined, { raw: "{" });
      expect(malformed.status).toBe(400);
    } finally {
      await strict.close();
    }
  });

  it("honours a smaller body limit", async () => {
    const small = await createEmulator({ db: ":memory:", maxBodyBytes: 64 });
    try {
      const res = await apiFor(small)("POST", "/access-keys", { name: "x".repeat(100) });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe("hostile input", () => {
  /** Creates a custom provider with a fresh providerId and `baseUrl`. */
  const provider = (baseUrl: string): ReturnType<typeof api> =>
    api("POST", "/providers", { providerId: `p${++providers}`, name: "p", baseUrl });

  /** A JSON value nested `depth` levels deep (arrays). */
  const nested = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

  it("answers a body nested 5,000 levels deep with 400 naming the limit, on every write endpoint and the admin API", async () => {
    const endpoints: [string, string][] = [...(await writeEndpoints()), ["PUT", "/_admin/faults"]];
    for (const [method, path] of endpoints) {
      const res = await api(method, path, undefined, {
        raw: `{"metadata": ${nested(5000)}}`,
        unchecked: path.startsWith("/_admin/"),
      });
      expect({ method, path, status: res.status, msg: res.body.msg }).toEqual({
        method,
        path,
        status: 400,
        msg: expect.stringContaining("deeper than 512 levels"),
      });
    }
    expect((await api("GET", "/gateway-config")).status).toBe(200);
  });

  it("rejects a lone surrogate in every string field with 400 naming the field, and stores nothing", async () => {
    const [pk, c, ak, p, key] = await Promise.all([
      api("POST", "/provider-keys", {
        providerId: "openai",
        name: "k",
        value: "sk-aaaaaaaaaaaaaaaa",
      }),
      api("POST", "/access-key-configurations", { name: "c" }),
      api("POST", "/access-keys", {}),
      api("POST", "/providers", {
        providerId: `p${++providers}`,
        name: "p",
        baseUrl: "https://p.example",
      }),
      api("POST", "/api-keys", {}),
    ]);
    const bad = "a\ud800b";
    const inline = (name: string, value: string): unknown => ({
      name: "c",
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ name, value }] }] }],
      },
    });
    const cases: [string, string, unknown, string][] = [
      ["POST", "/provider-keys", { providerId: "openai", name: bad, value: "sk-aaaaaaaa" }, "name"],
      ["POST", "/provider-keys", { providerId: "openai", name: "k", value: bad }, "value"],
      [
        "POST",
        "/provider-keys",
        { providerId: "openai", name: "k", value: "sk-aaaaaaaa", description: bad },
        "description",
      ],
      [
        "POST",
        "/provider-keys",
        { providerId: "openai", name: "k", value: "sk-aaaaaaaa", metadata: bad },
        "metadata",
      ],
      ["PATCH", `/provider-keys/${pk.body.id}`, { name: bad }, "name"],
      ["POST", `/provider-keys/${pk.body.id}/rotate`, { value: bad }, "value"],
      ["POST", "/access-key-configurations", { name: bad }, "name"],
      ["POST", "/access-key-configurations", { name: "c", description: bad }, "description"],
      [
        "POST",
        "/access-key-configurations",
        { name: "c", access: { models: { allow: ["openai:gpt-4o", bad] } } },
        "access.models.allow[1]",
      ],
      [
        "POST",
        "/access-key-configurations",
        inline(bad, "sk-aaaaaaaa"),
        "router.rules[0].steps[0].keys[0].name",
      ],
      [
        "POST",
        "/access-key-configurations",
        inline("k", bad),
        "router.rules[0].steps[0].keys[0].value",
      ],
      ["PATCH", `/access-key-configurations/${c.body.id}`, { metadata: bad }, "metadata"],
      ["POST", "/access-keys", { name: bad }, "name"],
      ["PATCH", `/access-keys/${ak.body.id}`, { description: bad }, "description"],
      ["POST", "/providers", { providerId: "q", name: bad, baseUrl: "https://q.example" }, "name"],
      [
        "POST",
        "/providers",
        { providerId: "q", name: "q", baseUrl: "https://q.example", models: [{ modelId: bad }] },
        "models[0].modelId",
      ],
      ["PATCH", `/providers/${p.body.id}`, { metadata: bad }, "metadata"],
      ["POST", "/api-keys", { name: bad }, "name"],
      ["PATCH", `/api-keys/${key.body.id}`, { metadata: bad }, "metadata"],
      ["PATCH", "/gateway-config", { metadata: bad }, "metadata"],
    ];
    const counts = async (): Promise<number[]> =>
      Promise.all(
        [
          "/provider-keys",
          "/access-key-configurations",
          "/access-keys",
          "/providers",
          "/api-keys",
        ].map(async (list) => {
          const res = await api("GET", list);
          return (Object.values(res.body as object).find(Array.isArray) as unknown[]).length;
        }),
      );
    const before = await counts();

    for (const [method, path, body, field] of cases) {
      const res = await api(method, path, body);
      expect({ method, path, field, status: res.status, details: res.body.details }).toEqual({
        method,
        path,
        field,
        status: 400,
        details: expect.objectContaining({ field }),
      });
      expect(JSON.stringify(res.body)).not.toContain("sk-aaaaaaaa");
    }
    expect(await counts()).toEqual(before);
    const pkNow = await api("GET", `/provider-keys/${pk.body.id}`);
    expect(pkNow.body.name).toBe("k");
  });

  it("rejects gateway timeouts longer than a timer can hold with 400 naming the field", async () => {
    for (const field of ["totalTimeout", "perRequestTimeout"]) {
      for (const value of ["1000h", "596h31m23.648s", "99999999999999999999h"]) {
        const res = await api("PATCH", "/gateway-config", { [field]: value });
        expect({ field, value, status: res.status, details: res.body.details }).toEqual({
          field,
          value,
          status: 400,
          details: expect.objectContaining({ field, max: "596h31m23.647s" }),
        });
        expect(res.body.msg).toContain(`${field} must be at most 596h31m23.647s`);
      }
    }
    const longest = await api("PATCH", "/gateway-config", { totalTimeout: "596h31m23.647s" });
    expect(longest.status).toBe(200);
    expect(longest.body.totalTimeout).toBe("596h31m23.647s");
    await api("PATCH", "/gateway-config", { totalTimeout: "120s" });
  });

  it.each([
    "https://[::ffff:127.0.0.1]",
    "https://[0:0:0:0:0:ffff:7f00:1]",
    "https://[::ffff:0.0.0.0]",
    "https://[::127.0.0.1]",
    "https://localhost.",
    "https://LOCALHOST",
    "https://api.localhost",
    "https://2130706433",
    "https://0177.0.0.1",
    "https://0x7f.0.0.1",
    "https://127.1",
    "https://127.255.255.254:8443/v1",
    "https://0.0.0.0",
    "https://0",
    "https://[::]",
    "https://[::1]",
  ])("refuses a provider base URL on this machine after normalising it: %s", async (baseUrl) => {
    const res = await provider(baseUrl);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe("ERR_NGROK_27718");
    expect(res.body.details.field).toBe("baseUrl");
  });

  it.each([
    "https://127.example.com",
    "https://api.example.com.",
    "http://llm.internal.",
    "https://[2001:db8::1]",
  ])("accepts a base URL that only looks local: %s", async (baseUrl) => {
    expect((await provider(baseUrl)).status).toBe(201);
  });
});
