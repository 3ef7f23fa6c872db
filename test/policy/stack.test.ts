// The policy over a stack's resources reports what `aigw lint` reports for the equivalent
// gateway.yaml: the same rules, severities and nodes, key references followed through the
// engine's property dependencies, during preview (ids unknown) as on an applied stack.
import { TYPE_TOKENS } from "../../sdk/drift/state";
import {
  STACK_SECTIONS,
  STACK_TYPE_PREFIX,
  type StackResource,
  UNKNOWN,
  declarationFromStack,
  logicalNameOf,
  stackPolicyFindings,
} from "../../sdk/policy/stack";
import { DEFAULT_POLICY, TODAY, lintText, policyOf } from "./helpers";

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
      models: { allow: ["openai:gpt-4o-mini", "openai:o1-preview"] }
    router:
      rules:
        - provider: openai
          steps:
            - type: user
              keys: [openai-primary]
  failover:
    access:
      providers: { allow: [openai] }
      models: { allow: ["openai:gpt-4o-mini"] }
    router:
      rules:
        - provider: openai
          steps:
            - type: user
              keys: [openai-backup, openai-primary]
            - type: ngrok
  open: {}
accessKeys:
  ci-bot: {}
  research-key:
    configuration: research
  failover-key:
    configuration: failover
`;

const urn = (type: string, name: string): string =>
  `urn:pulumi:dev::app::${STACK_TYPE_PREFIX}${type}::${name}`;

function resource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  propertyDependencies: Record<string, string[]> = {},
): StackResource {
  return {
    urn: urn(type, name),
    name,
    type: `${STACK_TYPE_PREFIX}${type}`,
    props: { name, ...props },
    propertyDependencies,
  };
}

/** The same declaration as a program's resources; `id(name)` is a key's id as the program sees it. */
function stackOf(
  id: (name: string) => unknown,
  configId: (name: string) => unknown,
): StackResource[] {
  const primary = urn("ProviderKey", "openai-primary");
  const backup = urn("ProviderKey", "openai-backup");
  return [
    resource("ProviderKey", "openai-primary", { providerId: "openai" }),
    resource("ProviderKey", "openai-backup", { providerId: "openai" }),
    resource(
      "AccessKeyConfiguration",
      "research",
      {
        access: { models: { allow: ["openai:gpt-4o-mini", "openai:o1-preview"] } },
        router: {
          rules: [
            { provider: "openai", steps: [{ type: "user", keys: [{ id: id("openai-primary") }] }] },
          ],
        },
      },
      { router: [primary] },
    ),
    resource(
      "AccessKeyConfiguration",
      "failover",
      {
        access: { providers: { allow: ["openai"] }, models: { allow: ["openai:gpt-4o-mini"] } },
        router: {
          rules: [
            {
              provider: "openai",
              steps: [
                { type: "user", keys: [{ id: id("openai-backup") }, { id: id("openai-primary") }] },
                { type: "ngrok" },
              ],
            },
          ],
        },
      },
      { router: [backup, primary] },
    ),
    resource("AccessKeyConfiguration", "open", {}),
    resource("AccessKey", "ci-bot", {}),
    resource(
      "AccessKey",
      "research-key",
      { accessKeyConfigurationId: configId("research") },
      { accessKeyConfigurationId: [urn("AccessKeyConfiguration", "research")] },
    ),
    resource(
      "AccessKey",
      "failover-key",
      { accessKeyConfigurationId: configId("failover") },
      { accessKeyConfigurationId: [urn("AccessKeyConfiguration", "failover")] },
    ),
    {
      urn: "urn:pulumi:dev::app::pulumi:pulumi:Stack::app-dev",
      name: "app-dev",
      type: "pulumi:pulumi:Stack",
      props: {},
      propertyDependencies: {},
    },
  ];
}

const lintView = (gateway: string, policy = DEFAULT_POLICY) =>
  lintText(gateway, policy).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    path: f.path.join("."),
    waived: f.waived,
  }));

const stackView = (resources: StackResource[], policy = DEFAULT_POLICY) =>
  stackPolicyFindings(resources, policyOf(policy), { today: TODAY }).findings.map(
    ({ finding: f }) => ({
      rule: f.rule,
      severity: f.severity,
      path: f.path.join("."),
      waived: f.waived,
    }),
  );

describe("stackPolicyFindings", () => {
  const preview = stackOf(
    () => UNKNOWN,
    () => UNKNOWN,
  );
  const applied = stackOf(
    (name) => `aipk_${name}`,
    (name) => `aigac_${name}`,
  );

  it("reports, during preview, the rules, severities and nodes aigw lint reports for the gateway.yaml", () => {
    const expected = lintView(GATEWAY);
    expect(expected.map((f) => f.rule)).toEqual(
      expect.arrayContaining(["disallowed-model", "no-failover", "unrestricted-scope"]),
    );
    expect(stackView(preview)).toEqual(expected);
  });

  it("reports the same on an applied stack, its key ids known", () => {
    expect(stackView(applied)).toEqual(lintView(GATEWAY));
  });

  it("follows a router's keys through its property dependencies, in order", () => {
    const { parsed } = declarationFromStack(preview);
    const failover = parsed.model.accessKeyConfigurations.get("failover");
    const keys = failover?.router?.rules?.[0]?.steps[0]?.keys?.map((k) => k.target?.logicalName);
    expect(keys).toEqual(["openai-backup", "openai-primary"]);
    expect(parsed.model.accessKeys.get("research-key")?.configuration?.target?.logicalName).toBe(
      "research",
    );
  });

  it("judges a GatewayConfig resource's timeouts and a custom Provider's rules as lint does", () => {
    const resources = [
      resource("GatewayConfig", "gateway", { perRequestTimeout: "3m", totalTimeout: "2m" }),
      resource("Provider", "ollama", {
        providerId: "my-ollama",
        baseUrl: "https://llm.internal",
        models: [{ modelId: "llama3.2" }],
      }),
      resource("AccessKeyConfiguration", "local", {
        access: { models: { allow: ["my-ollama:llama3.2"] } },
        router: { rules: [{ provider: "my-ollama", steps: [{ type: "ngrok" }] }] },
      }),
    ];
    const found = stackPolicyFindings(resources, policyOf(DEFAULT_POLICY), { today: TODAY });
    const view = found.findings.map((f) => [f.finding.rule, f.resource?.name, f.property]);
    expect(view).toEqual(
      expect.arrayContaining([
        ["timeout-order", "gateway", "perRequestTimeout"],
        ["schema", "local", "router.rules[0].steps[0].type"],
      ]),
    );
    const timeout = found.findings.find((f) => f.finding.rule === "timeout-order");
    expect(timeout?.finding.message).toContain(
      "perRequestTimeout 3m is not shorter than totalTimeout 2m",
    );
    // A timeout the engine does not know yet (computed during preview) is not judged.
    const unknown = stackPolicyFindings(
      [resource("GatewayConfig", "gateway", { perRequestTimeout: UNKNOWN, totalTimeout: "2m" })],
      policyOf(DEFAULT_POLICY),
      { today: TODAY },
    );
    expect(unknown.findings.map((f) => f.finding.rule)).not.toContain("timeout-order");
  });

  it("names the resource and the offending property of each finding", () => {
    const found = stackPolicyFindings(preview, policyOf(DEFAULT_POLICY), { today: TODAY }).findings;
    const denied = found.find(
      (f) => f.finding.rule === "disallowed-model" && f.resource?.name === "research",
    );
    expect(denied?.property).toBe("access.models.allow[1]");
    expect(denied?.resource?.urn).toBe(urn("AccessKeyConfiguration", "research"));
    const open = found.find(
      (f) => f.finding.rule === "disallowed-model" && f.resource?.name === "ci-bot",
    );
    expect(open?.property).toBe("");
  });

  it("applies a waiver by <section>.<logical name> to the resource of that name, as lint does", () => {
    const policy = `${DEFAULT_POLICY}waivers:
  - rule: disallowed-model
    target: accessKeyConfigurations.research
    reason: approved in SEC-1
    expires: "2099-01-01"
`;
    const fromStack = stackView(preview, policy);
    expect(fromStack).toEqual(lintView(GATEWAY, policy));
    expect(
      fromStack
        .filter(
          (f) =>
            f.path.startsWith("accessKeyConfigurations.research.") && f.rule === "disallowed-model",
        )
        .every((f) => f.waived),
    ).toBe(true);
  });

  it("leaves out an access key linked to a configuration that is not in the stack, saying why", () => {
    const external = resource("AccessKey", "outside", {
      accessKeyConfigurationId: "aigac_elsewhere",
    });
    const { skipped, findings } = stackPolicyFindings(
      [...preview, external],
      policyOf(DEFAULT_POLICY),
      {
        today: TODAY,
      },
    );
    expect(skipped.map((s) => s.name)).toEqual(["outside"]);
    expect(skipped[0]?.reason).toContain("not a resource of this stack");
    expect(findings.some((f) => f.resource?.name === "outside")).toBe(false);
  });

  it("never copies a provider key's value", () => {
    const secret = "sk-proj-never-copied-0000000000";
    const keys = preview.map((r) =>
      r.name === "openai-primary" ? { ...r, props: { ...r.props, value: secret } } : r,
    );
    expect(declarationFromStack(keys).parsed.text).not.toContain(secret);
  });

  it("turns any resource name into a logical name", () => {
    expect(logicalNameOf("openai-primary")).toBe("openai-primary");
    expect(logicalNameOf("Search Team/Prod")).toBe("search-team-prod");
    expect(logicalNameOf("__")).toBe("resource");
  });

  it("reads the type tokens the resources register", () => {
    for (const [type, section] of Object.entries(STACK_SECTIONS)) {
      expect(Object.values(TYPE_TOKENS)).toContain(`${STACK_TYPE_PREFIX}${type}`);
      expect(typeof section).toBe("string");
    }
  });
});
