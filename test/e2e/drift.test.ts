// `aigw drift` against a real stack: the real engine applies a program to the emulator, objects
// are then changed behind Pulumi's back, and the CLI must name each drift class, exit 2, print JSON
// that validates against schema/drift-report.schema.json, and never print a secret. A clean stack
// exits 0; an unreachable API, a wrong key or an unknown stack exit 1 with a clear message. The
// verdicts are checked against `pulumi refresh --preview-only --expect-no-changes` on the same stack.
import { join } from "node:path";
import type { DriftReport } from "../../sdk/drift/report";
import { redactKeyValue } from "../../sdk/core/redaction";
import { getValidator } from "../../sdk/core/schema";
import { type CliRun, aigw } from "../drift/aigw-cli";
import { REPO_ROOT, initStack, pulumiOk, refreshCheck, writeProject } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";
import { programHead, providerKeySource } from "./helpers/programs";

const PROGRAM = [
  programHead(["AccessKey", "AccessKeyConfiguration", "GatewayConfig", "ProviderKey"]),
  providerKeySource("primary", "openai-primary", "openai", "openaiPrimary", "Primary OpenAI key"),
  providerKeySource("anthropic", "anthropic", "anthropic", "anthropicKey"),
  `const restricted = new AccessKeyConfiguration("restricted", {
  description: "Search team",
  access: {
    providers: { allow: ["openai", "anthropic"] },
    models: { allow: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"] },
  },
  router: {
    rules: [
      { provider: "openai", steps: [{ type: "user", keys: [{ id: primary.id }] }, { type: "ngrok" }] },
      { provider: "anthropic", steps: [{ type: "user", keys: [{ id: anthropic.id }] }] },
    ],
  },
});
const web = new AccessKey("web", { accessKeyConfigurationId: restricted.id });
const batch = new AccessKey("batch", { accessKeyConfigurationId: restricted.id });
new GatewayConfig("gateway-config", { perRequestTimeout: "30s", totalTimeout: "90s" });

export const primaryId = primary.id;
export const restrictedId = restricted.id;
export const batchId = batch.id;
export const webToken = web.token;
export const batchToken = batch.token;
`,
].join("");

const SECRETS = {
  openaiPrimary: "sk-proj-drift-primary-AAAAAAAAAAAAAAAA-0001",
  anthropicKey: "sk-ant-api03-drift-BBBBBBBBBBBBBBBBBBB-0002",
};
const ROTATED_OUTSIDE = "sk-proj-drift-rotated-CCCCCCCCCCCCCCCC-0003";
const UNMANAGED_VALUE = "sk-ant-api03-unmanaged-DDDDDDDDDDDDDD-0004";

interface Outputs {
  primaryId: string;
  restrictedId: string;
  batchId: string;
  webToken: string;
  batchToken: string;
}

describe("aigw drift against a real stack", () => {
  const h = useEngineHarness();
  let dir: string;
  let outputs: Outputs;
  const knownSecrets = new Set<string>([
    ...Object.values(SECRETS),
    ROTATED_OUTSIDE,
    UNMANAGED_VALUE,
  ]);
  const validate = getValidator(undefined, "drift-report.schema.json");

  beforeAll(async () => {
    knownSecrets.add(h.emulator.apiKey);
    dir = join(h.sandbox.root, "drift");
    writeProject(dir, "aigw-drift", PROGRAM);
    await initStack(h.sandbox, dir, "dev", h.emulator, SECRETS);
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const out = await pulumiOk(h.sandbox, dir, ["stack", "output", "--json", "--show-secrets"]);
    outputs = JSON.parse(out.stdout) as Outputs;
    knownSecrets.add(outputs.webToken);
    knownSecrets.add(outputs.batchToken);
  });

  /** `aigw drift --stack dev --cwd <project>` with the user's environment (no API key in it). */
  function drift(...args: string[]): Promise<CliRun> {
    return aigw(["drift", "--stack", "dev", "--cwd", dir, ...args], h.sandbox.env, REPO_ROOT);
  }

  function expectNoSecrets(run: CliRun): void {
    for (const secret of knownSecrets) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    expect(run.stdout).not.toContain("ciphertext");
  }

  function jsonReport(run: CliRun): DriftReport {
    const report = JSON.parse(run.stdout) as unknown;
    const ok = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    return report as DriftReport;
  }

  it("1. a stack just applied has no drift: exit 0 in every format, credentials from the stack config", async () => {
    const text = await drift();
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No drift: the 6 objects managed by stack "dev" match');
    const json = await drift("--format", "json", "--include-unmanaged");
    expect(json.code).toBe(0);
    const report = jsonReport(json);
    expect(report).toMatchObject({ drift: false, apiUrl: h.emulator.url, entries: [] });
    expect(report.summary).toMatchObject({ managed: 6, inSync: 6, drifted: 0 });
    // One list request per collection (each under 100 objects) and one for the singleton.
    expect(report.apiCalls).toBe(5);
    const markdown = await drift("--format", "markdown");
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^## aigw drift: no drift/);
    for (const run of [text, json, markdown]) expectNoSecrets(run);
    const refresh = await refreshCheck(h.sandbox, dir);
    expect(refresh.code).toBe(0);
  });

  it("1b. reads the account the last update used, as pulumi refresh does, when the config has moved since", async () => {
    // The stack config now names an API nothing listens on; no update has run with it.
    await pulumiOk(h.sandbox, dir, ["config", "set", "ngrok-ai:apiUrl", "http://127.0.0.1:9"]);
    try {
      const refresh = await refreshCheck(h.sandbox, dir);
      expect(refresh.code).toBe(0);
      const json = await drift("--format", "json");
      expect(json.stderr).toBe("");
      expect(json.code).toBe(0);
      expect(jsonReport(json)).toMatchObject({ drift: false, apiUrl: h.emulator.url });
    } finally {
      await pulumiOk(h.sandbox, dir, ["config", "set", "ngrok-ai:apiUrl", h.emulator.url]);
    }
  });

  it("2. changes made outside Pulumi are each classified, exit 2, with no secret in any format", async () => {
    // Rotated outside Pulumi.
    await h.client.providerKeys.rotate(outputs.primaryId, {
      name: "openai-primary",
      value: ROTATED_OUTSIDE,
    });
    // An allow-list edited.
    await h.client.accessKeyConfigurations.update(outputs.restrictedId, {
      access: {
        providers: { allow: ["openai", "anthropic"] },
        models: { allow: ["openai:gpt-4o-mini", "openai:o1-preview"] },
      },
    });
    // Deleted outside Pulumi.
    await h.client.accessKeys.delete(outputs.batchId);
    // The singleton changed.
    await h.client.gatewayConfig.update({ totalTimeout: "2m" });
    // Objects no stack manages (the access key's token is a secret too).
    const stray = await h.client.providerKeys.create({
      providerId: "anthropic",
      name: "stray",
      value: UNMANAGED_VALUE,
    });
    const strayAccess = await h.client.accessKeys.create({ name: "stray-client" });
    if (strayAccess.token !== undefined) knownSecrets.add(strayAccess.token);

    const text = await drift();
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('ROTATED   provider key "openai-primary"');
    expect(text.stdout).toContain(
      `keyRedacted: ${redactKeyValue(SECRETS.openaiPrimary)} -> ${redactKeyValue(ROTATED_OUTSIDE)}`,
    );
    expect(text.stdout).toContain('CHANGED   access key configuration "restricted"');
    expect(text.stdout).toContain("      + openai:o1-preview");
    expect(text.stdout).toContain('DELETED   access key "batch"');
    expect(text.stdout).toContain('CHANGED   gateway configuration "gateway-config"');
    expect(text.stdout).not.toContain("UNMANAGED");

    const json = await drift("--format", "json", "--include-unmanaged");
    expect(json.code).toBe(2);
    const report = jsonReport(json);
    const brief = report.entries.map((e) => [
      e.class,
      e.kind,
      e.logicalName ?? e.name,
      e.changes?.map((c) => c.property),
    ]);
    expect(brief).toEqual([
      ["rotated", "providerKey", "openai-primary", undefined],
      ["changed", "accessKeyConfiguration", "restricted", ["access.models.allow"]],
      ["deleted", "accessKey", "batch", undefined],
      ["changed", "gatewayConfig", "gateway-config", ["totalTimeout"]],
      ["unmanaged", "providerKey", "stray", undefined],
      ["unmanaged", "accessKey", "stray-client", undefined],
    ]);
    expect(report.entries.find((e) => e.class === "changed")?.changes?.[0]).toEqual({
      property: "access.models.allow",
      recorded: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"],
      live: ["openai:gpt-4o-mini", "openai:o1-preview"],
      added: ["openai:o1-preview"],
      removed: ["anthropic:claude-sonnet-4-6"],
    });
    expect(report.entries.find((e) => e.class === "unmanaged")?.id).toBe(stray.id);
    expect(report.summary).toMatchObject({
      managed: 6,
      inSync: 2,
      changed: 2,
      rotated: 1,
      deleted: 1,
      unmanaged: 2,
      drifted: 6,
    });

    const markdown = await drift("--format", "markdown", "--include-unmanaged");
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toMatch(/^## aigw drift: 6 objects drifted/);
    for (const run of [text, json, markdown]) expectNoSecrets(run);

    // Pulumi's own check agrees that the stack drifted (exit 7), without saying how.
    const refresh = await refreshCheck(h.sandbox, dir);
    expect(refresh.code).toBe(7);
  });

  it("3. a wrong API key exits 1 and says which key to check, without printing it", async () => {
    const run = await drift("--api-key", "wrong-key-00000000000000");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `aigw drift: The ngrok.ai API at ${h.emulator.url} rejected the API key (from --api-key)`,
    );
    expect(run.stderr).toContain("NGROK_AI_API_KEY");
    expect(run.stderr).not.toContain("wrong-key-00000000000000");
    expectNoSecrets(run);
  });

  it("4. an unreachable API exits 1 and says which URL to check", async () => {
    const run = await drift("--api-url", "http://127.0.0.1:9");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "aigw drift: Could not reach the ngrok.ai API at http://127.0.0.1:9 (from --api-url)",
    );
    expectNoSecrets(run);
  });

  it("5. an unknown stack and a usage error exit 1, never 2 (2 means drift)", async () => {
    const unknown = await aigw(
      ["drift", "--stack", "nope", "--cwd", dir],
      h.sandbox.env,
      REPO_ROOT,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Could not read stack nope \(pulumi stack export exited \d+\)/);
    const usage = await aigw(
      ["drift", "--stack", "dev", "--no-such-flag"],
      h.sandbox.env,
      REPO_ROOT,
    );
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("unknown option '--no-such-flag'");
    const badFormat = await aigw(
      ["drift", "--stack", "dev", "--format", "xml"],
      h.sandbox.env,
      REPO_ROOT,
    );
    expect(badFormat.code).toBe(1);
    const noStack = await aigw(["drift"], h.sandbox.env, REPO_ROOT);
    expect(noStack.code).toBe(1);
    expect(noStack.stderr).toContain("--stack NAME");
  });
});
