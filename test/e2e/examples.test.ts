// Every runnable example applies against the emulator, previews with no changes, and destroys.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadGateways } from "../../sdk/gitops/load";
import {
  REPO_ROOT,
  copyProject,
  initStack,
  installPackages,
  pulumi,
  pulumiOk,
} from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";

const EXAMPLES = join(REPO_ROOT, "examples");
const RUNNABLE = readdirSync(EXAMPLES).filter((name) =>
  existsSync(join(EXAMPLES, name, "Pulumi.yaml")),
);

/**
 * The secrets an example needs: `{secret}` and `{env}` of its gateway.yaml (or of the files of its
 * gateway/ directory), or requireSecret calls.
 */
function neededSecrets(dir: string): { config: string[]; env: string[] } {
  const file = [join(dir, "gateway.yaml"), join(dir, "gateway")].find((f) => existsSync(f));
  if (file !== undefined) {
    const { model, diagnostics } = loadGateways([file]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const sources = [...model.providerKeys.values()].map((k) => k.value.value);
    return {
      config: sources.flatMap((s) => (s.kind === "secret" ? [s.key] : [])),
      env: sources.flatMap((s) => (s.kind === "env" ? [s.variable] : [])),
    };
  }
  const program = readFileSync(join(dir, "index.ts"), "utf8");
  return {
    config: [...program.matchAll(/requireSecret\("([^"]+)"\)/g)].map((m) => m[1]!),
    env: [],
  };
}

/** Stack config secrets for an example's keys: `sk-example-<key>-0123456789` each. */
function exampleSecrets(keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, `sk-example-${key}-0123456789`]));
}

describe("examples", () => {
  const h = useEngineHarness();

  it("has the runnable examples the docs promise", () => {
    expect(RUNNABLE.sort()).toEqual([
      "basic",
      "custom-provider",
      "failover",
      "multi-team",
      "typescript",
    ]);
  });

  it.each(RUNNABLE)("applies examples/%s, previews no changes, and destroys", async (name) => {
    const dir = join(h.sandbox.root, name);
    copyProject(join(EXAMPLES, name), dir);
    const secrets = neededSecrets(dir);
    await initStack(h.sandbox, dir, "example", h.emulator, exampleSecrets(secrets.config));
    const env = Object.fromEntries(secrets.env.map((v) => [v, `sk-example-env-${v}-0123456789`]));

    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"], env);
    expect((await h.client.providerKeys.listAll()).length).toBeGreaterThan(0);
    const preview = await pulumi(h.sandbox, dir, ["preview", "--expect-no-changes"], env);
    expect({ code: preview.code, stdout: preview.stdout }).toMatchObject({ code: 0 });

    await pulumiOk(h.sandbox, dir, ["destroy", "--yes", "--skip-preview"], env);
    expect(await h.client.providerKeys.listAll()).toEqual([]);
    expect(await h.client.accessKeyConfigurations.listAll()).toEqual([]);
    expect(await h.client.accessKeys.listAll()).toEqual([]);
    expect(await h.client.providers.listAll()).toEqual([]);
  });
});

describe("the root GitOps stack", () => {
  const requests: string[] = [];
  const h = useEngineHarness({ logger: (line: string) => requests.push(line) });

  /**
   * examples/basic as stack `name`, its gateway.yaml changed by `edit`, with the config secrets
   * `keys` and aigw:policy naming a policy.yaml that denies `*:*-preview`.
   */
  async function basicUnderPolicy(
    name: string,
    edit: (gateway: string) => string,
    keys: readonly string[],
  ): Promise<{ dir: string; gateway: string }> {
    const dir = join(h.sandbox.root, name);
    copyProject(join(EXAMPLES, "basic"), dir);
    const gateway = edit(readFileSync(join(dir, "gateway.yaml"), "utf8"));
    writeFileSync(join(dir, "gateway.yaml"), gateway);
    writeFileSync(join(dir, "policy.yaml"), 'version: 1\nmodels:\n  deny: ["*:*-preview"]\n');
    await initStack(h.sandbox, dir, name, h.emulator, exampleSecrets(keys));
    await pulumiOk(h.sandbox, dir, ["config", "set", "aigw:policy", "policy.yaml"]);
    return { dir, gateway };
  }

  it("fails a preview of a broken file before any API call, naming every problem's file:line:column", async () => {
    const dir = join(h.sandbox.root, "broken");
    copyProject(join(EXAMPLES, "basic"), dir);
    const broken = readFileSync(join(dir, "gateway.yaml"), "utf8")
      .replace("keys: [openai]", "keys: [opnai]")
      .replace("value: { secret: openaiKey }", "value: sk-literal-secret-in-git-0000");
    writeFileSync(join(dir, "gateway.yaml"), broken);
    await initStack(h.sandbox, dir, "broken", h.emulator);

    requests.length = 0;
    const preview = await pulumi(h.sandbox, dir, ["preview"]);
    expect(preview.code).not.toBe(0);
    const output = preview.stdout + preview.stderr;
    expect(output).toMatch(/gateway\.yaml cannot be applied/);
    expect(output).toMatch(/gateway\.yaml:8:12: error plaintext-secret:/);
    expect(output).toMatch(
      /gateway\.yaml:\d+:\d+: error unknown-reference: .*opnai.*Did you mean "openai"/i,
    );
    expect(output).not.toContain("sk-literal-secret-in-git-0000");
    expect(requests).toEqual([]);
  });

  it("applies a directory of team files named by aigw:file, by logical names, and fails on a name declared twice", async () => {
    // A project whose program is the package's root stack program, as the README describes.
    const dir = join(h.sandbox.root, "teams");
    mkdirSync(dir, { recursive: true });
    cpSync(join(EXAMPLES, "multi-team", "gateway"), join(dir, "gateway"), { recursive: true });
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      "name: aigw-teams\nruntime: nodejs\nmain: node_modules/pulumi-ngrok-ai/dist/stack.js\n",
    );
    installPackages(dir);
    await initStack(
      h.sandbox,
      dir,
      "teams",
      h.emulator,
      exampleSecrets(["openaiShared", "anthropicShared"]),
    );
    await pulumiOk(h.sandbox, dir, ["config", "set", "aigw:file", "gateway"]);

    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    const names = (await h.client.accessKeyConfigurations.listAll()).map((c) => c.name).sort();
    expect(names).toEqual(["research", "search", "support"]);
    const exported = await pulumiOk(h.sandbox, dir, ["stack", "export"]);
    const urns = (
      JSON.parse(exported.stdout) as { deployment: { resources: { urn: string }[] } }
    ).deployment.resources.map((r) => r.urn);
    // Logical names stay the resource names, whichever file declares them.
    expect(
      urns
        .filter((u) => u.includes("ngrok-ai:AccessKey::"))
        .map((u) => u.split("::")[3])
        .sort(),
    ).toEqual(["research-notebooks", "search-prod", "search-staging", "support-prod"]);
    const preview = await pulumi(h.sandbox, dir, ["preview", "--expect-no-changes"]);
    expect({ code: preview.code, stdout: preview.stdout.slice(-2000) }).toMatchObject({ code: 0 });

    // A second declaration of `search` in another team's file fails before any API call.
    writeFileSync(
      join(dir, "gateway", "support.yaml"),
      readFileSync(join(dir, "gateway", "support.yaml"), "utf8").replace(
        "  support:\n",
        "  search: {}\n  support:\n",
      ),
    );
    requests.length = 0;
    const broken = await pulumi(h.sandbox, dir, ["preview"]);
    expect(broken.code).not.toBe(0);
    const output = broken.stdout + broken.stderr;
    expect(output).toMatch(
      /gateway\/search\.yaml:6:3: error duplicate-name: accessKeyConfigurations\.search is also declared in .*gateway\/support\.yaml:6:3/,
    );
    expect(output).toMatch(
      /gateway\/support\.yaml:6:3: error duplicate-name: accessKeyConfigurations\.search is also declared in .*gateway\/search\.yaml:6:3/,
    );
    expect(requests).toEqual([]);
    await pulumiOk(h.sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
  });

  it("fails a preview whose file breaks aigw:policy before any API call, with lint's finding", async () => {
    const { dir, gateway: widened } = await basicUnderPolicy(
      "policy",
      (gateway) => gateway.replace('"openai:gpt-4.1"]', '"openai:gpt-4.1", "openai:o1-preview"]'),
      ["openaiKey"],
    );

    requests.length = 0;
    const preview = await pulumi(h.sandbox, dir, ["preview"]);
    expect(preview.code).not.toBe(0);
    const output = preview.stdout + preview.stderr;
    expect(output).toMatch(/gateway\.yaml:\d+:\d+: error disallowed-model: .*openai:o1-preview/);
    expect(output).toMatch(/\*:\*-preview/);
    expect(requests).toEqual([]);

    // Waived inline with a reason and a date, the same file applies.
    writeFileSync(
      join(dir, "gateway.yaml"),
      widened.replace(
        '"openai:o1-preview"] }',
        '"openai:o1-preview"] } # aigw-ignore disallowed-model until 2099-01-31: evaluation approved in SEC-123',
      ),
    );
    const waived = await pulumi(h.sandbox, dir, ["preview"]);
    expect({ code: waived.code, output: waived.stdout.slice(-2000) }).toMatchObject({ code: 0 });
  });
  it("previews a key for a provider the catalog lacks with a warning, under aigw:policy, and knows it with aigw:catalog", async () => {
    const { dir } = await basicUnderPolicy(
      "new-provider",
      (gateway) =>
        gateway.replace(
          "accessKeyConfigurations:",
          "  fresh:\n    providerId: brand-new-provider\n    value: { secret: freshKey }\naccessKeyConfigurations:",
        ),
      ["openaiKey", "freshKey"],
    );

    const preview = await pulumi(h.sandbox, dir, ["preview"]);
    const output = preview.stdout + preview.stderr;
    expect({ code: preview.code, output: output.slice(-3000) }).toMatchObject({ code: 0 });
    expect(output).toMatch(
      /gateway\.yaml:\d+:\d+: warn unknown-provider: providerKeys\.fresh\.providerId "brand-new-provider" is not a built-in provider of the model catalog of 2026-08-07/,
    );

    writeFileSync(
      join(dir, "catalog.json"),
      JSON.stringify({
        kind: "overlay",
        date: "2026-12-01",
        source: {},
        providers: [{ id: "brand-new-provider" }],
        models: [],
      }),
    );
    await pulumiOk(h.sandbox, dir, ["config", "set", "aigw:catalog", "catalog.json"]);
    const known = await pulumi(h.sandbox, dir, ["preview"]);
    expect(known.code).toBe(0);
    expect(known.stdout + known.stderr).not.toContain("unknown-provider");
  });
});
