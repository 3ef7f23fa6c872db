/**
 * The policies of the aigw pack: one stack policy per lint rule, named by the rule id. Each reads
 * the policy.yaml its config names, turns the stack's resources of our types into the declaration
 * they amount to and reports that rule's findings (`stackPolicyFindings`, the rules of
 * `aigw lint`): `error` findings as mandatory violations, `warn` and `info` as advisory ones, none
 * for a rule that is `off` or a waived finding.
 */
import * as path from "node:path";
import type {
  EnforcementLevel,
  PolicyResource,
  ReportViolation,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { AigwError } from "../core/errors";
import { type ModelCatalog, loadCatalogFile } from "../catalog/index";
import {
  POLICY_RULES,
  type Policy,
  PolicyFileError,
  type PolicyRule,
  loadPolicyFile,
} from "../policy/index";
import { type StackResource, UNKNOWN, stackPolicyFindings } from "../policy/index";

/** The pack's name, as `pulumi preview` shows it. */
export const POLICY_PACK_NAME = "aigw";

/** The environment variable that names policy.yaml when the pack's config does not. */
export const POLICY_FILE_ENV = "AIGW_POLICY_FILE";

/** The environment variable that names a catalog overlay when the pack's config does not. */
export const CATALOG_FILE_ENV = "AIGW_CATALOG_FILE";

/** What each policy of the pack reads from its config. */
export interface AigwPolicyConfig {
  /** The policy.yaml to check against: absolute, or relative to the directory pulumi runs in. */
  readonly policyFile?: string;
  /** A catalog overlay (`aigw catalog pull`), like `aigw lint --catalog`. */
  readonly catalog?: string;
}

/** Properties that hold secrets: never read into the policy's copy of a resource. */
const SECRET_PROPERTIES: ReadonlySet<string> = new Set(["value", "token", "__provider"]);

/**
 * A value of a resource's properties as plain data: @pulumi/policy hands them over behind a proxy
 * that throws on a value unknown during preview; such a value becomes {@link UNKNOWN}.
 */
export function plainValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || depth > 64) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(source)) {
    if (depth === 0 && SECRET_PROPERTIES.has(key)) continue;
    let field: unknown;
    try {
      field = source[key];
    } catch {
      field = UNKNOWN;
    }
    (out as Record<string, unknown>)[key] =
      field === UNKNOWN ? UNKNOWN : plainValue(field, depth + 1);
  }
  return out;
}

/** A resource as the policy reads it: plain properties and dependencies by URN. */
export function stackResource(resource: PolicyResource): StackResource {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(resource.propertyDependencies)) {
    propertyDependencies[key] = deps.map((d) => d.urn);
  }
  return {
    urn: resource.urn,
    name: resource.name,
    type: resource.type,
    props: plainValue(resource.props) as Record<string, unknown>,
    propertyDependencies,
  };
}

/** A file named by config or environment, resolved against the directory pulumi runs in. */
function configuredPath(file: string, env: NodeJS.ProcessEnv): string {
  return path.resolve(env.PWD ?? process.cwd(), file);
}

/** What the pack needs to evaluate: the policy and catalog, or why it cannot. */
type Setup =
  | { readonly policy: Policy; readonly catalog: ModelCatalog | undefined }
  | { readonly problem: string };

/** Reads the policy.yaml and catalog the config (or environment) names. */
export function loadSetup(config: AigwPolicyConfig, env: NodeJS.ProcessEnv = process.env): Setup {
  const policyFile = config.policyFile ?? env[POLICY_FILE_ENV];
  if (policyFile === undefined || policyFile === "") {
    return {
      problem: `no policy file: set policyFile in the pack's config (pulumi preview --policy-pack-config) or ${POLICY_FILE_ENV} to the policy.yaml to check against`,
    };
  }
  let policy: Policy;
  try {
    policy = loadPolicyFile(configuredPath(policyFile, env), policyFile);
  } catch (error: unknown) {
    if (error instanceof PolicyFileError) {
      const details = error.diagnostics
        .map((d) => `${d.file}:${d.range.start.line}:${d.range.start.column}: ${d.message}`)
        .join("; ");
      return { problem: details === "" ? error.message : `${error.message}: ${details}` };
    }
    if (error instanceof AigwError) return { problem: error.message };
    throw error;
  }
  const catalogFile = config.catalog ?? env[CATALOG_FILE_ENV];
  if (catalogFile === undefined || catalogFile === "") return { policy, catalog: undefined };
  try {
    return { policy, catalog: loadCatalogFile(configuredPath(catalogFile, env), catalogFile) };
  } catch (error: unknown) {
    if (error instanceof AigwError) return { problem: error.message };
    throw error;
  }
}

/** The CrossGuard enforcement level of a finding's severity. */
export function enforcementLevelOf(severity: "error" | "warn" | "info"): EnforcementLevel {
  return severity === "error" ? "mandatory" : "advisory";
}

/**
 * Problems reported during the current analysis, so each is reported once, not once per rule.
 * @pulumi/policy runs the policies of one analysis one after another with only promise
 * continuations between them, so an entry is cleared on the next turn of the event loop: the next
 * analysis (the update after a preview, in the same process) reports it again.
 */
const reportedProblems = new Set<string>();

function reportOnce(problem: string): boolean {
  if (reportedProblems.has(problem)) return false;
  reportedProblems.add(problem);
  setImmediate(() => reportedProblems.delete(problem));
  return true;
}

/** Options of {@link aigwPolicies}. */
export interface AigwPoliciesOptions {
  /** The environment the config falls back to; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Today, for waiver expiry (`YYYY-MM-DD`); default the current UTC day. */
  readonly today?: string;
}

/** The stack validation of one rule. */
function validateRule(rule: PolicyRule, options: AigwPoliciesOptions) {
  return (args: StackValidationArgs, reportViolation: ReportViolation): void => {
    const env = options.env ?? process.env;
    const setup = loadSetup(args.getConfig<AigwPolicyConfig>(), env);
    if ("problem" in setup) {
      if (reportOnce(setup.problem)) {
        report(
          reportViolation,
          rule.id,
          `the aigw policy cannot run: ${setup.problem}`,
          "mandatory",
        );
      }
      return;
    }
    const { findings, skipped } = stackPolicyFindings(
      args.resources.map(stackResource),
      setup.policy,
      {
        ...(options.today === undefined ? {} : { today: options.today }),
        ...(setup.catalog === undefined ? {} : { scopeOptions: { catalog: setup.catalog } }),
      },
    );
    for (const { finding, resource, property } of findings) {
      if (finding.rule !== rule.id || finding.waived) continue;
      const where =
        resource === undefined
          ? `${finding.file}:${finding.range.start.line}:${finding.range.start.column}`
          : `resource ${resource.name}${property === "" ? "" : `, property ${property}`}`;
      report(
        reportViolation,
        rule.id,
        `${where}: ${finding.message}`,
        enforcementLevelOf(finding.severity),
        resource?.urn,
      );
    }
    if (rule.id === POLICY_RULES[0]!.id) {
      for (const s of skipped) {
        report(
          reportViolation,
          rule.id,
          `resource ${s.name} is not checked: ${s.reason}`,
          "advisory",
          s.urn,
        );
      }
    }
  };
}

/**
 * Reports one violation with its own enforcement level: @pulumi/policy takes a violation object
 * (`{message, urn, enforcementLevel}`) beside the documented `(message, urn)` form.
 */
function report(
  reportViolation: ReportViolation,
  name: string,
  message: string,
  enforcementLevel: EnforcementLevel,
  urn?: string,
): void {
  const violation = { name, message, enforcementLevel, ...(urn === undefined ? {} : { urn }) };
  (reportViolation as unknown as (v: typeof violation) => void)(violation);
}

/** One stack policy per lint rule, in registry order. */
export function aigwPolicies(options: AigwPoliciesOptions = {}): StackValidationPolicy[] {
  return POLICY_RULES.map((rule) => ({
    name: rule.id,
    description: `${rule.title}: ${rule.description} How to fix: ${rule.help}`,
    enforcementLevel: enforcementLevelOf(rule.defaultSeverity),
    configSchema: {
      properties: {
        policyFile: {
          type: "string",
          description:
            "The policy.yaml to check against (absolute, or relative to where pulumi runs).",
        },
        catalog: {
          type: "string",
          description: "A catalog overlay written by aigw catalog pull.",
        },
      },
    },
    validateStack: validateRule(rule, options),
  }));
}
