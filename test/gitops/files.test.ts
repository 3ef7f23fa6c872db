import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUILTIN_CATALOG } from "../../sdk/catalog/catalog";
import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { loadGateways, parseGateway, parseGateways } from "../../sdk/gitops/load";
import { declarationOrder } from "../../sdk/gitops/model";

const PLATFORM = `version: 1
owner: platform
providerKeys:
  openai-shared:
    providerId: openai
    value: { secret: openaiShared }
accessKeyConfigurations:
  shared-small:
    access: { models: { allow: ["openai:gpt-4o-mini"] } }
`;

const SEARCH = `version: 1
owner: search
accessKeyConfigurations:
  search:
    router:
      rules:
        - provider: openai
          steps: [{ type: user, keys: [openai-shared] }]
accessKeys:
  search-prod:
    configuration: search
  search-batch:
    configuration: shared-small
`;

function lines(...text: string[]): string {
  return text.join("\n");
}

describe("a gateway in several files", () => {
  it("merges every file's objects into one declaration, references across files", () => {
    const declaration = parseGateways([
      { file: "gateway/platform.yaml", text: PLATFORM },
      { file: "gateway/search.yaml", text: SEARCH },
    ]);
    expect(declaration.diagnostics.map(formatDiagnostic)).toEqual([]);
    const { model } = declaration;
    expect(model.files).toEqual(["gateway/platform.yaml", "gateway/search.yaml"]);
    expect(
      declarationOrder(model).map((o) => `${o.file} ${o.owner?.value} ${o.logicalName}`),
    ).toEqual([
      "gateway/platform.yaml platform openai-shared",
      "gateway/platform.yaml platform shared-small",
      "gateway/search.yaml search search",
      "gateway/search.yaml search search-prod",
      "gateway/search.yaml search search-batch",
    ]);
    const key =
      model.accessKeyConfigurations.get("search")?.router?.rules?.[0]?.steps[0]?.keys?.[0];
    expect(key?.target).toBe(model.providerKeys.get("openai-shared"));
    expect(model.accessKeys.get("search-batch")?.configuration?.target).toBe(
      model.accessKeyConfigurations.get("shared-small"),
    );
    // Each file's own view holds its own objects, with its owner, and the whole declaration.
    const [platform, search] = declaration.files;
    expect([...(search?.model.accessKeys.keys() ?? [])]).toEqual(["search-prod", "search-batch"]);
    expect(search?.model.providerKeys.size).toBe(0);
    expect(search?.model.owner?.value).toBe("search");
    expect(search?.model.owner?.range.start).toEqual({ line: 2, column: 8 });
    expect(platform?.declaration).toBe(model);
  });

  it("reports a logical name declared in two files at both places", () => {
    const declaration = parseGateways([
      { file: "platform.yaml", text: PLATFORM },
      {
        file: "search.yaml",
        text: lines(
          "version: 1",
          "owner: search",
          "accessKeyConfigurations:",
          "  shared-small: {}",
          "gatewayConfig: { totalTimeout: 1m }",
          "",
        ),
      },
      { file: "support.yaml", text: "version: 1\ngatewayConfig: { totalTimeout: 2m }\n" },
    ]);
    expect(declaration.diagnostics.map(formatDiagnostic)).toEqual([
      "platform.yaml:8:3: error duplicate-name: accessKeyConfigurations.shared-small is also declared in search.yaml:4:3; logical names are the Pulumi resource names and must be unique across the files of a gateway: rename one, or remove one.",
      "search.yaml:4:3: error duplicate-name: accessKeyConfigurations.shared-small is also declared in platform.yaml:8:3; logical names are the Pulumi resource names and must be unique across the files of a gateway: rename one, or remove one.",
      "search.yaml:5:1: error duplicate-name: gatewayConfig is also declared in support.yaml:2:1; the gateway configuration is one object: declare it in one file only.",
      "support.yaml:2:1: error duplicate-name: gatewayConfig is also declared in search.yaml:5:1; the gateway configuration is one object: declare it in one file only.",
    ]);
    // The first declaration is the one the merged model keeps.
    expect(declaration.model.accessKeyConfigurations.get("shared-small")?.file).toBe(
      "platform.yaml",
    );
  });

  it("keeps each diagnostic in its own file and points unknown names at every file's names", () => {
    const declaration = parseGateways([
      { file: "platform.yaml", text: PLATFORM },
      {
        file: "search.yaml",
        text: lines("version: 1", "accessKeys:", "  k: { configuration: shared-smal }", ""),
      },
    ]);
    expect(declaration.diagnostics.map(formatDiagnostic)).toEqual([
      'search.yaml:3:23: error unknown-reference: accessKeys.k.configuration "shared-smal" is not an access key configuration declared under accessKeyConfigurations. Did you mean "shared-small"? Name an access key configuration declared under accessKeyConfigurations, or declare one.',
    ]);
  });

  it("gives a single file the same model as before, with no owner", () => {
    const parsed = parseGateway(PLATFORM.replace("owner: platform\n", ""), "gateway.yaml");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.declaration).toBe(parsed.model);
    expect(parsed.model.files).toEqual(["gateway.yaml"]);
    expect(parsed.model.providerKeys.get("openai-shared")?.owner).toBeUndefined();
  });

  it("rejects an owner that is not a team name, in the file's own schema", () => {
    const parsed = parseGateway("version: 1\nowner: [search]\n", "gateway.yaml");
    expect(parsed.diagnostics.map((d) => [d.code, d.path, d.range.start.line])).toEqual([
      ["schema", ["owner"], 2],
    ]);
  });
});

describe("loadGateways", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-files-"));
    fs.mkdirSync(path.join(dir, "gateway"));
    fs.writeFileSync(path.join(dir, "gateway", "search.yml"), SEARCH);
    fs.writeFileSync(path.join(dir, "gateway", "platform.yaml"), PLATFORM);
    fs.writeFileSync(path.join(dir, "gateway", "README.md"), "not a gateway file\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads every *.yaml and *.yml of a directory, sorted by name", () => {
    const declaration = loadGateways(["gateway"], { cwd: dir });
    expect(declaration.diagnostics).toEqual([]);
    expect(declaration.files.map((f) => f.file)).toEqual([
      path.join("gateway", "platform.yaml"),
      path.join("gateway", "search.yml"),
    ]);
    expect(declaration.model.accessKeys.size).toBe(2);
  });

  it("reads files and globs in the order given, each file once", () => {
    const declaration = loadGateways(["gateway/search.yml", "gateway/*.y*ml"], { cwd: dir });
    expect(declaration.files.map((f) => f.file)).toEqual([
      "gateway/search.yml",
      "gateway/platform.yaml",
    ]);
    // Order matters only for which of two duplicates wins; references resolve either way.
    expect(declaration.diagnostics).toEqual([]);
  });

  it("checks every file's provider ids against the catalog it is given", () => {
    // A provider the package's catalog lacks, named in both files.
    fs.writeFileSync(
      path.join(dir, "gateway", "platform.yaml"),
      PLATFORM.replace(
        "accessKeyConfigurations:",
        "  xai-shared:\n    providerId: xai\n    value: { secret: xaiShared }\naccessKeyConfigurations:",
      ),
    );
    fs.writeFileSync(
      path.join(dir, "gateway", "search.yml"),
      SEARCH.replace("    router:", "    access: { providers: { allow: [xai] } }\n    router:"),
    );
    const unknown = (d: { code: string; file: string }) =>
      d.code === "unknown-provider" ? [d.file] : [];
    const plain = loadGateways(["gateway"], { cwd: dir });
    expect(plain.diagnostics.flatMap(unknown)).toEqual([
      path.join("gateway", "platform.yaml"),
      path.join("gateway", "search.yml"),
    ]);
    const catalog = BUILTIN_CATALOG.withOverlay({
      kind: "overlay",
      date: "2026-12-01",
      source: { url: "http://127.0.0.1:1", endpoint: "GET /v1/models" },
      providers: [{ id: "xai", displayName: "xAI" }],
      models: [{ provider: "xai", id: "grok-5" }],
    });
    expect(loadGateways(["gateway"], { cwd: dir, catalog }).diagnostics).toEqual([]);
    const sources = plain.files.map((f) => ({ file: f.file, text: f.text }));
    expect(parseGateways(sources, { catalog }).diagnostics).toEqual([]);
    expect(parseGateways(sources).diagnostics.flatMap(unknown)).toHaveLength(2);
  });

  it("leaves out of a directory and a glob the YAML files that are not gateway files", () => {
    // A Pulumi project's own settings, a dotfile and the policy sit beside gateway files at the
    // root of many repositories; `aigw:file: .` or `aigw lint .` must not read them as gateways.
    const junk = {
      "Pulumi.yaml": "name: gateway\nruntime: nodejs\n",
      "Pulumi.prod.eu.yaml": "config:\n  aigw:file: .\n",
      ".pre-commit-config.yaml": "repos: []\n",
      "policy.yaml": "version: 1\nproviders:\n  deny: [deepseek]\n",
      // The policy of the command by another name: left out as `exclude`.
      "team-rules.yaml": 'version: 1\nmodels:\n  deny: ["*:*-preview"]\n',
    };
    for (const [name, text] of Object.entries(junk)) {
      fs.writeFileSync(path.join(dir, "gateway", name), text);
    }
    const policy = path.join(dir, "gateway", "team-rules.yaml");
    for (const spec of ["gateway", "gateway/*.y*ml"]) {
      const declaration = loadGateways([spec], { cwd: dir, exclude: [policy] });
      expect(declaration.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(declaration.files.map((f) => path.basename(f.file))).toEqual([
        "platform.yaml",
        "search.yml",
      ]);
    }
    // Named on its own, a file is read whatever its name: the user asked for it.
    const named = loadGateways(["gateway/Pulumi.yaml"], { cwd: dir, exclude: [policy] });
    expect(named.files.map((f) => f.file)).toEqual(["gateway/Pulumi.yaml"]);
    expect(named.diagnostics.map((d) => d.code)).toContain("schema");
    // A directory holding nothing else says which files it left out.
    fs.mkdirSync(path.join(dir, "project"));
    fs.writeFileSync(path.join(dir, "project", "Pulumi.yaml"), junk["Pulumi.yaml"]);
    expect(loadGateways(["project"], { cwd: dir }).diagnostics.map(formatDiagnostic)).toEqual([
      "project:1:1: error file-read: project holds no gateway file (every *.yaml and *.yml in it but Pulumi.yaml, Pulumi.<stack>.yaml, policy.yaml, the policy in use and dotfiles); name a directory of gateway files",
    ]);
  });

  it("reports a spec that names no file, and a file that cannot be read", () => {
    fs.mkdirSync(path.join(dir, "empty"));
    const declaration = loadGateways(["empty", "teams/*.yaml", "missing.yaml"], { cwd: dir });
    expect(declaration.diagnostics.map(formatDiagnostic)).toEqual([
      "empty:1:1: error file-read: empty holds no gateway file (every *.yaml and *.yml in it but Pulumi.yaml, Pulumi.<stack>.yaml, policy.yaml, the policy in use and dotfiles); name a directory of gateway files",
      "teams/*.yaml:1:1: error file-read: teams/*.yaml matches no gateway file (a pattern leaves out Pulumi.yaml, Pulumi.<stack>.yaml, policy.yaml, the policy in use and dotfiles); check the pattern",
      "missing.yaml:1:1: error file-read: cannot read missing.yaml (ENOENT); check the path",
    ]);
  });
});
