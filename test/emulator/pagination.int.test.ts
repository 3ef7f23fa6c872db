/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call --
 * Response bodies are `any` for short reads; each one was checked against the OpenAPI schema
 * before the test sees it. */
import { useEmulator } from "./api";

const running = useEmulator("file");
const { api } = running;

describe("list pagination", () => {
  it("walks 250 configurations newest first through nextPageUri, 100 at a time by default", async () => {
    const created: string[] = [];
    for (let i = 0; i < 250; i++) {
      const res = await api("POST", "/access-key-configurations", { name: `c${i}` });
      created.push(res.body.id as string);
    }
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let next: string | null = `${running.emulator.url}/access-key-configurations`;
    while (next !== null) {
      const res = await api("GET", next);
      expect(res.status).toBe(200);
      expect(res.body.uri).toBe(next);
      pageSizes.push(res.body.aiGatewayAccessKeyConfigurations.length);
      seen.push(...res.body.aiGatewayAccessKeyConfigurations.map((c: { id: string }) => c.id));
      next = res.body.nextPageUri;
    }
    expect(pageSizes).toEqual([100, 100, 50]);
    expect(seen).toEqual([...created].reverse());
  });

  it("keeps limit in nextPageUri and sets beforeId to the last id of the page", async () => {
    const first = await api("GET", "/access-key-configurations?limit=7");
    const items = first.body.aiGatewayAccessKeyConfigurations as { id: string }[];
    expect(items).toHaveLength(7);
    const next = new URL(first.body.nextPageUri as string);
    expect(next.pathname).toBe("/access-key-configurations");
    expect(next.searchParams.get("limit")).toBe("7");
    expect(next.searchParams.get("beforeId")).toBe(items[6]!.id);
    const second = await api("GET", first.body.nextPageUri as string);
    expect(second.body.aiGatewayAccessKeyConfigurations[0].id < items[6]!.id).toBe(true);
  });

  it("returns null nextPageUri on an exactly full last page", async () => {
    const all = await api("GET", "/access-key-configurations?limit=100");
    const thirdPage = await api("GET", all.body.nextPageUri as string);
    const last = await api("GET", thirdPage.body.nextPageUri as string);
    expect(last.body.aiGatewayAccessKeyConfigurations).toHaveLength(50);
    expect(last.body.nextPageUri).toBeNull();
    const tail = await api(
      "GET",
      `/access-key-configurations?limit=50&beforeId=${all.body.aiGatewayAccessKeyConfigurations[0].id}`,
    );
    expect(tail.body.aiGatewayAccessKeyConfigurations).toHaveLength(50);
  });

  it.each(["0", "101", "abc", "-1", "1.5"])("rejects limit=%s with 400", async (limit) => {
    const res = await api("GET", `/access-key-configurations?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe("ERR_NGROK_27606");
  });

  it("uses each collection's list key from the OpenAPI file", async () => {
    await api("POST", "/access-keys", {});
    await api("POST", "/providers", { providerId: "p1", name: "p", baseUrl: "https://p.example" });
    await api("POST", "/provider-keys", {
      providerId: "openai",
      name: "k",
      value: "sk-proj-aaaaaaaaaaaaaaaaaaaaaaaaaaa",
    });
    for (const [path, key] of [
      ["/access-keys", "aiGatewayAccessKeys"],
      ["/api-keys", "aiGatewayApiKeys"],
      ["/providers", "aiGatewayProviders"],
      ["/provider-keys", "aiGatewayProviderKeys"],
      ["/access-key-configurations", "aiGatewayAccessKeyConfigurations"],
    ] as const) {
      const res = await api("GET", `${path}?limit=1`);
      expect(res.body[key]).toHaveLength(1);
      const head = await api("HEAD", `${path}?limit=1`);
      expect(head.status).toBe(200);
    }
  });
});
