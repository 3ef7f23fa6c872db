/* eslint-disable @typescript-eslint/no-unsafe-member-access */
// Response headers built from request data (the model that answered, the fallbacks left out):
// any text a client sends must come back as a valid header, percent-encoded where HTTP cannot
// carry it, and never end the process (issue 16: `openai:模型` crashed the emulator).
import { request } from "undici";
import { createEmulator, type Emulator } from "../../../emulator";
import { MAX_HEADER_VALUE_BYTES } from "../../../emulator/data-plane/respond";
import { type Api, apiFor } from "../api";

let emulator: Emulator;
let api: Api;

beforeEach(async () => {
  // As the issue ran it: the default stub upstream, an access key without configuration.
  emulator = await createEmulator({ db: ":memory:" });
  api = apiFor(emulator);
});

afterEach(async () => {
  await emulator.close();
});

async function token(configuration?: Record<string, unknown>): Promise<string> {
  let configurationId: string | undefined;
  if (configuration !== undefined) {
    const c = await api("POST", "/access-key-configurations", { name: "c", ...configuration });
    configurationId = c.body.id as string;
  }
  const key = await api(
    "POST",
    "/access-keys",
    configurationId === undefined ? {} : { accessKeyConfigurationId: configurationId },
  );
  return key.body.token as string;
}

async function gateway(
  path: string,
  bearer: string,
  body: Record<string, unknown>,
): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
  const res = await request(`${emulator.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify({ messages: [], ...body }),
  });
  const text = await res.body.text();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
  return { status: res.statusCode, headers, body: text.startsWith("{") ? JSON.parse(text) : text };
}

/** The server still answers: a model list over the data plane and the management API. */
async function expectServing(bearer: string): Promise<void> {
  const models = await request(`${emulator.url}/v1/models`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  await models.body.dump();
  expect(models.statusCode).toBe(200);
  expect((await api("GET", "/gateway-config")).status).toBe(200);
}

const HOSTILE_MODELS: [string, string][] = [
  ["outside latin1", "openai:模型"],
  ["CR LF", "openai:a\r\nx-injected: 1"],
  ["NUL", "openai:a\u0000b"],
  ["DEL", "openai:a\u007fb"],
  ["a lone surrogate", "openai:a\ud800b"],
  ["a literal percent sign", "openai:50%off"],
  ["spaces", "openai:my model"],
];

describe("response headers made from request data", () => {
  beforeEach(async () => {
    await api("POST", "/provider-keys", {
      providerId: "openai",
      name: "k",
      value: "sk-healthy-000000000000000000001",
    });
  });

  describe.each(["/v1/chat/completions", "/v1/messages"])("on %s", (path) => {
    it.each(HOSTILE_MODELS)(
      "answers a model with %s, naming it percent-encoded in Ngrok-AIG-Model, and keeps serving",
      async (_what, model) => {
        const bearer = await token();

        for (const stream of [false, true]) {
          const res = await gateway(path, bearer, { model, stream });

          expect({ stream, status: res.status }).toEqual({ stream, status: 200 });
          expect(res.headers["x-injected"]).toBeUndefined();
          // A lone surrogate has no UTF-8 form: it comes back as U+FFFD.
          expect(decodeURIComponent(res.headers["ngrok-aig-model"]!)).toBe(
            model.replace(/\ud800/, "\ufffd"),
          );
        }
        await expectServing(bearer);
      },
    );
  });

  it("lists rejected fallbacks percent-encoded, commas in names escaped, also on an error answer", async () => {
    const bearer = await token({ access: { models: { allow: ["openai:gpt-4o"] } } });
    const fallbacks = ["openai:模型", "openai:a,b", "openai:x\r\ny", "openai:o3"];
    const request = { model: "openai:gpt-4o", models: fallbacks };

    const served = await gateway("/v1/chat/completions", bearer, request);
    // The headers are set once the plan is made; a later stage then fails the request.
    await api("PATCH", "/gateway-config", { maxInputTokens: 1 });
    const tooLong = await gateway("/v1/messages", bearer, {
      ...request,
      messages: [{ role: "user", content: "a prompt longer than one token" }],
    });

    expect(served.status).toBe(200);
    expect(tooLong.status).toBe(413);
    expect(tooLong.body).toMatchObject({ error: { code: "ERR_NGROK_3811" } });
    for (const res of [served, tooLong]) {
      const entries = res.headers["ngrok-aig-rejected-models"]!.split(", ");
      expect(entries.map((e) => decodeURIComponent(e))).toEqual(fallbacks);
    }
    await expectServing(bearer);
  });

  it("caps Ngrok-AIG-Rejected-Models: 10,000 rejected fallbacks are listed up to the cap, then counted", async () => {
    const bearer = await token({ access: { models: { allow: ["openai:gpt-4o"] } } });
    const fallbacks = Array.from({ length: 10_000 }, (_, i) => `openai:model-${i}`);

    // undici refuses a response whose headers pass 16 KiB, as Node's own client does.
    const res = await gateway("/v1/chat/completions", bearer, {
      model: "openai:gpt-4o",
      models: fallbacks,
    });

    expect(res.status).toBe(200);
    const header = res.headers["ngrok-aig-rejected-models"]!;
    expect(header.length).toBeLessThanOrEqual(MAX_HEADER_VALUE_BYTES);
    const entries = header.split(", ");
    const more = /^\+(\d+) more$/.exec(entries.pop()!);
    expect(more).not.toBeNull();
    expect(entries).toEqual(fallbacks.slice(0, entries.length));
    expect(entries.length + Number(more![1])).toBe(fallbacks.length);
  });

  it("cuts a model name too long for a header, at a whole escape, and says so with `...`", async () => {
    const bearer = await token();
    const model = `openai:${"模".repeat(2000)}`;

    const res = await gateway("/v1/chat/completions", bearer, { model });

    expect(res.status).toBe(200);
    const header = res.headers["ngrok-aig-model"]!;
    expect(header.length).toBeLessThanOrEqual(MAX_HEADER_VALUE_BYTES);
    expect(header.endsWith("...")).toBe(true);
    expect(model.startsWith(decodeURIComponent(header.slice(0, -3)))).toBe(true);
  });
});
