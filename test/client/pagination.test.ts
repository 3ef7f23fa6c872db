import { PaginationLoopError } from "../../sdk/client/errors";
import { resolvePageUrl } from "../../sdk/client/pagination";
import { closeAll, collect, providerKey, serve, sendJson, type startServer } from "./helpers";

describe("GatewayClient pagination", () => {
  afterEach(closeAll);

  /** Three pages linked by opaque cursors the client cannot have made up itself. */
  function threePages(linkBase = ""): Parameters<typeof startServer>[0] {
    return (req, res) => {
      const url = new URL(req.url, "http://x");
      const cursor = url.searchParams.get("cursor");
      const pages: Record<string, { ids: string[]; next: string | null }> = {
        first: { ids: ["aigpk_9", "aigpk_8", "aigpk_7"], next: "opaque-AAA" },
        "opaque-AAA": { ids: ["aigpk_6", "aigpk_5", "aigpk_4"], next: "opaque-BBB" },
        "opaque-BBB": { ids: ["aigpk_3"], next: null },
      };
      const page = pages[cursor ?? "first"]!;
      sendJson(res, 200, {
        aiGatewayProviderKeys: page.ids.map((id) => providerKey(id)),
        uri: `${linkBase}${req.url}`,
        nextPageUri:
          page.next === null ? null : `${linkBase}/provider-keys?cursor=${page.next}&limit=100`,
      });
    };
  }

  it("iterates across three pages following nextPageUri verbatim", async () => {
    const { server, tc } = await serve(threePages());
    const keys = await collect(tc.client.providerKeys.iterate());
    expect(keys.map((k) => k.id)).toEqual([
      "aigpk_9",
      "aigpk_8",
      "aigpk_7",
      "aigpk_6",
      "aigpk_5",
      "aigpk_4",
      "aigpk_3",
    ]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/provider-keys?limit=100",
      "/provider-keys?cursor=opaque-AAA&limit=100",
      "/provider-keys?cursor=opaque-BBB&limit=100",
    ]);
  });

  it("collects every page with listAll", async () => {
    const { tc } = await serve(threePages());
    const keys = await tc.client.providerKeys.listAll();
    expect(keys).toHaveLength(7);
  });

  it("reads one page with list, passing the query parameters", async () => {
    const { server, tc } = await serve(threePages());
    const page = await tc.client.providerKeys.list({ provider: "openai", limit: 3 });
    expect(page.aiGatewayProviderKeys).toHaveLength(3);
    expect(page.nextPageUri).toBe("/provider-keys?cursor=opaque-AAA&limit=100");
    expect(server.requests[0]!.url).toBe("/provider-keys?provider=openai&limit=3");
  });

  it("stops early without reading further pages when the loop breaks", async () => {
    const { server, tc } = await serve(threePages());
    for await (const key of tc.client.providerKeys.iterate()) {
      expect(key.id).toBe("aigpk_9");
      break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it("keeps an absolute link on another origin on ours, with the API key", async () => {
    const { server, tc } = await serve(threePages("https://api.ngrok.ai"));
    const keys = await tc.client.providerKeys.listAll();
    expect(keys).toHaveLength(7);
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe("Bearer test-api-key-0123456789");
    }
  });

  it("throws AIGW_PAGINATION_LOOP when a link points back at a page already read", async () => {
    const { server, tc } = await serve((req, res) =>
      sendJson(res, 200, {
        aiGatewayProviderKeys: [providerKey("aigpk_1")],
        uri: req.url,
        nextPageUri: "/provider-keys?limit=100",
      }),
    );
    const error = await collect(tc.client.providerKeys.iterate()).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect((error as PaginationLoopError).code).toBe("AIGW_PAGINATION_LOOP");
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["accessKeyConfigurations", "/access-key-configurations", "aiGatewayAccessKeyConfigurations"],
    ["accessKeys", "/access-keys", "aiGatewayAccessKeys"],
    ["apiKeys", "/api-keys", "aiGatewayApiKeys"],
    ["providers", "/providers", "aiGatewayProviders"],
  ] as const)("iterates %s from %s using its %s array", async (collection, path, itemsKey) => {
    const { server, tc } = await serve((req, res) => {
      const second = req.url.includes("beforeId");
      sendJson(res, 200, {
        [itemsKey]: [{ id: second ? "b" : "a" }],
        uri: req.url,
        nextPageUri: second ? null : `${path}?beforeId=a&limit=100`,
      });
    });
    const items = await tc.client[collection].listAll();
    expect(items.map((i) => i.id)).toEqual(["a", "b"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      `${path}?limit=100`,
      `${path}?beforeId=a&limit=100`,
    ]);
  });
});

describe("resolvePageUrl", () => {
  const base = new URL("http://127.0.0.1:4000/api");
  it.each([
    ["/provider-keys?beforeId=x", "http://127.0.0.1:4000/provider-keys?beforeId=x"],
    ["http://127.0.0.1:4000/api/p?c=1", "http://127.0.0.1:4000/api/p?c=1"],
    ["https://api.ngrok.ai/provider-keys?c=2", "http://127.0.0.1:4000/provider-keys?c=2"],
  ])("resolves %s to %s", (uri, expected) => {
    expect(resolvePageUrl(base, uri)).toBe(expected);
  });
});
