/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- management API bodies are `any`, each checked against the OpenAPI schema by apiFor */
import { createEmulator, type Emulator, formatDemoResult, sendDemoRequests } from "aigw-emulator";
import { apiFor } from "../api";

let emulator: Emulator;

afterEach(async () => {
  await emulator.close();
});

describe("sendDemoRequests", () => {
  it("shows a failover through the built-in stub upstream and a rejection before routing", async () => {
    // No upstreams configured: the emulator's in-process stub serves every provider.
    emulator = await createEmulator({ db: ":memory:" });
    const api = apiFor(emulator);
    const limited = await api("POST", "/provider-keys", {
      providerId: "openai",
      name: "primary",
      value: "sk-demo-rate-limited-00000001",
    });
    const healthy = await api("POST", "/provider-keys", {
      providerId: "openai",
      name: "backup",
      value: "sk-demo-healthy-0000000000002",
    });
    const configuration = await api("POST", "/access-key-configurations", {
      name: "demo",
      access: { models: { allow: ["openai:gpt-4o-mini"] } },
      router: {
        rules: [
          {
            provider: "openai",
            steps: [{ type: "user", keys: [{ id: limited.body.id }, { id: healthy.body.id }] }],
          },
        ],
      },
    });
    const accessKey = await api("POST", "/access-keys", {
      accessKeyConfigurationId: configuration.body.id,
    });

    const [failover, rejected] = await sendDemoRequests({
      url: emulator.url,
      accessKey: accessKey.body.token as string,
      apiKey: emulator.apiKey,
      failoverModel: "openai:gpt-4o-mini",
      disallowedModel: "openai:o3",
    });

    expect(failover).toMatchObject({ status: 200, attempts: 2, answeredBy: "openai:gpt-4o-mini" });
    expect(failover!.usage.map((a) => [a.providerKeyId, a.statusCode])).toEqual([
      [limited.body.id, 429],
      [healthy.body.id, 200],
    ]);
    expect(rejected).toMatchObject({ status: 422, attempts: null, errorCode: "ERR_NGROK_27232" });
    expect(rejected!.usage).toEqual([]);
    expect(formatDemoResult(failover!)).toContain("attempt 1: provider key");
    expect(formatDemoResult(rejected!)).toContain("rejected before routing");
  });
});
