// The official `openai` npm client against the gateway, streaming and not. Needs the `openai`
// package (a Node 20 compatible major, see the data-plane notes in the README).
import OpenAI from "openai";
import { type Harness, startHarness, userKeys } from "./gateway-harness";

let gw: Harness;

afterEach(async () => {
  await gw.close();
});

async function client(): Promise<OpenAI> {
  const a = await gw.providerKey("openai", "a", "sk-rate-limited-0000000000001");
  const b = await gw.providerKey("openai", "b", "sk-healthy-key-0000000000002");
  const token = await gw.tokenFor({
    access: { models: { allow: ["openai:gpt-4o", "openai:gpt-4o-mini"] } },
    router: {
      rules: [{ provider: "openai", steps: [userKeys(a, b)] }],
    },
  });
  return new OpenAI({ apiKey: token, baseURL: `${gw.emulator.url}/v1`, maxRetries: 0 });
}

describe("the official openai client", () => {
  it("gets a chat completion through the gateway, with the gateway's headers", async () => {
    gw = await startHarness();
    const openai = await client();

    const { data, response } = await openai.chat.completions
      .create({ model: "openai:gpt-4o", messages: [{ role: "user", content: "Say hello." }] })
      .withResponse();

    expect(data.choices[0]?.message.content).toBe("Hello from the aigw stub upstream.");
    expect(response.headers.get("ngrok-aig-model")).toBe("openai:gpt-4o");
    expect(response.headers.get("ngrok-aig-attempts")).toBe("2");
    expect(gw.keysTried()).toEqual(["a", "b"]);
  });

  it("streams a chat completion through the gateway", async () => {
    gw = await startHarness();
    const openai = await client();

    const stream = await openai.chat.completions.create({
      model: "openai:gpt-4o-mini",
      messages: [{ role: "user", content: "Say hello." }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage = chunk.usage?.total_tokens ?? usage;
    }

    expect(text).toBe("Hello from the aigw stub upstream.");
    expect(usage).toBeGreaterThan(0);
  });

  it("surfaces a scope rejection as an APIError with the gateway's code", async () => {
    gw = await startHarness();
    const openai = await client();

    const failure: unknown = await openai.chat.completions
      .create({ model: "openai:o3", messages: [{ role: "user", content: "hi" }] })
      .then(
        () => undefined,
        (err: unknown) => err,
      );

    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
    expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe("ERR_NGROK_27232");
    expect(gw.stub.attempts).toEqual([]);
  });

  it("lists the access key's models", async () => {
    gw = await startHarness();
    const openai = await client();

    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);

    expect(ids).toEqual(["openai:gpt-4o-mini", "openai:gpt-4o"]); // the catalog's order
  });
});
