import * as path from "node:path";
import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { loadGatewayFile } from "../../sdk/gitops/load";
import { resolveSecrets } from "../../sdk/gitops/secrets";

const file = path.join(__dirname, "..", "fixtures", "gateway", "valid-full.yaml");

describe("resolveSecrets", () => {
  const { model } = loadGatewayFile(file);

  it("returns each provider key's value from the stack secret or the environment", () => {
    const result = resolveSecrets(model, {
      getSecret: (key) => (key === "openaiPrimary" ? "sk-primary-value" : undefined),
      env: { OPENAI_BACKUP_KEY: "sk-backup-value" },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.values.get("openai-primary")).toEqual({
      source: "secret",
      key: "openaiPrimary",
      value: "sk-primary-value",
    });
    expect(result.values.get("openai-backup")).toEqual({
      source: "env",
      variable: "OPENAI_BACKUP_KEY",
      value: "sk-backup-value",
    });
  });

  it("reports a missing stack secret at its value node with the command that sets it", () => {
    const result = resolveSecrets(model, {
      getSecret: () => undefined,
      env: { OPENAI_BACKUP_KEY: "sk-backup-value" },
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:15:12: error missing-secret: providerKeys.openai-primary.value: the stack config secret "openaiPrimary" is not set; set it with: pulumi config set --secret openaiPrimary <value>`,
    ]);
    expect(result.values.has("openai-primary")).toBe(false);
  });

  it("reports a missing environment variable at its value node and never prints a value", () => {
    const result = resolveSecrets(model, {
      getSecret: () => "sk-primary-value",
      env: {},
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:18:12: error missing-env: providerKeys.openai-backup.value: the environment variable OPENAI_BACKUP_KEY is not set; export OPENAI_BACKUP_KEY=<value> before running (in CI, add it as a masked secret)`,
    ]);
    expect(JSON.stringify(result.diagnostics)).not.toContain("sk-primary-value");
  });

  it("keeps a secret wrapper as it is, so a Pulumi Output is never unwrapped", () => {
    const wrapped = { secret: true as const };
    const result = resolveSecrets(model, {
      getSecret: () => wrapped,
      env: { OPENAI_BACKUP_KEY: "x" },
    });
    expect(result.values.get("openai-primary")?.value).toBe(wrapped);
  });
});
