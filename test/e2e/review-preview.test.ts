// `aigw review --preview` on the plan the real engine makes: a stack applies
// test/fixtures/preview/base.yaml (and an access key of the program's own, whose rotationTrigger is
// stack config), then the change is made (head.yaml, a new provider key secret, a new
// rotationTrigger) and `pulumi preview --json` writes the plan. The review must name the provider
// key rotation, the access key replacement and the deletion, among the other changes; its Markdown
// must equal test/fixtures/preview/review.md; and no secret of the change may appear in it.
//
// UPDATE_GOLDEN=1 rewrites the golden Markdown. AIGW_UPDATE_PREVIEW_FIXTURES=1 writes the fixtures
// the unit tests read (test/policy/review-preview.test.ts) from the same stack: the preview's JSON,
// its engine events (PULUMI_ENABLE_STREAMING_JSON_PREVIEW), the text of `pulumi preview --diff` and
// the JSON of a preview that fails (three more previews).
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CliRun, aigw } from "../drift/aigw-cli";
import { PLANNED_ACTIONS, PLANNED_COUNTS } from "../fixtures/preview/plan";
import { REPO_ROOT, initStack, pulumi, pulumiOk, writeProject } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";

const FIXTURES = join(REPO_ROOT, "test", "fixtures", "preview");
const UPDATE = process.env.AIGW_UPDATE_PREVIEW_FIXTURES === "1";
const PROJECT = "review-preview";
const STACK = "dev";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { AccessKey, applyGatewayFile } from "pulumi-ngrok-ai";

const gateway = applyGatewayFile();
const config = new pulumi.Config();
// A token rotated by replacement: a new rotationTrigger issues a new access key and token.
const batch = new AccessKey("batch-prod", {
  description: "Batch jobs",
  rotationTrigger: config.require("batchRotation"),
});

export const accessKeyTokens = gateway.accessKeyTokens;
export const batchToken = batch.token;
`;

const OLD_SECRETS = {
  openaiPrimary: "sk-proj-review-primary-AAAAAAAAAAAAAAAA-0001",
  anthropicMain: "sk-ant-api03-review-main-BBBBBBBBBBBBBB-0002",
};
const ROTATED_PRIMARY = "sk-proj-review-rotated-CCCCCCCCCCCCCCCC-0003";

/**
 * What varies from run to run in the review's Markdown: the stack's name where a URN holds it.
 * The review names objects by logical name and file position, so nothing else does.
 */
function normalised(markdown: string): string {
  return markdown.replace(/urn:pulumi:[^:]+::/g, "urn:pulumi:STACK::");
}

describe("aigw review --preview with the real engine's plan", () => {
  const h = useEngineHarness();
  let dir: string;
  const secrets = new Set<string>([...Object.values(OLD_SECRETS), ROTATED_PRIMARY]);

  /** `aigw review` of the change in the project directory, as a PR job runs it. */
  function review(...args: string[]): Promise<CliRun> {
    return aigw(
      ["review", "--base", "base.yaml", "gateway.yaml", "--policy", "policy.yaml", ...args],
      h.sandbox.env,
      dir,
    );
  }

  function expectNoSecrets(...texts: string[]): void {
    for (const text of texts) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toContain("ciphertext");
    }
  }

  beforeAll(async () => {
    secrets.add(h.emulator.apiKey);
    dir = join(h.sandbox.root, PROJECT);
    writeProject(dir, PROJECT, PROGRAM);
    copyFileSync(join(FIXTURES, "base.yaml"), join(dir, "gateway.yaml"));
    copyFileSync(join(FIXTURES, "policy.yaml"), join(dir, "policy.yaml"));
    await initStack(h.sandbox, dir, STACK, h.emulator, OLD_SECRETS);
    await pulumiOk(h.sandbox, dir, ["config", "set", "batchRotation", "2026-11"]);
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const out = await pulumiOk(h.sandbox, dir, ["stack", "output", "--json", "--show-secrets"]);
    const outputs = JSON.parse(out.stdout) as {
      accessKeyTokens: Record<string, string>;
      batchToken: string;
    };
    for (const token of [...Object.values(outputs.accessKeyTokens), outputs.batchToken]) {
      secrets.add(token);
    }

    // The change: the pull request's gateway.yaml, a rotated secret and a new rotationTrigger.
    copyFileSync(join(dir, "gateway.yaml"), join(dir, "base.yaml"));
    copyFileSync(join(FIXTURES, "head.yaml"), join(dir, "gateway.yaml"));
    await pulumiOk(h.sandbox, dir, ["config", "set", "--secret", "openaiPrimary", ROTATED_PRIMARY]);
    await pulumiOk(h.sandbox, dir, ["config", "set", "batchRotation", "2026-12"]);
    const preview = await pulumiOk(h.sandbox, dir, ["preview", "--json"]);
    writeFileSync(join(dir, "preview.json"), preview.stdout);
    if (UPDATE) await writeEngineFixtures(preview.stdout);
  });

  /** The unit tests' fixtures, from this stack and this change (AIGW_UPDATE_PREVIEW_FIXTURES=1). */
  async function writeEngineFixtures(previewJson: string): Promise<void> {
    writeFileSync(join(FIXTURES, "preview.json"), previewJson);
    const streamed = await pulumiOk(h.sandbox, dir, ["preview", "--json"], {
      PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
    });
    writeFileSync(join(FIXTURES, "preview-events.jsonl"), streamed.stdout);
    const diff = await pulumiOk(h.sandbox, dir, ["preview", "--diff"]);
    writeFileSync(join(FIXTURES, "preview-diff.txt"), diff.stdout);
    const head = readFileSync(join(dir, "gateway.yaml"), "utf8");
    writeFileSync(
      join(dir, "gateway.yaml"),
      head.replace("keys: [openai-primary]", "keys: [openai-primary, no-such-key]"),
    );
    const failed = await pulumi(h.sandbox, dir, ["preview", "--json"]);
    expect(failed.code).not.toBe(0);
    writeFileSync(join(FIXTURES, "preview-failed.json"), failed.stdout);
    writeFileSync(join(dir, "gateway.yaml"), head);
  }

  it("names the rotation, the replacement and the deletion, and the other changes, by logical name", async () => {
    const run = await review("--preview", "preview.json", "--format", "json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      plan: {
        changes: {
          logicalName: string;
          kind: string;
          action: string;
          id?: string;
          properties: { property: string }[];
          effect: string;
          declared?: { file: string; version: string };
        }[];
        counts: Record<string, number>;
        errors: string[];
      };
    };
    const byName = Object.fromEntries(report.plan.changes.map((c) => [c.logicalName, c]));
    const actions = Object.fromEntries(
      report.plan.changes.map((c) => [
        c.logicalName,
        `${c.action} ${c.kind}: ${c.properties.map((p) => p.property).join(", ")}`,
      ]),
    );
    expect(actions).toEqual(PLANNED_ACTIONS);
    // Deletions and replacements first.
    expect(report.plan.changes.slice(0, 2).map((c) => c.logicalName)).toEqual([
      "legacy-client",
      "batch-prod",
    ]);
    expect(report.plan.counts).toEqual(PLANNED_COUNTS);
    expect(report.plan.errors).toEqual([]);

    // The rotation keeps the key's id; the replacement's new token is what clients must pick up.
    const keys = await h.client.providerKeys.listAll();
    expect(byName["openai-primary"]?.id).toBe(keys.find((k) => k.name === "openai-primary")?.id);
    expect(byName["batch-prod"]?.effect).toMatch(/new token.*must pick up the new one/);
    expect(byName["legacy-client"]?.effect).toMatch(/token stops working/);
    // Objects of the files point at their declaration; the deleted one at the base's.
    expect(byName["legacy-client"]?.declared).toMatchObject({ file: "base.yaml", version: "base" });
    expect(byName["openai-primary"]?.declared).toMatchObject({ file: "gateway.yaml" });
    expect(byName["batch-prod"]?.declared).toBeUndefined();
    expectNoSecrets(run.stdout, run.stderr);
  });

  it("prints the Markdown of test/fixtures/preview/review.md, deletions and replacements marked, no secret in it", async () => {
    const run = await review("--preview", "preview.json", "--format", "markdown");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expectNoSecrets(run.stdout, readFileSync(join(dir, "preview.json"), "utf8"));
    const markdown = normalised(run.stdout);
    const golden = join(FIXTURES, "review.md");
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(golden, markdown);
    expect(markdown).toBe(readFileSync(golden, "utf8"));
    expect(markdown).toContain("> [!CAUTION]");
    expect(markdown).toMatch(/\| \*\*DELETE\*\* \| `legacy-client`/);
    expect(markdown).toMatch(/\| \*\*REPLACE\*\* \| `batch-prod`/);
    expect(markdown).toMatch(/\| rotate \| `openai-primary`/);
  });
});
