// Empty labels: the API gives back `""` for a description or metadata set to `""`, and the state
// records such a label as absent. The two must compare equal, or every preview proposes an update.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initStack, installPackages, pulumi, pulumiOk } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";

/** A gateway whose every kind with labels has them, each `description` being `describe`. */
function gateway(describe: string): string {
  const d = JSON.stringify(describe);
  return `version: 1
providers:
  local:
    providerId: local-llm
    baseUrl: https://llm.internal
    metadata: ""
providerKeys:
  primary:
    providerId: openai
    description: ${d}
    metadata: ""
    value: { secret: primaryKey }
accessKeyConfigurations:
  search:
    description: ${d}
    metadata: ""
    router:
      rules:
        - provider: openai
          steps: [{ type: user, keys: [primary] }, { type: ngrok }]
accessKeys:
  search-prod:
    description: ${d}
    metadata: ""
    configuration: search
`;
}

describe("empty descriptions and metadata", () => {
  const h = useEngineHarness();

  it("apply, refresh and preview with no changes, and an emptied description is one update", async () => {
    const dir = join(h.sandbox.root, "empty-labels");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      "name: aigw-empty-labels\nruntime: nodejs\nmain: node_modules/pulumi-ngrok-ai/dist/stack.js\n",
    );
    writeFileSync(join(dir, "gateway.yaml"), gateway(""));
    installPackages(dir);
    await initStack(h.sandbox, dir, "labels", h.emulator, {
      primaryKey: "sk-empty-labels-0123456789abcdef",
    });

    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const noChanges = async (): Promise<void> => {
      const preview = await pulumi(h.sandbox, dir, ["preview", "--diff", "--expect-no-changes"]);
      expect({ code: preview.code, stdout: preview.stdout.slice(-1500) }).toMatchObject({
        code: 0,
      });
    };
    await noChanges();
    await pulumiOk(h.sandbox, dir, ["refresh", "--yes", "--skip-preview"]);
    await noChanges();

    // A description set, then emptied again: the API holds "" and the next preview is quiet.
    writeFileSync(join(dir, "gateway.yaml"), gateway("Search service"));
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    expect((await h.client.accessKeys.listAll()).map((k) => k.description)).toEqual([
      "Search service",
    ]);
    writeFileSync(join(dir, "gateway.yaml"), gateway(""));
    const emptied = await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    expect(emptied.stdout).toMatch(/3 updated/);
    expect((await h.client.accessKeys.listAll()).map((k) => k.description ?? "")).toEqual([""]);
    expect((await h.client.providerKeys.listAll()).map((k) => k.description ?? "")).toEqual([""]);
    await noChanges();

    await pulumiOk(h.sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
  });
});
