// The resources under the real engine, against the emulator: the life cycle of issue "Pulumi
// dynamic resources", with a scan of the state for secrets after every step.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { redactKeyValue } from "../../sdk/core/redaction";
import {
  initStack,
  pulumi,
  pulumiBinDir,
  pulumiOk,
  refreshCheck,
  writeProject,
} from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";
import { programHead, providerKeySource } from "./helpers/programs";

const PROGRAM = [
  programHead(["AccessKey", "AccessKeyConfiguration", "ProviderKey"]),
  providerKeySource("primary", "openai-primary", "openai", "openaiPrimary", "Primary OpenAI key"),
  providerKeySource("backup", "openai-backup", "openai", "openaiBackup"),
  providerKeySource("anthropic", "anthropic", "anthropic", "anthropicKey"),
  `const order = config.get("failoverOrder") === "reversed" ? [backup, primary] : [primary, backup];
const failover = new AccessKeyConfiguration("failover", {
  description: "OpenAI through our keys, then ngrok inference",
  router: {
    rules: [
      { provider: "openai", steps: [{ type: "user", keys: order.map((k) => ({ id: k.id })) }, { type: "ngrok" }] },
      { provider: "anthropic", steps: [{ type: "user", keys: [{ id: anthropic.id }] }] },
    ],
  },
});
const restricted = new AccessKeyConfiguration("restricted", {
  access: { models: { allow: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"] } },
});
const web = new AccessKey("web", {
  accessKeyConfigurationId: failover.id,
  rotationTrigger: config.get("webRotation") ?? "initial",
});
const batch = new AccessKey("batch", { accessKeyConfigurationId: restricted.id });

export const primaryId = primary.id;
export const webId = web.id;
export const batchId = batch.id;
export const failoverId = failover.id;
export const restrictedId = restricted.id;
export const webToken = web.token;
export const batchToken = batch.token;
`,
].join("");

const SECRETS = {
  openaiPrimary: "sk-proj-primary-AAAAAAAAAAAAAAAAAAAA-0001",
  openaiBackup: "sk-proj-backup-BBBBBBBBBBBBBBBBBBBBB-0002",
  anthropicKey: "sk-ant-api03-CCCCCCCCCCCCCCCCCCCCCCC-0003",
};
const ROTATED_PRIMARY = "sk-proj-primary-DDDDDDDDDDDDDDDDDDDD-0004";

interface Outputs {
  primaryId: string;
  webId: string;
  batchId: string;
  failoverId: string;
  restrictedId: string;
  webToken: string;
  batchToken: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("resources under the real engine", () => {
  const requests: string[] = [];
  const h = useEngineHarness({ logger: (line: string) => requests.push(line) });
  let dir: string;
  const knownSecrets = new Set<string>(Object.values(SECRETS));

  beforeAll(async () => {
    knownSecrets.add(h.emulator.apiKey);
    knownSecrets.add(ROTATED_PRIMARY);
    dir = join(h.sandbox.root, "lifecycle");
    writeProject(dir, "aigw-lifecycle", PROGRAM);
    await initStack(h.sandbox, dir, "dev", h.emulator, SECRETS);
  });

  async function outputs(): Promise<Outputs> {
    const out = await pulumiOk(h.sandbox, dir, ["stack", "output", "--json", "--show-secrets"]);
    const parsed = JSON.parse(out.stdout) as Outputs;
    for (const token of [parsed.webToken, parsed.batchToken]) if (token) knownSecrets.add(token);
    return parsed;
  }

  /** No key value, token or API key in the exported state, the state files or the config file. */
  async function expectNoPlaintextSecrets(): Promise<void> {
    const exported = (await pulumiOk(h.sandbox, dir, ["stack", "export"])).stdout;
    const stateFiles = filesUnder(join(h.sandbox.root, "state")).map((f) =>
      readFileSync(f, "utf8"),
    );
    const stackConfig = readFileSync(join(dir, "Pulumi.dev.yaml"), "utf8");
    for (const secret of knownSecrets) {
      expect(exported).not.toContain(secret);
      for (const text of stateFiles) expect(text).not.toContain(secret);
      expect(stackConfig).not.toContain(secret);
    }
  }

  async function previewSummary(): Promise<Record<string, number>> {
    const result = await pulumiOk(h.sandbox, dir, ["preview", "--json"]);
    return (JSON.parse(result.stdout) as { changeSummary: Record<string, number> }).changeSummary;
  }

  it("1. up, then preview expects no changes", async () => {
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const preview = await pulumi(h.sandbox, dir, ["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    const out = await outputs();
    expect(out.webToken).toMatch(/^ng-/);
    expect(await h.client.providerKeys.listAll()).toHaveLength(3);
    expect(await h.client.accessKeyConfigurations.listAll()).toHaveLength(2);
    expect(await h.client.accessKeys.listAll()).toHaveLength(2);
    await expectNoPlaintextSecrets();
  });

  it("2. a new key value is one in-place update: same id, configurations untouched, new redaction", async () => {
    const before = await outputs();
    const configsBefore = await h.client.accessKeyConfigurations.listAll();
    await pulumiOk(h.sandbox, dir, ["config", "set", "--secret", "openaiPrimary", ROTATED_PRIMARY]);
    expect(await previewSummary()).toEqual({ same: 7, update: 1 });

    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const after = await outputs();
    expect(after.primaryId).toBe(before.primaryId);
    const live = await h.client.providerKeys.get(after.primaryId);
    expect(live.keyRedacted).toBe(redactKeyValue(ROTATED_PRIMARY));
    const configsAfter = await h.client.accessKeyConfigurations.listAll();
    expect(configsAfter.map((c) => c.updatedAt)).toEqual(configsBefore.map((c) => c.updatedAt));
    await expectNoPlaintextSecrets();
  });

  it("3. reversing the failover order is one update", async () => {
    await pulumiOk(h.sandbox, dir, ["config", "set", "failoverOrder", "reversed"]);
    expect(await previewSummary()).toEqual({ same: 7, update: 1 });
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const out = await outputs();
    const live = await h.client.accessKeyConfigurations.get(out.failoverId);
    const keys = live.router?.rules?.[0]?.steps[0]?.keys?.map((k) => k.name);
    expect(keys).toEqual(["openai-backup", "openai-primary"]);
    await expectNoPlaintextSecrets();
  });

  it("4. refresh sees three out-of-band changes (exit 7, names them); up --refresh restores them", async () => {
    const out = await outputs();
    await h.client.providerKeys.rotate(out.primaryId, {
      name: "openai-primary",
      value: "sk-proj-rotated-outside-EEEEEEEEEEEE-0005",
    });
    knownSecrets.add("sk-proj-rotated-outside-EEEEEEEEEEEE-0005");
    await h.client.accessKeyConfigurations.update(out.restrictedId, {
      access: { models: { allow: ["openai:o1-preview"] } },
    });
    await h.client.accessKeys.delete(out.batchId);

    const refresh = await refreshCheck(h.sandbox, dir);
    if (refresh.code !== 7)
      throw new Error(`refresh exited ${refresh.code}:\n${refresh.stdout}\n${refresh.stderr}`);
    // read() returns inputs rebuilt from the live objects, so the engine even names the property.
    expect(refresh.stdout).toMatch(/ProviderKey openai-primary update \[diff: -value\]/);
    expect(refresh.stdout).toMatch(/AccessKeyConfiguration restricted update \[diff: ~access\]/);
    expect(refresh.stdout).toMatch(/AccessKey batch delete/);
    expect(refresh.stdout).toMatch(/3 changes/);
    expect(refresh.stdout).not.toMatch(/AccessKey web (update|delete)/);

    await pulumiOk(h.sandbox, dir, ["up", "--refresh", "--yes", "--skip-preview"]);
    const restored = await outputs();
    expect((await h.client.providerKeys.get(restored.primaryId)).keyRedacted).toBe(
      redactKeyValue(ROTATED_PRIMARY),
    );
    expect((await h.client.accessKeyConfigurations.get(restored.restrictedId)).access).toEqual({
      models: { allow: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"] },
    });
    expect(restored.batchId).not.toBe(out.batchId);
    expect((await h.client.accessKeys.get(restored.batchId)).accessKeyConfiguration?.id).toBe(
      restored.restrictedId,
    );
    const again = await pulumi(h.sandbox, dir, ["preview", "--refresh", "--expect-no-changes"]);
    expect(again.code).toBe(0);
    await expectNoPlaintextSecrets();
  });

  it("5. a new rotationTrigger issues a new token, creating the new key before deleting the old", async () => {
    const before = await outputs();
    requests.length = 0;
    await pulumiOk(h.sandbox, dir, ["config", "set", "webRotation", "2026-11"]);
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const after = await outputs();
    expect(after.webId).not.toBe(before.webId);
    expect(after.webToken).not.toBe(before.webToken);
    const createAt = requests.findIndex((l) => /POST \/access-keys\b/.test(l));
    const deleteAt = requests.findIndex((l) => l.includes(`DELETE /access-keys/${before.webId}`));
    expect(createAt).toBeGreaterThanOrEqual(0);
    expect(deleteAt).toBeGreaterThan(createAt);
    await expect(h.client.accessKeys.get(before.webId)).rejects.toMatchObject({
      code: "AIGW_NOT_FOUND",
    });
    await expectNoPlaintextSecrets();
  });

  it("6. destroy leaves the emulator with no objects", async () => {
    await pulumiOk(h.sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
    expect(await h.client.providerKeys.listAll()).toHaveLength(0);
    expect(await h.client.accessKeyConfigurations.listAll()).toHaveLength(0);
    expect(await h.client.accessKeys.listAll()).toHaveLength(0);
    await expectNoPlaintextSecrets();
  });
});

describe("resources through the Automation API", () => {
  const h = useEngineHarness();

  it("applies, finds a rotation outside Pulumi with preview --refresh (exit 7), remediates and destroys", async () => {
    const dir = join(h.sandbox.root, "automation");
    writeProject(dir, "aigw-automation", PROGRAM);
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "auto", workDir: dir },
      {
        pulumiCommand: await PulumiCommand.get({ root: dirname(pulumiBinDir()) }),
        pulumiHome: h.sandbox.env.PULUMI_HOME!,
        envVars: Object.fromEntries(
          Object.entries(h.sandbox.env).filter((e): e is [string, string] => e[1] !== undefined),
        ),
      },
    );
    await stack.setAllConfig({
      "ngrok-ai:apiUrl": { value: h.emulator.url },
      "ngrok-ai:apiKey": { value: h.emulator.apiKey, secret: true },
      ...Object.fromEntries(
        Object.entries(SECRETS).map(([k, v]) => [
          `aigw-automation:${k}`,
          { value: v, secret: true },
        ]),
      ),
    });

    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 8 });
    await expect(stack.preview({ expectNoChanges: true })).resolves.toBeDefined();

    const primaryId = up.outputs.primaryId?.value as string;
    await h.client.providerKeys.rotate(primaryId, {
      name: "openai-primary",
      value: "sk-outside-FFFFFFFFFFFFFFFF-0006",
    });
    const drift = await stack
      .preview({ refresh: true, expectNoChanges: true })
      .catch((e: unknown) => e);
    // The Automation API of this SDK reports code -2 and puts the CLI's exit code in the message.
    expect(String(drift)).toMatch(/Command failed with exit code 7/);
    expect(String(drift)).toMatch(/ProviderKey openai-primary update \[diff: \+value\]/);

    const fixed = await stack.up({ refresh: true });
    expect(fixed.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await h.client.providerKeys.get(primaryId)).keyRedacted).toBe(
      redactKeyValue(SECRETS.openaiPrimary),
    );

    const destroyed = await stack.destroy();
    expect(destroyed.summary.resourceChanges).toEqual({ delete: 8 });
    expect(await h.client.providerKeys.listAll()).toHaveLength(0);
  });
});

describe("resources under injected faults", () => {
  // 30% of management requests fail with 429 or 503, deterministically seeded.
  const h = useEngineHarness(
    {
      faultSeed: 20261127,
      faults: [
        { path: "*", kind: "429", probability: 0.15, retryAfterSeconds: 0 },
        { path: "*", kind: "503", probability: 0.15 },
      ],
    },
    { maxRetries: 10, retryBaseDelayMs: 1 },
  );

  it("converges: a second up finishes what the first could not, with no duplicates", async () => {
    const dir = join(h.sandbox.root, "chaos");
    writeProject(dir, "aigw-chaos", PROGRAM);
    await initStack(h.sandbox, dir, "chaos", h.emulator, SECRETS);
    // Each up retries what failed before; a request still failing after the client's retries
    // leaves its resource for the next up. Three ups are plenty at this fault rate.
    let up = await pulumi(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    for (let attempt = 2; up.code !== 0 && attempt <= 3; attempt++) {
      up = await pulumi(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    }
    expect({ code: up.code, stdout: up.stdout.slice(-1500) }).toMatchObject({ code: 0 });

    h.emulator.faults.setRules([]);
    const preview = await pulumi(h.sandbox, dir, ["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    const keys = await h.client.providerKeys.listAll();
    expect(keys.map((k) => k.name).sort()).toEqual([
      "anthropic",
      "openai-backup",
      "openai-primary",
    ]);
    const configs = await h.client.accessKeyConfigurations.listAll();
    expect(configs.map((c) => c.name).sort()).toEqual(["failover", "restricted"]);
    const accessKeys = await h.client.accessKeys.listAll();
    expect(accessKeys.map((k) => k.name).sort()).toEqual(["batch", "web"]);

    await pulumiOk(h.sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
  });
});
