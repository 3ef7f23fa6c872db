// What the switches of `aigw emulator` do, end to end: each test parses a command line with the
// real `emulator` command, which starts an emulator with those switches, runs a scenario against
// it and stops it. The upstream that the switches point at is a plain HTTP server of the test's,
// on 127.0.0.1, which answers chat completions and records what it was sent.
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Command } from "commander";
import OpenAI, { type APIError, PermissionDeniedError } from "openai";
import type { Emulator } from "aigw-emulator";
import { registerEmulator } from "../../cli/commands/emulator";
import { type Api, apiFor } from "../emulator/api";
import { type CapturedContext, capturedContext, words } from "../helpers/cli";

/** One request the local upstream received. */
interface Received {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly model: unknown;
}

/** A local OpenAI-shaped upstream: answers 200, or 400 to a key listed in `rejects`. */
interface LocalUpstream {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

const ANSWER = "Hello from the local upstream.";

async function readJson(req: IncomingMessage): Promise<{ model?: unknown }> {
  let text = "";
  for await (const chunk of req) text += (chunk as Buffer).toString();
  return JSON.parse(text) as { model?: unknown };
}

async function startUpstream(rejects: readonly string[] = []): Promise<LocalUpstream> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const authorization = req.headers.authorization;
      received.push({ path: req.url ?? "", authorization, model: body.model });
      const rejected = rejects.some((key) => authorization === `Bearer ${key}`);
      res.writeHead(rejected ? 400 : 200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          rejected
            ? { error: { message: "rejected by the local upstream", type: "invalid_request" } }
            : {
                id: "chatcmpl-local",
                object: "chat.completion",
                created: 0,
                model: body.model,
                choices: [
                  {
                    index: 0,
                    message: { role: "assistant", content: ANSWER },
                    finish_reason: "stop",
                  },
                ],
                usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let upstream: LocalUpstream | undefined;

afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

/**
 * Runs `aigw emulator --db :memory: <line>` through the registered command, runs `scenario`
 * against the started emulator, and resolves with the command's output once it has stopped.
 */
async function emulatorWith(
  line: string,
  scenario: (emulator: Emulator, api: Api, ctx: CapturedContext) => Promise<void>,
): Promise<CapturedContext> {
  const ctx = capturedContext();
  const program = new Command("aigw").exitOverride().configureOutput({
    writeOut: (s) => ctx.stdout.write(s),
    writeErr: (s) => ctx.stderr.write(s),
  });
  registerEmulator(program, ctx, async (started) => {
    const emulator = await started;
    await scenario(emulator, apiFor(emulator), ctx);
  });
  const flags = line === "" ? [] : words(line);
  await program.parseAsync(["emulator", "--db", ":memory:", ...flags], { from: "user" });
  expect(ctx.exitCode).toBe(0);
  expect(ctx.out()).toContain("aigw emulator stopped");
  return ctx;
}

async function created(api: Api, path: string, body: Record<string, unknown>): Promise<string> {
  const res = await api("POST", path, body);
  expect(res.status).toBe(201);
  const made = res.body as { id: string; token?: string };
  return path === "/access-keys" ? (made.token ?? "") : made.id;
}

/**
 * Declares `providerId` keys (name → value, in this order) and an access key without
 * configuration; returns the key's token and an official OpenAI client that sends it.
 */
async function unconfiguredKey(
  emulator: Emulator,
  api: Api,
  providerId: string,
  keys: Readonly<Record<string, string>>,
): Promise<{ token: string; openai: OpenAI }> {
  for (const [name, value] of Object.entries(keys)) {
    await created(api, "/provider-keys", { providerId, name, value });
  }
  const token = await created(api, "/access-keys", {});
  const openai = new OpenAI({ apiKey: token, baseURL: `${emulator.url}/v1`, maxRetries: 0 });
  return { token, openai };
}

const HELLO = [{ role: "user" as const, content: "Say hello." }];

/** Asks for a chat completion of `model` and expects the local upstream's answer. */
async function expectLocalAnswer(openai: OpenAI, model: string): Promise<void> {
  const completion = await openai.chat.completions.create({ model, messages: HELLO });
  expect(completion.choices[0]?.message.content).toBe(ANSWER);
}

describe("aigw emulator switches, end to end", () => {
  it("sends a provider's chat completions to --upstream, with the account's provider key", async () => {
    const local = (upstream = await startUpstream());
    await emulatorWith(
      `--upstream openai=${local.url} --provider-base-url-policy any`,
      async (emulator, api) => {
        const { openai } = await unconfiguredKey(emulator, api, "openai", {
          local: "sk-local-upstream-key-000000001",
        });

        await expectLocalAnswer(openai, "openai:gpt-4o");
      },
    );
    expect(local.received).toEqual([
      {
        path: "/v1/chat/completions",
        authorization: "Bearer sk-local-upstream-key-000000001",
        model: "gpt-4o",
      },
    ]);
  });

  it("accepts a loopback custom provider base URL only with --provider-base-url-policy any", async () => {
    const local = (upstream = await startUpstream());
    const provider = {
      providerId: "local-llm",
      name: "Local LLM",
      baseUrl: local.url,
      models: [{ modelId: "tiny" }],
    };
    await emulatorWith("", async (_emulator, api) => {
      const refused = await api("POST", "/providers", provider);
      expect(refused.status).toBe(400);
      const error = refused.body as { statusCode: number; msg: string };
      expect(error.statusCode).toBe(400);
      expect(error.msg).toContain("https");
    });
    await emulatorWith("--provider-base-url-policy any", async (emulator, api) => {
      await created(api, "/providers", provider);
      const { openai } = await unconfiguredKey(emulator, api, "local-llm", {
        local: "local-llm-key",
      });

      await expectLocalAnswer(openai, "local-llm:tiny");
    });
    expect(local.received.map((r) => [r.path, r.authorization])).toEqual([
      ["/v1/chat/completions", "Bearer local-llm-key"],
    ]);
  });

  it("answers a bad management request with 422 under --validation-status 422", async () => {
    const body = { providerId: "openai", name: "k", value: "sk-x", colour: "blue" };
    await emulatorWith("--validation-status 422", async (_emulator, api) => {
      const res = await api("POST", "/provider-keys", body);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422 });
    });
    await emulatorWith("", async (_emulator, api) => {
      expect((await api("POST", "/provider-keys", body)).status).toBe(400);
    });
  });

  it("routes an unconfigured access key to --managed-upstream under --unconfigured-routing managed-only", async () => {
    const local = (upstream = await startUpstream());
    await emulatorWith(
      `--unconfigured-routing managed-only --managed-upstream openai=${local.url} --default-upstream none`,
      async (emulator, api) => {
        const { openai } = await unconfiguredKey(emulator, api, "openai", {
          unused: "sk-never-sent-key-0000000000001",
        });

        await expectLocalAnswer(openai, "openai:gpt-4o");
      },
    );
    expect(local.received.map((r) => r.authorization)).toEqual([
      "Bearer ngrok-managed-inference-healthy",
    ]);
  });

  it("fails a provider with no upstream as unreachable under --default-upstream none", async () => {
    await emulatorWith("--default-upstream none", async (emulator, api) => {
      const { openai } = await unconfiguredKey(emulator, api, "openai", {
        k: "sk-healthy-key-0000000000001",
      });

      const failure: unknown = await openai.chat.completions
        .create({ model: "openai:gpt-4o", messages: HELLO })
        .then(
          () => undefined,
          (err: unknown) => err,
        );

      expect(failure).toBeInstanceOf(OpenAI.APIError);
      expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    });
  });

  it.each([
    ["", 400, ["a"]],
    ["--failover-on any-4xx", 200, ["a", "b"]],
  ])("fails over on an upstream 400 only with any-4xx: %j", async (extra, status, tried) => {
    const keys = { a: "sk-rejected-key-00000000000001", b: "sk-accepted-key-00000000000002" };
    const local = (upstream = await startUpstream([keys.a]));
    await emulatorWith(`--upstream openai=${local.url} ${extra}`.trim(), async (emulator, api) => {
      const { token } = await unconfiguredKey(emulator, api, "openai", keys);

      const res = await fetch(`${emulator.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "openai:gpt-4o",
          messages: HELLO,
        }),
      });
      await res.arrayBuffer();

      expect(res.status).toBe(status);
    });
    const sent = Object.fromEntries(
      Object.entries(keys).map(([name, key]) => [`Bearer ${key}`, name]),
    );
    expect(local.received.map((r) => sent[r.authorization ?? ""])).toEqual(tried);
  });

  it("refuses completions out of credit under --credit-balance 0, and unpurchased under --credits-never-purchased", async () => {
    const local = (upstream = await startUpstream());
    const refusal = async (line: string): Promise<{ status: number; code: unknown }> => {
      let seen: { status: number; code: unknown } = { status: 0, code: undefined };
      await emulatorWith(`--upstream openai=${local.url} ${line}`, async (emulator, api) => {
        const { openai } = await unconfiguredKey(emulator, api, "openai", {
          k: "sk-credit-flag-key-00000000001",
        });
        const err = (await openai.chat.completions
          .create({ model: "openai:gpt-4o", messages: HELLO })
          .catch((e: unknown) => e)) as APIError;
        expect(err).toBeInstanceOf(PermissionDeniedError);
        seen = { status: err.status ?? 0, code: err.code };
        const balance = await api("GET", "/credits/balance");
        expect(balance.status).toBe(200);
      });
      return seen;
    };
    expect(await refusal("--credit-balance 0")).toEqual({ status: 403, code: "ERR_NGROK_4026" });
    expect(await refusal("--credits-never-purchased")).toEqual({
      status: 403,
      code: "ERR_NGROK_6033",
    });
    expect(local.received).toEqual([]);
  });

  it("answers 413 to a body over --max-body-bytes", async () => {
    await emulatorWith("--max-body-bytes 64", async (_emulator, api) => {
      const res = await api("POST", "/provider-keys", {
        providerId: "openai",
        name: "a name long enough to make this body larger than sixty-four bytes",
        value: "sk-x",
      });
      expect(res.status).toBe(413);
    });
  });

  it("prints the switches in force on one line, with secrets of upstream URLs removed", async () => {
    const ctx = await emulatorWith(
      "--upstream openai=http://127.0.0.1:9/v1?api-key=query-secret-123 --upstream groq=http://127.0.0.1:8 --validation-status 422 --unconfigured-routing managed-only",
      async () => {},
    );
    const lines = ctx.out().split("\n");
    const switches = lines.filter((l) => l.startsWith("Switches:"));
    expect(switches).toEqual([
      "Switches: --upstream openai=http://127.0.0.1:9/v1?api-key=[REDACTED] --upstream groq=http://127.0.0.1:8/ --validation-status 422 --unconfigured-routing managed-only",
    ]);
    expect(ctx.out()).not.toContain("query-secret-123");
  });

  it("prints no switches line when every switch has its default", async () => {
    const ctx = await emulatorWith("", async () => {});
    expect(ctx.out()).not.toContain("Switches:");
  });
});
