/* eslint-disable @typescript-eslint/no-unsafe-member-access */
// `aigw catalog pull` against the emulator, started (through `aigw emulator --catalog`) with a
// model the package's catalog lacks: the overlay it writes has that model, `aigw explain
// --catalog` then resolves it, and lint, review and the emulator accept the file.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createServer as createHttpServer } from "node:http";
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

/**
 * Runs `work` with a gateway on 127.0.0.1 port 0 that answers `GET <path>` with `list` (any
 * other path 404), recording the paths asked; closes it after.
 */
async function withGateway(
  listPath: string,
  list: unknown,
  work: (url: string, asked: string[]) => Promise<void>,
): Promise<void> {
  const asked: string[] = [];
  const server = createHttpServer((req, res) => {
    asked.push(req.url ?? "");
    const found = req.url === listPath;
    res.writeHead(found ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(found ? list : { error: { message: "not found" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  try {
    await work(`http://127.0.0.1:${port}`, asked);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
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

  it("leaves out the entries the catalog cannot hold, listing at most 10 with why, and lint reads what it wrote", async () => {
    const junk = Array.from({ length: 12 }, (_, i) => ({ id: `openai:bad ${i}` }));
    const list = {
      object: "list",
      data: [
        { id: "openai:" },
        { id: `openai:${"x".repeat(256)}` },
        { id: "openai:gpt-7" },
        ...junk,
      ],
    };
    await withGateway("/v1/models", list, async (url) => {
      const pull = context({ AIGW_TODAY: "2026-12-01" }, dir);
      await expect(pullCatalog(pull, "ng-x-g1-y", url, "--output", "pulled.json")).resolves.toBe(0);
      expect(pull.err()).toBe("");
      expect(pull.out()).toContain("added (1):\n  openai:gpt-7\n");
      expect(pull.out()).toContain(
        "left out 14 entries of the gateway's list that the catalog cannot hold (schema/catalog.schema.json); the others are in the overlay:\n" +
          '  data[0] "openai:": the model id must NOT have fewer than 1 characters\n' +
          `  data[1] "openai:${"x".repeat(33)}…" (263 characters): the model id must NOT have more than 255 characters\n` +
          '  data[3] "openai:bad 0": the model id must match pattern "^\\S+$"\n',
      );
      expect(pull.out()).toContain(
        '  data[10] "openai:bad 7": the model id must match pattern "^\\S+$"\n  … and 4 more\n',
      );
      expect(pull.out()).not.toContain("openai:bad 8");
    });
    fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\nmodels:\n  deny: []\n");
    const lint = context({}, dir);
    await expect(
      runCli(["lint", "gateway.yaml", "--policy", "policy.yaml", "--catalog", "pulled.json"], lint),
    ).resolves.toBe(0);
    expect(lint.err()).toBe("");
  });

  it.each([
    ["/prefix", "/prefix/v1/models"],
    ["/prefix/", "/prefix/v1/models"],
    ["/prefix/v1", "/prefix/v1/models"],
    ["/prefix/v1/", "/prefix/v1/models"],
    ["/v1", "/v1/models"],
    ["", "/v1/models"],
    ["/", "/v1/models"],
  ])("keeps the path of --gateway-url <url>%s and asks %s", async (base, listPath) => {
    await withGateway(listPath, { object: "list", data: [] }, async (url, asked) => {
      const pull = context({ AIGW_TODAY: "2026-12-01" }, dir);
      await expect(pullCatalog(pull, "ng-x-g1-y", `${url}${base}`)).resolves.toBe(0);
      expect(asked).toEqual([listPath]);
    });
  });

  it("exits 1 saying the URL has no /v1/models when the gateway answers 404", async () => {
    await withGateway("/gw/v1/models", { object: "list", data: [] }, async (url) => {
      const pull = context({}, dir);
      await expect(pullCatalog(pull, "ng-x-g1-y", `${url}/other`)).resolves.toBe(1);
      expect(pull.err()).toBe(
        `aigw catalog: GET ${url}/other/v1/models answered 404: ${url}/other has no /v1/models; check --gateway-url ($AIGW_GATEWAY_URL): the gateway's base URL, such as https://gateway.ngrok.ai, to which pull adds /v1/models\n`,
      );
      expect(fs.existsSync(path.join(dir, "aigw-catalog.json"))).toBe(false);
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

  it("exits 1 when nothing listens at the gateway URL, and 2 for a --gateway-url that is not a URL or without an access key", async () => {
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

    const notUrl = context({}, dir);
    await expect(pullCatalog(notUrl, "ng-x-g1-y", "gateway.ngrok.ai")).resolves.toBe(2);
    expect(notUrl.err()).toBe(
      "aigw catalog: --gateway-url gateway.ngrok.ai is not a URL; give the gateway's base URL, such as https://gateway.ngrok.ai\n",
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

    const yaml = context({}, dir);
    await expect(
      runCli(["lint", "scoped.yaml", "--policy", "policy.yaml", "--catalog", "gateway.yaml"], yaml),
    ).resolves.toBe(2);
    expect(yaml.err()).toMatch(
      /^aigw lint: gateway\.yaml(:1:1)?: not JSON \(.*\), so not a catalog file \(JSON, schema\/catalog\.schema\.json\); check the path, or write a catalog with aigw catalog pull --output <a new path>\n$/,
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
