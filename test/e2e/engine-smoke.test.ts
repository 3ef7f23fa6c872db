// The real Pulumi engine runs our provider-loading pattern from a project at an arbitrary path:
// a dynamic provider whose methods require pulumi-ngrok-ai by package name inside each method.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import {
  type PulumiSandbox,
  REPO_ROOT,
  createSandbox,
  pulumi,
  pulumiBinDir,
  pulumiOk,
  writeProject,
} from "./helpers/engine";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";

interface ProbeInputs { model: string }

// Captures nothing: each method loads the implementation from the installed package.
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: ProbeInputs) {
    const sdk = require("pulumi-ngrok-ai");
    const ref = sdk.parseModelName(inputs.model);
    return {
      id: "probe-" + ref.provider + "-" + ref.model,
      outs: { model: inputs.model, providerId: ref.provider, sdkVersion: sdk.VERSION },
    };
  },
  async diff(_id: string, olds: ProbeInputs, news: ProbeInputs) {
    const sdk = require("pulumi-ngrok-ai");
    return { changes: !sdk.sameModel(olds.model, news.model) };
  },
  async delete() {
    require("pulumi-ngrok-ai");
  },
};

class Probe extends pulumi.dynamic.Resource {
  declare readonly providerId: pulumi.Output<string>;
  declare readonly sdkVersion: pulumi.Output<string>;
  constructor(name: string, args: { model: pulumi.Input<string> }) {
    super(provider, name, { ...args, providerId: undefined, sdkVersion: undefined }, {}, "ngrok-ai", "Probe");
  }
}

const probe = new Probe("probe", { model: "openai/gpt-4o" });
export const probeId = probe.id;
export const providerId = probe.providerId;
export const sdkVersion = probe.sdkVersion;
`;

function sdkVersion(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "sdk", "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

describe("the Pulumi engine", () => {
  let sandbox: PulumiSandbox;

  beforeAll(() => {
    sandbox = createSandbox();
  });

  afterAll(() => {
    sandbox.dispose();
  });

  it("runs a TypeScript project whose provider loads pulumi-ngrok-ai by package name: up, preview with no changes, destroy", async () => {
    const dir = join(sandbox.root, "file-project");
    writeProject(dir, "aigw-smoke", PROGRAM);
    await pulumiOk(sandbox, dir, ["stack", "init", "smoke"]);

    const up = await pulumiOk(sandbox, dir, ["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/2 created/);

    const outputs = JSON.parse(
      (await pulumiOk(sandbox, dir, ["stack", "output", "--json"])).stdout,
    ) as Record<string, string>;
    expect(outputs).toEqual({
      probeId: "probe-openai-gpt-4o",
      providerId: "openai",
      sdkVersion: sdkVersion(),
    });

    const preview = await pulumi(sandbox, dir, ["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/2 unchanged/);

    await pulumiOk(sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
    const state = JSON.parse((await pulumiOk(sandbox, dir, ["stack", "export"])).stdout) as {
      deployment: { resources?: unknown[] };
    };
    expect(state.deployment.resources ?? []).toHaveLength(0);
  });

  it("reports a change to the program as exit code 7 under --expect-no-changes", async () => {
    const dir = join(sandbox.root, "changed-project");
    writeProject(dir, "aigw-smoke-changed", PROGRAM);
    await pulumiOk(sandbox, dir, ["stack", "init", "changed"]);
    await pulumiOk(sandbox, dir, ["up", "--yes", "--skip-preview"]);

    writeProject(dir, "aigw-smoke-changed", PROGRAM.replace("openai/gpt-4o", "openai:gpt-4.1"));
    const preview = await pulumi(sandbox, dir, ["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(7);

    await pulumiOk(sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
  });

  it("runs the same project through the Automation API", async () => {
    const dir = join(sandbox.root, "automation-project");
    writeProject(dir, "aigw-smoke-automation", PROGRAM);
    const pulumiCommand = await PulumiCommand.get({ root: dirname(pulumiBinDir()) });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "automation", workDir: dir },
      {
        pulumiCommand,
        pulumiHome: sandbox.env.PULUMI_HOME!,
        envVars: Object.fromEntries(
          Object.entries(sandbox.env).filter((e): e is [string, string] => e[1] !== undefined),
        ),
      },
    );

    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.sdkVersion?.value).toBe(sdkVersion());

    const preview = await stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 2 });

    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
  });
});
