import { createEmulator, type Emulator } from "aigw-emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import { parseGateway } from "../../sdk/gitops/load";
import { aigw } from "./aigw-cli";

describe("aigw export", () => {
  let emulator: Emulator;
  const value = "sk-proj-export-cli-AAAAAAAAAAAAAAAAAAAA-0001";

  beforeAll(async () => {
    emulator = await createEmulator({ db: ":memory:" });
    const client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    await client.providerKeys.create({ providerId: "openai", name: "primary", value });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it("prints the file to stdout and the secrets to set to stderr, exit 0", async () => {
    const run = await aigw(
      ["export", "--api-url", emulator.url],
      { NGROK_AI_API_KEY: emulator.apiKey },
      process.cwd(),
    );
    expect(run.code).toBe(0);
    expect(parseGateway(run.stdout, "gateway.yaml").diagnostics).toEqual([]);
    expect(run.stdout).toContain("value: {secret: primary}");
    expect(run.stderr).toContain("pulumi config set --secret primary <value>");
    for (const secret of [value, emulator.apiKey]) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });

  it("exits 1 and names the key's source when the API rejects it", async () => {
    const run = await aigw(
      ["export", "--api-url", emulator.url, "--api-key", "not-the-key-0000000"],
      {},
      process.cwd(),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("rejected the API key (from --api-key)");
    expect(run.stderr).not.toContain("not-the-key-0000000");
  });

  it("exits 2 for an --api-url that is not a URL, naming the option", async () => {
    const run = await aigw(
      ["export", "--api-url", "notaurl", "--api-key", "k-0000"],
      {},
      process.cwd(),
    );
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(
      /^aigw export: The API URL notaurl \(from --api-url\) is not an http\(s\) URL/,
    );
  });

  it("exits 1 and says where to set a key when there is none", async () => {
    const run = await aigw(["export", "--api-url", emulator.url], {}, process.cwd());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "aigw export: No ngrok.ai API key: pass --api-key, or set NGROK_AI_API_KEY.",
    );
  });
});
