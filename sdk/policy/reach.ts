/**
 * Which declared objects let a disallowed model through. The question is answered over THE
 * reachability predicate (`scopeAdmits` / `accessKeyAllows`, DESIGN.md section 4): for each
 * configuration and each unlinked access key we ask the predicate about witness models (every
 * explicit allow entry, and for each provider the scope may admit, a concrete model each deny
 * pattern matches and one outside the policy's allow-list), and the predicate's `admittedBy`
 * names the YAML node that admitted the witness. So the policy can never call a model reachable
 * that the gateway would reject, or the reverse.
 */
import { formatPath } from "../gitops/document-path";
import type { ParsedGateway } from "../gitops/load";
import type { SourceLocation, YamlLocator } from "../gitops/locator";
import type { AccessKeyConfigurationModel, GatewayModel } from "../gitops/model";
import { BUILTIN_CATALOG } from "../catalog/catalog";
import { formatModelName, modelKey } from "../core/model-name";
import type { ResolvedModelRef } from "../catalog/models";
import {
  type ProviderResolver,
  type ScopeDecision,
  type ScopeOptions,
  accessKeyAllows,
  resolveEntry,
  scopeAdmits,
} from "../routing/scope";
import { accessFromModel } from "../routing/inputs";
import { globWitness } from "./patterns";
import type { PolicyMatcher, Violation } from "./policy";

/** The rules the reachability analysis feeds. */
export type ReachRule = "disallowed-model" | "disallowed-provider" | "unrestricted-scope";

/** A declared node that lets at least one disallowed model through. */
export interface ReachFinding {
  readonly rule: ReachRule;
  /** The node that admits the model: an allow entry, a provider entry, `access`, or a name. */
  readonly location: SourceLocation;
  /** What the node is, for messages: `accessKeyConfigurations.research.access.models.allow[1] "openai:o1-preview"`. */
  readonly subject: string;
  /** The object that owns the node (`accessKeyConfigurations.research`). */
  readonly owner: string;
  /** Example models that get through, each with the policy entry it violates (at most 3). */
  readonly examples: readonly { readonly model: string; readonly violation: Violation }[];
  /** True when the node is an explicit allow entry naming the model itself. */
  readonly explicit: boolean;
}

const ANY_MODEL = "any-model";
const UNLISTED_MODELS = ["unlisted-model", "zz-aigw-unlisted-model-0"];
const UNLISTED_PROVIDERS = ["unlisted-provider", "zz-aigw-unlisted-provider-0"];
const MAX_EXAMPLES = 3;

/**
 * The scope options for a gateway.yaml: `providers.allow` entries that are a custom provider's
 * adopted `aigp_…` id resolve to its providerId.
 */
export function gatewayScopeOptions(model: GatewayModel, base: ScopeOptions = {}): ScopeOptions {
  const byId = new Map<string, string>();
  for (const provider of model.providers.values()) {
    if (provider.adopt !== undefined) byId.set(provider.adopt.value, provider.providerId.value);
  }
  if (byId.size === 0 || base.resolveProvider !== undefined) return base;
  const resolveProvider: ProviderResolver = (entry) => byId.get(entry);
  return { ...base, resolveProvider };
}

/** Every reachability finding of a parsed gateway.yaml under a policy. */
export function analyseReach(
  parsed: ParsedGateway,
  matcher: PolicyMatcher,
  scopeOptions: ScopeOptions,
): ReachFinding[] {
  const analysis = new ReachAnalysis(parsed.model, parsed.locator, matcher, scopeOptions);
  for (const config of parsed.model.accessKeyConfigurations.values())
    analysis.configuration(config);
  for (const key of parsed.model.accessKeys.values()) {
    if (key.configuration !== undefined) continue; // linked (or an unknown-reference finding)
    analysis.unlinkedAccessKey(key.logicalName, key.key);
  }
  return analysis.findings();
}

class ReachAnalysis {
  private readonly byNode = new Map<string, MutableFinding>();
  private readonly order: MutableFinding[] = [];
  private universe: string[] | undefined;

  constructor(
    private readonly model: GatewayModel,
    private readonly locator: YamlLocator,
    private readonly matcher: PolicyMatcher,
    private readonly scopeOptions: ScopeOptions,
  ) {}

  findings(): ReachFinding[] {
    return this.order;
  }

  configuration(config: AccessKeyConfigurationModel): void {
    const owner = `accessKeyConfigurations.${config.logicalName}`;
    const access = accessFromModel(config);
    const witnesses: (string | ResolvedModelRef)[] = [];
    // Explicit model entries first: each is a model the scope names, reported at its own entry.
    const explicitCount = config.access?.models?.allow?.length ?? 0;
    for (const entry of config.access?.models?.allow ?? []) witnesses.push(entry.value);
    const explicitModels = config.access?.models?.allow !== undefined;
    if (!explicitModels) {
      const providers =
        config.access?.providers?.allow !== undefined
          ? config.access.providers.allow.map(
              (e) => this.scopeOptions.resolveProvider?.(e.value) ?? e.value,
            )
          : this.providerUniverse();
      for (const provider of new Set(providers)) witnesses.push(...this.modelWitnesses(provider));
    }
    for (const [index, witness] of witnesses.entries()) {
      const ref = typeof witness === "string" ? resolveEntry(witness, this.scopeOptions) : witness;
      if (ref === undefined) continue; // a bare entry the catalog does not know admits nothing
      const violation = this.matcher.violation(ref as ResolvedModelRef);
      if (violation === undefined) continue;
      const decision = scopeAdmits(access, witness, this.scopeOptions);
      if (!decision.allowed) continue;
      const entryIndex = index < explicitCount ? index : undefined;
      const complete = this.add(
        config,
        owner,
        decision,
        ref as ResolvedModelRef,
        violation,
        entryIndex,
      );
      if (complete && access === undefined) return; // one node, enough examples
    }
  }

  unlinkedAccessKey(name: string, key: SourceLocation): void {
    const owner = `accessKeys.${name}`;
    for (const provider of this.providerUniverse()) {
      for (const witness of this.modelWitnesses(provider)) {
        const violation = this.matcher.violation(witness);
        if (violation === undefined) continue;
        const decision = accessKeyAllows({ id: name }, undefined, witness, this.scopeOptions);
        if (!decision.allowed) continue;
        if (
          this.record(
            "unrestricted-scope",
            key,
            `${owner} (an access key with no configuration)`,
            owner,
            witness,
            violation,
            false,
          )
        )
          return;
      }
    }
  }

  /** Maps the predicate's admission to the node that let the model through and records it. */
  private add(
    config: AccessKeyConfigurationModel,
    owner: string,
    decision: ScopeDecision & { allowed: true },
    ref: ResolvedModelRef,
    violation: Violation,
    entryIndex: number | undefined,
  ): boolean {
    const access = config.access;
    const byProvider = violation.dimension === "providers";
    if (decision.unrestricted !== undefined || access === undefined) {
      return this.record(
        "unrestricted-scope",
        config.key,
        `${owner} (a configuration with no access)`,
        owner,
        ref,
        violation,
        false,
      );
    }
    const modelIndex = decision.admittedBy.models;
    if (modelIndex !== "unrestricted") {
      // The predicate names the first entry that admits the model; a duplicate entry (in
      // another form) admits it too, so each explicit entry is reported where it is written.
      const entry = access.models?.allow?.[entryIndex ?? modelIndex];
      if (entry === undefined) return false;
      return this.record(
        byProvider ? "disallowed-provider" : "disallowed-model",
        entry,
        `${formatPath(entry.path)} "${entry.value}"`,
        owner,
        ref,
        violation,
        true,
      );
    }
    const providerIndex = decision.admittedBy.providers;
    if (providerIndex !== "unrestricted") {
      const entry = access.providers?.allow?.[providerIndex];
      if (entry === undefined) return false;
      return this.record(
        byProvider ? "disallowed-provider" : "unrestricted-scope",
        entry,
        `${formatPath(entry.path)} "${entry.value}"${byProvider ? "" : " with no models.allow"}`,
        owner,
        ref,
        violation,
        false,
      );
    }
    const accessKey = this.locator.locate(access.location.path, "key");
    return this.record(
      "unrestricted-scope",
      accessKey,
      `${formatPath(access.location.path)} (no providers.allow or models.allow)`,
      owner,
      ref,
      violation,
      false,
    );
  }

  /** Records an example; true when the node has all the examples it will show. */
  private record(
    rule: ReachRule,
    location: SourceLocation,
    subject: string,
    owner: string,
    ref: ResolvedModelRef,
    violation: Violation,
    explicit: boolean,
  ): boolean {
    const nodeKey = `${rule}\u0000${location.path.join("\u0000")}`;
    let finding = this.byNode.get(nodeKey);
    if (finding === undefined) {
      finding = { rule, location, subject, owner, examples: [], explicit };
      this.byNode.set(nodeKey, finding);
      this.order.push(finding);
    }
    const model = formatModelName(ref);
    // One example per disallowed provider, or per model otherwise.
    const sameExample = (e: { model: string; violation: Violation }): boolean =>
      violation.dimension === "providers"
        ? e.violation.dimension === "providers" && e.model.startsWith(`${ref.provider}:`)
        : modelKey(e.model) === modelKey(model);
    if (finding.examples.length < MAX_EXAMPLES && !finding.examples.some(sameExample)) {
      finding.examples.push({ model, violation });
    }
    return finding.examples.length >= MAX_EXAMPLES;
  }

  /**
   * Concrete models of a provider that the policy may disallow: one per deny pattern that can
   * match the provider, one outside the policy's models.allow, and any model when the provider
   * itself is disallowed. An empty list means nothing of this provider can violate the policy.
   */
  private modelWitnesses(provider: string): ResolvedModelRef[] {
    const witnesses: ResolvedModelRef[] = [];
    if (this.matcher.providerViolation(provider) !== undefined) {
      witnesses.push({ provider, model: ANY_MODEL });
    }
    const { deny, allow } = this.matcher.policy.models;
    for (const entry of deny) {
      if (entry.pattern.matchesProvider(provider)) {
        witnesses.push({ provider, model: globWitness(entry.pattern.modelGlob) });
      }
    }
    if (allow !== undefined) {
      const unlisted = UNLISTED_MODELS.find(
        (model) => !allow.entries.some((e) => e.pattern.matches({ provider, model })),
      );
      if (unlisted !== undefined) witnesses.push({ provider, model: unlisted });
    }
    return witnesses;
  }

  /**
   * The providers an unrestricted providers dimension may admit, as far as the policy can tell
   * them apart: the built-in ones, the custom ones of this file, every provider the policy names
   * (a glob by a concrete witness), and one outside the policy's providers.allow.
   */
  private providerUniverse(): string[] {
    if (this.universe !== undefined) return this.universe;
    const policy = this.matcher.policy;
    const catalog = this.scopeOptions.catalog ?? BUILTIN_CATALOG;
    const names = new Set<string>(catalog.providers.map((p) => p.id));
    for (const p of this.model.providers.values()) names.add(p.providerId.value);
    for (const e of policy.providers.deny) names.add(globWitness(e.pattern.text));
    for (const e of policy.providers.allow?.entries ?? []) names.add(globWitness(e.pattern.text));
    for (const e of [...policy.models.deny, ...(policy.models.allow?.entries ?? [])]) {
      if (e.pattern.providerGlob !== undefined) names.add(globWitness(e.pattern.providerGlob));
    }
    const allow = policy.providers.allow;
    if (allow !== undefined) {
      const unlisted = UNLISTED_PROVIDERS.find(
        (p) => !allow.entries.some((e) => e.pattern.matches(p)),
      );
      if (unlisted !== undefined) names.add(unlisted);
    }
    this.universe = [...names];
    return this.universe;
  }
}

interface MutableFinding {
  readonly rule: ReachRule;
  readonly location: SourceLocation;
  readonly subject: string;
  readonly owner: string;
  readonly examples: { model: string; violation: Violation }[];
  readonly explicit: boolean;
}

/**
 * Whether the policy validator considers `model` reachable through the access key declared as
 * `accessKeyName`: THE predicate (`accessKeyAllows`) over the key's configuration as the
 * validator reads it from gateway.yaml. False for an undeclared key or a link to an undeclared
 * configuration (which is an `unknown-reference` finding).
 */
export function accessKeyReaches(
  parsed: ParsedGateway,
  accessKeyName: string,
  model: string,
  scopeOptions: ScopeOptions = gatewayScopeOptions(parsed.model),
): boolean {
  const key = parsed.model.accessKeys.get(accessKeyName);
  if (key === undefined) return false;
  const config = key.configuration?.target;
  if (key.configuration !== undefined && config === undefined) return false;
  const access = config === undefined ? undefined : accessFromModel(config);
  return accessKeyAllows(
    { id: accessKeyName, accessKeyConfigurationId: config?.logicalName ?? null },
    config === undefined
      ? undefined
      : { id: config.logicalName, ...(access === undefined ? {} : { access }) },
    model,
    scopeOptions,
  ).allowed;
}
