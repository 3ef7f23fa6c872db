/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
 * Management API bodies are `any` for short reads; each one was checked against the OpenAPI
 * schema before the test sees it. */
// Out-of-credit emulation: the data plane checks the account's credits before routing, and each
// attempt's recorded cost is taken from the balance.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { type HarnessOptions, harnessPerTest, userKeys } from "./gateway-harness";

const startGateway = harnessPerTest();

/** Tokens each answer of the metered upstream reports: 2M tokens cost USD 0.10 in fees. */
const TOKENS_PER_SIDE = 1_000_000;

/** An OpenAI-compatible upstream whose every answer reports {@link TOKENS_PER_SIDE} each way. */
async function meteredUpstream(): Promise<{
  url: string;
  requests: () => number;
  close(): Promise<void>;
}> {
  let requests = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      requests += 1;
      const body = JSON.stringify({
        id: "chatcmpl-metered",
        object: "chat.completion",
        created: 0,
        model: "gpt-4o",
        choices: [
          { index: 0, message: { role: "assistant", content: "metered" }, finish_reason: "stop" },
        ],
        usage: {
          prompt_tokens: TOKENS_PER_SIDE,
          completion_tokens: TOKENS_PER_SIDE,
          total_tokens: 2 * TOKENS_PER_SIDE,
        },
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const upstreams: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (upstreams.length > 0) await upstreams.pop()!.close();
});

async function gatewayWithKey(options: HarnessOptions) {
  const gw = await startGateway(options);
  const healthy = await gw.providerKey("openai", "healthy", "sk-healthy-key-0000000000001");
  const token = await gw.tokenFor({
    router: { rules: [{ provider: "openai", steps: [userKeys(healthy)] }] },
  });
  return { gw, token };
}

function openaiFor(url: string, token: string): OpenAI {
  return new OpenAI({ apiKey: token, baseURL: `${url}/v1`, maxRetries: 0 });
}

async function failureOf(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const failure = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(failure).toBeInstanceOf(OpenAI.APIError);
  return failure as InstanceType<typeof OpenAI.APIError>;
}

describe("credits in the data plane", () => {
  it("rejects requests with 403 ERR_NGROK_4026 before routing when the balance is zero", async () => {
    const { gw, token } = await gatewayWithKey({ credits: { balanceCents: 0 } });

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: {
        code: "ERR_NGROK_4026",
        type: "permission_error",
        message: expect.stringContaining("run out of credit"),
      },
    });
    expect(res.body.error.message).toContain("/credits/checkout-session");
    expect(res.headers["ngrok-aig-request-id"]).toMatch(/^aigreq_/);
    expect(res.headers["ngrok-aig-attempts"]).toBeUndefined();
    expect(gw.stub.attempts).toEqual([]);
    const usage = await gw.api("GET", "/usage?startTime=2000-01-01T00:00:00Z&includeRetries=true");
    expect(usage.body.aiGatewayUsage).toEqual([]);
  });

  it("rejects with 403 ERR_NGROK_6033 when the account never purchased credits", async () => {
    const { gw, token } = await gatewayWithKey({
      credits: { purchased: false, balanceCents: 500 },
    });

    const res = await gw.chat(token, { model: "openai:gpt-4o" });

    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("ERR_NGROK_6033");
    expect(res.body.error.message).toContain("/credits/checkout-session");
    expect(gw.stub.attempts).toEqual([]);
  });

  it("rejects every completion surface, before the body is even read", async () => {
    const { gw, token } = await gatewayWithKey({ credits: { balanceCents: 0 } });
    for (const path of [
      "/v1/chat/completions",
      "/v1/completions",
      "/v1/embeddings",
      "/v1/responses",
      "/v1/messages",
    ]) {
      const res = await gw.call(path, "not even json", token);
      expect([path, res.status, res.body?.error?.code]).toEqual([path, 403, "ERR_NGROK_4026"]);
    }
    expect(gw.stub.attempts).toEqual([]);
  });

  it("authenticates first: a bad access key is still 401", async () => {
    const { gw } = await gatewayWithKey({ credits: { balanceCents: 0 } });
    const res = await gw.chat("ng-not-a-key", { model: "openai:gpt-4o" });
    expect([res.status, res.body.error.code]).toEqual([401, "ERR_NGROK_27201"]);
  });

  it("still lists models, which spends nothing", async () => {
    const { gw, token } = await gatewayWithKey({ credits: { balanceCents: 0 } });
    const res = await gw.call("/v1/models", undefined, token);
    expect(res.status).toBe(200);
    expect(res.body.object).toBe("list");
  });

  it("shows the official openai client a 403 PermissionDeniedError with ERR_NGROK_4026", async () => {
    const { gw, token } = await gatewayWithKey({ credits: { balanceCents: 0 } });

    const failure = await failureOf(
      openaiFor(gw.emulator.url, token).chat.completions.create({
        model: "openai:gpt-4o",
        messages: [{ role: "user", content: "hi" }],
      }),
    );

    expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(failure.status).toBe(403);
    expect(failure.code).toBe("ERR_NGROK_4026");
    expect(failure.message).toContain("run out of credit");
  });

  it("shows the official openai client a 403 APIError with ERR_NGROK_6033 when nothing was purchased", async () => {
    const { gw, token } = await gatewayWithKey({ credits: { purchased: false } });

    const failure = await failureOf(
      openaiFor(gw.emulator.url, token).chat.completions.create({
        model: "openai:gpt-4o",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      }),
    );

    expect(failure.status).toBe(403);
    expect(failure.code).toBe("ERR_NGROK_6033");
  });

  it("serves requests again after a checkout session, with the official openai client", async () => {
    const { gw, token } = await gatewayWithKey({ credits: { purchased: false } });
    const openai = openaiFor(gw.emulator.url, token);
    const ask = () =>
      openai.chat.completions.create({
        model: "openai:gpt-4o",
        messages: [{ role: "user", content: "hi" }],
      });
    expect((await failureOf(ask())).code).toBe("ERR_NGROK_6033");

    expect((await gw.api("POST", "/credits/checkout-session", { amount: 500 })).status).toBe(200);

    const answer = await ask();
    expect(answer.choices[0]?.message.content).toBe("Hello from the aigw stub upstream.");
  });

  it("follows a balance set while running, through PUT /_admin/credits or the store", async () => {
    const { gw, token } = await gatewayWithKey({});
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);

    await gw.api("PUT", "/_admin/credits", { balanceCents: 0 });
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).body.error.code).toBe(
      "ERR_NGROK_4026",
    );

    gw.emulator.store.setCredits({ balanceMillicents: 1000 });
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);
    gw.emulator.store.setCredits({ purchased: false });
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).body.error.code).toBe(
      "ERR_NGROK_6033",
    );
  });

  it("takes each attempt's recorded totalCost from the balance; the last request may overdraw it", async () => {
    const metered = await meteredUpstream();
    upstreams.push(metered);
    const { gw, token } = await gatewayWithKey({
      credits: { balanceCents: 25 },
      upstreams: { openai: metered.url },
    });

    const balances: number[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await gw.chat(token, { model: "openai:gpt-4o" })).status);
      balances.push((await gw.api("GET", "/credits/balance")).body.balanceCents as number);
    }

    // 25¢, then 10¢ a request: 15, 5, -5 (the third started with 5¢ left), then refused.
    expect(statuses).toEqual([200, 200, 200, 403]);
    expect(balances).toEqual([15, 5, -5, -5]);
    expect(metered.requests()).toBe(3);
    const usage = await gw.api("GET", "/usage?startTime=2000-01-01T00:00:00Z&includeRetries=true");
    expect((usage.body.aiGatewayUsage as { totalCost: string }[]).map((e) => e.totalCost)).toEqual([
      "0.10000",
      "0.10000",
      "0.10000",
    ]);
    const overview = await gw.api("GET", "/usage/overview?startTime=2000-01-01T00:00:00Z");
    expect(overview.body.totals).toEqual({ cost: "0.30000", requests: 3, errors: 0 });
  });

  it("refuses the next request as soon as the balance falls below one cent", async () => {
    const metered = await meteredUpstream();
    upstreams.push(metered);
    const { gw, token } = await gatewayWithKey({
      credits: { balanceCents: 10 },
      upstreams: { openai: metered.url },
    });

    // One request costs exactly the 10¢ there were: nothing is left.
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);
    const after = await gw.chat(token, { model: "openai:gpt-4o" });
    expect([after.status, after.body.error.code]).toEqual([403, "ERR_NGROK_4026"]);
    expect((await gw.api("GET", "/credits/balance")).body).toEqual({ balanceCents: 0 });
  });
});
