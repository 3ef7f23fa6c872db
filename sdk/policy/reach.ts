/**
 * Which declared objects let a disallowed model through, and where. The question is put to THE
 * routing planner the data plane runs (`planRequest`, over the same declared input `aigw explain`
 * uses): for each configuration and each access key with no configuration we ask about witness
 * models (every explicit allow entry; and where the models dimension is open, for each provider
 * the scope may admit, a model of each policy entry that can disallow some of its models), and
 * the planner's scope admission names the YAML node that let the witness through. So the policy
 * can never call a model reachable that the gateway would reject, or the reverse.
 *
 * The verdict's rule is what the policy disallows, never how the scope admits it: a disallowed
 * provider is `disallowed-provider`, a disallowed model `disallowed-model`, whether an explicit
 * entry, a provider-wide entry, a missing allow-list, a missing `access` or an access key with
 * no configuration lets it through. The node says how (`ReachPath`).
 */
import { formatPath } from "../gitops/document-path";
import type { ParsedGateway } from "../gitops/load";
import type { SourceLocation, YamlLocator } from "../gitops/locator";
import type { AccessKeyConfigurationModel, GatewayModel } from "../gitops/model";
import { BUILTIN_CATALOG, type ModelCatalog } from "../catalog/catalog";
import { type ModelRef, formatModelName, modelKey, parseModelName } from "../core/model-name";
import { type PlanInput, planRequest } from "../routing/planner";
import {
  type ProviderResolver,
  type ScopeAdmission,
  type ScopeOptions,
  accessKeyAllows,
  resolveEntry,
} from "../routing/scope";
import {
  accessFromModel,
  configurationFromModel,
  declaredAccountInput,
  declaredId,
  planCustomProvider,
} from "../routing/inputs";
import { globWitness } from "./patterns";
import type { PolicyMatcher, Violation } from "./policy";

/** The rules of the verdict: named by what the policy disallows. */
export type ReachRule = "disallowed-model" | "disallowed-provider";

/**
 * How a scope lets models through, by the kind of node that admits them: an explicit
 * `models.allow` entry; a `providers.allow` entry with no `models.allow`; an `access` with
 * neither allow-list; a configuration with no `access`; an access key with no configuration.
 */
export type ReachPath =
  "entry" | "provider-wide" | "open-access" | "no-access" | "no-configuration";

/** A declared node that admits models, and the object it belongs to. */
export interface ScopeNode {
  readonly path: ReachPath;
  /** Where the node is written: the entry, `access`, or the object's name. */
  readonly location: SourceLocation;
  /** What the node is, for messages: `accessKeyConfigurations.research.access.models.allow[1] "openai:o1-preview"`. */
  readonly subject: string;
  /** The object that owns the node (`accessKeyConfigurations.research`, `accessKeys.ci-bot`). */
  readonly owner: string;
  /** The provider a provider-wide entry admits (after resolving an adopted `aigp_…` id). */
  readonly provider?: string;
}

/** One example of a reach finding: a model that gets through and the policy entry it violates. */
export interface ReachExample {
  /** The canonical `provider:model` the planner admitted. */
  readonly model: string;
  readonly violation: Violation;
  /** The class of models it stands for, as a `provider:model` pattern (`openai:*-preview`). */
  readonly modelPattern: string;
  /**
   * True when the model is one the scope names or the catalog lists (or a custom provider of the
   * file declares), false for a synthetic name standing for a class with no known model.
   */
  readonly known: boolean;
}

/** A declared node that lets models through that the policy disallows in one dimension. */
export interface ReachFinding extends ScopeNode {
  readonly rule: ReachRule;
  /** Up to three examples, known models first, each of another class. */
  readonly examples: readonly ReachExample[];
  /** How many classes of disallowed models the node lets through beyond the examples. */
  readonly more: number;
  /**
   * Every class of disallowed models the node lets through, as `provider:model` patterns: a
   * waiver with `model:` covers the finding only when its pattern covers each of them.
   */
  readonly modelPatterns: readonly string[];
}

const ANY_MODEL = "any-model";
const UNLISTED_MODELS = ["unlisted-model", "zz-aigw-unlisted-model-0"];
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
  // Provider keys and custom providers of every file loaded with this one are the account.
  const analysis = new ReachAnalysis(parsed.declaration, parsed.locator, matcher, scopeOptions);
  for (const config of parsed.model.accessKeyConfigurations.values()) {
    analysis.configuration(config);
  }
  for (const key of parsed.model.accessKeys.values()) {
    if (key.configuration !== undefined) continue; // linked (or an unknown-reference finding)
    analysis.unlinkedAccessKey(key.logicalName, key.key);
  }
  return analysis.findings();
}

/**
 * Every open scope of a gateway.yaml, whatever the policy says: an access key with no
 * configuration, a configuration with no `access`, an `access` with neither allow-list, and each
 * `providers.allow` entry (per provider) of an `access` with no `models.allow`. Each admits every
 * model of its providers, including models the catalog does not list yet.
 */
export function openScopes(parsed: ParsedGateway, scopeOptions: ScopeOptions): ScopeNode[] {
  const nodes: ScopeNode[] = [];
  for (const config of parsed.model.accessKeyConfigurations.values()) {
    const owner = `accessKeyConfigurations.${config.logicalName}`;
    const access = config.access;
    if (access === undefined) {
      nodes.push(objectNode("no-access", config.key, owner));
      continue;
    }
    if (access.models?.allow !== undefined) continue;
    const providers = access.providers?.allow;
    if (providers === undefined) {
      nodes.push(accessNode(parsed.locator, config, owner));
      continue;
    }
    const seen = new Set<string>();
    for (const entry of providers) {
      const provider = scopeOptions.resolveProvider?.(entry.value) ?? entry.value;
      if (seen.has(provider)) continue;
      seen.add(provider);
      nodes.push(providerEntryNode(entry, provider, owner));
    }
  }
  for (const key of parsed.model.accessKeys.values()) {
    if (key.configuration !== undefined) continue;
    nodes.push(objectNode("no-configuration", key.key, `accessKeys.${key.logicalName}`));
  }
  return nodes;
}

function objectNode(
  path: "no-access" | "no-configuration",
  location: SourceLocation,
  owner: string,
): ScopeNode {
  return { path, location, subject: owner, owner };
}

function accessNode(
  locator: YamlLocator,
  config: AccessKeyConfigurationModel,
  owner: string,
): ScopeNode {
  const path = config.access?.location.path ?? [];
  return {
    path: "open-access",
    location: locator.locate(path, "key"),
    subject: formatPath(path),
    owner,
  };
}

function providerEntryNode(
  entry: { readonly value: string } & SourceLocation,
  provider: string,
  owner: string,
): ScopeNode {
  return {
    path: "provider-wide",
    location: entry,
    subject: `${formatPath(entry.path)} "${entry.value}"`,
    owner,
    provider,
  };
}

/** One class of models a provider may serve that the policy disallows, with its witness. */
interface Unit {
  readonly rule: ReachRule;
  /** The witness asked of the planner, `provider:model`, normalised. */
  readonly witness: string;
  readonly violation: Violation;
  readonly modelPattern: string;
  readonly known: boolean;
}

/** A request the planner admits: the model as it resolved, and which scope entries admitted it. */
interface Admitted {
  readonly model: string;
  readonly scope: ScopeAdmission;
}

/** The planner input of one object, without the request's model. */
type OwnerInput = Omit<PlanInput, "model" | "models">;

class ReachAnalysis {
  private readonly byNode = new Map<string, MutableFinding>();
  private readonly order: MutableFinding[] = [];
  private readonly account: Pick<OwnerInput, "providerKeys" | "customProviders" | "catalog">;
  private readonly admissions = new Map<string, Admitted | null>();
  private readonly units = new Map<string, readonly Unit[]>();
  private universe: string[] | undefined;
  /** The catalog in use (the package's, or one with an overlay): the planner reads the same. */
  private readonly catalog: ModelCatalog;

  constructor(
    private readonly model: GatewayModel,
    private readonly locator: YamlLocator,
    private readonly matcher: PolicyMatcher,
    private readonly scopeOptions: ScopeOptions,
  ) {
    const account = declaredAccountInput(model);
    // A providers.allow entry may name a custom provider by its adopted `aigp_…` id.
    const adopted = [...model.providers.values()].flatMap((p) =>
      p.adopt === undefined
        ? []
        : [
            planCustomProvider({
              id: p.adopt.value,
              providerId: p.providerId.value,
              models: (p.models ?? []).map((m) => ({ modelId: m.value })),
            }),
          ],
    );
    this.catalog = scopeOptions.catalog ?? BUILTIN_CATALOG;
    this.account = {
      providerKeys: account.providerKeys,
      customProviders: [...(account.customProviders ?? []), ...adopted],
      catalog: this.catalog,
    };
  }

  findings(): ReachFinding[] {
    return this.order.map((f) => {
      const shown = [...f.known, ...f.synthetic].slice(0, MAX_EXAMPLES);
      return {
        ...f.node,
        rule: f.rule,
        examples: shown,
        more: f.patterns.size - shown.length,
        modelPatterns: [...f.patterns.values()],
      };
    });
  }

  configuration(config: AccessKeyConfigurationModel): void {
    const owner = `accessKeyConfigurations.${config.logicalName}`;
    // Built only when the planner is asked: most entries of a large file are allowed.
    let input: OwnerInput | undefined;
    const inputOf = (): OwnerInput =>
      (input ??= {
        ...this.account,
        accessKey: {
          id: declaredId("accessKeys", `<a key of ${config.logicalName}>`),
          accessKeyConfigurationId: declaredId("accessKeyConfigurations", config.logicalName),
        },
        configuration: configurationFromModel(config),
      });
    let key: string | undefined;
    const scopeKey = (): string => (key ??= JSON.stringify(accessFromModel(config) ?? null));
    const explicit = config.access?.models?.allow;
    if (explicit !== undefined) {
      // Each explicit entry is reported where it is written, even when an earlier entry (in
      // another form) is the one the planner names: both admit the model.
      for (const entry of explicit) {
        const ref = resolveEntry(entry.value, this.scopeOptions);
        if (ref?.provider === undefined) continue; // admits nothing the catalog can name
        const target = { provider: ref.provider, model: ref.model };
        if (this.matcher.violation(target) === undefined) continue; // allowed: nothing to ask
        const units = this.entryUnits(formatModelName(ref));
        const admitted = this.admit(scopeKey(), inputOf(), formatModelName(ref));
        if (admitted === undefined) continue;
        const node: ScopeNode = {
          path: "entry",
          location: entry,
          subject: `${formatPath(entry.path)} "${entry.value}"`,
          owner,
        };
        for (const unit of units) this.record(node, unit, admitted.model);
      }
      return;
    }
    const providers =
      config.access?.providers?.allow?.map(
        (e) => this.scopeOptions.resolveProvider?.(e.value) ?? e.value,
      ) ?? this.providerUniverse();
    for (const provider of new Set(providers)) {
      const units = this.providerUnits(provider);
      const admitted = this.admitProvider(scopeKey, inputOf, units);
      if (admitted === undefined) continue;
      const node = this.nodeOf(config, owner, admitted.scope);
      for (const unit of units) this.record(node, unit, unit.witness);
    }
  }

  unlinkedAccessKey(name: string, key: SourceLocation): void {
    const owner = `accessKeys.${name}`;
    const input: OwnerInput = {
      ...this.account,
      accessKey: { id: declaredId("accessKeys", name), accessKeyConfigurationId: null },
      configuration: undefined,
    };
    const node = objectNode("no-configuration", key, owner);
    for (const provider of this.providerUniverse()) {
      const units = this.providerUnits(provider);
      if (
        this.admitProvider(
          () => "no-configuration",
          () => input,
          units,
        ) === undefined
      )
        continue;
      for (const unit of units) this.record(node, unit, unit.witness);
    }
  }

  /**
   * The planner's admission of a provider's witnesses where the models dimension is open. There,
   * admission depends on the provider alone (is it one the gateway resolves, and does the
   * providers dimension admit it), so the planner is asked about the first witness only.
   */
  private admitProvider(
    scopeKey: () => string,
    input: () => OwnerInput,
    units: readonly Unit[],
  ): Admitted | undefined {
    const [first] = units;
    return first === undefined ? undefined : this.admit(scopeKey(), input(), first.witness);
  }

  /**
   * The planner's scope admission of a request for `model` through `input`, or undefined when
   * the gateway would not serve it (rejected by the scope, or the name does not resolve). A
   * request rejected only because no key is left was admitted. Memoised by the access scope,
   * which is all admission depends on in one file.
   */
  private admit(scopeKey: string, input: OwnerInput, model: string): Admitted | undefined {
    const key = `${scopeKey}\u0000${model}`;
    let admitted = this.admissions.get(key);
    if (admitted === undefined) {
      const options =
        this.scopeOptions.bareModelEntries === undefined
          ? {}
          : { bareModelEntries: this.scopeOptions.bareModelEntries };
      const plan = planRequest({ ...input, model }, options);
      const candidate = plan.candidates[0];
      admitted =
        (plan.outcome === "accepted" || plan.rejection.stage === "routing") &&
        candidate?.outcome === "routed"
          ? { model: candidate.modelName, scope: candidate.scope }
          : null;
      this.admissions.set(key, admitted);
    }
    return admitted ?? undefined;
  }

  /** The node a configuration's admission names. */
  private nodeOf(
    config: AccessKeyConfigurationModel,
    owner: string,
    scope: ScopeAdmission,
  ): ScopeNode {
    const access = config.access;
    if (access === undefined || scope.unrestricted !== undefined) {
      return objectNode("no-access", config.key, owner);
    }
    const index = scope.admittedBy.providers;
    const entry = index === "unrestricted" ? undefined : access.providers?.allow?.[index];
    if (entry === undefined) return accessNode(this.locator, config, owner);
    return providerEntryNode(
      entry,
      this.scopeOptions.resolveProvider?.(entry.value) ?? entry.value,
      owner,
    );
  }

  /** Records an admitted unit at its node. */
  private record(node: ScopeNode, unit: Unit, model: string): void {
    const nodeKey = `${unit.rule}\u0000${node.location.path.join("\u0000")}`;
    let finding = this.byNode.get(nodeKey);
    if (finding === undefined) {
      finding = {
        node,
        rule: unit.rule,
        known: [],
        synthetic: [],
        shown: new Set(),
        patterns: new Map(),
      };
      this.byNode.set(nodeKey, finding);
      this.order.push(finding);
    }
    const patternKey = unit.modelPattern.toLowerCase();
    if (finding.patterns.has(patternKey)) return;
    finding.patterns.set(patternKey, unit.modelPattern);
    const examples = unit.known ? finding.known : finding.synthetic;
    const key = modelKey(model);
    if (examples.length < MAX_EXAMPLES && !finding.shown.has(key)) {
      finding.shown.add(key);
      examples.push({
        model,
        violation: unit.violation,
        modelPattern: unit.modelPattern,
        known: unit.known,
      });
    }
  }

  /**
   * What the policy disallows about one model an explicit entry admits: its provider, itself.
   * The model is the one the entry names, so it is the example whether the catalog knows it or not.
   */
  private entryUnits(model: string): Unit[] {
    const ref = parseModelName(model) as ModelRef & { provider: string };
    const known = true;
    const units: Unit[] = [];
    const byProvider = this.matcher.providerViolation(ref.provider);
    if (byProvider !== undefined) {
      units.push({
        rule: "disallowed-provider",
        witness: model,
        violation: byProvider,
        modelPattern: model,
        known,
      });
    }
    const byModel = this.matcher.modelViolation(ref);
    if (byModel !== undefined) {
      units.push({
        rule: "disallowed-model",
        witness: model,
        violation: byModel,
        modelPattern: model,
        known,
      });
    }
    return units;
  }

  /**
   * The classes of a provider's models the policy disallows, each with a witness: the provider
   * itself (every model), each `models.deny` pattern that can match its models, and its models
   * outside the policy's `models.allow`. A witness is a known model of the class where there is
   * one (the catalog's, or a custom provider's declared models), else a synthetic name. Empty
   * when nothing of the provider can violate the policy.
   */
  private providerUnits(provider: string): readonly Unit[] {
    const cached = this.units.get(provider);
    if (cached !== undefined) return cached;
    const units: Unit[] = [];
    const known = this.knownModels(provider);
    const ref = (model: string): ModelRef & { provider: string } => {
      const parsed = parseModelName(`${provider}:${model}`);
      return { provider, model: parsed.model };
    };
    const byProvider = this.matcher.providerViolation(provider);
    if (byProvider !== undefined) {
      const model = known[0];
      units.push({
        rule: "disallowed-provider",
        witness: formatModelName(ref(model ?? ANY_MODEL)),
        violation: byProvider,
        modelPattern: `${provider}:*`,
        known: model !== undefined,
      });
    }
    const { deny, allow } = this.matcher.policy.models;
    for (const entry of deny) {
      if (!entry.pattern.matchesProvider(provider)) continue;
      const model =
        known.find((m) => entry.pattern.matches(ref(m))) ??
        globWitness(entry.pattern.modelGlob).toLowerCase();
      const violation = this.matcher.modelViolation(ref(model));
      if (violation === undefined) continue; // the pattern matches no normalised name
      units.push({
        rule: "disallowed-model",
        witness: formatModelName(ref(model)),
        violation,
        modelPattern: `${provider}:${entry.pattern.modelGlob}`,
        known: known.includes(model),
      });
    }
    if (allow !== undefined) {
      const outside = (m: string): boolean => !allow.entries.some((e) => e.pattern.matches(ref(m)));
      const notDenied = (m: string): boolean => !deny.some((e) => e.pattern.matches(ref(m)));
      const model =
        known.find((m) => outside(m) && notDenied(m)) ??
        known.find(outside) ??
        [...UNLISTED_MODELS, unmatchedName(allow.entries.map((e) => e.pattern.modelGlob))].find(
          outside,
        );
      const violation = model === undefined ? undefined : this.matcher.modelViolation(ref(model));
      if (model !== undefined && violation !== undefined) {
        units.push({
          rule: "disallowed-model",
          witness: formatModelName(ref(model)),
          violation,
          modelPattern: `${provider}:*`,
          known: known.includes(model),
        });
      }
    }
    this.units.set(provider, units);
    return units;
  }

  /** The models a provider is known to serve: the catalog's, and a custom provider's declared ones. */
  private knownModels(provider: string): string[] {
    const models = this.catalog.modelsOf(provider).map((m) => m.model);
    for (const p of this.model.providers.values()) {
      if (p.providerId.value === provider) models.push(...(p.models ?? []).map((m) => m.value));
    }
    return models;
  }

  /**
   * The providers an open providers dimension admits, as the planner resolves them: the
   * catalog's, the custom providers of this file and the providers of its provider keys.
   */
  private providerUniverse(): string[] {
    if (this.universe !== undefined) return this.universe;
    const names = new Set<string>(this.catalog.providers.map((p) => p.id));
    for (const p of this.model.providers.values()) names.add(p.providerId.value);
    for (const k of this.model.providerKeys.values()) names.add(k.providerId.value);
    this.universe = [...names];
    return this.universe;
  }
}

interface MutableFinding {
  readonly node: ScopeNode;
  readonly rule: ReachRule;
  /** Examples of known models, then of synthetic ones; at most three of each. */
  readonly known: ReachExample[];
  readonly synthetic: ReachExample[];
  /** The model keys of the examples. */
  readonly shown: Set<string>;
  /** Model patterns by lower-cased text. */
  readonly patterns: Map<string, string>;
}

/**
 * A model name no glob of the list matches (unless one is all `*`): made of a character that
 * appears in none of them, so it cannot match any literal part.
 */
function unmatchedName(globs: readonly string[]): string {
  const used = new Set(globs.join("").toLowerCase());
  const char = [..."zqxjkvw0123456789"].find((c) => !used.has(c)) ?? "~";
  return char.repeat(3);
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
