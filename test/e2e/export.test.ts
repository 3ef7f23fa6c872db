// `aigw export` round trip: an account holding every kind of object is exported to gateway.yaml,
// and a Pulumi program `new Gateway({ file })` applies that file with the provider key values
// supplied as stack secrets. Applying must create nothing and change nothing in the account.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { redactKeyValue } from "../../sdk/core/redaction";
import { aigw } from "../drift/aigw-cli";
import { REPO_ROOT, pulumi, pulumiOk, writeProject, initStack } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";

const PROGRAM = `import { Gateway } from "pulumi-ngrok-ai";

new Gateway({ file: "gateway.yaml" });
`;

/** Provider key values by API name; only the test and the stack's secrets know them. */
const VALUES: Record<string, string> = {
  "OpenAI Primary": "sk-proj-export-primary-AAAAAAAAAAAAAAA-0001",
  "openai-backup": "sk-proj-export-backup-BBBBBBBBBBBBBBBB-0002",
  anthropic: "sk-ant-api03-export-CCCCCCCCCCCCCCCCCCC-0003",
  "local key": "local-llm-export-DDDDDDDDDDDDDDDDDDDDDDD-0004",
};

describe("aigw export round trip", () => {
  const requests: string[] = [];
  const h = useEngineHarness({ logger: (l: string) => requests.push(l) });
  let dir: string;
  const knownSecrets = new Set<string>(Object.values(VALUES));

  /** Everything the account holds, each collection sorted by id. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const byId = <T extends { id: string }>(items: T[]): T[] =>
      [...items].sort((a, b) => a.id.localeCompare(b.id));
    return {
      providers: byId(await h.client.providers.listAll()),
      providerKeys: byId(await h.client.providerKeys.listAll()),
      accessKeyConfigurations: byId(await h.client.accessKeyConfigurations.listAll()),
      accessKeys: byId(await h.client.accessKeys.listAll()),
      gatewayConfig: await h.client.gatewayConfig.get(),
    };
  }

  beforeAll(async () => {
    knownSecrets.add(h.emulator.apiKey);

    // An account with every kind of object, made outside Pulumi.
    const local = await h.client.providers.create({
      providerId: "local-llm",
      name: "Local LLM",
      baseUrl: "https://llm.internal",
      metadata: '{"team":"platform"}',
      supportedApiSurfaces: [
        {
          format: "openai",
          surface: "chat-completions",
          supportedParams: [{ name: "temperature" }],
        },
      ],
      models: [{ modelId: "llama-3.1-8b" }, { modelId: "qwen-2.5" }],
    });
    const key = async (providerId: string, name: string, extra: object = {}) =>
      h.client.providerKeys.create({ providerId, name, value: VALUES[name]!, ...extra });
    const primary = await key("openai", "OpenAI Primary", {
      description: "Primary OpenAI key",
      metadata: '{"owner":"search"}',
    });
    const backup = await key("openai", "openai-backup");
    const anthropic = await key("anthropic", "anthropic");
    const localKey = await key(local.providerId, "local key");
    const search = await h.client.accessKeyConfigurations.create({
      name: "Search Team",
      description: "Search service",
      access: {
        providers: { allow: ["openai", "anthropic", "local-llm"] },
        models: { allow: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"] },
      },
      router: {
        rules: [
          {
            provider: "openai",
            steps: [
              { type: "user", keys: [{ id: backup.id }, { id: primary.id }] },
              { type: "ngrok" },
            ],
          },
          { provider: "anthropic", steps: [{ type: "user", keys: [{ id: anthropic.id }] }] },
          { provider: "local-llm", steps: [{ type: "user", keys: [{ id: localKey.id }] }] },
        ],
      },
    });
    await h.client.accessKeyConfigurations.create({
      name: "locked",
      access: { providers: { allow: [] }, models: {} },
    });
    await h.client.accessKeyConfigurations.create({ name: "open" });
    for (const body of [
      {
        name: "Search prod",
        description: "Search, production",
        accessKeyConfigurationId: search.id,
      },
      { name: "anything", metadata: "{}" },
    ]) {
      const created = await h.client.accessKeys.create(body);
      if (created.token !== undefined) knownSecrets.add(created.token);
    }
    await h.client.gatewayConfig.update({
      perRequestTimeout: "30s",
      totalTimeout: "90s",
      maxInputTokens: 8000,
      metadata: '{"env":"test"}',
    });

    dir = join(h.sandbox.root, "exported");
    writeProject(dir, "aigw-export", PROGRAM);
  });

  it("applies the exported file without creating or changing anything", async () => {
    const before = await snapshot();

    // 1. Export, with the key from the environment as a pipeline would.
    const exported = await aigw(
      ["export", "--output", join(dir, "gateway.yaml"), "--api-url", h.emulator.url],
      { ...h.sandbox.env, NGROK_AI_API_KEY: h.emulator.apiKey },
      REPO_ROOT,
    );
    expect(exported.stderr).not.toMatch(/warning|error/i);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe("");
    const text = readFileSync(join(dir, "gateway.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=./node_modules/pulumi-ngrok-ai/schema/gateway.schema.json",
    );
    expect(text).toMatch(/^version: 1$/m);
    for (const secret of knownSecrets) {
      expect(text).not.toContain(secret);
      expect(exported.stderr).not.toContain(secret);
    }

    // 2. Supply each value under the config key the export chose; stderr names it next to the
    //    live redaction, which is how a person knows which value belongs where.
    const secretKeys = new Map<string, string>();
    for (const match of exported.stderr.matchAll(
      /pulumi config set --secret (\S+) <value> +# .* live (\S+)$/gm,
    )) {
      secretKeys.set(match[2]!, match[1]!);
    }
    expect(secretKeys.size).toBe(Object.keys(VALUES).length);
    const secrets: Record<string, string> = {};
    for (const value of Object.values(VALUES)) {
      const secretKey = secretKeys.get(redactKeyValue(value));
      expect(secretKey).toBeDefined();
      secrets[secretKey!] = value;
    }
    await initStack(h.sandbox, dir, "dev", h.emulator, secrets);

    // 3. Apply. Pulumi calls the first apply of an adopted object a "create" step: the resource
    //    is new to the stack's state even though no API object is made. So the honest test is on
    //    the API itself: during the whole `up` the account received reads only (no POST, PATCH,
    //    DELETE or rotate), and afterwards it holds exactly the same objects with the same ids and
    //    fields, the same `updatedAt` (nothing was touched) and the same `keyRedacted` (no key
    //    was rotated).
    requests.length = 0;
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const writes = requests.filter((line) => !/^(GET|HEAD) /.test(line));
    expect(writes).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);

    // 4. The stack now manages every object, and Pulumi agrees nothing is left to do.
    const state = JSON.parse((await pulumiOk(h.sandbox, dir, ["stack", "export"])).stdout) as {
      deployment: { resources: { type: string }[] };
    };
    const ours = state.deployment.resources.filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/ngrok-ai:"),
    );
    expect(ours).toHaveLength(1 + 4 + 3 + 2 + 1);
    const preview = await pulumi(h.sandbox, dir, ["preview", "--expect-no-changes"]);
    if (preview.code !== 0) throw new Error(`preview:\n${preview.stdout}\n${preview.stderr}`);

    // 5. And drift finds the account fully managed: no drift, nothing unmanaged.
    const drift = await aigw(
      ["drift", "--stack", "dev", "--cwd", dir, "--include-unmanaged"],
      h.sandbox.env,
      REPO_ROOT,
    );
    expect(drift.stderr).toBe("");
    expect(drift.code).toBe(0);
    expect(drift.stdout).toContain("and the account holds nothing unmanaged");
    for (const secret of knownSecrets) expect(drift.stdout).not.toContain(secret);
  });
});
