/* eslint-disable @typescript-eslint/no-unsafe-member-access */
// The official `openai` client on every OpenAI surface the docs list besides chat completions
// (ai-gateway/sdks/openai.mdx "Supported endpoints"): legacy completions, embeddings and
// responses, streaming where the API streams, through the same authentication, scope check,
// failover, headers and usage events as chat completions.
import OpenAI, { APIError } from "openai";
import { harnessPerTest, userKeys } from "./gateway-harness";

const start = harnessPerTest();

/** A client whose key may call only openai:gpt-5.5 and openai:text-embedding-3-small. */
async function scopedClient(): Promise<{
  openai: OpenAI;
  gw: Awaited<ReturnType<typeof start>>;
}> {
  const gw = await start();
  const a = await gw.providerKey("openai", "a", "sk-rate-limited-0000000000001");
  const b = await gw.providerKey("openai", "b", "sk-healthy-key-0000000000002");
  const token = await gw.tokenFor({
    access: { models: { allow: ["openai:gpt-5.5", "openai:text-embedding-3-small"] } },
    router: { rules: [{ provider: "openai", steps: [userKeys(a, b)] }] },
  });
  const openai = new OpenAI({ apiKey: token, baseURL: `${gw.emulator.url}/v1`, maxRetries: 0 });
  return { openai, gw };
}

/** Every usage event the gateway recorded (retries included), oldest first. */
async function usageEvents(
  gw: Awaited<ReturnType<typeof start>>,
): Promise<{ attemptNumber: number; isStreaming: boolean; outputTokens: number }[]> {
  const since = new Date(Date.now() - 3_600_000).toISOString();
  const res = await gw.api("GET", `/usage?startTime=${since}&includeRetries=true`);
  const events = res.body.aiGatewayUsage as {
    attemptNumber: number;
    isStreaming: boolean;
    outputTokens: number;
    eventTime: string;
    requestId: string;
  }[];
  return [...events].sort(
    (x, y) => x.eventTime.localeCompare(y.eventTime) || x.attemptNumber - y.attemptNumber,
  );
}

describe("the official openai client on the other OpenAI surfaces", () => {
  it("gets a legacy completion, failing over, with the gateway's headers and usage", async () => {
    const { openai, gw } = await scopedClient();

    const { data, response } = await openai.completions
      .create({ model: "openai:gpt-5.5", prompt: "Say hello." })
      .withResponse();

    expect(data.object).toBe("text_completion");
    expect(data.choices[0]?.text).toBe("Hello from the aigw stub upstream.");
    expect(response.headers.get("ngrok-aig-model")).toBe("openai:gpt-5.5");
    expect(response.headers.get("ngrok-aig-attempts")).toBe("2");
    expect(gw.keysTried()).toEqual(["a", "b"]);
    expect(gw.stub.attempts.map((a) => a.path)).toEqual(["/v1/completions", "/v1/completions"]);
    const events = await usageEvents(gw);
    expect(events.map((e) => e.attemptNumber)).toEqual([1, 2]);
    expect(events[1]?.outputTokens).toBeGreaterThan(0);
  });

  it("streams a legacy completion", async () => {
    const { openai, gw } = await scopedClient();

    const stream = await openai.completions.create({
      model: "openai:gpt-5.5",
      prompt: "Say hello.",
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";

    expect(text).toBe("Hello from the aigw stub upstream.");
    expect(gw.stub.attempts.every((a) => a.stream && a.surface === "completions")).toBe(true);
    expect((await usageEvents(gw)).map((e) => e.isStreaming)).toEqual([true, true]);
  });

  it("gets embeddings, as floats and as the client's default base64", async () => {
    const { openai, gw } = await scopedClient();

    const floats = await openai.embeddings.create({
      model: "openai:text-embedding-3-small",
      input: ["The quick brown fox", "jumps over the lazy dog"],
      encoding_format: "float",
    });
    const decoded = await openai.embeddings.create({
      model: "openai:text-embedding-3-small",
      input: "The quick brown fox",
    });

    expect(floats.data.map((d) => d.index)).toEqual([0, 1]);
    expect(floats.data[0]?.embedding).toHaveLength(8);
    expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
    // The client asks for base64 when the caller does not say, and decodes it to the same floats.
    const first = floats.data[0]?.embedding ?? [];
    const same = decoded.data[0]?.embedding ?? [];
    expect(same).toHaveLength(first.length);
    same.forEach((v, i) => expect(v).toBeCloseTo(first[i] ?? NaN, 5));
    expect(gw.stub.attempts.map((a) => a.surface)).toEqual([
      "embeddings",
      "embeddings",
      "embeddings",
      "embeddings",
    ]);
  });

  it("gets a response, whole and streamed", async () => {
    const { openai, gw } = await scopedClient();

    const whole = await openai.responses.create({ model: "openai:gpt-5.5", input: "Say hello." });
    const stream = await openai.responses.create({
      model: "openai:gpt-5.5",
      input: "Say hello.",
      stream: true,
    });
    let text = "";
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") completed = event.response;
    }

    expect(whole.output_text).toBe("Hello from the aigw stub upstream.");
    expect(whole.usage?.output_tokens).toBeGreaterThan(0);
    expect(text).toBe("Hello from the aigw stub upstream.");
    expect(completed?.status).toBe("completed");
    const events = await usageEvents(gw);
    expect(events.filter((e) => e.isStreaming).map((e) => e.outputTokens)).toContain(6);
  });

  it.each([
    ["completions", (o: OpenAI) => o.completions.create({ model: "openai:gpt-4o", prompt: "hi" })],
    [
      "streamed completions",
      (o: OpenAI) => o.completions.create({ model: "openai:gpt-4o", prompt: "hi", stream: true }),
    ],
    [
      "embeddings",
      (o: OpenAI) => o.embeddings.create({ model: "openai:text-embedding-3-large", input: "hi" }),
    ],
    ["responses", (o: OpenAI) => o.responses.create({ model: "openai:gpt-4o", input: "hi" })],
    [
      "streamed responses",
      (o: OpenAI) => o.responses.create({ model: "openai:gpt-4o", input: "hi", stream: true }),
    ],
  ])(
    "rejects a disallowed model on %s with 422 before any upstream call",
    async (_surface, call) => {
      const { openai, gw } = await scopedClient();

      const error = await call(openai).then(
        () => undefined,
        (err: unknown) => err,
      );

      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(422);
      expect(JSON.stringify((error as APIError).error)).toContain("ERR_NGROK_27232");
      expect(gw.stub.attempts).toEqual([]);
    },
  );

  it("answers embeddings whole even when asked to stream (the OpenAI API never streams them)", async () => {
    const { gw } = await scopedClient();
    const token = await gw.tokenFor({
      router: {
        rules: [
          {
            provider: "openai",
            steps: [userKeys(await gw.providerKey("openai", "c", "sk-healthy-000000000003"))],
          },
        ],
      },
    });

    const res = await gw.call(
      "/v1/embeddings",
      { model: "openai:text-embedding-3-small", input: "hi", stream: true },
      token,
    );

    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(res.body.object).toBe("list");
  });
});

describe("a custom provider's base URL", () => {
  it("keeps an Azure OpenAI query string after the surface path (custom-providers/azure-openai)", async () => {
    const gw = await start();
    const created = await gw.api("POST", "/providers", {
      providerId: "azure-openai",
      name: "Azure OpenAI",
      baseUrl: `${gw.stub.url}/openai/deployments/gpt4o?api-version=2024-02-15-preview`,
      models: [{ modelId: "gpt-4o" }],
    });
    expect(created.status).toBe(201);
    const key = await gw.providerKey("azure-openai", "azure", "azure-healthy-00000000001");
    const token = await gw.tokenFor({
      router: { rules: [{ provider: "azure-openai", steps: [userKeys(key)] }] },
    });
    const openai = new OpenAI({ apiKey: token, baseURL: `${gw.emulator.url}/v1`, maxRetries: 0 });

    await openai.chat.completions.create({
      model: "azure-openai:gpt-4o",
      messages: [{ role: "user", content: "hi" }],
    });
    await openai.embeddings.create({ model: "azure-openai:gpt-4o", input: "hi" });

    expect(gw.stub.attempts.map((a) => `${a.path}${a.query}`)).toEqual([
      "/openai/deployments/gpt4o/chat/completions?api-version=2024-02-15-preview",
      "/openai/deployments/gpt4o/embeddings?api-version=2024-02-15-preview",
    ]);
  });
});
