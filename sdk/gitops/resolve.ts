import type { Diagnostic, Severity } from "../core/diagnostics";
import { BUILTIN_CATALOG, type ModelCatalog } from "../catalog/catalog";
import { parseModelName } from "../core/model-name";
import type { GatewayDiagnosticCode } from "./codes";
import { formatPath, type DocumentPath } from "./document-path";
import type { SourceLocation, YamlLocator } from "./locator";
import { GATEWAY_SECTIONS } from "./model";
import type {
  AccessDimensionModel,
  AccessKeyConfigurationModel,
  AccessKeyModel,
  AccessScopeModel,
  ApiSurfaceModel,
  ConfigurationReference,
  GatewayConfigModel,
  GatewayModel,
  GatewaySection,
  Located,
  ModelAllowEntry,
  ProviderAllowEntry,
  ProviderKeyModel,
  ProviderKeyReference,
  ProviderModel,
  ProviderTarget,
  RouterModel,
  RouterRuleModel,
  RouterStepModel,
  SecretSource,
} from "./model";
import { plaintextSecretMessage } from "./schema-diagnostics";
import { CREDENTIAL_PREFIXES } from "../core/redact";
import { didYouMean } from "../core/suggest";

type Raw = Record<string, unknown>;

/**
 * True for a mapping as `toJS` gives one. Not for the values of YAML 1.1 tags (an `!!omap` is a
 * `Map`, a `!!set` a `Set`, `!!binary` a `Uint8Array`, `!!timestamp` a `Date`), which would read as
 * empty objects; the loader reports them.
 */
function isRecord(value: unknown): value is Raw {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof Map || value instanceof Set || value instanceof Date) &&
    !ArrayBuffer.isView(value)
  );
}

const SECTION_NOUNS: Record<GatewaySection, string> = {
  providers: "a custom provider",
  providerKeys: "a provider key",
  accessKeyConfigurations: "an access key configuration",
  accessKeys: "an access key",
};

/**
 * A `secret:` or `env:` name that looks like a credential rather than the name of one: a known
 * key prefix, or a long mix of letters and digits. Reported as a literal secret and never echoed.
 */
function looksLikeSecretValue(name: string): boolean {
  if (CREDENTIAL_PREFIXES.some((prefix) => name.startsWith(prefix))) return true;
  return name.length >= 32 && /[0-9]/.test(name) && /[A-Za-z]/.test(name);
}

/** One file's input to {@link buildGatewayModels}: its `toJS` value, locator and name. */
export interface GatewayModelInput {
  readonly data: unknown;
  readonly locator: YamlLocator;
  readonly file: string;
}

/** What {@link buildGatewayModels} built: each file's model and diagnostics, and the merged model. */
export interface GatewayModels {
  /** Per input, in order: the objects that file declares, and the problems found in it. */
  readonly files: readonly { readonly model: GatewayModel; readonly diagnostics: Diagnostic[] }[];
  /** Every object of every file (for a logical name declared twice, the first declaration). */
  readonly model: GatewayModel;
}

/**
 * Builds the typed model of a gateway.yaml from its `toJS` value and resolves every reference:
 * router step keys to provider keys (of the rule's provider), access keys to configurations,
 * provider keys to built-in or custom providers. It reads the data defensively, so it also runs
 * on a document with schema errors and adds only the problems the schema cannot see.
 */
export function buildGatewayModel(
  data: unknown,
  locator: YamlLocator,
  file: string,
  catalog: ModelCatalog = BUILTIN_CATALOG,
): { model: GatewayModel; diagnostics: Diagnostic[] } {
  const built = buildGatewayModels([{ data, locator, file }], catalog);
  const [only] = built.files;
  return { model: built.model, diagnostics: only?.diagnostics ?? [] };
}

/**
 * Builds the models of several files that declare one gateway together (see
 * {@link buildGatewayModel}): references resolve across files, each object keeps its file and
 * its file's `owner:`, and a logical name declared in two files (or a `gatewayConfig` in two) is
 * a `duplicate-name` error in each of them, naming the other place.
 */
export function buildGatewayModels(
  inputs: readonly GatewayModelInput[],
  catalog: ModelCatalog = BUILTIN_CATALOG,
): GatewayModels {
  return new ModelBuilder(catalog).build(inputs);
}

/** What the builder keeps per file. */
interface FileState {
  readonly input: GatewayModelInput;
  readonly root: Raw;
  readonly owner: Located<string> | undefined;
  readonly diagnostics: Diagnostic[];
  readonly sections: Map<GatewaySection, [string, unknown][]>;
  readonly providers: Map<string, ProviderModel>;
  readonly providerKeys: Map<string, ProviderKeyModel>;
  readonly configurations: Map<string, AccessKeyConfigurationModel>;
  readonly accessKeys: Map<string, AccessKeyModel>;
}

/** Where a logical name (or `gatewayConfig`) is first declared. */
interface FirstDeclaration {
  readonly state: FileState;
  readonly key: SourceLocation;
}

/** What every declared object records: where it is written, its names and its adopt id. */
interface CommonFields {
  file: string;
  owner: Located<string> | undefined;
  logicalName: string;
  key: SourceLocation;
  location: SourceLocation;
  name: Located<string> | undefined;
  apiName: string;
  adopt: Located<string> | undefined;
}

class ModelBuilder {
  /** Logical names declared in each section, valid or not, in any file. */
  private readonly declared = new Map<GatewaySection, Set<string>>();
  /** Logical names left out of the model because their own fields are invalid. */
  private readonly invalid = new Map<GatewaySection, Set<string>>();
  private readonly providers = new Map<string, ProviderModel>();
  private readonly providersById = new Map<string, ProviderModel>();
  private readonly providersByAdoptId = new Map<string, ProviderModel>();
  private readonly providerKeys = new Map<string, ProviderKeyModel>();
  private readonly configurations = new Map<string, AccessKeyConfigurationModel>();
  private readonly accessKeys = new Map<string, AccessKeyModel>();
  /** The file being read. */
  private current: FileState | undefined;

  constructor(private readonly catalog: ModelCatalog) {}

  private get state(): FileState {
    if (this.current === undefined) throw new Error("no file is being read");
    return this.current;
  }

  private get locator(): YamlLocator {
    return this.state.input.locator;
  }

  private get file(): string {
    return this.state.input.file;
  }

  private get diagnostics(): Diagnostic[] {
    return this.state.diagnostics;
  }

  build(inputs: readonly GatewayModelInput[]): GatewayModels {
    for (const section of GATEWAY_SECTIONS) {
      this.declared.set(section, new Set());
      this.invalid.set(section, new Set());
    }
    const states = inputs.map((input) => this.fileState(input));
    this.reportRedeclarations(states);
    for (const section of GATEWAY_SECTIONS) {
      for (const state of states) {
        this.current = state;
        for (const [name, raw] of state.sections.get(section) ?? []) {
          if (section === "providers") this.addProvider(name, raw);
          else if (section === "providerKeys") this.addProviderKey(name, raw);
          else if (section === "accessKeyConfigurations") this.addConfiguration(name, raw);
          else this.addAccessKey(name, raw);
        }
      }
    }
    const files = states.map((state) => {
      this.current = state;
      const model: GatewayModel = {
        file: this.file,
        files: [this.file],
        owner: state.owner,
        version: typeof state.root.version === "number" ? state.root.version : undefined,
        gatewayConfig: this.gatewayConfig(state.root.gatewayConfig),
        providers: state.providers,
        providerKeys: state.providerKeys,
        accessKeyConfigurations: state.configurations,
        accessKeys: state.accessKeys,
      };
      return { model, diagnostics: state.diagnostics };
    });
    this.current = undefined;
    const single = files.length === 1 ? files[0]?.model : undefined;
    const model: GatewayModel = single ?? {
      file: inputs[0]?.file ?? "",
      files: inputs.map((i) => i.file),
      owner: undefined,
      version: files.find((f) => f.model.version !== undefined)?.model.version,
      gatewayConfig: files.find((f) => f.model.gatewayConfig !== undefined)?.model.gatewayConfig,
      providers: this.providers,
      providerKeys: this.providerKeys,
      accessKeyConfigurations: this.configurations,
      accessKeys: this.accessKeys,
    };
    return { files, model };
  }

  /** Reads a file's sections, owner and declared names. */
  private fileState(input: GatewayModelInput): FileState {
    const root = isRecord(input.data) ? input.data : {};
    const sections = new Map<GatewaySection, [string, unknown][]>();
    for (const section of GATEWAY_SECTIONS) {
      const value = root[section];
      const entries = isRecord(value) ? Object.entries(value) : [];
      sections.set(section, entries);
      for (const [name] of entries) this.declared.get(section)?.add(name);
    }
    const state: FileState = {
      input,
      root,
      owner:
        typeof root.owner === "string"
          ? { ...input.locator.locate(["owner"]), value: root.owner }
          : undefined,
      diagnostics: [],
      sections,
      providers: new Map(),
      providerKeys: new Map(),
      configurations: new Map(),
      accessKeys: new Map(),
    };
    return state;
  }

  /**
   * A logical name (or `gatewayConfig`) that several files declare: an error in each file at its
   * own declaration, naming the first other place. Logical names are the Pulumi resource names,
   * so they are unique across the files of a gateway.
   */
  private reportRedeclarations(states: readonly FileState[]): void {
    if (states.length < 2) return;
    const places = new Map<string, FirstDeclaration[]>();
    const add = (id: string, state: FileState, path: DocumentPath): void => {
      const list = places.get(id) ?? [];
      list.push({ state, key: state.input.locator.locate(path, "key") });
      places.set(id, list);
    };
    for (const state of states) {
      for (const section of GATEWAY_SECTIONS) {
        for (const [name] of state.sections.get(section) ?? []) {
          add(`${section}\u0000${name}`, state, [section, name]);
        }
      }
      if (state.root.gatewayConfig !== undefined) add("gatewayConfig", state, ["gatewayConfig"]);
    }
    for (const [id, list] of places) {
      if (list.length < 2) continue;
      const [section = "", name] = id.split("\u0000");
      const what = name === undefined ? "gatewayConfig" : formatPath([section, name]);
      for (const [i, place] of list.entries()) {
        const other = list[i === 0 ? 1 : 0];
        if (other === undefined) continue;
        const where = `${other.state.input.file}:${other.key.range.start.line}:${other.key.range.start.column}`;
        this.current = place.state;
        this.report(
          "duplicate-name",
          "error",
          place.key,
          name === undefined
            ? `gatewayConfig is also declared in ${where}; the gateway configuration is one object: declare it in one file only.`
            : `${what} is also declared in ${where}; logical names are the Pulumi resource names and must be unique across the files of a gateway: rename one, or remove one.`,
        );
      }
    }
    this.current = undefined;
  }

  /**
   * Puts an object in its file's model, and in the merged model unless an earlier file declares
   * the same logical name (reported by reportRedeclarations).
   */
  private declare<T>(merged: Map<string, T>, own: Map<string, T>, name: string, object: T): void {
    own.set(name, object);
    if (!merged.has(name)) merged.set(name, object);
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  private locate(path: DocumentPath, target: "value" | "key" = "value"): SourceLocation {
    return this.locator.locate(path, target);
  }

  private located<T>(path: DocumentPath, value: T): Located<T> {
    return { ...this.locate(path), value };
  }

  private string(raw: Raw, key: string, path: DocumentPath): Located<string> | undefined {
    const value = raw[key];
    return typeof value === "string" ? this.located([...path, key], value) : undefined;
  }

  private report(
    code: GatewayDiagnosticCode,
    severity: Severity,
    location: SourceLocation,
    message: string,
  ): void {
    this.diagnostics.push({
      code,
      severity,
      message,
      file: this.file,
      path: location.path,
      range: location.range,
    });
  }

  private markInvalid(section: GatewaySection, name: string): void {
    this.invalid.get(section)?.add(name);
  }

  private isInvalid(section: GatewaySection, name: string): boolean {
    return this.invalid.get(section)?.has(name) ?? false;
  }

  /** {@link common} and the `description` and `metadata` of an object that has both. */
  private described(
    section: GatewaySection,
    name: string,
    raw: Raw,
  ): CommonFields & {
    description: Located<string> | undefined;
    metadata: Located<string> | undefined;
  } {
    const path = [section, name];
    return {
      ...this.common(section, name, raw),
      description: this.string(raw, "description", path),
      metadata: this.string(raw, "metadata", path),
    };
  }

  private common(section: GatewaySection, name: string, raw: Raw): CommonFields {
    const path = [section, name];
    const apiName = this.string(raw, "name", path);
    return {
      file: this.file,
      owner: this.state.owner,
      logicalName: name,
      key: this.locate(path, "key"),
      location: this.locate(path),
      name: apiName,
      apiName: apiName?.value ?? name,
      adopt: this.string(raw, "adopt", path),
    };
  }

  // ── providers ──────────────────────────────────────────────────────────────────────────────

  private addProvider(name: string, raw: unknown): void {
    const path = ["providers", name];
    if (!isRecord(raw) || typeof raw.providerId !== "string" || typeof raw.baseUrl !== "string") {
      this.markInvalid("providers", name);
      return;
    }
    const providerId = this.located([...path, "providerId"], raw.providerId);
    const surfaces = raw.supportedApiSurfaces;
    const models = raw.models;
    const provider: ProviderModel = {
      kind: "provider",
      section: "providers",
      ...this.common("providers", name, raw),
      providerId,
      baseUrl: this.located([...path, "baseUrl"], raw.baseUrl),
      metadata: this.string(raw, "metadata", path),
      supportedApiSurfaces:
        Array.isArray(surfaces) &&
        surfaces.every((s) => isRecord(s) && typeof s.format === "string")
          ? this.located([...path, "supportedApiSurfaces"], surfaces as ApiSurfaceModel[])
          : undefined,
      models: Array.isArray(models)
        ? models.flatMap((m, i) =>
            typeof m === "string" ? [this.located([...path, "models", i], m)] : [],
          )
        : undefined,
    };
    this.declare(this.providers, this.state.providers, name, provider);

    if (this.catalog.isProvider(providerId.value)) {
      this.report(
        "provider-id-conflict",
        "error",
        providerId,
        `${formatPath(providerId.path)} "${providerId.value}" is a built-in provider id; a custom provider needs its own providerId (for example ${providerId.value}-custom). To use the built-in provider, remove providers.${name} and give its keys providerId: ${providerId.value}.`,
      );
    }
    const earlier = this.providersById.get(providerId.value);
    if (earlier !== undefined) {
      this.report(
        "provider-id-conflict",
        "error",
        providerId,
        `${formatPath(providerId.path)} "${providerId.value}" is already the providerId of providers.${earlier.logicalName}; providerIds are unique in an account. Choose another providerId or remove one of the two providers.`,
      );
    } else {
      this.providersById.set(providerId.value, provider);
    }
    if (provider.adopt !== undefined) this.providersByAdoptId.set(provider.adopt.value, provider);
  }

  /** The provider an id names: a custom provider of this file (by providerId), or built-in. */
  private resolveProvider(id: string): ProviderTarget | undefined {
    const custom = this.providersById.get(id) ?? this.providersByAdoptId.get(id);
    if (custom !== undefined) return { kind: "custom", provider: custom };
    const catalog = this.catalog.findProvider(id);
    return catalog === undefined ? undefined : { kind: "builtin", catalog };
  }

  private providerCandidates(): string[] {
    return [...this.catalog.providers.map((p) => p.id), ...this.providersById.keys()];
  }

  /** The provider `id` written at `location` names, after reporting it when it names none. */
  private resolveProviderAt(
    location: SourceLocation,
    id: string,
    strict: boolean,
  ): ProviderTarget | undefined {
    const target = this.resolveProvider(id);
    if (target === undefined) {
      this.unknownProvider(location, id, `${formatPath(location.path)} "${id}"`, strict);
    }
    return target;
  }

  /** Reports the provider of model name `model` (written at `location`) when it names none. */
  private checkModelProvider(
    location: SourceLocation,
    model: string,
    provider: string | undefined,
  ): void {
    if (provider === undefined || this.resolveProvider(provider) !== undefined) return;
    const subject = `${formatPath(location.path)} "${model}" names provider "${provider}", which`;
    this.unknownProvider(location, provider, subject, false);
  }

  /** Reports a provider id that names nothing known, unless its provider is itself invalid. */
  private unknownProvider(
    location: SourceLocation,
    id: string,
    subject: string,
    strict: boolean,
  ): void {
    const byLogicalName = this.providers.get(id);
    if (byLogicalName === undefined && this.isInvalid("providers", id)) return;
    if (id.startsWith("aigp_") && !strict) return; // an existing provider outside this file
    let message = `${subject} is not a built-in provider of ${this.catalog.describe()} or the providerId of a provider under providers.`;
    if (byLogicalName !== undefined) {
      message += ` providers.${id} has providerId "${byLogicalName.providerId.value}"; use that: providers are named by providerId, not by logical name.`;
    } else if (id.startsWith("aigp_")) {
      message += ` Use the custom provider's providerId, not its resource id.`;
    }
    if (byLogicalName !== undefined || id.startsWith("aigp_")) {
      this.report(
        strict ? "unknown-reference" : "unknown-provider",
        strict ? "error" : "warn",
        location,
        message,
      );
      return;
    }
    // The live API, not this catalog, decides whether a provider id exists: a warning, never a
    // blocker (the provider may be newer than the catalog, or a custom provider made elsewhere).
    message += didYouMean(id, this.providerCandidates());
    message += ` If ngrok.ai added it after ${this.catalog.date}, run aigw catalog pull and pass the file it writes (--catalog, stack config aigw:catalog); if it is a custom provider created outside gateway.yaml this is fine; otherwise fix the id${strict ? " (the API rejects a provider key for an unknown provider when it is applied)" : ""}.`;
    this.report("unknown-provider", "warn", location, message);
  }

  // ── provider keys ──────────────────────────────────────────────────────────────────────────

  private secretSource(raw: unknown, path: DocumentPath): SecretSource | undefined {
    if (!isRecord(raw)) return undefined;
    const keys = Object.keys(raw);
    if (keys.length !== 1) return undefined;
    const secret = raw.secret;
    const env = raw.env;
    const name = typeof secret === "string" ? secret : typeof env === "string" ? env : undefined;
    if (name === undefined) return undefined;
    if (looksLikeSecretValue(name)) {
      const field = typeof secret === "string" ? "secret" : "env";
      this.report(
        "plaintext-secret",
        "error",
        this.locate([...path, field]),
        `${formatPath([...path, field])} looks like a secret value, not the name of ${field === "secret" ? "a Pulumi config key" : "an environment variable"}. ` +
          plaintextSecretMessage(path).replace(/^\S+ is a literal secret; /, ""),
      );
      return undefined;
    }
    return typeof secret === "string"
      ? { kind: "secret", key: secret }
      : { kind: "env", variable: name };
  }

  private addProviderKey(name: string, raw: unknown): void {
    const path = ["providerKeys", name];
    const value = isRecord(raw) ? this.secretSource(raw.value, [...path, "value"]) : undefined;
    if (!isRecord(raw) || typeof raw.providerId !== "string" || value === undefined) {
      this.markInvalid("providerKeys", name);
      return;
    }
    const providerId = this.located([...path, "providerId"], raw.providerId);
    const provider = this.resolveProviderAt(providerId, providerId.value, true);
    this.declare(this.providerKeys, this.state.providerKeys, name, {
      kind: "providerKey",
      section: "providerKeys",
      ...this.common("providerKeys", name, raw),
      providerId,
      provider,
      description: this.string(raw, "description", path),
      metadata: this.string(raw, "metadata", path),
      value: this.located([...path, "value"], value),
    });
  }

  // ── references by logical name ─────────────────────────────────────────────────────────────

  /**
   * Reports a logical name that is not declared in `expected`: names the section it is in when
   * it is another kind of object, suggests the closest name of the right kind, and says what to
   * write instead of an id.
   */
  private unknownReference(
    location: SourceLocation,
    name: string,
    expected: GatewaySection,
    idPrefix: string,
  ): void {
    if (this.isInvalid(expected, name)) return; // declared, but its own errors are reported
    const noun = SECTION_NOUNS[expected];
    const where = `${formatPath(location.path)} "${name}"`;
    const otherSection = (Object.keys(SECTION_NOUNS) as GatewaySection[]).find(
      (s) => s !== expected && this.declared.get(s)?.has(name),
    );
    let message =
      otherSection === undefined
        ? `${where} is not ${noun} declared under ${expected}.`
        : `${where} is ${SECTION_NOUNS[otherSection]} (${otherSection}.${name}), not ${noun}.`;
    if (name.startsWith(idPrefix)) {
      message += ` References are logical names, not ids: declare the existing object under ${expected} with adopt: ${name} and use its logical name here.`;
    } else {
      message += didYouMean(name, this.declared.get(expected) ?? []);
      message += ` Name ${noun} declared under ${expected}, or declare one.`;
    }
    this.report("unknown-reference", "error", location, message);
  }

  // ── access key configurations ──────────────────────────────────────────────────────────────

  private addConfiguration(name: string, raw: unknown): void {
    const path = ["accessKeyConfigurations", name];
    if (!isRecord(raw)) {
      this.markInvalid("accessKeyConfigurations", name);
      return;
    }
    this.declare(this.configurations, this.state.configurations, name, {
      kind: "accessKeyConfiguration",
      section: "accessKeyConfigurations",
      ...this.described("accessKeyConfigurations", name, raw),
      access: this.accessScope(raw.access, [...path, "access"]),
      router: this.router(raw.router, [...path, "router"]),
    });
  }

  private dimension<Entry>(
    raw: unknown,
    path: DocumentPath,
    entry: (value: string, location: Located<string>) => Entry,
  ): AccessDimensionModel<Entry> | undefined {
    if (!isRecord(raw)) return undefined;
    const allow = raw.allow;
    const allowPath = [...path, "allow"];
    return {
      location: this.locate(path),
      allow: Array.isArray(allow)
        ? allow.flatMap((value, i) =>
            typeof value === "string" ? [entry(value, this.located([...allowPath, i], value))] : [],
          )
        : undefined,
      allowLocation: Array.isArray(allow) ? this.locate(allowPath) : undefined,
    };
  }

  private accessScope(raw: unknown, path: DocumentPath): AccessScopeModel | undefined {
    if (!isRecord(raw)) return undefined;
    return {
      location: this.locate(path),
      providers: this.dimension<ProviderAllowEntry>(
        raw.providers,
        [...path, "providers"],
        (value, location) => {
          return { ...location, target: this.resolveProviderAt(location, value, false) };
        },
      ),
      models: this.dimension<ModelAllowEntry>(
        raw.models,
        [...path, "models"],
        (value, location) => {
          const ref = parseModelName(value);
          this.checkModelProvider(location, value, ref.provider);
          return { ...location, ref };
        },
      ),
    };
  }

  private router(raw: unknown, path: DocumentPath): RouterModel | undefined {
    if (!isRecord(raw)) return undefined;
    const rules = raw.rules;
    const providerRules = new Map<string, RouterRuleModel>();
    return {
      location: this.locate(path),
      rules: Array.isArray(rules)
        ? rules.flatMap((rule, index) => {
            const built = this.rule(rule, [...path, "rules", index], index);
            if (built === undefined) return [];
            if (built.provider !== undefined && built.model === undefined) {
              const first = providerRules.get(built.provider.value);
              if (first !== undefined) {
                this.report(
                  "duplicate-provider-rule",
                  "error",
                  built.provider,
                  `${formatPath(built.location.path)} is a second rule for provider "${built.provider.value}" (the first is ${formatPath(first.location.path)}); the gateway allows one provider rule per provider. Merge their steps into one rule, in failover order.`,
                );
              } else {
                providerRules.set(built.provider.value, built);
              }
            }
            return [built];
          })
        : undefined,
    };
  }

  private rule(raw: unknown, path: DocumentPath, index: number): RouterRuleModel | undefined {
    if (!isRecord(raw) || !Array.isArray(raw.steps)) return undefined;
    const provider = this.string(raw, "provider", path);
    const modelText = this.string(raw, "model", path);
    const model =
      modelText === undefined ? undefined : { ...modelText, ref: parseModelName(modelText.value) };
    let providerTarget: ProviderTarget | undefined;
    if (provider !== undefined) {
      providerTarget = this.resolveProviderAt(provider, provider.value, false);
    } else if (model !== undefined) {
      this.checkModelProvider(model, model.value, model.ref.provider);
    }
    if (
      provider !== undefined &&
      model !== undefined &&
      model.ref.provider !== undefined &&
      model.ref.provider !== provider.value
    ) {
      this.report(
        "provider-mismatch",
        "error",
        model,
        `${formatPath(model.path)} "${model.value}" is a model of provider "${model.ref.provider}", but this rule routes provider "${provider.value}". Make the two agree, or drop provider: and let the model name the provider.`,
      );
    }
    const upstream = provider?.value ?? model?.ref.provider;
    const steps = raw.steps.flatMap((step, i) => {
      const built = this.step(step, [...path, "steps", i], i, upstream);
      return built === undefined ? [] : [built];
    });
    if (upstream !== undefined) this.checkNgrokSteps(upstream, steps);
    return { index, location: this.locate(path), provider, providerTarget, model, upstream, steps };
  }

  /**
   * Reports each `ngrok` step of a rule routing a custom provider: ngrok inference serves built-in
   * providers only (spec 3.3, RouterStepWrite), and the API refuses the whole configuration when
   * it is applied. A custom provider is one declared under `providers:` (by providerId or adopted
   * id) or named by its resource id (`aigp_…`, never a built-in's).
   */
  private checkNgrokSteps(upstream: string, steps: readonly RouterStepModel[]): void {
    const target = this.resolveProvider(upstream);
    const custom = target?.kind === "custom" ? target.provider : undefined;
    if (custom === undefined && !upstream.startsWith("aigp_")) return;
    const declared = custom === undefined ? "" : ` (providers.${custom.logicalName})`;
    for (const step of steps) {
      if (step.type.value !== "ngrok") continue;
      this.report(
        "ngrok-step-custom-provider",
        "error",
        step.type,
        `${formatPath(step.location.path)} is an ngrok step, but the rule routes custom provider "${upstream}"${declared}; ngrok inference serves built-in providers only, and the API refuses the configuration. Give the step type: user with keys of ${upstream}, or remove it.`,
      );
    }
  }

  private step(
    raw: unknown,
    path: DocumentPath,
    index: number,
    upstream: string | undefined,
  ): RouterStepModel | undefined {
    if (!isRecord(raw) || (raw.type !== "user" && raw.type !== "ngrok")) return undefined;
    const keys = raw.keys;
    const keysPath = [...path, "keys"];
    return {
      index,
      location: this.locate(path),
      type: this.located([...path, "type"], raw.type),
      keys: Array.isArray(keys)
        ? keys.flatMap((name, i) =>
            typeof name === "string" ? [this.keyReference(name, [...keysPath, i], upstream)] : [],
          )
        : undefined,
      keySelectionStrategy:
        raw.keySelectionStrategy === "ordered"
          ? this.located([...path, "keySelectionStrategy"], "ordered")
          : undefined,
    };
  }

  private keyReference(
    name: string,
    path: DocumentPath,
    upstream: string | undefined,
  ): ProviderKeyReference {
    const location = this.located(path, name);
    const target = this.providerKeys.get(name);
    if (target === undefined) {
      this.unknownReference(location, name, "providerKeys", "aigpk_");
    } else if (upstream !== undefined && target.providerId.value !== upstream) {
      this.report(
        "provider-mismatch",
        "error",
        location,
        `${formatPath(path)} "${name}" is a key for provider "${target.providerId.value}" (providerKeys.${name}.providerId), but this rule routes provider "${upstream}"; the gateway would send the ${target.providerId.value} key to ${upstream}. List a key for ${upstream} here, or move this key to a rule for ${target.providerId.value}.`,
      );
    }
    return { ...location, target };
  }

  // ── access keys ────────────────────────────────────────────────────────────────────────────

  private addAccessKey(name: string, raw: unknown): void {
    const path = ["accessKeys", name];
    if (!isRecord(raw)) {
      this.markInvalid("accessKeys", name);
      return;
    }
    let configuration: ConfigurationReference | undefined;
    if (typeof raw.configuration === "string") {
      const location = this.located([...path, "configuration"], raw.configuration);
      const target = this.configurations.get(raw.configuration);
      if (target === undefined) {
        this.unknownReference(location, raw.configuration, "accessKeyConfigurations", "aigac_");
      }
      configuration = { ...location, target };
    }
    this.declare(this.accessKeys, this.state.accessKeys, name, {
      kind: "accessKey",
      section: "accessKeys",
      ...this.described("accessKeys", name, raw),
      configuration,
    });
  }

  // ── gateway configuration ──────────────────────────────────────────────────────────────────

  private gatewayConfig(raw: unknown): GatewayConfigModel | undefined {
    if (!isRecord(raw)) return undefined;
    const path = ["gatewayConfig"];
    const tokens = (key: string): Located<number | null> | undefined => {
      const value = raw[key];
      return typeof value === "number" || value === null
        ? this.located([...path, key], value)
        : undefined;
    };
    return {
      kind: "gatewayConfig",
      key: this.locate(path, "key"),
      location: this.locate(path),
      perRequestTimeout: this.string(raw, "perRequestTimeout", path),
      totalTimeout: this.string(raw, "totalTimeout", path),
      maxInputTokens: tokens("maxInputTokens"),
      maxOutputTokens: tokens("maxOutputTokens"),
      metadata: this.string(raw, "metadata", path),
    };
  }
}
