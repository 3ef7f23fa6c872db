/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { harnessPerTest, userKeys } from "./gateway-harness";

const startGateway = harnessPerTest();

const since = (): string => new Date(Date.now() - 60_000).toISOString();

interface UsageEvent {
  requestId: string;
  attemptNumber: number;
  isFinalAttempt: boolean;
  statusCode: number;
  keySource: string;
  providerKeyId?: string;
  providerKeyDisplayName?: string;
  timedOut: boolean;
  isError: boolean;
  isStreaming: boolean;
  inputTokens: number;
  outputTokens: number;
  stopReason: string;
  totalCost: string;
  accessKeyId: string;
  provider: string;
  providerDisplayName: string;
  model: string;
  modelDisplayName: string;
}

describe("GET /usage", () => {
  it("records one event per attempt; lists only final attempts unless includeRetries=true", async () => {
    const gw = await startGateway();
    const a = await gw.providerKey("openai", "a", "sk-rate-limited-0000000000001");
    const b = await gw.providerKey("openai", "b", "sk-healthy-key-0000000000002");
    const configuration = await gw.configuration({
      router: {
        rules: [
          {
            provider: "openai",
            steps: [userKeys(a, b), { type: "ngrok" }],
          },
        ],
      },
    });
    const { id: accessKeyId, token } = await gw.accessKey(configuration);
    const res = await gw.chat(token, { model: "openai:gpt-4o" });
    const requestId = res.headers["ngrok-aig-request-id"];

    const finals = await gw.api("GET", `/usage?startTime=${since()}`);
    const all = await gw.api("GET", `/usage?startTime=${since()}&includeRetries=true`);

    expect(finals.status).toBe(200);
    const final = finals.body.aiGatewayUsage as UsageEvent[];
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({
      requestId,
      accessKeyId,
      attemptNumber: 2,
      isFinalAttempt: true,
      statusCode: 200,
      keySource: "user",
      providerKeyId: b,
      providerKeyDisplayName: "sk-healthy***0002",
      isError: false,
      isStreaming: false,
      stopReason: "stop",
      // The names a person reads: the catalog's, as OpenAPI's "Human-readable model name" says.
      provider: "openai",
      providerDisplayName: "OpenAI",
      model: "gpt-4o",
      modelDisplayName: "GPT-4o",
    });
    expect(final[0]!.outputTokens).toBeGreaterThan(0);
    expect(final[0]!.totalCost).toMatch(/^\d+\.\d{5}$/);
    const events = (all.body.aiGatewayUsage as UsageEvent[]).filter(
      (e) => e.requestId === requestId,
    );
    expect(
      events.map((e) => [e.attemptNumber, e.statusCode, e.providerKeyId, e.isFinalAttempt]),
    ).toEqual([
      [2, 200, b, true],
      [1, 429, a, false],
    ]);
  });

  it("reports timed-out attempts and ngrok attempts without provider key fields", async () => {
    const gw = await startGateway({ stub: { slowDelayMs: 60_000 } });
    await gw.gatewayConfig({ perRequestTimeout: "100ms" });
    const slow = await gw.providerKey("openai", "slow", "sk-slow-key-00000000000000001");
    const token = await gw.tokenFor({
      router: {
        rules: [
          {
            provider: "openai",
            steps: [userKeys(slow), { type: "ngrok" }],
          },
        ],
      },
    });
    expect((await gw.chat(token, { model: "openai:gpt-4o" })).status).toBe(200);

    const all = await gw.api("GET", `/usage?startTime=${since()}&includeRetries=true`);

    const [managed, timedOut] = all.body.aiGatewayUsage as UsageEvent[];
    expect(timedOut).toMatchObject({ attemptNumber: 1, timedOut: true, isError: true });
    expect(managed).toMatchObject({ attemptNumber: 2, keySource: "ngrok", isFinalAttempt: true });
    expect(managed!.providerKeyId).toBeUndefined();
    expect(managed!.providerKeyDisplayName).toBeUndefined();
  });

  it("filters by accessKeyId and time window, and pages with a cursor", async () => {
    const gw = await startGateway();
    const one = await gw.accessKey();
    const two = await gw.accessKey();
    for (let i = 0; i < 3; i++) await gw.chat(one.token, { model: "openai:gpt-4o" });
    await gw.chat(two.token, { model: "openai:gpt-4o" });

    const filtered = await gw.api("GET", `/usage?startTime=${since()}&accessKeyId=${two.id}`);
    const future = await gw.api(
      "GET",
      `/usage?startTime=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    const first = await gw.api("GET", `/usage?startTime=${since()}&limit=3`);
    const second = await gw.api("GET", first.body.nextPageUri as string);

    expect((filtered.body.aiGatewayUsage as UsageEvent[]).map((e) => e.accessKeyId)).toEqual([
      two.id,
    ]);
    expect(future.body.aiGatewayUsage).toEqual([]);
    expect(first.body.aiGatewayUsage).toHaveLength(3);
    expect(first.body.nextPageUri).toContain("cursor=");
    expect(second.body.aiGatewayUsage).toHaveLength(1);
    expect(second.body.nextPageUri).toBeNull();
  });

  it("records streamed usage when the stream ends", async () => {
    const gw = await startGateway();
    const { token } = await gw.accessKey();
    const res = await gw.chat(token, {
      model: "anthropic:claude-sonnet-4-6",
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.status).toBe(200);

    const list = await gw.api("GET", `/usage?startTime=${since()}`);

    const [event] = list.body.aiGatewayUsage as UsageEvent[];
    expect(event).toMatchObject({ isStreaming: true, keySource: "ngrok", stopReason: "stop" });
    expect(event!.inputTokens).toBeGreaterThan(0);
  });

  it("requires the management API key and a valid startTime", async () => {
    const gw = await startGateway();
    const { token } = await gw.accessKey();

    expect((await gw.api("GET", `/usage?startTime=${since()}`, undefined, { token })).status).toBe(
      401,
    );
    const missing = await gw.api("GET", "/usage");
    const bad = await gw.api("GET", "/usage?startTime=yesterday");
    const badFlag = await gw.api("GET", `/usage?startTime=${since()}&includeRetries=yes`);

    expect(missing.status).toBe(400);
    expect(missing.body.details.field).toBe("startTime");
    expect(bad.status).toBe(400);
    expect(badFlag.status).toBe(400);
  });
});
