/* eslint-disable @typescript-eslint/no-unsafe-member-access */
// `aigw catalog pull` against the emulator, started (through `aigw emulator --catalog`) with a
// model the package's catalog lacks: the overlay it writes has that model, `aigw explain
// --catalog` then resolves it, and lint, review and the emulator accept the file.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createServer } from "node:net";
import { runEmulator } from "../../cli/commands/emulator";
import { runCli } from "../../cli/program";
import type { Emulator } from "aigw-emulator";
import { apiFor } from "../emulator/api";
import { capturedContext as context } from "../helpers/cli";

const EXTRA = {
  kind: "overlay",
  date: "2026-11-20",
  source: { url: "https://ngrok.com/docs/ai-gateway/reference/model-catalog" },
  providers: [],
  models: [
    {
      provider: "openai",
      id: "gpt-6",
      displayName: "GPT-6",
      contextWindow: 2_000_000,
      outputTokens: 256_000,
      modalities: ["text", "image"],
    },
    { provider: "openai", id: "gpt-5.5", contextWindow: 2_000_000 },
  ],
};

/** Runs `aigw catalog pull --access-key <token> --gateway-url <url> ...more` in `ctx`. */
function pullCatalog(
  ctx: ReturnType<typeof context>,
  token: string,
  gatewayUrl: string,
  ...more: string[]
): Promise<number> {
  return runCli(
    ["catalog", "pull", "--access-key", token, "--gateway-url", gatewayUrl, ...more],
    ctx,
  );
}

/** A loopback port nothing listens on (listened on, then closed). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-catalog-cli-"));
  fs.writeFileSync(path.join(dir, "extra.json"), JSON.stringify(EXTRA));
  fs.writeFileSync(path.join(dir, "gateway.yaml"), "version: 1\naccessKeys:\n  free: {}\n");
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `work` with an emulator started by `aigw emulator --catalog extra.json`, then stops it. */
async function withEmulator(
  work: (emulator: Emulator, token: string) => Promise<void>,
): Promise<void> {
  const ctx = context({}, dir);
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let failure: Error | undefined;
  await runEmulator(
    { port: 0, host: "127.0.0.1", db: ":memory:", catalog: "extra.json" },
    ctx,
    stopped,
    (emulator) => {
      void (async () => {
        const created = await apiFor(emulator)("POST", "/access-keys", {});
        await work(emulator, created.body.token as string);
      })()
        .catch((err: unknown) => {
          failure = err instanceof Error ? err : new Error(JSON.stringify(err));
        })
        .finally(stop);
    },
  );
  if (failure !== undefined) throw failure;
}

describe("aigw catalog pull", () => {
  it("writes an overlay with the model the gateway lists and the catalog lacks, which explain then resolves", async () => {
    await withEmulator(async (emulator, token) => {
      const pull = context({ AIGW_TODAY: "2026-12-01" }, dir);
      const code = await pullCatalog(pull, token, emulator.url, "--output", "pulled.json");
      expect(pull.err()).toBe("");
      expect(code).toBe(0);
      expect(pull.out()).toContain("added (1):\n  openai:gpt-6\n");
      expect(pull.out()).toContain("changed (1):\n  openai:gpt-5.5\n");
      expect(pull.out()).toContain("no longer listed: none");
      expect(pull.out()).toContain("wrote pulled.json");
      expect(pull.out()).not.toContain(token);

      const overlay = JSON.parse(fs.readFileSync(path.join(dir, "pulled.json"), "utf8")) as {
        kind: string;
        date: string;
        models: { provider: string; id: string; contextWindow?: number }[];
      };
      expect(overlay.kind).toBe("overlay");
      expect(overlay.date).toBe("2026-12-01");
      expect(overlay.models).toEqual([
        expect.objectContaining({ provider: "openai", id: "gpt-5.5", contextWindow: 2_000_000 }),
        expect.objectContaining({ provider: "openai", id: "gpt-6", displayName: "GPT-6" }),
      ]);
    });

    const without = context({}, dir);
    await runCli(
      ["explain", "--access-key", "free", "--model", "gpt-6", "--format", "json"],
      without,
    );
    expect(without.exitCode).toBe(1);
    const rejected = JSON.parse(without.out()) as { rejection: { code: string } };
    expect(rejected.rejection.code).toBe("ERR_NGROK_27224");

    const text = context({}, dir);
    await runCli(["explain", "--access-key", "free", "--model", "gpt-6"], text);
    expect(text.out()).toContain(
      "If ngrok.ai added the model after 2026-08-07 (the catalog's date), run aigw catalog pull",
    );

    const withOverlay = context({}, dir);
    await runCli(
      [
        "explain",
        "--access-key",
        "free",
        "--model",
        "gpt-6",
        "--format",
        "json",
        "--catalog",
        "pulled.json",
      ],
      withOverlay,
    );
    expect(withOverlay.err()).toBe("");
    expect(withOverlay.exitCode).toBe(0);
    const plan = JSON.parse(withOverlay.out()) as {
      attempts: { modelName: string; source: string }[];
    };
    expect(plan.attempts).toEqual([
      expect.objectContaining({ modelName: "openai:gpt-6", source: "ngrok" }),
    ]);
  });

  it("lists what a narrower key no longer sees and skips providers the catalog lacks", async () => {
    await withEmulator(async (emulator) => {
      const api = apiFor(emulator);
      await api("POST", "/providers", {
        providerId: "my-ollama",
        name: "Ollama",
        baseUrl: "https://ollama.internal",
        models: [{ modelId: "llama3.2" }],
      });
      const configuration = await api("POST", "/access-key-configurations", {
        name: "deepseek and ollama",
        access: {
          providers: { allow: ["deepseek", "my-ollama"] },
          models: { allow: ["deepseek:deepseek-v4-pro", "my-ollama:llama3.2"] },
        },
      });
      const key = await api("POST", "/access-keys", {
        accessKeyConfigurationId: configuration.body.id as string,
      });
      const pull = context({ AIGW_TODAY: "2026-12-01" }, dir);
      await pullCatalog(pull, key.body.token as string, emulator.url);
      expect(pull.exitCode).toBe(0);
      expect(pull.out()).toContain("added: none");
      expect(pull.out()).toContain("no longer listed (1):\n  deepseek:deepseek-v4-flash\n");
      expect(pull.out()).toContain(
        'skipped 1 model(s) of "my-ollama", which the catalog does not list (a custom provider of the account, or one newer than the catalog: pass --include-provider my-ollama',
      );
      expect(fs.existsSync(path.join(dir, "aigw-catalog.json"))).toBe(true);

      const included = context({ AIGW_TODAY: "2026-12-01" }, dir);
      await pullCatalog(
        included,
        key.body.token as string,
        emulator.url,
        "--include-provider",
        "my-ollama",
        "--output",
        "with-ollama.json",
      );
      expect(included.out()).toContain("added (1):\n  my-ollama:llama3.2\n");
    });
  });

  it("exits 1 naming the fix when the gateway rejects the access key, never printing it", async () => {
    await withEmulator(async (emulator) => {
      const ctx = context({ AIGW_ACCESS_KEY: "ng-not-a-real-key-g1-0000" }, dir);
      const code = await runCli(["catalog", "pull", "--gateway-url", emulator.url], ctx);
      expect(code).toBe(1);
      expect(ctx.err()).toMatch(
        /GET http:\/\/127\.0\.0\.1:\d+\/v1\/models answered 401: the gateway rejected the access key; check --access-key/,
      );
      expect(ctx.err() + ctx.out()).not.toContain("ng-not-a-real-key-g1-0000");
      expect(fs.existsSync(path.join(dir, "aigw-catalog.json"))).toBe(false);
    });
  });

  it("exits 1 when nothing listens at the gateway URL, and 2 without an access key", async () => {
    const port = await closedPort();
    const unreachable = context({}, dir);
    await expect(pullCatalog(unreachable, "ng-x-g1-y", `http://127.0.0.1:${port}`)).resolves.toBe(
      1,
    );
    expect(unreachable.err()).toMatch(
      new RegExp(
        `GET http://127\\.0\\.0\\.1:${port}/v1/models failed \\(ECONNREFUSED\\); check --gateway-url`,
      ),
    );

    const missing = context({}, dir);
    await expect(runCli(["catalog", "pull"], missing)).resolves.toBe(2);
    expect(missing.err()).toContain("--access-key <token> or $AIGW_ACCESS_KEY");
  });
});

describe("--catalog", () => {
  const POLICY = "version: 1\nmodels:\n  deny: []\n";

  it("lets lint and review read an overlay, and names the file and property of a bad one", async () => {
    fs.writeFileSync(path.join(dir, "policy.yaml"), POLICY);
    fs.writeFileSync(
      path.join(dir, "scoped.yaml"),
      "version: 1\naccessKeyConfigurations:\n  team:\n    access: { models: { allow: [gpt-6] } }\n",
    );
    const plain = context({}, dir);
    await expect(runCli(["lint", "scoped.yaml", "--policy", "policy.yaml"], plain)).resolves.toBe(
      0,
    );
    expect(plain.out()).toContain("warn unknown-model");

    const overlaid = context({}, dir);
    await expect(
      runCli(
        ["lint", "scoped.yaml", "--policy", "policy.yaml", "--catalog", "extra.json"],
        overlaid,
      ),
    ).resolves.toBe(0);
    expect(overlaid.out()).not.toContain("unknown-model");

    const reviewed = context({}, dir);
    await runCli(
      [
        "review",
        "--base",
        "gateway.yaml",
        "scoped.yaml",
        "--policy",
        "policy.yaml",
        "--format",
        "json",
        "--catalog",
        "extra.json",
      ],
      reviewed,
    );
    expect(reviewed.err()).toBe("");
    expect(reviewed.out()).not.toContain("unknown-model");

    fs.writeFileSync(
      path.join(dir, "bad.json"),
      JSON.stringify({ ...EXTRA, models: [{ provider: "openai" }] }),
    );
    const bad = context({}, dir);
    await expect(
      runCli(["lint", "scoped.yaml", "--policy", "policy.yaml", "--catalog", "bad.json"], bad),
    ).resolves.toBe(2);
    expect(bad.err()).toMatch(
      /bad\.json is not a catalog or overlay .*\/models\/0 must have required property 'id'/,
    );

    const absent = context({}, dir);
    await expect(
      runCli(
        ["explain", "--access-key", "free", "--model", "gpt-4o", "--catalog", "nope.json"],
        absent,
      ),
    ).resolves.toBe(2);
    expect(absent.err()).toContain("cannot read the catalog file nope.json (ENOENT)");
  });
});
