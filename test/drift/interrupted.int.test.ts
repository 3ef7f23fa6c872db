// detectDrift on a stack an interrupted `pulumi up` left behind (pending creates in the state,
// their objects in the account), with a stand-in for the pulumi CLI. Before, such a stack was
// reported as "No drift" unless --include-unmanaged was given, and then only as unmanaged objects.
import { createEmulator, type Emulator } from "../../emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import type { AccessKeyConfiguration } from "../../sdk/client/types";
import { getValidator } from "../../sdk/core/schema";
import { DRIFT_FORMATTERS } from "../../sdk/drift/formatters";
import { DRIFT_REPORT_SCHEMA_FILE } from "../../sdk/drift/report";
import { detectDrift } from "../../sdk/drift/run";
import type { PulumiRunner } from "../../sdk/drift/state";
import { pendingOperation, recordedConfiguration, stackDocument, urnOf } from "./fixtures";

describe("detectDrift on an interrupted update", () => {
  let emulator: Emulator;
  let client: GatewayClient;
  let recorded: AccessKeyConfiguration;
  let orphan: AccessKeyConfiguration;
  let exported: string;
  const validate = getValidator(undefined, DRIFT_REPORT_SCHEMA_FILE);

  const runner: PulumiRunner = (args) =>
    Promise.resolve(
      args[0] === "stack"
        ? { code: 0, stdout: exported, stderr: "" }
        : { code: 255, stdout: "", stderr: "error: configuration key not found" },
    );

  beforeAll(async () => {
    emulator = await createEmulator({ db: ":memory:" });
    client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    recorded = await client.accessKeyConfigurations.create({ name: "alpha" });
    orphan = await client.accessKeyConfigurations.create({ name: "beta" });
    exported = JSON.stringify(
      stackDocument(
        [recordedConfiguration(recorded, "alpha")],
        [
          pendingOperation("accessKeyConfiguration", "beta", { name: "beta" }),
          pendingOperation("accessKey", "gamma", { name: "gamma" }),
        ],
      ),
    );
  });

  afterAll(async () => {
    await emulator?.close();
  });

  function detect(includeUnmanaged: boolean) {
    return detectDrift({
      stacks: ["dev"],
      cwd: process.cwd(),
      env: { NGROK_AI_API_KEY: emulator.apiKey, NGROK_AI_API_URL: emulator.url },
      includeUnmanaged,
      runner,
    });
  }

  it("reports the pending operations and the orphaned object without --include-unmanaged", async () => {
    const report = await detect(false);
    expect(report.drift).toBe(true);
    expect(report.summary).toMatchObject({
      managed: 1,
      inSync: 1,
      pending: 2,
      orphaned: 1,
      drifted: 1,
    });
    expect(
      report.pendingOperations.map((p) => [p.logicalName, p.operation, p.recovery, p.candidates]),
    ).toEqual([
      ["beta", "creating", "adopt", [orphan.id]],
      ["gamma", "creating", "clear", []],
    ]);
    expect(report.entries).toEqual([
      expect.objectContaining({
        class: "orphaned",
        kind: "accessKeyConfiguration",
        id: orphan.id,
        stack: "dev",
        urn: urnOf("accessKeyConfiguration", "beta"),
        logicalName: "beta",
      }),
    ]);
    const ok = validate(JSON.parse(DRIFT_FORMATTERS.json(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("lists the orphan once, as orphaned, with --include-unmanaged", async () => {
    const report = await detect(true);
    expect(report.entries.filter((e) => e.id === orphan.id).map((e) => e.class)).toEqual([
      "orphaned",
    ]);
    expect(report.summary.unmanaged).toBe(0);
  });

  it("points at `aigw recover` in the text and markdown formats", async () => {
    const report = await detect(false);
    const text = DRIFT_FORMATTERS.text(report);
    expect(text).toContain("Pending operations of an interrupted update:");
    expect(text).toContain('creating  accessKey "gamma"  [stack dev]  -> clear');
    expect(text).toContain("run `aigw recover --stack dev`");
    expect(text).not.toContain("No drift");
    const markdown = DRIFT_FORMATTERS.markdown(report);
    expect(markdown).toContain("| creating | accessKeyConfiguration beta | dev |");
    expect(markdown).toContain("`aigw recover --stack dev`");
  });
});
