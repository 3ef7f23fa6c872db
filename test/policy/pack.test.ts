// The policies of the CrossGuard pack, called as @pulumi/policy calls them: one per rule, findings
// at the level their severity asks, values unknown during preview read as unknown, and a missing
// or broken policy file reported once, naming how to fix it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import {
  POLICY_FILE_ENV,
  aigwPolicies,
  enforcementLevelOf,
  plainValue,
} from "../../sdk/policy-pack/policies";
import { POLICY_RULE_IDS } from "../../sdk/policy/types";
import { STACK_TYPE_PREFIX, UNKNOWN } from "../../sdk/policy/stack";
import { DEFAULT_POLICY, TODAY } from "./helpers";

/** A property bag behind a proxy that throws on `unknown`, as @pulumi/policy hands them over. */
function unknownChecking<T extends object>(value: T): T {
  return new Proxy(value, {
    get(target, prop) {
      const field = (target as Record<string | symbol, unknown>)[prop];
      if (field === "<unknown>") throw new Error(`unknown value ${String(prop)}`);
      return field !== null && typeof field === "object" ? unknownChecking(field) : field;
    },
  });
}

function policyResource(
  type: string,
  name: string,
  props: Record<string, unknown>,
): PolicyResource {
  return {
    type: `${STACK_TYPE_PREFIX}${type}`,
    name,
    urn: `urn:pulumi:dev::app::${STACK_TYPE_PREFIX}${type}::${name}`,
    props: unknownChecking({ name, ...props }),
    opts: {} as PolicyResource["opts"],
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  } as PolicyResource;
}

interface Reported {
  name: string;
  message: string;
  enforcementLevel: string;
  urn?: string;
}

/** Runs every policy of the pack over the resources with the config; what each reported. */
async function runPack(
  resources: PolicyResource[],
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<Reported[]> {
  const reported: Reported[] = [];
  for (const policy of aigwPolicies({ env, today: TODAY })) {
    const args = {
      resources,
      stackTags: new Map(),
      getConfig: () => config,
      notApplicable: () => {
        throw new Error("not applicable");
      },
    } as unknown as StackValidationArgs;
    await policy.validateStack(args, ((v: Reported) => reported.push(v)) as never);
  }
  return reported;
}

describe("the aigw policy pack", () => {
  let dir: string;
  let policyFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-pack-"));
    policyFile = path.join(dir, "policy.yaml");
    fs.writeFileSync(policyFile, DEFAULT_POLICY);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stack = [
    policyResource("AccessKeyConfiguration", "research", {
      access: { models: { allow: ["openai:gpt-4o-mini", "openai:o1-preview"] } },
    }),
    policyResource("AccessKey", "ci-bot", {}),
  ];

  it("has one policy per lint rule, named by its id", () => {
    expect(aigwPolicies().map((p) => p.name)).toEqual([...POLICY_RULE_IDS]);
  });

  it("reports error findings as mandatory and warnings as advisory, naming resource and property", async () => {
    const reported = await runPack(stack, { policyFile });
    const denied = reported.find(
      (r) => r.name === "disallowed-model" && r.message.startsWith("resource research,"),
    );
    expect(denied).toMatchObject({
      enforcementLevel: "mandatory",
      urn: stack[0]!.urn,
    });
    expect(denied?.message).toContain("property access.models.allow[1]");
    const open = reported.filter((r) => r.name === "unrestricted-scope");
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) expect(r.enforcementLevel).toBe("advisory");
    expect(enforcementLevelOf("info")).toBe("advisory");
  });

  it("reads the policy file from AIGW_POLICY_FILE when the config names none", async () => {
    const reported = await runPack(stack, {}, { [POLICY_FILE_ENV]: policyFile });
    expect(reported.some((r) => r.name === "disallowed-model")).toBe(true);
  });

  it("reports a missing or invalid policy file once, mandatory, saying how to fix it", async () => {
    const none = await runPack(stack, {});
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({ enforcementLevel: "mandatory" });
    expect(none[0]?.message).toContain(`set policyFile in the pack's config`);
    expect(none[0]?.message).toContain(POLICY_FILE_ENV);
    // The next analysis (the update after a preview) reports it again.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await runPack(stack, {})).toHaveLength(1);
    const invalid = path.join(dir, "invalid.yaml");
    fs.writeFileSync(invalid, "version: 1\nmodels:\n  deny: 42\n");
    const bad = await runPack(stack, { policyFile: invalid });
    expect(bad).toHaveLength(1);
    expect(bad[0]?.message).toContain("invalid.yaml:3");
  });

  it("reads a value unknown during preview as unknown, and never reads a secret", () => {
    let secretRead = false;
    const props = new Proxy(
      { name: "k", providerId: "openai", id: "<unknown>", value: "sk-secret" },
      {
        get(target, prop) {
          if (prop === "value") secretRead = true;
          if (prop === "id") throw new Error("unknown");
          return target[prop as keyof typeof target];
        },
      },
    );
    expect(plainValue(props)).toEqual({ name: "k", providerId: "openai", id: UNKNOWN });
    expect(secretRead).toBe(false);
  });
});
