// detectDrift against the emulator, with a stand-in for the pulumi CLI (the real engine runs in
// test/e2e/drift.test.ts): API calls grow with objects/100, and API failures say what to check.
import { createEmulator, type Emulator } from "aigw-emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import type { ProviderKey } from "../../sdk/client/types";
import { type DetectDriftOptions, detectDrift } from "../../sdk/drift/run";
import type { PulumiRunner } from "../../sdk/drift/state";
import { TYPE_TOKENS } from "../../sdk/drift/state";
import { toOutputs as providerKeyOutputs } from "../../sdk/state/provider-key";
import { SECRET_ENVELOPE } from "./fixtures";

const KEYS = 250;

function stackExport(keys: readonly ProviderKey[]): string {
  return JSON.stringify({
    version: 3,
    deployment: {
      manifest: {},
      resources: [
        {
          urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
          custom: false,
          type: "pulumi:pulumi:Stack",
        },
        ...keys.map((k, i) => ({
          urn: `urn:pulumi:dev::p::${TYPE_TOKENS.providerKey}::key-${i}`,
          custom: true,
          id: k.id,
          type: TYPE_TOKENS.providerKey,
          outputs: { ...providerKeyOutputs(k, undefined, undefined), value: SECRET_ENVELOPE },
        })),
      ],
    },
  });
}

describe("detectDrift against the emulator", () => {
  let emulator: Emulator;
  let client: GatewayClient;
  let keys: ProviderKey[];
  const requests: string[] = [];

  beforeAll(async () => {
    emulator = await createEmulator({ db: ":memory:", logger: (l: string) => requests.push(l) });
    client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    keys = [];
    for (let i = 0; i < KEYS; i++) {
      keys.push(
        await client.providerKeys.create({
          providerId: i % 2 === 0 ? "openai" : "anthropic",
          name: `key-${i}`,
          value: `sk-proj-int-${String(i).padStart(4, "0")}-AAAAAAAAAAAAAAAA`,
        }),
      );
    }
  });

  afterAll(async () => {
    await emulator?.close();
  });

  function runner(exported: string): PulumiRunner {
    return (args) =>
      Promise.resolve(
        args[0] === "stack"
          ? { code: 0, stdout: exported, stderr: "" }
          : args[0] === "config" && args[1] === "--json"
            ? {
                code: 0,
                stdout: JSON.stringify({
                  "ngrok-ai:apiUrl": { value: emulator.url, secret: false },
                }),
                stderr: "",
              }
            : { code: 255, stdout: "", stderr: "error: configuration key not found" },
      );
  }

  it("reads 250 managed keys with 3 list requests and finds no drift", async () => {
    requests.length = 0;
    const report = await detectDrift({
      stacks: ["dev"],
      cwd: process.cwd(),
      env: { NGROK_AI_API_KEY: emulator.apiKey },
      runner: runner(stackExport(keys)),
    });
    expect(report.drift).toBe(false);
    expect(report.summary).toMatchObject({ managed: KEYS, inSync: KEYS });
    expect(report.apiCalls).toBe(3);
    expect(requests.filter((l) => l.startsWith("GET /provider-keys "))).toHaveLength(3);
    expect(requests).toHaveLength(3);
    expect(report.apiUrl).toBe(emulator.url);
  });

  /** `exported` with the resources' provider recorded, its inputs naming `url` as the API. */
  function withRecordedProvider(exported: string, url: string): string {
    const providerUrn = "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default";
    const providerId = "0b6c1c9e-3f43-4b55-9a43-000000000001";
    const document = JSON.parse(exported) as {
      deployment: { resources: Record<string, unknown>[] };
    };
    for (const resource of document.deployment.resources.slice(1)) {
      resource.provider = `${providerUrn}::${providerId}`;
    }
    document.deployment.resources.splice(1, 0, {
      urn: providerUrn,
      custom: true,
      id: providerId,
      type: "pulumi:providers:pulumi-nodejs",
      inputs: { "ngrok-ai:apiUrl": url },
    });
    return JSON.stringify(document);
  }

  /** A pulumi stand-in exporting `exported`, whose current config names an API nothing serves. */
  function movedConfigRunner(exported: string, calls: string[][]): PulumiRunner {
    return (args, options) => {
      calls.push(args.slice(0, 2));
      if (args[1] === "--json") {
        return Promise.resolve({
          code: 0,
          stdout: JSON.stringify({ "ngrok-ai:apiUrl": { value: "http://127.0.0.1:9" } }),
          stderr: "",
        });
      }
      return runner(exported)(args, options);
    };
  }

  it("reads the account the state recorded for the resources' provider, as pulumi refresh does", async () => {
    // The last update ran with the emulator's URL; the current config names another API.
    const calls: string[][] = [];
    const report = await detectDrift({
      stacks: ["dev"],
      cwd: process.cwd(),
      env: { NGROK_AI_API_KEY: emulator.apiKey },
      runner: movedConfigRunner(
        withRecordedProvider(stackExport(keys.slice(0, 5)), emulator.url),
        calls,
      ),
    });
    expect(report.apiUrl).toBe(emulator.url);
    expect(report.summary).toMatchObject({ managed: 5, inSync: 5 });
    // Two pulumi processes: the export and the key's read; the config is not listed.
    expect(calls.sort()).toEqual([
      ["config", "get"],
      ["stack", "export"],
    ]);
  });

  it("says that the recorded URL is the last update's when it cannot be reached", async () => {
    const promise = detectDrift({
      stacks: ["dev"],
      cwd: process.cwd(),
      env: { NGROK_AI_API_KEY: "some-key-0123456789" },
      runner: movedConfigRunner(
        withRecordedProvider(stackExport(keys.slice(0, 5)), "http://127.0.0.1:9"),
        [],
      ),
      client: { maxRetries: 0 },
    });
    await expect(promise).rejects.toMatchObject({ code: "AIGW_NETWORK" });
    const message = await promise.then(String, (e: Error) => e.message);
    expect(message).toContain(
      "Could not reach the ngrok.ai API at http://127.0.0.1:9 (from the stack's state: ngrok-ai:apiUrl of its last update (stack dev))",
    );
    expect(message).toContain("`pulumi up` applies a changed ngrok-ai:apiUrl");
    expect(message).not.toContain("some-key-0123456789");
  });

  it("reads every collection once more for --include-unmanaged (one page each here)", async () => {
    const report = await detectDrift({
      stacks: ["dev"],
      cwd: process.cwd(),
      env: { NGROK_AI_API_KEY: emulator.apiKey },
      includeUnmanaged: true,
      runner: runner(stackExport(keys.slice(0, 200))),
    });
    expect(report.apiCalls).toBe(3 + 3);
    expect(report.summary.unmanaged).toBe(KEYS - 200);
    expect(report.summary.managed).toBe(200);
  });

  /** The message of the error with `code` that drift of the whole stack fails with under `options`. */
  async function failure(
    options: Pick<DetectDriftOptions, "env" | "apiKey" | "apiUrl">,
    code: string,
  ): Promise<string> {
    const promise = detectDrift({
      stacks: ["dev"],
      cwd: process.cwd(),
      ...options,
      runner: runner(stackExport(keys)),
      client: { maxRetries: 0 },
    });
    await expect(promise).rejects.toMatchObject({ code });
    return promise.then(String, (e: Error) => e.message);
  }

  it("says which key source to check when the API rejects the key, without the key", async () => {
    const message = await failure({ env: {}, apiKey: "wrong-key-0123456789" }, "AIGW_AUTH");
    expect(message).toContain(
      `The ngrok.ai API at ${emulator.url} rejected the API key (from --api-key): ` +
        `GET ${emulator.url}/provider-keys?limit=100 failed with 401 unauthorized`,
    );
    // One piece of advice, naming the flag, the config and the variable; not also the client's.
    expect(message.match(/Check /g)).toHaveLength(1);
    expect(message).toContain(
      "Check the key (--api-key, the stack config ngrok-ai:apiKey or NGROK_AI_API_KEY)",
    );
    expect(message).not.toContain("wrong-key-0123456789");
  });

  it("says which URL to check when the API cannot be reached", async () => {
    const message = await failure(
      { env: { NGROK_AI_API_KEY: "some-key-0123456789" }, apiUrl: "http://127.0.0.1:9" },
      "AIGW_NETWORK",
    );
    expect(message).toContain(
      "Could not reach the ngrok.ai API at http://127.0.0.1:9 (from --api-url): " +
        "GET http://127.0.0.1:9/provider-keys?limit=100 failed: could not connect (ECONNREFUSED).",
    );
    // One piece of advice, naming the flag, the config and the variable; not also the client's.
    expect(message.match(/Check /g)).toHaveLength(1);
    expect(message).toContain(
      "Check the URL (--api-url, the stack config ngrok-ai:apiUrl or NGROK_AI_API_URL)",
    );
    expect(message).not.toContain("some-key-0123456789");
  });

  it("names the stack and what to check when pulumi cannot export it", async () => {
    const failing: PulumiRunner = () =>
      Promise.resolve({ code: 255, stdout: "", stderr: "error: no stack named 'nope' found\n" });
    await expect(
      detectDrift({
        stacks: ["nope"],
        cwd: "/tmp",
        env: { NGROK_AI_API_KEY: "k-123456" },
        runner: failing,
      }),
    ).rejects.toMatchObject({
      code: "AIGW_STACK_READ",
      message: expect.stringContaining("error: no stack named 'nope' found") as unknown,
    });
  });
});
