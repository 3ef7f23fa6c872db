import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  UpstreamClient,
  type WholeResult,
  upstreamUrl,
} from "../../../emulator/data-plane/upstream";

const KEY = "sk-proj-SECRET-upstream-key-value-0001";

let server: Server | undefined;
let client: UpstreamClient;

beforeEach(() => {
  client = new UpstreamClient();
});

afterEach(async () => {
  await client.close();
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  }
});

/** Starts a server on 127.0.0.1:0 answering with `handler`; resolves with its base URL. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function exchange(base: string, timeoutMs = 5_000): Promise<WholeResult> {
  return client.exchange({
    url: upstreamUrl(base, "messages"),
    surface: "messages",
    key: KEY,
    body: Buffer.from('{"model":"claude-sonnet-4-5"}'),
    timeoutMs,
  });
}

describe("UpstreamClient.exchange", () => {
  it("returns the whole answer with its status and headers, sending the key both ways", async () => {
    const seen: Record<string, unknown>[] = [];
    const base = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({
          path: req.url,
          authorization: req.headers.authorization,
          apiKey: req.headers["x-api-key"],
          version: req.headers["anthropic-version"],
          body: Buffer.concat(chunks).toString("utf8"),
        });
        res.writeHead(429, { "content-type": "application/json", "retry-after": "3" });
        // Two writes: the answer arrives in more than one chunk.
        res.write('{"error":');
        res.end('{"type":"rate_limit_error"}}');
      });
    });

    const result = await exchange(base);

    expect(result).toEqual({
      kind: "response",
      status: 429,
      contentType: "application/json",
      retryAfter: "3",
      body: Buffer.from('{"error":{"type":"rate_limit_error"}}'),
    });
    expect(seen).toEqual([
      {
        path: "/v1/messages",
        authorization: `Bearer ${KEY}`,
        apiKey: KEY,
        version: "2023-06-01",
        body: '{"model":"claude-sonnet-4-5"}',
      },
    ]);
  });

  it("ends a call that outlives its timeout, as a timed-out failure", async () => {
    const base = await serve(() => {
      // Never answers.
    });
    const result = await exchange(base, 100);
    expect(result).toEqual({ kind: "failure", message: "timed out", timedOut: true });
  });

  it("times out an answer that stops halfway", async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
    });
    const result = await exchange(base, 150);
    expect(result).toEqual({ kind: "failure", message: "timed out", timedOut: true });
  });

  it("reports a connection that breaks mid-answer, without the key", async () => {
    const base = await serve((req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":', () => req.socket.destroy());
    });
    const result = await exchange(base);
    expect(result).toEqual({
      kind: "failure",
      message: "the upstream connection failed mid-answer",
      timedOut: false,
    });
  });

  it("reports a refused connection by its code only", async () => {
    const base = await serve(() => undefined);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const result = await exchange(base);
    expect(result).toEqual({
      kind: "failure",
      message: "ECONNREFUSED: connection failed",
      timedOut: false,
    });
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it("sends nothing for a key no HTTP header can carry, and says so without the key", async () => {
    let requests = 0;
    const base = await serve((_req, res) => {
      requests += 1;
      res.end("{}");
    });
    const key = `${KEY}\n`;
    const call = { url: upstreamUrl(base, "messages"), surface: "messages" as const, key };
    const body = Buffer.from("{}");
    const message =
      "the provider key cannot be sent: its value holds a line break at character 39 of 39, which no HTTP header can carry";
    expect(await client.exchange({ ...call, body, timeoutMs: 5_000 })).toEqual({
      kind: "failure",
      message,
      timedOut: false,
    });
    const sent = await client.send({ ...call, body, signal: new AbortController().signal });
    expect(sent).toEqual({ kind: "failure", message });
    expect(requests).toBe(0);
  });
});
