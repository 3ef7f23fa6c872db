// The CrossGuard policy pack shipped in pulumi-ngrok-ai, under the real engine against the
// emulator: a TypeScript program that uses the resources directly and lets a client reach a
// denied model fails `pulumi preview --policy-pack` before any API write; a waiver in policy.yaml
// lets it pass; `pulumi policy analyze` reports the same on the applied stack; and the pack
// reports what `aigw lint` reports for the equivalent gateway.yaml.
//
// Why a runtime shim: the pack ships with `runtime: nodejs`, which release CLIs (>= 3.221) run
// through their bundled Node language host (`RunPlugin`). The engine built here carries the v3.68
// Node language host, whose `RunPlugin` answers "not supported", so a `runtime: nodejs` pack
// cannot run on it. When no language host of a pack's runtime exists, the engine falls back to an
// executable `pulumi-analyzer-policy-<runtime>` on PATH. So this test runs the same pack (the same
// package.json, the same compiled code) under a test-only runtime name whose launcher starts
// `@pulumi/pulumi/cmd/run-policy-pack`, as the pre-3.221 `pulumi-analyzer-policy` script did. The
// engine sets PULUMI_NODEJS_PROJECT / PULUMI_NODEJS_STACK only for runtime `nodejs`, so the
// launcher sets them from PULUMI_PROJECT / PULUMI_STACK.
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseGateway } from "../../sdk/gitops/load";
import { lintGateways } from "../../sdk/policy/lint";
import { parsePolicy } from "../../sdk/policy/policy";
import { POLICY_RULE_IDS } from "../../sdk/policy/types";
import { REPO_ROOT, initStack, pulumi, pulumiOk, writeProject } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";
import { programHead, providerKeySource } from "./helpers/programs";

const PROGRAM = [
  programHead(["AccessKey", "AccessKeyConfiguration", "ProviderKey"]),
  providerKeySource("primary", "openai-primary", "openai", "openaiPrimary"),
  providerKeySource("backup", "openai-backup", "openai", "openaiBackup"),
  `const research = new AccessKeyConfiguration("research", {
  access: {
    providers: { allow: ["openai"] },
    models: { allow: ["openai:gpt-4o-mini", "openai:o1-preview"] },
  },
  router: {
    rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: primary.id }, { id: backup.id }] }, { type: "ngrok" }] }],
  },
});
new AccessKey("research-key", { accessKeyConfigurationId: research.id });
`,
].join("");

/** The same declaration as gateway.yaml, for `aigw lint`. */
const GATEWAY = `version: 1
providerKeys:
  openai-primary:
    providerId: openai
    value: { secret: openaiPrimary }
  openai-backup:
    providerId: openai
    value: { secret: openaiBackup }
accessKeyConfigurations:
  research:
    access:
      providers: { allow: [openai] }
      models: { allow: ["openai:gpt-4o-mini", "openai:o1-preview"] }
    router:
      rules:
        - provider: openai
          steps:
            - type: user
              keys: [openai-primary, openai-backup]
            - type: ngrok
accessKeys:
  research-key:
    configuration: research
`;

const POLICY = `version: 1
models:
  deny: ["openai:gpt-4-32k", "*:*-preview"]
providers:
  deny: [deepseek]
`;

const WAIVER = `${POLICY}waivers:
  - rule: disallowed-model
    target: accessKeyConfigurations.research
    reason: o1-preview evaluation, SEC-42
    expires: "2099-12-31"
`;

const SECRETS = {
  openaiPrimary: "sk-proj-pack-primary-AAAAAAAAAAAAAAAA-0001",
  openaiBackup: "sk-proj-pack-backup-BBBBBBBBBBBBBBBBB-0002",
};

/** The test-only runtime name of the shim (see the comment at the top). */
const SHIM_RUNTIME = "aigw-e2e-policy";

/** The output of a pulumi run. */
interface RunOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** The violations a policy run printed, as `[level] rule (resource)` lines. */
function violations(run: RunOutput): { level: string; rule: string; resource: string }[] {
  const found: { level: string; rule: string; resource: string }[] = [];
  for (const m of `${run.stdout}${run.stderr}`.matchAll(
    /\[(mandatory|advisory)\]\s+(\S+)\s+\(([^)]*)\)/g,
  )) {
    found.push({ level: m[1]!, rule: m[2]!, resource: m[3]! });
  }
  return found;
}

/** The rule ids of the violations a policy run printed. */
function ruleIds(run: RunOutput): string[] {
  return violations(run).map((v) => v.rule);
}

describe("the policy pack under the real engine", () => {
  const requests: string[] = [];
  const h = useEngineHarness({ logger: (line: string) => requests.push(line) });
  let dir: string;
  let pack: string;
  let env: NodeJS.ProcessEnv;
  let policyFile: string;
  let packConfig: string;

  const writes = (): string[] => requests.filter((line) => !/^(GET|HEAD) /.test(line));

  /** Writes policy.yaml, the pack config naming it for every rule. */
  function usePolicy(text: string): void {
    writeFileSync(policyFile, text);
  }

  beforeAll(async () => {
    dir = join(h.sandbox.root, "app");
    writeProject(dir, "aigw-pack-app", PROGRAM);
    await initStack(h.sandbox, dir, "dev", h.emulator, SECRETS);

    // The shipped pack, as installed, beside a copy under the shim runtime (same main, same code).
    const installed = join(dir, "node_modules", "pulumi-ngrok-ai");
    const shipped = readFileSync(join(installed, "policy-pack", "PulumiPolicy.yaml"), "utf8");
    expect(shipped).toMatch(/^runtime: nodejs$/m);
    pack = join(installed, "policy-pack-e2e");
    mkdirSync(pack);
    cpSync(join(installed, "policy-pack", "package.json"), join(pack, "package.json"));
    writeFileSync(
      join(pack, "PulumiPolicy.yaml"),
      shipped.replace(/^runtime: nodejs$/m, `runtime: ${SHIM_RUNTIME}`),
    );

    const bin = join(h.sandbox.root, "shim-bin");
    mkdirSync(bin);
    const launcher = join(bin, `pulumi-analyzer-policy-${SHIM_RUNTIME}`);
    const runPolicyPack = join(
      REPO_ROOT,
      "node_modules",
      "@pulumi",
      "pulumi",
      "cmd",
      "run-policy-pack",
    );
    writeFileSync(
      launcher,
      [
        "#!/bin/sh",
        'export PULUMI_NODEJS_PROJECT="${PULUMI_NODEJS_PROJECT:-$PULUMI_PROJECT}"',
        'export PULUMI_NODEJS_STACK="${PULUMI_NODEJS_STACK:-$PULUMI_STACK}"',
        `exec node "${runPolicyPack}" "$@"`,
        "",
      ].join("\n"),
    );
    chmodSync(launcher, 0o755);
    env = { PATH: `${bin}:${h.sandbox.env.PATH ?? ""}` };

    policyFile = join(h.sandbox.root, "policy.yaml");
    packConfig = join(h.sandbox.root, "policy-pack-config.json");
    writeFileSync(
      packConfig,
      JSON.stringify(Object.fromEntries(POLICY_RULE_IDS.map((id) => [id, { policyFile }]))),
    );
  });

  /** The configuration the policy denies, as a violation names it. */
  const RESEARCH = "pulumi-nodejs:dynamic/ngrok-ai:AccessKeyConfiguration: research";

  /**
   * Expects `run` to have failed with a mandatory disallowed-model on research's
   * access.models.allow[1], with no API write since `before` writes; returns its output.
   */
  function expectDenied(run: RunOutput & { readonly code: number }, before: number): string {
    const output = `${run.stdout}${run.stderr}`;
    expect(run.code).not.toBe(0);
    expect(violations(run)).toContainEqual({
      level: "mandatory",
      rule: "disallowed-model",
      resource: RESEARCH,
    });
    expect(output).toContain("resource research, property access.models.allow[1]");
    expect(writes().length).toBe(before);
    return output;
  }

  const previewWithPack = () =>
    pulumi(
      h.sandbox,
      dir,
      ["preview", "--policy-pack", pack, "--policy-pack-config", packConfig],
      env,
    );

  it("fails preview with disallowed-model on the configuration, before any API write", async () => {
    usePolicy(POLICY);
    const before = writes().length;
    const output = expectDenied(await previewWithPack(), before);
    expect(output).toContain("openai:o1-preview");
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
  });

  it("reports what aigw lint reports for the same declaration as gateway.yaml", async () => {
    usePolicy(POLICY);
    const lint = lintGateways(
      [parseGateway(GATEWAY, "gateway.yaml")],
      parsePolicy(POLICY, "policy.yaml").policy!,
    );
    const expected = lint.findings
      .filter((f) => !f.waived)
      .map((f) => ({ rule: f.rule, level: f.severity === "error" ? "mandatory" : "advisory" }));
    expect(expected).toContainEqual({ rule: "disallowed-model", level: "mandatory" });
    const run = await previewWithPack();
    const reported = violations(run).map(({ rule, level }) => ({
      rule,
      level,
    }));
    const key = (v: { rule: string; level: string }): string => `${v.rule}/${v.level}`;
    expect(reported.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it("turns warn into an advisory violation that lets preview pass, and off into none", async () => {
    usePolicy(`${POLICY}rules:\n  disallowed-model: warn\n`);
    const warned = await previewWithPack();
    expect(warned.code).toBe(0);
    expect(violations(warned)).toContainEqual({
      level: "advisory",
      rule: "disallowed-model",
      resource: RESEARCH,
    });
    usePolicy(`${POLICY}rules:\n  disallowed-model: "off"\n`);
    const off = await previewWithPack();
    expect(off.code).toBe(0);
    expect(ruleIds(off)).not.toContain("disallowed-model");
  });

  it("passes preview with a waiver in policy.yaml, by <section>.<logical name>", async () => {
    usePolicy(WAIVER);
    const run = await previewWithPack();
    expect(run.code).toBe(0);
    expect(ruleIds(run)).not.toContain("disallowed-model");
  });

  it("reports the same with pulumi policy analyze on the applied stack", async () => {
    usePolicy(WAIVER);
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);
    expect(await h.client.accessKeyConfigurations.listAll()).toHaveLength(1);
    const args = ["policy", "analyze", "--policy-pack", pack, "--policy-pack-config", packConfig];
    const waived = await pulumi(h.sandbox, dir, args, env);
    expect({ code: waived.code, out: waived.stdout }).toMatchObject({ code: 0 });
    usePolicy(POLICY);
    const before = writes().length;
    expectDenied(await pulumi(h.sandbox, dir, args, env), before);
    await pulumiOk(h.sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
  });
});
