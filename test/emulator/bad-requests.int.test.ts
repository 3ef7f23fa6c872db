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
