// Small node:http servers on 127.0.0.1 and a client wired to them with an injected dispatcher,
// sleep and randomness, so tests never wait on real backoff or assert on wall-clock time.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { type AddressInfo } from "node:net";
import { Agent } from "undici";
import { type ClientEvent } from "../../sdk/client/events";
import { GatewayClient, type GatewayClientOptions } from "../../sdk/client/gateway-client";

/** Servers and clients opened by the current test, closed by {@link closeAll}. */
const opened: { close(): Promise<void> }[] = [];

/** Closes every server and client the test opened, newest first; use as `afterEach(closeAll)`. */
export async function closeAll(): Promise<void> {
  for (let item = opened.pop(); item !== undefined; item = opened.pop()) await item.close();
}

/** A request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers one request; may destroy the socket or never answer. */
export type Handler = (
  request: SeenRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

/** A running test server. */
export interface TestServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (port 0 unless given) that records every request. */
export async function startServer(handler: Handler, port = 0): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (chunk: Buffer) => chunks.push(chunk));
    raw.on("end", () => {
      const seen: SeenRequest = {
        method: raw.method ?? "",
        url: raw.url ?? "",
        headers: raw.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(seen);
      void Promise.resolve(handler(seen, res, raw)).catch((err: unknown) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  const testServer: TestServer = {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
  opened.push(testServer);
  return testServer;
}

/** Finds a port with nothing listening on it (listen on 0, then close). */
export async function freePort(): Promise<number> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.port;
}

/** Sends a JSON response. */
export function sendJson(
  res: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(statusCode, { "content-type": "application/json", ...headers });
  res.end(text);
}

/** Sends the API's error body. */
export function sendError(
  res: ServerResponse,
  statusCode: number,
  errorCode?: string,
  msg = "something went wrong",
  headers: Record<string, string> = {},
  details: Record<string, string> = {},
): void {
  sendJson(
    res,
    statusCode,
    { ...(errorCode ? { errorCode } : {}), statusCode, msg, details },
    headers,
  );
}

/** A client under test with what it reported. */
export interface TestClient {
  client: GatewayClient;
  events: ClientEvent[];
  sleeps: number[];
  agent: Agent;
  close(): Promise<void>;
}

/** Builds a client on a fresh undici Agent whose sleep only records the delay. */
export function testClient(
  baseUrl: string,
  options: Partial<GatewayClientOptions> = {},
): TestClient {
  const events: ClientEvent[] = [];
  const sleeps: number[] = [];
  const agent = new Agent({ keepAliveTimeout: 1000 });
  const client = new GatewayClient({
    baseUrl,
    apiKey: "test-api-key-0123456789",
    dispatcher: agent,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    onEvent: (event) => events.push(event),
    ...options,
  });
  let closed: Promise<void> | undefined;
  const testClient: TestClient = {
    client,
    events,
    sleeps,
    agent,
    close: () => (closed ??= agent.destroy()),
  };
  opened.push(testClient);
  return testClient;
}

/** A test server and a client pointed at it, as most client tests start. */
export interface Served {
  server: TestServer;
  tc: TestClient;
}

/**
 * Starts a server with `handler` and a client (see {@link testClient}) pointed at it; both are
 * closed by {@link closeAll}.
 */
export async function serve(
  handler: Handler,
  options: Partial<GatewayClientOptions> = {},
): Promise<Served> {
  const server = await startServer(handler);
  return { server, tc: testClient(server.url, options) };
}

/** A provider key as the API returns it. */
export function providerKey(
  id: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    uri: `https://api.ngrok.ai/provider-keys/${id}`,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    providerId: "openai",
    name: `key ${id}`,
    keyRedacted: "sk-proj-ab***wxyz",
    createdBy: { id: "usr_1", uri: "https://api.ngrok.ai/users/usr_1" },
    lastUpdatedBy: { id: "usr_1", uri: "https://api.ngrok.ai/users/usr_1" },
    lastUsed: null,
    ...fields,
  };
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}
