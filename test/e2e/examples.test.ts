// Every runnable example applies against the emulator, previews with no changes, and destroys.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadGatewayFile } from "../../sdk/gitops/load";
import { REPO_ROOT, copyProject, initStack, pulumi, pulumiOk } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";

const EXAMPLES = join(REPO_ROOT, "examples");
const RUNNABLE = readdirSync(EXAMPLES).filter((name) =>
  existsSync(join(EXAMPLES, name, "Pulumi.yaml")),
);

/** The secrets an example needs: `{secret}` and `{env}` of its gateway.yaml, or requireSecret calls. */
function neededSecrets(dir: string): { config: string[]; env: string[] } {
  const file = join(dir, "gateway.yaml");
  if (existsSync(file)) {
    const { model, diagnostics } = loadGatewayFile(file);
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
    await initStack(h.sandbox, dir, "example", h.emulator);
    for (const key of secrets.config) {
      await pulumiOk(h.sandbox, dir, [
        "config",
        "set",
        "--secret",
        key,
        `sk-example-${key}-0123456789`,
      ]);
    }
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

  it("fails a preview whose file breaks aigw:policy before any API call, with lint's finding", async () => {
    const dir = join(h.sandbox.root, "policy");
    copyProject(join(EXAMPLES, "basic"), dir);
    const widened = readFileSync(join(dir, "gateway.yaml"), "utf8").replace(
      '"openai:gpt-4.1"]',
      '"openai:gpt-4.1", "openai:o1-preview"]',
    );
    writeFileSync(join(dir, "gateway.yaml"), widened);
    writeFileSync(join(dir, "policy.yaml"), 'version: 1\nmodels:\n  deny: ["*:*-preview"]\n');
    await initStack(h.sandbox, dir, "policy", h.emulator);
    await pulumiOk(h.sandbox, dir, ["config", "set", "aigw:policy", "policy.yaml"]);
    await pulumiOk(h.sandbox, dir, [
      "config",
      "set",
      "--secret",
      "openaiKey",
      "sk-example-openaiKey-0123456789",
    ]);

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
    const dir = join(h.sandbox.root, "new-provider");
    copyProject(join(EXAMPLES, "basic"), dir);
    const gateway = readFileSync(join(dir, "gateway.yaml"), "utf8").replace(
      "accessKeyConfigurations:",
      "  fresh:\n    providerId: brand-new-provider\n    value: { secret: freshKey }\naccessKeyConfigurations:",
    );
    writeFileSync(join(dir, "gateway.yaml"), gateway);
    writeFileSync(join(dir, "policy.yaml"), 'version: 1\nmodels:\n  deny: ["*:*-preview"]\n');
    await initStack(h.sandbox, dir, "new-provider", h.emulator);
    await pulumiOk(h.sandbox, dir, ["config", "set", "aigw:policy", "policy.yaml"]);
    for (const key of ["openaiKey", "freshKey"]) {
      await pulumiOk(h.sandbox, dir, [
        "config",
        "set",
        "--secret",
        key,
        `sk-example-${key}-0123456789`,
      ]);
    }

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
