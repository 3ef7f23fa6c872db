// Stacks written by pulumi-ngrok-ai 0.1.0 keep working with this version. The fixtures in
// test/fixtures/state/v0.1.0 are `pulumi stack export`s of stacks that 0.1.0 applied (see
// capture.sh there): their resources store 0.1.0's serialized providers, which require
// `pulumi-ngrok-ai/dist/resources/providers/<kind>` (installed layout) or
// `pulumi-ngrok-ai/dist/resources/impl/<kind>` (workspace layout). The engine runs those stored
// texts for refresh and destroy, so this test keeps them as they are and only points them at live
// objects: it applies the same gateway.yaml with this version (creating the objects), then replaces
// the stack's state with the fixture, each 0.1.0 id swapped for the id of the object of the same
// URN. Preview, refresh, an update and destroy then run against state exactly as 0.1.0 wrote it.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEmulator, type Emulator } from "aigw-emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import {
  type PulumiSandbox,
  REPO_ROOT,
  createSandbox,
  installPackages,
  pulumi,
  pulumiOk,
  writeProject,
} from "./helpers/engine";

const FIXTURES = join(REPO_ROOT, "test", "fixtures", "state", "v0.1.0");
const API_KEY = "compat-api-key";
const ROTATED = "sk-healthy-compat-rotated-0000000000";

interface StateResource {
  readonly urn: string;
  readonly id?: string;
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}
interface Deployment {
  readonly deployment: { readonly resources: readonly StateResource[] };
}

/**
 * The fixture's state pointed at the live objects: each resource's id replaced by the id the live
 * stack gave that URN, and the API URL its default provider recorded (the stack config of the
 * capture) replaced by the emulator's, as a refresh that does not run the program reads it.
 */
function fixtureOnLiveIds(fixture: string, live: Deployment, apiUrl: string): string {
  const fixtureResources = (JSON.parse(fixture) as Deployment).deployment.resources;
  const liveIds = new Map(live.deployment.resources.map((r) => [r.urn, r.id]));
  const recordedUrl = fixtureResources.find((r) => r.type === "pulumi:providers:pulumi-nodejs")
    ?.inputs?.["ngrok-ai:apiUrl"];
  if (typeof recordedUrl !== "string") throw new Error("the fixture records no ngrok-ai:apiUrl");
  let text = fixture.split(JSON.stringify(recordedUrl)).join(JSON.stringify(apiUrl));
  for (const resource of fixtureResources) {
    const liveId = liveIds.get(resource.urn);
    if (resource.id === undefined || resource.id === "") continue;
    if (liveId === undefined) throw new Error(`the live stack has no ${resource.urn}`);
    // Ids are random (`aigpk_…`, uuids) or the fixed `gateway-config`, the same on both sides.
    text = text.split(JSON.stringify(resource.id)).join(JSON.stringify(liveId));
    text = text.split(`::${resource.id}"`).join(`::${liveId}"`);
  }
  return text;
}

function providerTexts(state: Deployment): Map<string, unknown> {
  return new Map(
    state.deployment.resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
      .map((r) => [r.urn, r.outputs?.__provider]),
  );
}

describe.each(["installed", "workspace"])("a stack written by 0.1.0 (%s layout)", (layout) => {
  let emulator: Emulator;
  let sandbox: PulumiSandbox;
  let client: GatewayClient;
  let dir: string;
  const fixtureText = readFileSync(join(FIXTURES, `${layout}.json`), "utf8");
  const fixture = JSON.parse(fixtureText) as Deployment;

  beforeAll(async () => {
    emulator = await createEmulator({ db: ":memory:", apiKey: API_KEY });
    client = new GatewayClient({ baseUrl: emulator.url, apiKey: API_KEY });
    sandbox = createSandbox({ PULUMI_CONFIG_PASSPHRASE: "aigw-compat" });
    dir = join(sandbox.root, "compat");
    // The project of capture.sh, with this version of the package installed.
    mkdirSync(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), "name: aigw-compat\nruntime: nodejs\nmain: index.js\n");
    writeFileSync(join(dir, "package.json"), '{ "name": "aigw-compat", "private": true }\n');
    writeFileSync(
      join(dir, "index.js"),
      'module.exports = require("pulumi-ngrok-ai").applyGatewayFile();\n',
    );
    copyFileSync(join(FIXTURES, "gateway.yaml"), join(dir, "gateway.yaml"));
    installPackages(dir);
    await pulumiOk(sandbox, dir, ["stack", "init", "compat"]);
    // The fixture stack's config: its encryption salt decrypts the secrets in its state.
    copyFileSync(join(FIXTURES, `stack-config.${layout}.yaml`), join(dir, "Pulumi.compat.yaml"));
    await pulumiOk(sandbox, dir, ["config", "set", "ngrok-ai:apiUrl", emulator.url]);
    await pulumiOk(sandbox, dir, ["config", "set", "--secret", "ngrok-ai:apiKey", API_KEY]);
  });

  afterAll(async () => {
    await emulator?.close();
    sandbox?.dispose();
  });

  it("holds 0.1.0's serialized providers (the texts this test is about)", () => {
    const texts = [...providerTexts(fixture).values()].map((t) => JSON.stringify(t));
    expect(texts).toHaveLength(10);
    const path = layout === "installed" ? "dist/resources/providers/" : "dist/resources/impl/";
    for (const text of texts) expect(text).toContain(`pulumi-ngrok-ai/${path}`);
  });

  it("takes the 0.1.0 state over the live objects", async () => {
    await pulumiOk(sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const live = JSON.parse(
      (await pulumiOk(sandbox, dir, ["stack", "export"])).stdout,
    ) as Deployment;
    const file = join(sandbox.root, "fixture-state.json");
    writeFileSync(file, fixtureOnLiveIds(fixtureText, live, emulator.url));
    await pulumiOk(sandbox, dir, ["stack", "import", "--file", file]);
    const imported = JSON.parse(
      (await pulumiOk(sandbox, dir, ["stack", "export"])).stdout,
    ) as Deployment;
    expect(providerTexts(imported)).toEqual(providerTexts(fixture));
  });

  it("previews with no changes", async () => {
    const result = await pulumi(sandbox, dir, ["preview", "--expect-no-changes"]);
    expect(result.stderr + result.stdout).not.toMatch(/error/i);
    expect(result.code).toBe(0);
  });

  it("refreshes with no changes, running 0.1.0's stored providers", async () => {
    const result = await pulumi(sandbox, dir, ["refresh", "--yes", "--expect-no-changes"]);
    if (result.code !== 0) throw new Error(result.stdout + result.stderr);
    const after = JSON.parse(
      (await pulumiOk(sandbox, dir, ["stack", "export"])).stdout,
    ) as Deployment;
    // Refresh kept the stored texts and read the live objects through them.
    expect(providerTexts(after)).toEqual(providerTexts(fixture));
    const key = after.deployment.resources.find((r) => r.urn.endsWith("::openai-primary"));
    const liveKey = await client.providerKeys.get(String(key?.id));
    expect(key?.outputs?.updatedAt).toBe(liveKey.updatedAt);
  });

  it("updates in place: a rotation keeps the id, a description changes", async () => {
    const before = await client.providerKeys.listAll();
    const primary = before.find((k) => k.name === "openai-primary");
    await pulumiOk(sandbox, dir, ["config", "set", "--secret", "openaiPrimary", ROTATED]);
    const yaml = readFileSync(join(dir, "gateway.yaml"), "utf8");
    writeFileSync(
      join(dir, "gateway.yaml"),
      yaml.replace("description: Search service\n", "description: Search service (2)\n"),
    );
    await pulumiOk(sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const after = await client.providerKeys.get(String(primary?.id));
    expect(after.keyRedacted).toBe("sk-healthy***0000");
    expect(after.updatedAt).not.toBe(primary?.updatedAt);
    const configurations = await client.accessKeyConfigurations.listAll();
    expect(configurations.find((c) => c.name === "search-team")?.description).toBe(
      "Search service (2)",
    );
    expect((await client.providerKeys.listAll()).map((k) => k.id).sort()).toEqual(
      before.map((k) => k.id).sort(),
    );
    const preview = await pulumi(sandbox, dir, ["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
  });

  it("destroys every object, through 0.1.0's providers where the state still holds them", async () => {
    const state = JSON.parse(
      (await pulumiOk(sandbox, dir, ["stack", "export"])).stdout,
    ) as Deployment;
    const stillOld = [...providerTexts(state)].filter(
      ([urn, text]) => JSON.stringify(text) === JSON.stringify(providerTexts(fixture).get(urn)),
    );
    expect(stillOld.length).toBeGreaterThan(0);
    await pulumiOk(sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
    expect(await client.providerKeys.listAll()).toEqual([]);
    expect(await client.accessKeyConfigurations.listAll()).toEqual([]);
    expect(await client.accessKeys.listAll()).toEqual([]);
    expect(await client.providers.listAll()).toEqual([]);
  });
});

// What this version stores must stay loadable by later versions the same way: a user's state holds
// a reference to `pulumi-ngrok-ai/dist/resources/providers/<kind>.js`, the path 0.1.0 stored, which
// the package's exports map keeps resolving.
describe("the providers this version stores", () => {
  let sandbox: PulumiSandbox;

  beforeAll(() => {
    sandbox = createSandbox();
  });

  afterAll(() => {
    sandbox?.dispose();
  });

  it("serializes each resource provider as a reference to the module 0.1.0 stored, under 2 KB, with no absolute path, and loads it back", () => {
    const dir = join(sandbox.root, "serialize-project");
    writeProject(dir, "aigw-serialize", "export {};\n");
    // A plain node process in a user's layout: jest's module registry would distort the closure.
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const kinds = ["provider-key", "access-key-configuration", "access-key", "provider", "gateway-config"];
      (async () => {
        const out = [];
        for (const kind of kinds) {
          const provider = require("pulumi-ngrok-ai/dist/resources/providers/" + kind);
          const s = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
          const loaded = require("require-from-string")(s.text).handler();
          const methods = ["configure", "check", "diff", "create", "read", "update", "delete"]
            .filter((m) => typeof loaded[m] === "function");
          out.push({ kind, text: s.text, containsSecrets: s.containsSecrets, methods });
        }
        process.stdout.write(JSON.stringify(out));
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
    const result = spawnSync(process.execPath, ["-e", script], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NODE_NO_WARNINGS: "1" },
    });
    expect(result.stderr).toBe("");
    const providers = JSON.parse(result.stdout) as {
      kind: string;
      text: string;
      containsSecrets: boolean;
      methods: string[];
    }[];
    expect(providers).toHaveLength(5);
    for (const p of providers) {
      expect(Buffer.byteLength(p.text)).toBeLessThanOrEqual(2048);
      expect(p.containsSecrets).toBe(false);
      expect(p.text).not.toContain(REPO_ROOT);
      expect(p.text).not.toContain(sandbox.root);
      expect(p.text).not.toMatch(/["'`]\/(?:tmp|work|home|root|Users)\//);
      expect(p.text).toContain(`pulumi-ngrok-ai/dist/resources/providers/${p.kind}`);
      expect(p.methods).toEqual([
        "configure",
        "check",
        "diff",
        "create",
        "read",
        "update",
        "delete",
      ]);
    }
  });
});
