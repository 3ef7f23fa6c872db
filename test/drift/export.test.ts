import { exportGateway, secretKeyFor, slugify } from "../../sdk/drift/export";
import { parseGateway } from "../../sdk/gitops/load";
import { accessKey, configuration, gatewayConfig, provider, providerKey } from "./fixtures";

describe("slugify and secretKeyFor", () => {
  it.each([
    ["OpenAI Primary", "openai-primary"],
    ["  Ünïcode  naME!! ", "unicode-name"],
    ["search_team.v2", "search_team.v2"],
    ["---", "fallback"],
    ["", "fallback"],
  ])("slugify(%j) is %j", (name, slug) => {
    expect(slugify(name, "fallback")).toBe(slug);
  });

  it.each([
    ["openai-primary", "openaiPrimary"],
    ["a.b_c-d", "aBCD"],
    ["2nd-key", "key2ndKey"],
  ])("secretKeyFor(%j) is %j", (name, key) => {
    expect(secretKeyFor(name)).toBe(key);
  });
});

describe("exportGateway", () => {
  const live = {
    providers: [provider()],
    providerKeys: [
      providerKey({ id: "aigpk_2", name: "OpenAI Primary", createdAt: "2026-01-02T00:00:00Z" }),
      providerKey(),
      providerKey({ id: "aigpk_3", providerId: "local-llm", name: "local", description: "" }),
    ],
    accessKeyConfigurations: [configuration()],
    accessKeys: [
      accessKey(),
      accessKey({ id: "aigk_2", name: "open", accessKeyConfiguration: null }),
    ],
    gatewayConfig: gatewayConfig({ maxOutputTokens: 4096 }),
  };

  it("writes a valid gateway.yaml with the modeline first, adopting every object", () => {
    const result = exportGateway(live, { schemaRef: "./schema/gateway.schema.json" });
    expect(result.text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=./schema/gateway.schema.json",
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.warnings).toEqual([]);
    const model = parseGateway(result.text, "gateway.yaml").model;
    expect([...model.providerKeys.keys()]).toEqual(["openai-primary", "local", "openai-primary-2"]);
    expect(model.providerKeys.get("openai-primary")?.adopt?.value).toBe("aigpk_1");
    expect(model.providerKeys.get("openai-primary-2")?.apiName).toBe("OpenAI Primary");
    expect(model.providerKeys.get("local")?.provider?.kind).toBe("custom");
    expect(model.providers.get("local-llm")?.adopt?.value).toBe("aigp_1");
    expect(model.accessKeys.get("search-prod")?.configuration?.value).toBe("search-team");
    expect(model.accessKeys.get("open")?.configuration).toBeUndefined();
    expect(model.gatewayConfig?.maxOutputTokens?.value).toBe(4096);
    expect(model.gatewayConfig?.maxInputTokens).toBeUndefined();
  });

  it("refers to router keys by logical name and keeps failover order", () => {
    const result = exportGateway(live);
    const model = parseGateway(result.text, "gateway.yaml").model;
    const steps = model.accessKeyConfigurations.get("search-team")?.router?.rules?.[0]?.steps;
    expect(steps?.map((s) => [s.type.value, s.keys?.map((k) => k.value)])).toEqual([
      ["user", ["openai-primary"]],
      ["ngrok", undefined],
    ]);
    expect(result.text).toContain("keys: [openai-primary]");
    expect(result.text).toContain("allow: [openai, anthropic]");
  });

  it("replaces every provider key value with a stack secret placeholder, and lists them", () => {
    const result = exportGateway(live);
    expect(result.secrets.map((s) => [s.logicalName, s.secretKey])).toEqual([
      ["openai-primary", "openaiPrimary"],
      ["local", "local"],
      ["openai-primary-2", "openaiPrimary2"],
    ]);
    expect(result.text).toContain("value: {secret: openaiPrimary}");
    expect(result.text).toContain(`# live value: ${live.providerKeys[1]!.keyRedacted}`);
  });

  it("keeps an empty allow-list apart from an absent one", () => {
    const result = exportGateway({
      accessKeyConfigurations: [
        configuration({ access: { providers: { allow: [] }, models: {} }, router: {} }),
      ],
    });
    const access = parseGateway(result.text, "g.yaml").model.accessKeyConfigurations.get(
      "search-team",
    )?.access;
    expect(access?.providers?.allow).toEqual([]);
    expect(access?.models?.allow).toBeUndefined();
  });

  it("fails when a router step names a key the account does not list", () => {
    expect(() =>
      exportGateway({ accessKeyConfigurations: [configuration()], providerKeys: [] }),
    ).toThrow(/routes to provider key aigpk_1/);
  });

  it("warns, without repeating it, about a label that holds a word shaped like a credential", () => {
    const pasted = "sk-proj-PASTEDinDESCRIPTION00000012345";
    const result = exportGateway({
      accessKeys: [accessKey({ accessKeyConfiguration: null, description: `key ${pasted}` })],
      providerKeys: [providerKey({ metadata: `{"owner":"${pasted}"}` })],
    });
    // The file keeps the labels as the account has them, so that it applies with no changes.
    expect(result.text).toContain(pasted);
    expect(result.warnings).toEqual([
      "providerKeys.openai-primary.metadata holds a word shaped like a credential, written to the file as the account has it (the file must match the account to apply with no changes): if it is one, rotate it and remove it from the object's metadata.",
      "accessKeys.search-prod.description holds a word shaped like a credential, written to the file as the account has it (the file must match the account to apply with no changes): if it is one, rotate it and remove it from the object's description.",
    ]);
    expect(result.warnings.join("\n")).not.toContain("PASTED");
  });

  it("warns when an object has no name, since applying will give it one", () => {
    const { name: _n, ...nameless } = accessKey({ accessKeyConfiguration: null });
    const result = exportGateway({ accessKeys: [nameless] });
    expect(result.warnings).toEqual([
      "access key aigk_1 has no name in the API; the file names it access-key, so applying it sets that name.",
    ]);
  });
});
