import { type CredentialSources, resolveCredentials } from "../../sdk/drift/credentials";
import type { PulumiRunner } from "../../sdk/drift/state";

/** A pulumi stand-in whose stack has `ngrok-ai:apiUrl` and a secret `ngrok-ai:apiKey`. */
function stackWith(config: { url?: string; key?: string }): {
  runner: PulumiRunner;
  calls: string[][];
} {
  const calls: string[][] = [];
  const runner: PulumiRunner = (args) => {
    calls.push([...args]);
    if (args[1] === "--json") {
      const json: Record<string, unknown> = {};
      if (config.url !== undefined) json["ngrok-ai:apiUrl"] = { value: config.url, secret: false };
      if (config.key !== undefined) json["ngrok-ai:apiKey"] = { secret: true };
      return Promise.resolve({ code: 0, stdout: JSON.stringify(json), stderr: "" });
    }
    return Promise.resolve(
      config.key !== undefined
        ? { code: 0, stdout: `${config.key}\n`, stderr: "" }
        : { code: 255, stdout: "", stderr: "error: configuration key not found" },
    );
  };
  return { runner, calls };
}

const ENV = { NGROK_AI_API_URL: "https://env.example", NGROK_AI_API_KEY: "env-key-000000" };

/** The credentials of stack `dev` (in /p) read through `runner`, under {@link ENV} unless `over` says. */
function fromDevStack(
  runner: PulumiRunner,
  over: Partial<CredentialSources> = {},
): ReturnType<typeof resolveCredentials> {
  return resolveCredentials({ env: ENV, stack: { name: "dev", cwd: "/p", runner }, ...over });
}

describe("resolveCredentials", () => {
  it("prefers the flags over the stack and the environment, and asks pulumi nothing", async () => {
    const { runner, calls } = stackWith({ url: "https://stack.example", key: "stack-key" });
    await expect(
      fromDevStack(runner, { apiUrl: "https://flag.example", apiKey: "flag-key" }),
    ).resolves.toMatchObject({
      apiUrl: "https://flag.example",
      apiKey: "flag-key",
      urlSource: "--api-url",
      keySource: "--api-key",
    });
    expect(calls).toEqual([]);
  });

  it("prefers the stack's config over the environment, as the resources do", async () => {
    const { runner } = stackWith({ url: "https://stack.example", key: "stack-key" });
    await expect(fromDevStack(runner)).resolves.toEqual({
      apiUrl: "https://stack.example",
      apiKey: "stack-key",
      urlSource: "stack config ngrok-ai:apiUrl (stack dev)",
      keySource: "stack config ngrok-ai:apiKey (stack dev)",
    });
  });

  it("falls back to the environment, then to the default URL", async () => {
    const { runner, calls } = stackWith({});
    await expect(fromDevStack(runner)).resolves.toMatchObject({
      apiUrl: "https://env.example",
      apiKey: "env-key-000000",
      keySource: "NGROK_AI_API_KEY",
    });
    // Both settings are asked for at once; the stack has neither, so the environment's are used.
    expect(calls.map((c) => c.slice(0, 2)).sort()).toEqual([
      ["config", "--json"],
      ["config", "get"],
    ]);
    await expect(resolveCredentials({ env: { NGROK_AI_API_KEY: "k" } })).resolves.toMatchObject({
      apiUrl: "https://api.ngrok.ai",
      urlSource: "the default URL",
    });
  });

  describe("with the config the stack's state recorded (what pulumi refresh configures the resources with)", () => {
    it("takes the recorded URL over the current stack config, and lists no config", async () => {
      const { runner, calls } = stackWith({ url: "https://stack.example", key: "stack-key" });
      const recorded = Promise.resolve({ apiUrl: "https://recorded.example" });
      await expect(
        resolveCredentials({ env: ENV, stack: { name: "dev", cwd: "/p", runner, recorded } }),
      ).resolves.toEqual({
        apiUrl: "https://recorded.example",
        apiKey: "stack-key",
        urlSource: "the stack's state: ngrok-ai:apiUrl of its last update (stack dev)",
        keySource: "stack config ngrok-ai:apiKey (stack dev)",
        urlRecorded: true,
      });
      expect(calls).toEqual([["config", "get", "ngrok-ai:apiKey", "--stack", "dev"]]);
    });

    it("takes the environment's URL when the last update had none, as the resources did", async () => {
      const { runner, calls } = stackWith({ url: "https://stack.example", key: "stack-key" });
      const recorded = Promise.resolve({});
      await expect(
        resolveCredentials({ env: ENV, stack: { name: "dev", cwd: "/p", runner, recorded } }),
      ).resolves.toMatchObject({ apiUrl: "https://env.example", urlSource: "NGROK_AI_API_URL" });
      expect(calls.map((c) => c.slice(0, 2))).toEqual([["config", "get"]]);
    });

    it("reads the stack config when the state records no provider config", async () => {
      const { runner, calls } = stackWith({ url: "https://stack.example", key: "stack-key" });
      const recorded = Promise.resolve(undefined);
      await expect(
        resolveCredentials({ env: ENV, stack: { name: "dev", cwd: "/p", runner, recorded } }),
      ).resolves.toMatchObject({
        apiUrl: "https://stack.example",
        urlSource: "stack config ngrok-ai:apiUrl (stack dev)",
      });
      expect(calls.map((c) => c.slice(0, 2)).sort()).toEqual([
        ["config", "--json"],
        ["config", "get"],
      ]);
    });

    it("starts reading the key before the state is read", async () => {
      const { runner, calls } = stackWith({ key: "stack-key" });
      let record: (config: { apiUrl?: string }) => void = () => undefined;
      const recorded = new Promise<{ apiUrl?: string }>((resolve) => {
        record = resolve;
      });
      const credentials = resolveCredentials({
        env: ENV,
        stack: { name: "dev", cwd: "/p", runner, recorded },
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(calls.map((c) => c.slice(0, 2))).toEqual([["config", "get"]]);
      record({ apiUrl: "https://recorded.example" });
      await expect(credentials).resolves.toMatchObject({ apiUrl: "https://recorded.example" });
    });
  });

  it.each([
    ["--api-url", { apiUrl: "notaurl" }, {}],
    ["--api-url", { apiUrl: "ftp://files.example/x" }, {}],
    ["NGROK_AI_API_URL", {}, { NGROK_AI_API_URL: "api.ngrok.ai" }],
  ])("names the source of a URL that is no http(s) URL (%s)", async (source, flags, env) => {
    const err = (await resolveCredentials({ ...flags, apiKey: "k-0000", env }).catch(
      (e: unknown) => e,
    )) as { code: string; message: string };
    expect(err.code).toBe("AIGW_INVALID_OPTIONS");
    expect(err.message).toMatch(
      new RegExp(
        `^The API URL .+ \\(from ${source}\\) is not an http\\(s\\) URL: give the API's base URL, such as https://api\\.ngrok\\.ai \\(or the emulator's http://127\\.0\\.0\\.1:PORT\\), with --api-url, the stack config ngrok-ai:apiUrl or NGROK_AI_API_URL\\.$`,
      ),
    );
  });

  it("names every place to set a key when there is none", async () => {
    const { runner } = stackWith({});
    await expect(fromDevStack(runner, { env: {} })).rejects.toMatchObject({
      code: "AIGW_MISSING_API_KEY",
      message:
        "No ngrok.ai API key: pass --api-key, set it on the stack (pulumi config set --secret ngrok-ai:apiKey <key> --stack dev), or set NGROK_AI_API_KEY.",
    });
  });
});
