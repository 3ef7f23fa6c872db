/* eslint-disable @typescript-eslint/no-unsafe-member-access */
// The catalog page end to end: every model of the copy of ngrok's model catalog page resolves
// from its bare name to its provider in `aigw explain --format json` and in the emulator's data
// plane; the page's managed models plan ngrok inference; the Gemini 2.5 exception holds; and a
// provider key for a provider the page lacks lints with a warning and exit 0.

/** The walks make one request per model of the page: more than jest's default 5 s on a busy machine. */
const WALK_TIMEOUT_MS = 120_000;
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../cli/program";
import type { PlanJson } from "../../sdk/routing/explain";
import { capturedContext as context } from "../helpers/cli";
import { startHarness } from "../emulator/data-plane/gateway-harness";

const generator = require("../../scripts/catalog.js") as {
  PATHS: { copy: string };
  parseFacts(copy: string): { fields: Record<string, string>; models: { id: string }[] }[];
};

/** The page's models, read from its copy (not from catalog.json): [bare name, provider]. */
const PAGE: readonly (readonly [string, string])[] = generator
  .parseFacts(fs.readFileSync(generator.PATHS.copy, "utf8"))
  .flatMap((p) => {
    const provider = p.fields["Provider ID"];
    return provider === undefined ? [] : p.models.map((m) => [m.id, provider] as const);
  });

const PROVIDERS = [...new Set(PAGE.map(([, provider]) => provider))];

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-page-"));
  fs.writeFileSync(
    path.join(dir, "gateway.yaml"),
    [
      "version: 1",
      "providerKeys:",
      "  fresh:",
      "    providerId: brand-new-provider",
      "    value: { env: FRESH_KEY }",
      "accessKeys:",
      "  free: {}",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\nmodels:\n  deny: []\n");
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `aigw explain --access-key free --model M --format json` on the test's gateway.yaml. */
async function explain(model: string): Promise<{ code: number; plan: PlanJson }> {
  const ctx = context({}, dir);
  const code = await runCli(
    ["explain", "--access-key", "free", "--model", model, "--format", "json"],
    ctx,
  );
  return { code, plan: JSON.parse(ctx.out()) as PlanJson };
}

describe("the model catalog page", () => {
  it("has the models the issue names, under their providers", () => {
    expect(PAGE.length).toBe(86);
    expect(PROVIDERS).toEqual([
      "openai",
      "anthropic",
      "google",
      "deepseek",
      "groq",
      "moonshotai",
      "z-ai",
    ]);
    for (const name of [
      "gpt-5.5",
      "claude-opus-5",
      "gemini-3.6-flash",
      "deepseek-v4-pro",
      "kimi-k3",
      "glm-5.2",
    ]) {
      expect(PAGE.map(([m]) => m)).toContain(name);
    }
  });

  it(
    "resolves every bare name of the page to its provider in aigw explain --format json",
    async () => {
      const wrong: string[] = [];
      for (const [model, provider] of PAGE) {
        const { plan } = await explain(model);
        const candidate = plan.candidates[0];
        if (candidate?.modelName !== `${provider}:${model}`) {
          wrong.push(`${model}: ${JSON.stringify(candidate)}`);
        }
      }
      expect(wrong).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    "resolves every bare name of the page to its provider in the emulator's data plane",
    async () => {
      const gw = await startHarness();
      try {
        // A healthy key for every provider, so that every model is served (BYOK ones included).
        for (const provider of PROVIDERS) {
          await gw.providerKey(provider, provider, `sk-${provider}-healthy-0000000001`);
        }
        const { token } = await gw.accessKey();
        const wrong: string[] = [];
        for (const [model, provider] of PAGE) {
          const res = await gw.chat(token, { model });
          if (res.status !== 200 || res.headers["ngrok-aig-model"] !== `${provider}:${model}`) {
            wrong.push(`${model}: ${res.status} ${res.headers["ngrok-aig-model"] ?? res.text}`);
          }
        }
        expect(wrong).toEqual([]);
        expect(gw.stub.attempts.map((a) => a.model)).toEqual(PAGE.map(([model]) => model));
      } finally {
        await gw.close();
      }
    },
    WALK_TIMEOUT_MS,
  );

  it("lists the page's models at GET /v1/models with their details, for a key without configuration", async () => {
    const gw = await startHarness();
    try {
      const { token } = await gw.accessKey();
      const res = await gw.call("/v1/models", undefined, token);
      expect(res.status).toBe(200);
      const data = res.body.data as {
        id: string;
        context_window?: number;
        ngrok_inference?: boolean;
      }[];
      expect(data.map((m) => m.id)).toEqual(
        PAGE.map(([model, provider]) => `${provider}:${model}`),
      );
      expect(data.find((m) => m.id === "z-ai:glm-5.2")).toMatchObject({
        owned_by: "z-ai",
        display_name: "GLM-5.2",
        context_window: 1_000_000,
        max_output_tokens: 131_072,
        modalities: ["text"],
        ngrok_inference: false,
      });
      expect(data.find((m) => m.id === "google:gemini-2.5-pro")?.ngrok_inference).toBe(false);
      expect(data.find((m) => m.id === "google:gemini-3.6-flash")?.ngrok_inference).toBe(true);
    } finally {
      await gw.close();
    }
  });

  it.each(["openai:gpt-5.5", "anthropic:claude-opus-5"])(
    "plans and serves %s on ngrok inference through an allow-all key",
    async (model) => {
      const { code, plan } = await explain(model);
      expect(code).toBe(0);
      expect(plan.attempts).toEqual([
        expect.objectContaining({ modelName: model, source: "ngrok", billedTo: "ngrok credits" }),
      ]);

      const gw = await startHarness();
      try {
        const { token } = await gw.accessKey();
        const res = await gw.chat(token, { model });
        expect(res.status).toBe(200);
        expect(res.headers["ngrok-aig-model"]).toBe(model);
        expect(gw.keysTried()).toEqual(["ngrok"]);
      } finally {
        await gw.close();
      }
    },
  );

  it("rejects google:gemini-2.5-pro without a Google key with the no-key error, serving nothing", async () => {
    const { code, plan } = await explain("google:gemini-2.5-pro");
    expect(code).toBe(1);
    expect(plan.rejection).toEqual(
      expect.objectContaining({ stage: "routing", code: "ERR_NGROK_3802", status: 400 }),
    );
    expect(JSON.stringify(plan.skipped)).toMatch(/reachable only with your own key/i);

    const gw = await startHarness();
    try {
      const { token } = await gw.accessKey();
      const rejected = await gw.chat(token, { model: "google:gemini-2.5-pro" });
      expect(rejected.status).toBe(400);
      expect(rejected.body.error.code).toBe("ERR_NGROK_3802");
      expect(gw.stub.attempts).toEqual([]);
      // Gemini 3 models are served on credits; the exception is the page's three 2.5 models.
      const served = await gw.chat(token, { model: "gemini-3.6-flash" });
      expect(served.status).toBe(200);
      expect(gw.keysTried()).toEqual(["ngrok"]);
    } finally {
      await gw.close();
    }
  });

  it("lints a provider key for a provider the page lacks with a warning and exit 0", async () => {
    const ctx = context({}, dir);
    const code = await runCli(["lint", "gateway.yaml", "--policy", "policy.yaml"], ctx);
    expect(code).toBe(0);
    expect(ctx.out()).toMatch(
      /gateway\.yaml:4:17: warn unknown-provider: providerKeys\.fresh\.providerId "brand-new-provider" is not a built-in provider of the model catalog of 2026-08-07.*run aigw catalog pull/,
    );
  });
});
