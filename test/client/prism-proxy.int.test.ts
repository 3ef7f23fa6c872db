// The contract between the client, the emulator and the published OpenAPI document, checked by a
// third party: every management call the client makes goes through Stoplight Prism's validation
// proxy (`prism proxy … --errors`) to the emulator, and Prism must find no violation in any
// request or response.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, type Dispatcher } from "undici";
import { parse } from "yaml";
import { createEmulator, type Emulator } from "aigw-emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import { openApiPath } from "../helpers/openapi";
import { type Exchange, type PrismProxy, recordExchanges, startPrismProxy } from "../helpers/prism";

type OpenApi = {
  paths: Record<
    string,
    Record<string, { operationId?: string; responses?: Record<string, unknown> }>
  >;
};

/**
 * Where the emulator follows ngrok's docs or HTTP itself and the OpenAPI file says otherwise. Each
 * is applied to a temporary copy of the file that Prism reads; the file in ../shared is never
 * changed.
 */
const DEVIATIONS: readonly {
  readonly what: string;
  readonly why: string;
  readonly source: string;
  readonly apply: (doc: OpenApi) => void;
}[] = [
  {
    what: "the default (error) response of every HEAD operation declares no content",
    why:
      "the file gives HEAD the JSON Error body of its default response, but an answer to HEAD " +
      "carries no content, so no server can send it; the emulator answers a failed HEAD (404 " +
      "for an object that is gone) with the status alone, which is all the client reads",
    source: "RFC 9110 section 9.3.2 (HEAD); shared/spec/ngrok-ai-api.md, HEAD variants",
    apply: (doc) => {
      for (const methods of Object.values(doc.paths)) {
        const head = methods.head;
        if (head?.responses?.default !== undefined) {
          head.responses.default = { description: "The error status, without content." };
        }
      }
    },
  },
];

const HTTP_METHODS = new Set(["get", "head", "post", "put", "patch", "delete"]);

/**
 * Operations the client has no method for (they are not part of what aigw manages); the
 * emulator's answers to them go through Prism in a test of their own.
 */
const NOT_IN_CLIENT = /^\/(credits|usage)(\/|$)/;

const VALUE = "sk-proj-prism-0123456789abcdef";

function patchedOpenApi(dir: string): { file: string; doc: OpenApi } {
  const doc = parse(readFileSync(openApiPath(), "utf8")) as OpenApi;
  for (const deviation of DEVIATIONS) {
    const before = JSON.stringify(doc);
    deviation.apply(doc);
    if (JSON.stringify(doc) === before) {
      throw new Error(`the OpenAPI file no longer needs "${deviation.what}"; remove the deviation`);
    }
  }
  const file = join(dir, "ai-gateway.openapi.json");
  writeFileSync(file, JSON.stringify(doc));
  return { file, doc };
}

/** Every operation of the document as `METHOD /path/{id}` → a matcher of concrete paths. */
function operations(doc: OpenApi): { name: string; method: string; pattern: RegExp }[] {
  const out: { name: string; method: string; pattern: RegExp }[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods).filter((key) => HTTP_METHODS.has(key))) {
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}(\\?.*)?$`);
      out.push({ name: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), pattern });
    }
  }
  return out;
}

function header(exchange: Exchange, name: string): string | undefined {
  const value = exchange.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The exchanges Prism found a violation in (or answered itself, or failed), one line each. */
function violationsIn(exchanges: readonly Exchange[]): string[] {
  return exchanges
    .filter(
      (e) =>
        header(e, "sl-violations") !== undefined ||
        e.statusCode >= 500 ||
        (header(e, "content-type") ?? "").startsWith("application/problem+json"),
    )
    .map((e) => `${e.method} ${e.path} ${e.statusCode} ${header(e, "sl-violations") ?? ""}`);
}

describe("GatewayClient through Prism's validation proxy to the emulator", () => {
  let dir: string;
  let doc: OpenApi;
  let emulator: Emulator;
  let prism: PrismProxy;
  let agent: Dispatcher;
  let client: GatewayClient;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aigw-prism-"));
    const spec = patchedOpenApi(dir);
    doc = spec.doc;
    emulator = await createEmulator({ db: ":memory:" });
    prism = await startPrismProxy(spec.file, emulator.url);
    agent = new Agent().compose(recordExchanges(exchanges));
    client = new GatewayClient({
      baseUrl: prism.url,
      apiKey: emulator.apiKey,
      dispatcher: agent,
      maxRetries: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await agent?.close();
    await prism?.close();
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("makes every management call of the client, with every page and HEAD, and Prism finds no violation", async () => {
    // Provider keys, including rotation and a list read page by page.
    const primary = await client.providerKeys.create({
      providerId: "openai",
      name: "p",
      value: VALUE,
    });
    const backup = await client.providerKeys.create({
      providerId: "openai",
      name: "b",
      description: "backup",
      metadata: '{"team":"search"}',
      value: `${VALUE}-2`,
    });
    await client.providerKeys.get(primary.id);
    await client.providerKeys.list({ limit: 1 });
    expect((await client.providerKeys.listAll({ limit: 1 })).map((k) => k.id)).toEqual([
      backup.id,
      primary.id,
    ]);
    await client.providerKeys.headList({ limit: 1 });
    expect(await client.providerKeys.head(primary.id)).toBe(true);
    await client.providerKeys.update(primary.id, { description: "primary" });
    const rotated = await client.providerKeys.rotate(primary.id, {
      name: "p",
      value: `${VALUE}-rotated`,
    });
    expect(rotated.id).toBe(primary.id);

    // Custom providers.
    const provider = await client.providers.create({
      providerId: "my-llm",
      name: "Mine",
      baseUrl: "https://my-llm.internal",
      models: [{ modelId: "llama" }],
    });
    await client.providers.get(provider.id);
    await client.providers.list();
    await client.providers.headList();
    expect(await client.providers.head(provider.id)).toBe(true);
    await client.providers.update(provider.id, { models: [{ modelId: "qwen" }] });

    // Access key configurations and access keys, linked and unlinked.
    const config = await client.accessKeyConfigurations.create({
      name: "search",
      access: { providers: { allow: ["openai"] }, models: { allow: ["openai:gpt-4o-mini"] } },
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              { type: "user", keys: [{ id: primary.id }, { id: backup.id }] },
              { type: "ngrok" },
            ],
          },
        ],
      },
    });
    await client.accessKeyConfigurations.get(config.id);
    await client.accessKeyConfigurations.listAll({ limit: 1 });
    await client.accessKeyConfigurations.headList();
    expect(await client.accessKeyConfigurations.head(config.id)).toBe(true);
    await client.accessKeyConfigurations.update(config.id, { description: "search team" });
    const accessKey = await client.accessKeys.create({
      name: "search-prod",
      accessKeyConfigurationId: config.id,
    });
    await client.accessKeys.get(accessKey.id);
    await client.accessKeys.list();
    await client.accessKeys.headList();
    expect(await client.accessKeys.head(accessKey.id)).toBe(true);
    await client.accessKeys.update(accessKey.id, { accessKeyConfigurationId: null });
    await client.accessKeyConfigurations.update(config.id, { access: null, router: null });

    // The gateway configuration singleton.
    await client.gatewayConfig.get();
    await client.gatewayConfig.head();
    await client.gatewayConfig.update({ perRequestTimeout: "30s", maxInputTokens: 1000 });
    await client.gatewayConfig.update({ maxInputTokens: null });

    // Management API keys.
    const apiKey = await client.apiKeys.create({ name: "ci" });
    await client.apiKeys.get(apiKey.id);
    await client.apiKeys.listAll({ limit: 1 });
    await client.apiKeys.headList();
    expect(await client.apiKeys.head(apiKey.id)).toBe(true);
    await client.apiKeys.update(apiKey.id, { description: "ci runner" });

    // Deletes, then HEAD and GET of what is gone (the error answers are checked too).
    await client.apiKeys.delete(apiKey.id);
    await client.accessKeys.delete(accessKey.id);
    await client.accessKeyConfigurations.delete(config.id);
    await client.providers.delete(provider.id);
    await client.providerKeys.delete(backup.id);
    await client.providerKeys.delete(primary.id);
    expect(await client.providerKeys.head(primary.id)).toBe(false);
    await expect(client.providerKeys.get(primary.id)).rejects.toMatchObject({
      code: "AIGW_NOT_FOUND",
      statusCode: 404,
    });

    const violations = violationsIn(exchanges);
    expect({ violations, prismViolations: prism.output().match(/Violation: .*/g) ?? [] }).toEqual({
      violations: [],
      prismViolations: [],
    });

    const expected = operations(doc).filter((op) => !NOT_IN_CLIENT.test(op.name.split(" ")[1]!));
    const called = expected.filter((op) =>
      exchanges.some((e) => e.method === op.method && op.pattern.test(e.path)),
    );
    expect(called.map((op) => op.name)).toEqual(expected.map((op) => op.name));
  }, 60_000);

  it("answers the credits and usage endpoints through Prism with no violation, errors included", async () => {
    const from = exchanges.length;
    const printed = prism.output().length;
    const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const response = await agent.request({
        origin: prism.url,
        path,
        method,
        headers: {
          authorization: `Bearer ${emulator.apiKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return response.body.json();
    };
    // Usage to report: one gateway request, sent to the emulator itself (/v1 is not in the file).
    const accessKey = await client.accessKeys.create({ name: "usage" });
    const answer = await fetch(`${emulator.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessKey.token}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openai:gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(answer.status).toBe(200);
    await answer.text();

    expect(await call("GET", "/credits/balance")).toEqual({ balanceCents: 1_000_000 });
    await call("GET", "/credits/transactions");
    const session = (await call("POST", "/credits/checkout-session", { amount: 500 })) as {
      sessionId: string;
    };
    expect(session.sessionId).toMatch(/^cs_test_/);
    const listed = (await call("GET", "/credits/transactions")) as { items: unknown[] };
    expect(listed.items).toHaveLength(2);
    // An amount the document allows and the emulator refuses: the Error body.
    await call("POST", "/credits/checkout-session", { amount: 100_000_000 });
    await call("GET", "/usage?startTime=2000-01-01T00:00:00Z&includeRetries=true&limit=10");
    const overview = (await call("GET", "/usage/overview?startTime=2000-01-01T00:00:00Z")) as {
      buckets: unknown[];
    };
    expect(overview.buckets).toHaveLength(1);
    await call(
      "GET",
      `/usage/overview?startTime=2000-01-01T00:00:00Z&endTime=2100-01-01T00:00:00Z&groupBy=accessKey`,
    );
    await call(
      "GET",
      "/usage/overview?startTime=2026-03-02T00:00:00Z&endTime=2026-03-01T00:00:00Z",
    );

    const mine = exchanges.slice(from).filter((e) => !e.path.startsWith("/access-keys"));
    const violations = violationsIn(mine);
    expect({
      violations,
      prismViolations:
        prism
          .output()
          .slice(printed)
          .match(/Violation: .*/g) ?? [],
    }).toEqual({ violations: [], prismViolations: [] });
    expect(mine.map((e) => [e.method, e.path.split("?")[0], e.statusCode])).toEqual([
      ["GET", "/credits/balance", 200],
      ["GET", "/credits/transactions", 200],
      ["POST", "/credits/checkout-session", 200],
      ["GET", "/credits/transactions", 200],
      ["POST", "/credits/checkout-session", 400],
      ["GET", "/usage", 200],
      ["GET", "/usage/overview", 200],
      ["GET", "/usage/overview", 200],
      ["GET", "/usage/overview", 400],
    ]);
    const expected = operations(doc).filter((op) => NOT_IN_CLIENT.test(op.name.split(" ")[1]!));
    const called = expected.filter((op) =>
      mine.some((e) => e.method === op.method && op.pattern.test(e.path)),
    );
    expect(called.map((op) => op.name)).toEqual(expected.map((op) => op.name));
  }, 60_000);

  it("answers a request that breaks the document with a violation, so the check above can fail", async () => {
    const response = await agent.request({
      origin: prism.url,
      path: "/provider-keys?limit=0",
      method: "GET",
      headers: { authorization: `Bearer ${emulator.apiKey}` },
    });
    const body = (await response.body.json()) as { validation?: { location: string[] }[] };
    expect(response.statusCode).toBe(422);
    expect(body.validation?.map((v) => v.location.join("."))).toEqual(["query.limit"]);
  });
});
