// What an editor shows for gateway.yaml: yaml-language-server (the language service of the YAML
// extensions of VS Code and other editors) validates documents against schema/gateway.schema.json
// through the `# yaml-language-server: $schema=` line, as the README tells users to write it.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type EditorDiagnostic,
  startYamlLanguageServer,
  type YamlLanguageServer,
} from "../helpers/yaml-language-server";

const REPO_ROOT = resolve(__dirname, "..", "..");
const MODELINE = "# yaml-language-server: $schema=./schema/gateway.schema.json";

/** A document URI at the repository root (never written to disk; the server gets its text). */
function documentUri(name: string): string {
  return pathToFileURL(join(REPO_ROOT, name)).href;
}

function lines(...body: string[]): string {
  return [MODELINE, ...body, ""].join("\n");
}

/**
 * A document with one provider key and one configuration whose `rules:` list is `rules` (lines
 * of the list, indented under it); the rules start on line 11.
 */
function withRules(...rules: string[]): string {
  return lines(
    "version: 1",
    "providerKeys:",
    "  primary:",
    "    providerId: openai",
    "    value: { secret: openaiPrimary }",
    "accessKeyConfigurations:",
    "  team:",
    "    router:",
    "      rules:",
    ...rules.map((line) => `        ${line}`),
  );
}

/** `line:character message`, 1-based like the loader's diagnostics, for readable expectations. */
function shown(diagnostics: readonly EditorDiagnostic[]): string[] {
  return diagnostics.map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
  );
}

describe("gateway.schema.json in yaml-language-server", () => {
  let server: YamlLanguageServer;

  beforeAll(async () => {
    server = await startYamlLanguageServer(REPO_ROOT);
  }, 30_000);

  afterAll(async () => {
    await server.close();
  });

  it("names a user step without keys and says to list them", async () => {
    const diagnostics = await server.diagnostics(
      documentUri("editor-user-step.yaml"),
      withRules("- provider: openai", "  steps:", "    - type: user"),
    );
    expect(shown(diagnostics)).toEqual([
      "13:15 is a user step without keys: list the provider keys to try, in failover order (keys: [<provider key>, …]), or use type: ngrok",
    ]);
  });

  it("points at keys on an ngrok step and says to remove them", async () => {
    const diagnostics = await server.diagnostics(
      documentUri("editor-ngrok-step.yaml"),
      withRules("- provider: openai", "  steps:", "    - type: ngrok", "      keys: [primary]"),
    );
    expect(shown(diagnostics)).toEqual([
      "14:15 is only allowed on steps of type user (ngrok steps use ngrok's managed credentials): remove keys or set type: user",
    ]);
  });

  it("names a rule with neither provider nor model and says to add one", async () => {
    const diagnostics = await server.diagnostics(
      documentUri("editor-rule.yaml"),
      withRules("- steps:", "    - type: ngrok"),
    );
    expect(shown(diagnostics)).toEqual([
      "11:11 must name a provider, a model, or both: add provider: <id> or model: <provider:model>",
    ]);
  });

  it("shows nothing for a valid document with user and ngrok steps, provider and model rules", async () => {
    const diagnostics = await server.diagnostics(
      documentUri("editor-valid.yaml"),
      withRules(
        "- provider: openai",
        "  steps:",
        "    - type: user",
        "      keys: [primary]",
        "    - type: ngrok",
        "- model: openai:gpt-4o-mini",
        "  steps:",
        "    - type: ngrok",
      ),
    );
    expect(shown(diagnostics)).toEqual([]);
  });

  it("reports a plain violation through the same modeline, so the valid document was checked too", async () => {
    const diagnostics = await server.diagnostics(
      documentUri("editor-version.yaml"),
      lines("version: 2"),
    );
    expect(shown(diagnostics)).toEqual(["2:10 Value must be 1."]);
  });
});
