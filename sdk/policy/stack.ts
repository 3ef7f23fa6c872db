/**
 * The policy over a Pulumi stack's resources, as a CrossGuard stack policy sees them: the
 * resources of our types (`pulumi-nodejs:dynamic/ngrok-ai:<Type>`) become the gateway.yaml
 * declaration they amount to, each under its resource name as logical name, and that declaration
 * goes through the same rules, the same reachability predicate and the same waivers as
 * `aigw lint` (`policyDiagnostics`). Nothing here judges a scope itself: it only translates, so
 * the policy pack reports exactly what `aigw lint` reports for the equivalent gateway.yaml.
 *
 * Key references follow the engine's record of which resource each property came from
 * (`propertyDependencies`): a router step's key is the provider key its id came from, an access
 * key's configuration the configuration its `accessKeyConfigurationId` came from, during preview
 * (ids unknown) as on an applied stack.
 */
import { stringify } from "yaml";
import { formatPath } from "../gitops/document-path";
import { type ParsedGateway, parseGateway } from "../gitops/load";
import { type PolicyLintOptions, policyDiagnostics } from "./lint";
import type { Policy } from "./policy";
import type { Finding } from "./types";

/** The type token prefix of our resources: `pulumi-nodejs:dynamic/ngrok-ai:<Type>`. */
export const STACK_TYPE_PREFIX = "pulumi-nodejs:dynamic/ngrok-ai:";

/** The gateway.yaml section each resource type declares its objects in. */
export const STACK_SECTIONS = {
  Provider: "providers",
  ProviderKey: "providerKeys",
  AccessKeyConfiguration: "accessKeyConfigurations",
  AccessKey: "accessKeys",
} as const;

/** The type token of the GatewayConfig resource, declared as the `gatewayConfig` singleton. */
const GATEWAY_CONFIG_TYPE = `${STACK_TYPE_PREFIX}GatewayConfig`;
const GATEWAY_CONFIG_SECTION = "gatewayConfig";

type StackType = keyof typeof STACK_SECTIONS;
type Section = (typeof STACK_SECTIONS)[StackType];

/** A property value the engine does not know yet (preview): an output of a resource to create. */
export const UNKNOWN: unique symbol = Symbol("unknown");

/** A resource of a stack as a stack policy sees it, as plain values. */
export interface StackResource {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  /** Its properties; a value the engine does not know yet is {@link UNKNOWN}. */
  readonly props: Readonly<Record<string, unknown>>;
  /**
   * For each property, the URNs of the resources its value came from, in the order the program
   * names them (the engine records them so).
   */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** A resource the declaration leaves out, and why. */
export interface SkippedResource {
  readonly urn: string;
  readonly name: string;
  readonly reason: string;
}

/** The gateway.yaml declaration a stack's resources amount to. */
export interface StackDeclaration {
  /** The declaration, parsed as `aigw lint` parses a file (its text is YAML). */
  readonly parsed: ParsedGateway;
  /** The resource behind each declared object, by `<section>.<logical name>`. */
  readonly resources: ReadonlyMap<string, StackResource>;
  readonly skipped: readonly SkippedResource[];
}

/** A finding about a stack: the lint finding, and the resource and property it is about. */
export interface StackFinding {
  readonly finding: Finding;
  /** The resource the finding is about; undefined for findings about policy.yaml itself. */
  readonly resource?: StackResource;
  /** The offending property of the resource, as a path (`access.models.allow[0]`); "" for the resource. */
  readonly property: string;
}

/** The name the declaration shows for a stack's resources (in finding locations). */
export const STACK_FILE = "<stack resources>";

/**
 * `name` as a gateway.yaml logical name: itself when it is one (lower-case letters, digits, `-`,
 * `_`, `.`), otherwise lower-cased with every other character replaced by `-`.
 */
export function logicalNameOf(name: string): string {
  if (/^[a-z0-9][a-z0-9_.-]*$/.test(name) && name.length <= 255) return name;
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]/g, "-")
    .replace(/^[^a-z0-9]+/, "");
  return (cleaned === "" ? "resource" : cleaned).slice(0, 255);
}

function stackType(resource: StackResource): StackType | undefined {
  if (!resource.type.startsWith(STACK_TYPE_PREFIX)) return undefined;
  const type = resource.type.slice(STACK_TYPE_PREFIX.length);
  return Object.prototype.hasOwnProperty.call(STACK_SECTIONS, type)
    ? (type as StackType)
    : undefined;
}

/** A known value, or undefined for an absent or unknown one. */
function known(value: unknown): unknown {
  return value === UNKNOWN || value === null ? undefined : value;
}

function knownString(value: unknown): string | undefined {
  const v = known(value);
  return typeof v === "string" ? v : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  const v = known(value);
  return typeof v === "object" && v !== undefined && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function list(value: unknown): unknown[] | undefined {
  const v = known(value);
  return Array.isArray(v) ? v : undefined;
}

/** The object's labels and adopted id, as gateway.yaml writes them. */
function labels(resource: StackResource, logicalName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const name = knownString(resource.props.name);
  if (name !== undefined && name !== logicalName) out.name = name;
  for (const key of ["description", "metadata", "adopt"]) {
    const value = knownString(resource.props[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** An access dimension (`{allow?}`) with its known entries; an unknown list is left open. */
function dimension(value: unknown): Record<string, unknown> | undefined {
  const dim = record(value);
  if (dim === undefined) return undefined;
  const allow = list(dim.allow);
  if (allow === undefined) return {};
  return { allow: allow.map(knownString).filter((e): e is string => e !== undefined) };
}

function access(value: unknown): Record<string, unknown> | undefined {
  const scope = record(value);
  if (scope === undefined) return undefined;
  const out: Record<string, unknown> = {};
  const providers = dimension(scope.providers);
  const models = dimension(scope.models);
  if (providers !== undefined) out.providers = providers;
  if (models !== undefined) out.models = models;
  return out;
}

/** Translates one stack's resources into the declaration they amount to. */
class StackTranslator {
  private readonly byUrn = new Map<string, { resource: StackResource; logicalName: string }>();
  private readonly sections: Record<Section, Record<string, unknown>> = {
    providers: {},
    providerKeys: {},
    accessKeyConfigurations: {},
    accessKeys: {},
  };
  readonly resources = new Map<string, StackResource>();
  readonly skipped: SkippedResource[] = [];
  /** The stack's GatewayConfig resource (the account's singleton), declared as `gatewayConfig`. */
  private gatewayConfig: StackResource | undefined;

  constructor(all: readonly StackResource[]) {
    const taken = new Map<Section, Set<string>>();
    for (const resource of all) {
      if (resource.type === GATEWAY_CONFIG_TYPE) {
        if (this.gatewayConfig === undefined) this.gatewayConfig = resource;
        else
          this.skipped.push({
            urn: resource.urn,
            name: resource.name,
            reason: `it is a second GatewayConfig (the first is ${this.gatewayConfig.name}); the account has one gateway configuration`,
          });
        continue;
      }
      const type = stackType(resource);
      if (type === undefined) continue;
      const section = STACK_SECTIONS[type];
      const names = taken.get(section) ?? new Set<string>();
      taken.set(section, names);
      let logicalName = logicalNameOf(resource.name);
      for (let i = 2; names.has(logicalName); i++)
        logicalName = `${logicalNameOf(resource.name)}-${i}`;
      names.add(logicalName);
      this.byUrn.set(resource.urn, { resource, logicalName });
    }
  }

  private logicalName(urn: string, type: StackType): string | undefined {
    const entry = this.byUrn.get(urn);
    return entry !== undefined && stackType(entry.resource) === type
      ? entry.logicalName
      : undefined;
  }

  /** The declaration as gateway.yaml text. */
  text(): string {
    for (const { resource, logicalName } of this.byUrn.values()) {
      const type = stackType(resource)!;
      const body = this.declare(type, resource, logicalName);
      if (body === undefined) continue;
      const section = STACK_SECTIONS[type];
      this.sections[section][logicalName] = body;
      this.resources.set(`${section}.${logicalName}`, resource);
    }
    const document: Record<string, unknown> = { version: 1 };
    for (const [section, objects] of Object.entries(this.sections)) {
      if (Object.keys(objects).length > 0) document[section] = objects;
    }
    if (this.gatewayConfig !== undefined) {
      // The timeouts, as far as known: the rules read nothing else of it.
      const config: Record<string, unknown> = {};
      for (const key of ["perRequestTimeout", "totalTimeout"]) {
        const value = knownString(this.gatewayConfig.props[key]);
        if (value !== undefined) config[key] = value;
      }
      document.gatewayConfig = config;
      this.resources.set(GATEWAY_CONFIG_SECTION, this.gatewayConfig);
    }
    return stringify(document);
  }

  private declare(
    type: StackType,
    resource: StackResource,
    logicalName: string,
  ): Record<string, unknown> | undefined {
    const props = resource.props;
    switch (type) {
      case "Provider": {
        const models = list(props.models)
          ?.map((m) => knownString(record(m)?.modelId))
          .filter((m): m is string => m !== undefined);
        const surfaces = list(props.supportedApiSurfaces)?.map(knownString);
        // A value not known yet (computed from another resource) stands in as a placeholder the
        // schema accepts: the rules read a provider's id and models, never its URL.
        return {
          providerId: knownString(props.providerId) ?? logicalName,
          baseUrl: knownString(props.baseUrl) ?? "https://unknown.invalid",
          ...labels(resource, logicalName),
          ...(surfaces === undefined ? {} : { supportedApiSurfaces: surfaces.filter(Boolean) }),
          ...(models === undefined ? {} : { models }),
        };
      }
      case "ProviderKey":
        // The value is a secret: never copied, only stood for by a config reference.
        return {
          providerId: knownString(props.providerId) ?? "unknown",
          value: { secret: "value" },
          ...labels(resource, logicalName),
        };
      case "AccessKeyConfiguration": {
        const scope = access(props.access);
        const router = this.router(resource);
        return {
          ...labels(resource, logicalName),
          ...(scope === undefined ? {} : { access: scope }),
          ...(router === undefined ? {} : { router }),
        };
      }
      case "AccessKey": {
        const link = props.accessKeyConfigurationId;
        if (known(link) === undefined && link !== UNKNOWN) return labels(resource, logicalName);
        const urn = resource.propertyDependencies.accessKeyConfigurationId?.[0];
        const configuration =
          urn === undefined ? undefined : this.logicalName(urn, "AccessKeyConfiguration");
        if (configuration === undefined) {
          this.skipped.push({
            urn: resource.urn,
            name: resource.name,
            reason:
              "its accessKeyConfigurationId names a configuration that is not a resource of this stack, so its scope is not known here",
          });
          return undefined;
        }
        return { ...labels(resource, logicalName), configuration };
      }
    }
  }

  /**
   * The router with each step key as the logical name of the provider key it came from: the
   * `router` property's dependencies, in the order the program names them, are matched with the
   * keys in document order (the same id is the same key; an id not yet known takes the next
   * provider key of the rule's provider).
   */
  private router(resource: StackResource): Record<string, unknown> | undefined {
    const router = record(resource.props.router);
    if (router === undefined) return undefined;
    const rules = list(router.rules);
    if (rules === undefined) return {};
    const deps = (resource.propertyDependencies.router ?? []).filter(
      (urn) => this.logicalName(urn, "ProviderKey") !== undefined,
    );
    const byId = new Map<string, string>();
    const used = new Set<string>();
    const providerOf = (urn: string): string | undefined =>
      knownString(this.byUrn.get(urn)?.resource.props.providerId);
    const next = (provider: string | undefined): string | undefined => {
      const free = deps.filter((urn) => !used.has(urn));
      return (
        free.find((urn) => provider === undefined || providerOf(urn) === provider) ??
        free[0] ??
        deps.find((urn) => provider === undefined || providerOf(urn) === provider)
      );
    };
    const keyName = (key: unknown, provider: string | undefined): string => {
      const id = knownString(record(key)?.id);
      const seen = id === undefined ? undefined : byId.get(id);
      if (seen !== undefined) return seen;
      const urn = next(provider);
      if (urn === undefined) {
        // A key that is not a resource of this stack: an existing key, by its id.
        const external = `existing-${logicalNameOf(id ?? "key")}`;
        this.sections.providerKeys[external] ??= {
          providerId: provider ?? "unknown",
          value: { secret: "value" },
          ...(id === undefined ? {} : { adopt: id }),
        };
        return external;
      }
      used.add(urn);
      const name = this.logicalName(urn, "ProviderKey")!;
      if (id !== undefined) byId.set(id, name);
      return name;
    };
    return {
      rules: rules.map((raw) => {
        const rule = record(raw) ?? {};
        const provider = knownString(rule.provider);
        const model = knownString(rule.model);
        const upstream = provider ?? model?.split(/[:/]/)[0];
        return {
          ...(provider === undefined ? {} : { provider }),
          ...(model === undefined ? {} : { model }),
          steps: (list(rule.steps) ?? []).map((rawStep) => {
            const step = record(rawStep) ?? {};
            const keys = list(step.keys);
            const strategy = knownString(step.keySelectionStrategy);
            return {
              type: knownString(step.type) ?? "user",
              ...(keys === undefined ? {} : { keys: keys.map((k) => keyName(k, upstream)) }),
              ...(strategy === undefined ? {} : { keySelectionStrategy: strategy }),
            };
          }),
        };
      }),
    };
  }
}

/** The gateway.yaml declaration a stack's resources amount to (resources of other types ignored). */
export function declarationFromStack(
  resources: readonly StackResource[],
  options: Pick<PolicyLintOptions, "scopeOptions"> = {},
): StackDeclaration {
  const translator = new StackTranslator(resources);
  const text = translator.text();
  const catalog = options.scopeOptions?.catalog;
  const parsed = parseGateway(text, STACK_FILE, catalog === undefined ? {} : { catalog });
  return { parsed, resources: translator.resources, skipped: translator.skipped };
}

/**
 * Every finding of the stack's resources under the policy: `policyDiagnostics` over their
 * declaration, each finding with the resource and property it is about. Waivers by
 * `<section>.<logical name>` apply to the resource of that name.
 */
export function stackPolicyFindings(
  resources: readonly StackResource[],
  policy: Policy,
  options: PolicyLintOptions = {},
): { findings: StackFinding[]; skipped: readonly SkippedResource[] } {
  const declaration = declarationFromStack(resources, options);
  const findings = policyDiagnostics(declaration.parsed, policy, options).map((finding) => {
    const [section, name, ...rest] = finding.path;
    // gatewayConfig is one object, not a map of named ones: its properties follow the section.
    const singleton = section === GATEWAY_CONFIG_SECTION;
    const resource =
      finding.file !== STACK_FILE
        ? undefined
        : singleton
          ? declaration.resources.get(GATEWAY_CONFIG_SECTION)
          : typeof section === "string" && typeof name === "string"
            ? declaration.resources.get(`${section}.${name}`)
            : undefined;
    const property = singleton ? finding.path.slice(1) : rest;
    return {
      finding,
      ...(resource === undefined ? {} : { resource }),
      property: resource === undefined || property.length === 0 ? "" : formatPath(property),
    };
  });
  return { findings, skipped: declaration.skipped };
}
