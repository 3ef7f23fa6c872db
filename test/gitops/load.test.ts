import * as path from "node:path";
import { isMap, isScalar, isSeq } from "yaml";
import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { hasErrors, loadGatewayFile, parseGateway } from "../../sdk/gitops/load";
import { declarationOrder } from "../../sdk/gitops/model";

const fixtures = path.join(__dirname, "..", "fixtures", "gateway");
const fixture = (name: string): string => path.join(fixtures, name);

/** Parses the lines of a gateway.yaml (joined by newlines, with none at the end) as `gateway.yaml`. */
function parseLines(...lines: string[]): ReturnType<typeof parseGateway> {
  return parseGateway(lines.join("\n"), "gateway.yaml");
}

describe("loadGatewayFile", () => {
  it("loads the DESIGN 4a example with no diagnostics", () => {
    const parsed = loadGatewayFile(fixture("valid-full.yaml"));
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(parsed.model.version).toBe(1);
  });

  it("names the file by its display name, in diagnostics too", () => {
    const parsed = loadGatewayFile(fixture("valid-full.yaml"), { displayName: "gateway.yaml" });
    expect(parsed.file).toBe("gateway.yaml");
    const missing = loadGatewayFile(fixture("no-such-file.yaml"), { displayName: "nope.yaml" });
    expect(missing.diagnostics.map(formatDiagnostic)).toEqual([
      "nope.yaml:1:1: error file-read: cannot read nope.yaml (ENOENT); check the path",
    ]);
  });

  // One row per kind of broken file: code, the file's line and column, the path, and what the
  // message must say.
  it.each([
    {
      file: "yaml-syntax.yaml",
      code: "yaml-syntax",
      line: 6,
      column: 3,
      path: ["providerKeys", "openai-backup"],
      message: "Flow map in block collection must be sufficiently indented and end with a }",
    },
    {
      file: "duplicate-key.yaml",
      code: "duplicate-key",
      line: 6,
      column: 3,
      path: ["providerKeys", "openai-primary"],
      message: 'providerKeys has the key "openai-primary" twice (first at line 3)',
    },
    {
      file: "type-error.yaml",
      code: "schema",
      line: 4,
      column: 19,
      path: ["gatewayConfig", "maxInputTokens"],
      message: "gatewayConfig.maxInputTokens must be an integer or null, but it is a string.",
    },
    {
      file: "missing-required.yaml",
      code: "schema",
      line: 3,
      column: 3,
      path: ["providerKeys", "openai-primary", "providerId"],
      message: 'providerKeys.openai-primary is missing the required property "providerId"',
    },
    {
      file: "unknown-property.yaml",
      code: "schema",
      line: 4,
      column: 5,
      path: ["accessKeys", "search-prod", "descripton"],
      message:
        'accessKeys.search-prod has an unknown property "descripton". Did you mean "description"? Allowed here: name, description, metadata, configuration, adopt.',
    },
    {
      file: "literal-secret.yaml",
      code: "plaintext-secret",
      line: 5,
      column: 12,
      path: ["providerKeys", "openai-primary", "value"],
      message:
        "Move the value to a Pulumi config secret: pulumi config set --secret openaiPrimary <value>, and write value: {secret: openaiPrimary}",
    },
    {
      file: "unknown-reference.yaml",
      code: "unknown-reference",
      line: 13,
      column: 22,
      path: ["accessKeyConfigurations", "search-team", "router", "rules", 0, "steps", 0, "keys", 0],
      message:
        '"openai-primry" is not a provider key declared under providerKeys. Did you mean "openai-primary"?',
    },
    {
      file: "wrong-kind-reference.yaml",
      code: "unknown-reference",
      line: 16,
      column: 20,
      path: ["accessKeys", "search-prod", "configuration"],
      message:
        'accessKeys.search-prod.configuration "openai-primary" is a provider key (providerKeys.openai-primary), not an access key configuration.',
    },
    {
      file: "provider-mismatch.yaml",
      code: "provider-mismatch",
      line: 16,
      column: 38,
      path: ["accessKeyConfigurations", "search-team", "router", "rules", 0, "steps", 0, "keys", 1],
      message:
        '"anthropic-main" is a key for provider "anthropic" (providerKeys.anthropic-main.providerId), but this rule routes provider "openai"',
    },
  ])(
    "reports $code in $file at $line:$column",
    ({ file, code, line, column, path: p, message }) => {
      const parsed = loadGatewayFile(fixture(file));
      const diagnostic = parsed.diagnostics.find(
        (d) => d.code === code && JSON.stringify(d.path) === JSON.stringify(p),
      );
      expect(diagnostic).toBeDefined();
      expect(diagnostic?.file).toBe(fixture(file));
      expect(diagnostic?.severity).toBe("error");
      expect(diagnostic?.range.start).toEqual({ line, column });
      expect(diagnostic?.path).toEqual(p);
      expect(diagnostic?.message).toContain(message);
      expect(hasErrors(parsed.diagnostics)).toBe(true);
    },
  );

  it("never repeats a literal secret in any diagnostic", () => {
    const parsed = loadGatewayFile(fixture("literal-secret.yaml"));
    expect(parsed.diagnostics).toHaveLength(1);
    for (const d of parsed.diagnostics) expect(d.message).not.toContain("sk-proj");
  });

  it("reports a wrong-kind router key and suggests nothing it cannot mean", () => {
    const parsed = loadGatewayFile(fixture("wrong-kind-reference.yaml"));
    const messages = parsed.diagnostics.map(formatDiagnostic);
    expect(messages).toContain(
      `${fixture("wrong-kind-reference.yaml")}:13:22: error unknown-reference: accessKeyConfigurations.search-team.router.rules[0].steps[0].keys[0] "search-team" is an access key configuration (accessKeyConfigurations.search-team), not a provider key. Name a provider key declared under providerKeys, or declare one.`,
    );
    expect(parsed.diagnostics).toHaveLength(2);
  });

  it("reports every problem of a file at once, sorted by position", () => {
    const parsed = loadGatewayFile(fixture("unknown-reference.yaml"));
    expect(parsed.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([
      ["unknown-reference", 13],
      ["unknown-reference", 16],
    ]);
  });

  it("reports a file that cannot be read as a diagnostic, not an exception", () => {
    const parsed = loadGatewayFile(fixture("no-such-file.yaml"));
    expect(parsed.diagnostics.map((d) => [d.code, d.range.start])).toEqual([
      ["file-read", { line: 1, column: 1 }],
    ]);
    expect(parsed.diagnostics[0]?.message).toContain("ENOENT");
  });

  it("tells the author of an empty file how to start it", () => {
    const parsed = loadGatewayFile(fixture("empty.yaml"));
    expect(parsed.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["schema", "the file is empty: start it with version: 1"],
    ]);
  });
});

describe("parseGateway", () => {
  it("applies anchors, aliases and merge keys and resolves what they produce", () => {
    const parsed = loadGatewayFile(fixture("anchors.yaml"));
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([]);
    const { providerKeys, accessKeyConfigurations } = parsed.model;

    // Merge key: openai-backup inherits providerId and description, overrides value.
    const backup = providerKeys.get("openai-backup");
    expect(backup?.providerId.value).toBe("openai");
    expect(backup?.description?.value).toBe("Shared OpenAI key settings");
    expect(backup?.value.value).toEqual({ kind: "env", variable: "OPENAI_BACKUP_KEY" });
    // An inherited value points at where it is written: the anchored mapping (line 4).
    expect(backup?.providerId.range.start).toEqual({ line: 4, column: 17 });
    expect(backup?.value.range.start.line).toBe(9);

    // Aliases: search-staging shares search-team's access and router.
    const staging = accessKeyConfigurations.get("search-staging");
    expect(staging?.access?.providers?.allow?.map((e) => e.value)).toEqual(["openai"]);
    const keys = staging?.router?.rules?.[0]?.steps[0]?.keys;
    expect(keys?.map((k) => k.target?.logicalName)).toEqual(["openai-primary", "openai-backup"]);
    expect(keys?.[0]?.range.start).toEqual({ line: 23, column: 22 });

    // An alias of a sequence, and an inline merge.
    const canary = accessKeyConfigurations.get("search-canary");
    expect(canary?.description?.value).toBe("Canary traffic");
    expect(canary?.access?.models?.allow?.map((e) => e.value)).toEqual([
      "openai:gpt-4o-mini",
      "openai:gpt-4o",
    ]);
    expect(canary?.access?.models?.allow?.[1]?.range.start).toEqual({ line: 17, column: 13 });
  });

  it("builds a typed model with resolved references, logical names and source ranges", () => {
    const { model } = loadGatewayFile(fixture("valid-full.yaml"));
    expect(model.gatewayConfig?.perRequestTimeout?.value).toBe("30s");
    expect(model.gatewayConfig?.maxInputTokens).toBeUndefined();

    const provider = model.providers.get("local-llm");
    expect(provider?.baseUrl.value).toBe("https://llm.internal");
    expect(provider?.models?.map((m) => m.value)).toEqual(["llama-3.1-8b"]);

    const primary = model.providerKeys.get("openai-primary");
    expect(primary?.apiName).toBe("openai-primary");
    expect(primary?.provider?.kind).toBe("builtin");
    expect(primary?.provider?.kind === "builtin" && primary.provider.catalog).toMatchObject({
      id: "openai",
      displayName: "OpenAI",
      managedInference: true,
    });
    expect(primary?.value.value).toEqual({ kind: "secret", key: "openaiPrimary" });
    expect(primary?.key.range.start).toEqual({ line: 12, column: 3 });
    expect(isScalar(primary?.key.node)).toBe(true);

    const team = model.accessKeyConfigurations.get("search-team");
    expect(team?.access?.providers?.allow?.map((e) => e.target?.kind)).toEqual([
      "builtin",
      "builtin",
    ]);
    const models = team?.access?.models?.allow ?? [];
    expect(models.map((e) => e.ref)).toEqual([
      { provider: "openai", model: "gpt-4o-mini" },
      { provider: "anthropic", model: "claude-sonnet-4-6" },
    ]);
    expect(isScalar(models[0]?.node)).toBe(true);
    expect(isSeq(team?.access?.models?.allowLocation?.node)).toBe(true);
    const rule = team?.router?.rules?.[0];
    expect(rule?.upstream).toBe("openai");
    expect(rule?.steps.map((s) => s.type.value)).toEqual(["user", "ngrok"]);
    expect(rule?.steps[0]?.keys?.map((k) => k.target)).toEqual([
      model.providerKeys.get("openai-primary"),
      model.providerKeys.get("openai-backup"),
    ]);
    expect(rule?.steps[1]?.keys).toBeUndefined();

    const access = model.accessKeys.get("search-prod");
    expect(access?.configuration?.target).toBe(team);
    expect(isMap(access?.location.node)).toBe(true);

    expect(declarationOrder(model).map((o) => `${o.section}.${o.logicalName}`)).toEqual([
      "providers.local-llm",
      "providerKeys.openai-primary",
      "providerKeys.openai-backup",
      "accessKeyConfigurations.search-team",
      "accessKeys.search-prod",
    ]);
  });

  it("keeps an absent allow-list apart from an empty one", () => {
    const { model, diagnostics } = parseLines(
      "version: 1",
      "accessKeyConfigurations:",
      "  nothing:",
      "    access: { providers: { allow: [] }, models: {} }",
      "  everything: {}",
    );
    expect(diagnostics).toEqual([]);
    const nothing = model.accessKeyConfigurations.get("nothing");
    expect(nothing?.access?.providers?.allow).toEqual([]);
    expect(nothing?.access?.models?.allow).toBeUndefined();
    expect(model.accessKeyConfigurations.get("everything")?.access).toBeUndefined();
  });

  it("points a missing property of a list item at the item", () => {
    const { diagnostics } = parseLines(
      "version: 1",
      "accessKeyConfigurations:",
      "  team:",
      "    router:",
      "      rules:",
      "        - provider: openai",
      "          steps:",
      "            - keys: [a]",
    );
    expect(diagnostics.map((d) => [d.message, d.range.start])).toEqual([
      [
        'accessKeyConfigurations.team.router.rules[0].steps[0] is missing the required property "type" (user: try the listed provider keys in order; ngrok: use ngrok-managed inference): add type: …',
        { line: 8, column: 15 },
      ],
    ]);
  });

  it("explains rules without a provider or model and steps whose keys do not fit their type", () => {
    const { diagnostics } = parseLines(
      "version: 1",
      "providerKeys: { a: { providerId: openai, value: { env: A } } }",
      "accessKeyConfigurations:",
      "  team:",
      "    router:",
      "      rules:",
      "        - steps:",
      "            - type: user",
      "            - type: ngrok",
      "              keys: [a]",
    );
    expect(
      diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`),
    ).toEqual([
      "7:11 accessKeyConfigurations.team.router.rules[0] must name a provider, a model, or both: add provider: <id> or model: <provider:model>.",
      "8:15 accessKeyConfigurations.team.router.rules[0].steps[0] is a user step without keys: list the provider keys to try, in failover order (keys: [<provider key>, …]), or use type: ngrok.",
      "10:21 accessKeyConfigurations.team.router.rules[0].steps[1].keys is only allowed on steps of type user (ngrok steps use ngrok's managed credentials): remove keys or set type: user.",
    ]);
  });

  it("reports an unknown provider id of a key and of an allow-list as a warning naming the catalog date", () => {
    const { diagnostics } = parseLines(
      "version: 1",
      "providerKeys:",
      "  k:",
      "    providerId: opnai",
      "    value: { secret: k }",
      "accessKeyConfigurations:",
      "  team:",
      "    access: { providers: { allow: [antropic, aigp_123] } }",
    );
    expect(diagnostics.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([
      ["unknown-provider", "warn", 4],
      ["unknown-provider", "warn", 8],
    ]);
    expect(diagnostics[0]?.message).toContain('Did you mean "openai"?');
    expect(diagnostics[0]?.message).toContain(
      "If ngrok.ai added it after 2026-08-07, run aigw catalog pull",
    );
    expect(diagnostics[1]?.message).toContain('Did you mean "anthropic"?');
  });

  it("reports a second provider rule for one provider and an id written as a reference", () => {
    const { diagnostics } = parseLines(
      "version: 1",
      "accessKeyConfigurations:",
      "  team:",
      "    router:",
      "      rules:",
      "        - { provider: openai, steps: [{ type: ngrok }] }",
      "        - { provider: openai, steps: [{ type: user, keys: [aigpk_abc] }] }",
    );
    expect(diagnostics.map((d) => d.code)).toEqual([
      "duplicate-provider-rule",
      "unknown-reference",
    ]);
    expect(diagnostics[1]?.message).toContain(
      "declare the existing object under providerKeys with adopt: aigpk_abc",
    );
  });

  it("refuses an ngrok step in a rule for a custom provider, at the step's type", () => {
    const { diagnostics } = parseLines(
      "version: 1",
      "providers:",
      "  ollama:",
      "    providerId: my-ollama",
      "    baseUrl: https://llm.internal",
      "    models: [llama3.2]",
      "accessKeyConfigurations:",
      "  team:",
      "    router:",
      "      rules:",
      "        - { provider: my-ollama, steps: [{ type: ngrok }] }",
      "        - { model: 'my-ollama:llama3.2', steps: [{ type: user, keys: [k] }, { type: ngrok }] }",
      "        - { provider: aigp_elsewhere, steps: [{ type: ngrok }] }",
      "        - { provider: openai, steps: [{ type: ngrok }] }",
      "providerKeys:",
      "  k: { providerId: my-ollama, value: { env: K } }",
    );
    const steps = diagnostics.filter((d) => d.code === "ngrok-step-custom-provider");
    expect(steps.map((d) => [d.severity, d.range.start, d.path.join(".")])).toEqual([
      [
        "error",
        { line: 11, column: 50 },
        "accessKeyConfigurations.team.router.rules.0.steps.0.type",
      ],
      [
        "error",
        { line: 12, column: 85 },
        "accessKeyConfigurations.team.router.rules.1.steps.1.type",
      ],
      [
        "error",
        { line: 13, column: 55 },
        "accessKeyConfigurations.team.router.rules.2.steps.0.type",
      ],
    ]);
    expect(steps[0]?.message).toBe(
      'accessKeyConfigurations.team.router.rules[0].steps[0] is an ngrok step, but the rule routes custom provider "my-ollama" (providers.ollama); ngrok inference serves built-in providers only, and the API refuses the configuration. Give the step type: user with keys of my-ollama, or remove it.',
    );
    expect(steps[2]?.message).toContain('routes custom provider "aigp_elsewhere"');
  });

  it("rejects a secret value written where a config key name belongs, without echoing it", () => {
    const { diagnostics } = parseLines(
      "version: 1",
      "providerKeys:",
      "  k:",
      "    providerId: openai",
      "    value: { secret: sk-proj-abc123 }",
    );
    expect(diagnostics.map((d) => [d.code, d.range.start])).toEqual([
      ["plaintext-secret", { line: 5, column: 22 }],
    ]);
    expect(diagnostics[0]?.message).not.toContain("sk-proj");
  });

  it("names what a secret value was written in place of: a config key or an environment variable", () => {
    // An AWS access key id: a valid variable name, but a credential.
    const message = (field: string): string | undefined =>
      parseLines(
        "version: 1",
        "providerKeys:",
        "  k:",
        "    providerId: openai",
        `    value: { ${field}: AKIAIOSFODNN7EXAMPLE }`,
      ).diagnostics.find((d) => d.code === "plaintext-secret")?.message;
    expect(message("secret")).toContain(
      "providerKeys.k.value.secret looks like a secret value, not the name of a Pulumi config key.",
    );
    expect(message("env")).toContain(
      "providerKeys.k.value.env looks like a secret value, not the name of an environment variable.",
    );
  });

  it("checks adopt ids by kind", () => {
    const { diagnostics } = parseLines("version: 1", "accessKeys:", "  k:", "    adopt: aigac_123");
    expect(diagnostics.map((d) => d.message)).toEqual([
      'accessKeys.k.adopt must be an access key id (aigk_…) (got "aigac_123").',
    ]);
  });
});
