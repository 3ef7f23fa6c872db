/**
 * The change between two versions of a gateway.yaml, written for a pull-request comment: per
 * configuration, what enters and leaves the scope and how failover order changes; provider keys
 * added, removed or re-pointed; access keys created, deleted or re-linked; then the findings new
 * in this version and those it fixes.
 */
import type { Severity } from "../core/diagnostics";
import type { GatewayDeclaration, ParsedGateway } from "../gitops/load";
import type {
  AccessKeyConfigurationModel,
  AccessKeyModel,
  DeclaredObject,
  GatewayModel,
  ProviderKeyModel,
  RouterRuleModel,
} from "../gitops/model";
import { formatModelName, modelKey } from "../core/model-name";
import { resolveEntry } from "../routing/scope";
import {
  type LintSummary,
  type PolicyLintOptions,
  failsThreshold,
  policyDiagnostics,
  summarize,
} from "./lint";
import type { Policy } from "./policy";
import type { PreviewPlan } from "./review-preview";
import type { Finding } from "./types";

/** One dimension of a scope: `unrestricted` (no allow-list) or the allowed entries. */
export type ScopeList = "unrestricted" | readonly string[];

/** How one dimension of a configuration's scope changed. */
export interface ScopeChange {
  readonly before: ScopeList | undefined;
  readonly after: ScopeList | undefined;
  /** Entries now admitted that were not (empty when the dimension became unrestricted). */
  readonly added: readonly string[];
  /** Entries no longer admitted. */
  readonly removed: readonly string[];
  /** Set when the dimension went from an allow-list to unrestricted or back. */
  readonly became?: "unrestricted" | "restricted";
}

/** How the failover order of one router rule changed. */
export interface FailoverChange {
  /** `provider openai` or `model openai:gpt-4o`. */
  readonly rule: string;
  /** Keys and steps in failover order (`openai-primary`, `openai-backup`, `ngrok`); undefined when the rule is absent. */
  readonly before: readonly string[] | undefined;
  readonly after: readonly string[] | undefined;
}

/** The change of one access key configuration. */
export interface ConfigurationChange {
  readonly name: string;
  /** The team that owns the configuration (its file's `owner:`), when declared. */
  readonly owner?: string;
  readonly status: "added" | "removed" | "changed";
  readonly providers: ScopeChange;
  readonly models: ScopeChange;
  readonly failover: readonly FailoverChange[];
}

/** A provider key added, removed or re-pointed (another provider or another secret source). */
export interface ProviderKeyChange {
  readonly name: string;
  /** The team that owns the key (its file's `owner:`), when declared. */
  readonly owner?: string;
  readonly status: "added" | "removed" | "re-pointed";
  /** `openai via secret openaiPrimary`. */
  readonly before?: string;
  readonly after?: string;
}

/** An access key created, deleted or linked to another configuration. */
export interface AccessKeyChange {
  readonly name: string;
  /** The team that owns the access key (its file's `owner:`), when declared. */
  readonly owner?: string;
  readonly status: "created" | "deleted" | "re-linked";
  /** The linked configuration; `null` for none (allow-all). */
  readonly before?: string | null;
  readonly after?: string | null;
}

/** The review of a change to a gateway.yaml. */
export interface ReviewReport {
  readonly base: string;
  readonly head: string;
  readonly configurations: readonly ConfigurationChange[];
  readonly providerKeys: readonly ProviderKeyChange[];
  readonly accessKeys: readonly AccessKeyChange[];
  /** Findings of the new version that the base did not have. */
  readonly newFindings: readonly Finding[];
  /** Findings of the base that the new version no longer has. */
  readonly fixedFindings: readonly Finding[];
  /** Every finding of the new version (what `aigw lint` would report). */
  readonly findings: readonly Finding[];
  readonly summary: LintSummary;
  /** What `pulumi up` will do, from the preview of the same change (`aigw review --preview`). */
  readonly plan?: PreviewPlan;
}

/** One file, or the files that declare a gateway together. */
export type ReviewedGateway = ParsedGateway | GatewayDeclaration;

function filesOf(gateway: ReviewedGateway): readonly ParsedGateway[] {
  return "document" in gateway ? [gateway] : gateway.files;
}

/**
 * Reviews `head` against `base` (undefined when the file is new) under a policy; either may be
 * several files declaring one gateway, compared as merged declarations. Findings are compared by
 * rule, path and model, so moving lines (or an object to another file) does not make a finding
 * "new".
 */
export function reviewGateways(
  base: ReviewedGateway | undefined,
  head: ReviewedGateway,
  policy: Policy,
  options: PolicyLintOptions = {},
): ReviewReport {
  const lintOptions = { ...options, includePolicyFindings: false };
  const baseFiles = base === undefined ? [] : filesOf(base);
  const headFiles = filesOf(head);
  const baseFindings = baseFiles.flatMap((f) => policyDiagnostics(f, policy, lintOptions));
  const headFindings = headFiles.flatMap((f, i) =>
    policyDiagnostics(f, policy, i === 0 ? options : lintOptions),
  );
  const baseKeys = new Set(baseFindings.map(findingKey));
  const headKeys = new Set(headFindings.map(findingKey));
  const headNames = new Set(headFiles.map((f) => f.file));
  const label = (files: readonly ParsedGateway[]): string => files.map((f) => f.file).join(", ");
  const before = base?.model ?? emptyModel(head.model.file);
  return {
    base: base === undefined ? "(none)" : label(baseFiles),
    head: label(headFiles),
    configurations: configurationChanges(before, head.model),
    providerKeys: providerKeyChanges(before, head.model),
    accessKeys: accessKeyChanges(before, head.model),
    newFindings: headFindings.filter((f) => headNames.has(f.file) && !baseKeys.has(findingKey(f))),
    fixedFindings: baseFindings.filter((f) => !headKeys.has(findingKey(f))),
    findings: headFindings,
    summary: summarize(headFindings),
  };
}

/** `{ owner }` of an object's team, when its file declares one. */
function ownerOf(...objects: (DeclaredObject | undefined)[]): { owner?: string } {
  const owner = objects.find((o) => o?.owner !== undefined)?.owner?.value;
  return owner === undefined ? {} : { owner };
}

/** True when the review should fail the run: as `aigw lint` on the new version. */
export function reviewFails(report: ReviewReport, threshold: Severity = "error"): boolean {
  return failsThreshold(report.findings, threshold);
}

/**
 * What makes two findings the same across versions: the rule, the node's path, and what the
 * finding is about (every model class of a `disallowed-*` finding, so a scope that comes to reach
 * more disallowed models shows as new; else the model and policy entry).
 */
function findingKey(f: Finding): string {
  const about =
    f.modelPatterns !== undefined
      ? [...f.modelPatterns].sort().join("\u0001")
      : `${f.model ?? ""}\u0001${f.policyEntry ?? ""}`;
  return [f.rule, f.path.join("\u0001"), about].join("\u0000");
}

function emptyModel(file: string): GatewayModel {
  return {
    file,
    files: [file],
    owner: undefined,
    version: undefined,
    gatewayConfig: undefined,
    providers: new Map(),
    providerKeys: new Map(),
    accessKeyConfigurations: new Map(),
    accessKeys: new Map(),
  };
}

function union<K>(a: Iterable<K>, b: Iterable<K>): K[] {
  return [...new Set([...a, ...b])];
}

function scopeList(
  config: AccessKeyConfigurationModel | undefined,
  dimension: "providers" | "models",
): ScopeList | undefined {
  if (config === undefined) return undefined;
  const allow = config.access?.[dimension]?.allow;
  return allow === undefined ? "unrestricted" : allow.map((e) => e.value);
}

function entryKey(dimension: "providers" | "models", entry: string): string {
  if (dimension === "providers") return entry;
  const ref = resolveEntry(entry);
  return ref === undefined ? `?${entry.toLowerCase()}` : modelKey(ref);
}

function displayEntry(dimension: "providers" | "models", entry: string): string {
  if (dimension === "providers") return entry;
  const ref = resolveEntry(entry);
  return ref === undefined ? entry : formatModelName(ref);
}

function scopeChange(
  dimension: "providers" | "models",
  before: ScopeList | undefined,
  after: ScopeList | undefined,
): ScopeChange {
  const list = (scope: ScopeList | undefined): readonly string[] =>
    scope === undefined || scope === "unrestricted" ? [] : scope;
  // The entries of `from` that `other` lacks; none when either side is unrestricted.
  const missing = (from: ScopeList | undefined, other: ScopeList | undefined): string[] => {
    if (from === "unrestricted") return [];
    const otherKeys = new Set(list(other).map((e) => entryKey(dimension, e)));
    return list(from)
      .filter((e) => other !== "unrestricted" && !otherKeys.has(entryKey(dimension, e)))
      .map((e) => displayEntry(dimension, e));
  };
  const added = missing(after, before);
  const removed = missing(before, after);
  const became =
    before !== undefined &&
    after !== undefined &&
    (before === "unrestricted") !== (after === "unrestricted")
      ? after === "unrestricted"
        ? "unrestricted"
        : "restricted"
      : undefined;
  return {
    before,
    after,
    added: [...new Set(added)],
    removed: [...new Set(removed)],
    ...(became === undefined ? {} : { became }),
  };
}

function ruleLabel(rule: RouterRuleModel): string {
  if (rule.model !== undefined) {
    const ref = resolveEntry(rule.model.value);
    return `model ${ref === undefined ? rule.model.value : formatModelName(ref)}`;
  }
  return `provider ${rule.provider?.value ?? "?"}`;
}

function failoverOrder(rule: RouterRuleModel): string[] {
  return rule.steps.flatMap((step) =>
    step.type.value === "ngrok" ? ["ngrok"] : (step.keys ?? []).map((k) => k.value),
  );
}

function failoverChanges(
  before: AccessKeyConfigurationModel | undefined,
  after: AccessKeyConfigurationModel | undefined,
): FailoverChange[] {
  const rules = (config: AccessKeyConfigurationModel | undefined): Map<string, string[]> =>
    new Map((config?.router?.rules ?? []).map((r) => [ruleLabel(r), failoverOrder(r)]));
  const b = rules(before);
  const a = rules(after);
  const changes: FailoverChange[] = [];
  for (const label of union(b.keys(), a.keys())) {
    const x = b.get(label);
    const y = a.get(label);
    if (x !== undefined && y !== undefined && x.join("\u0000") === y.join("\u0000")) continue;
    changes.push({ rule: label, before: x, after: y });
  }
  return changes;
}

function configurationChanges(before: GatewayModel, after: GatewayModel): ConfigurationChange[] {
  const changes: ConfigurationChange[] = [];
  for (const name of union(
    before.accessKeyConfigurations.keys(),
    after.accessKeyConfigurations.keys(),
  )) {
    const b = before.accessKeyConfigurations.get(name);
    const a = after.accessKeyConfigurations.get(name);
    const providers = scopeChange(
      "providers",
      scopeList(b, "providers"),
      scopeList(a, "providers"),
    );
    const models = scopeChange("models", scopeList(b, "models"), scopeList(a, "models"));
    const failover = failoverChanges(b, a);
    const status = b === undefined ? "added" : a === undefined ? "removed" : "changed";
    const changed =
      status !== "changed" ||
      providers.added.length +
        providers.removed.length +
        models.added.length +
        models.removed.length >
        0 ||
      providers.became !== undefined ||
      models.became !== undefined ||
      failover.length > 0 ||
      (b?.access === undefined) !== (a?.access === undefined);
    if (changed) changes.push({ name, ...ownerOf(a, b), status, providers, models, failover });
  }
  return changes;
}

function keyTarget(key: ProviderKeyModel): string {
  const source = key.value.value;
  return `${key.providerId.value} via ${source.kind === "secret" ? `secret ${source.key}` : `env ${source.variable}`}`;
}

/** A declared object added, removed or changed in what `target` reads of it. */
interface TargetChange<T> {
  readonly name: string;
  readonly owner?: string;
  readonly status: "added" | "removed" | "changed";
  readonly before?: T;
  readonly after?: T;
}

/** The objects of `before` and `after` by name that were added, removed or whose target changed. */
function targetChanges<M extends DeclaredObject, T>(
  before: ReadonlyMap<string, M>,
  after: ReadonlyMap<string, M>,
  target: (object: M) => T,
): TargetChange<T>[] {
  const changes: TargetChange<T>[] = [];
  for (const name of union(before.keys(), after.keys())) {
    const b = before.get(name);
    const a = after.get(name);
    const owner = ownerOf(a, b);
    if (b === undefined && a !== undefined)
      changes.push({ name, ...owner, status: "added", after: target(a) });
    else if (a === undefined && b !== undefined)
      changes.push({ name, ...owner, status: "removed", before: target(b) });
    else if (a !== undefined && b !== undefined && target(a) !== target(b)) {
      changes.push({ name, ...owner, status: "changed", before: target(b), after: target(a) });
    }
  }
  return changes;
}

const PROVIDER_KEY_STATUS = { added: "added", removed: "removed", changed: "re-pointed" } as const;
const ACCESS_KEY_STATUS = { added: "created", removed: "deleted", changed: "re-linked" } as const;

function providerKeyChanges(before: GatewayModel, after: GatewayModel): ProviderKeyChange[] {
  return targetChanges(before.providerKeys, after.providerKeys, keyTarget).map((change) => ({
    ...change,
    status: PROVIDER_KEY_STATUS[change.status],
  }));
}

function accessKeyChanges(before: GatewayModel, after: GatewayModel): AccessKeyChange[] {
  const link = (k: AccessKeyModel): string | null => k.configuration?.value ?? null;
  return targetChanges(before.accessKeys, after.accessKeys, link).map((change) => ({
    ...change,
    status: ACCESS_KEY_STATUS[change.status],
  }));
}
