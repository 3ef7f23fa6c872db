// Declares a gateway.yaml as Pulumi resources, in dependency order, with every reference an Input so
// the engine orders creation and deletion. Nothing is registered unless the whole file is valid:
// YAML, schema, references, secrets and (optionally) policy problems are all reported at once,
// each at file:line:column, before any resource exists, so a broken file never reaches the API.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { type Diagnostic, formatDiagnostic } from "../core/diagnostics";
import { mapRouter } from "../core/router-shape";
import { routerFromModel } from "../routing/inputs";
import { AccessKey } from "../resources/access-key";
import { warnIfPlaintextConfig } from "../resources/config-check";
import { AccessKeyConfiguration, type RouterArgs } from "../resources/access-key-configuration";
import { GatewayConfig } from "../resources/gateway-config";
import { Provider } from "../resources/provider";
import { ProviderKey } from "../resources/provider-key";
import { loadPolicyFile } from "../policy/policy";
import { policyDiagnostics } from "../policy/lint";
import { hasErrors, loadGateways, parseGateways, type ParsedGateway } from "../gitops/load";
import type {
  AccessKeyConfigurationModel,
  AccessScopeModel,
  GatewayModel,
  ProviderKeyModel,
} from "../gitops/model";
import { resolveSecrets } from "../gitops/secrets";
import { BUILTIN_CATALOG, type ModelCatalog } from "../catalog/catalog";
import { loadCatalogFile } from "../catalog/file";

/** Extra checks run over the parsed file before anything is declared (the policy, for one). */
export type GatewayCheck = (parsed: ParsedGateway) => readonly Diagnostic[];

/** Options of {@link Gateway}. */
export interface GatewayOptions {
  /**
   * The gateway.yaml to apply, or the files that declare the gateway together: files,
   * directories (every `*.yaml` and `*.yml` in it, sorted, but Pulumi's settings, `policy.yaml`,
   * the `policy` file and dotfiles) and globs, merged into one declaration. Logical names stay
   * the resource names, whichever file declares them.
   */
  readonly file: string | readonly string[];
  /** Its text, when already read (tests; one file); otherwise the files are read. */
  readonly text?: string;
  /**
   * The stack config secret under `key`, or undefined when unset. Defaults to the program's
   * `pulumi.Config` (`ns:key` reads another namespace). The value stays a secret Output.
   */
  readonly getSecret?: (key: string) => pulumi.Output<string> | undefined;
  /** Where `{env: VAR}` values come from; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * A policy.yaml whose rules run before anything is declared, exactly as `aigw lint` runs them:
   * an unwaived error finding blocks the apply, warnings are logged.
   */
  readonly policy?: string;
  /** Further checks whose error findings block the apply. */
  readonly checks?: readonly GatewayCheck[];
  /**
   * A catalog file (an overlay `aigw catalog pull` wrote) applied to the package's model catalog
   * for the loader's and the policy's checks; a file that cannot be used blocks the apply.
   */
  readonly catalog?: string;
  /** Options applied to every resource (a provider, protect, ...). */
  readonly resourceOptions?: pulumi.CustomResourceOptions;
}

/**
 * Thrown when the file cannot be applied. Its message lists every problem as
 * `file:line:column: severity code: message`; `diagnostics` holds them for tools.
 */
export class GatewayFileError extends pulumi.RunError {
  override name = "GatewayFileError";
  readonly code = "AIGW_GATEWAY_FILE";
  readonly diagnostics: readonly Diagnostic[];

  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super(
      `${file} cannot be applied (${errors.length} error${errors.length === 1 ? "" : "s"}); nothing was changed:\n` +
        diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join("\n"),
    );
    this.diagnostics = diagnostics;
  }
}

/** The same problem found twice (by the loader and by a policy rule over it) is reported once. */
function diagnosticKey(d: Diagnostic): string {
  return `${d.file}:${d.range.start.line}:${d.range.start.column}:${d.message}`;
}

/**
 * The policy as a check: the findings `aigw lint` would report, less those waived. A missing or
 * invalid policy file is itself a problem of the apply, at the policy file's position.
 */
export function policyCheck(file: string, catalog: ModelCatalog = BUILTIN_CATALOG): GatewayCheck {
  return (parsed) => {
    let policy;
    try {
      policy = loadPolicyFile(file);
    } catch (err) {
      const diagnostics = (err as { diagnostics?: readonly Diagnostic[] }).diagnostics;
      if (diagnostics !== undefined && diagnostics.length > 0) return diagnostics;
      return [configFileDiagnostic("policy-file", err, file, "aigw:policy")];
    }
    return policyDiagnostics(parsed, policy, { scopeOptions: { catalog } }).filter(
      (finding) => !finding.waived,
    );
  };
}

/** The error of a file named by stack config `key` that cannot be used, at its first line. */
function configFileDiagnostic(
  code: "policy-file" | "catalog-file",
  err: unknown,
  file: string,
  key: string,
): Diagnostic {
  return {
    code,
    severity: "error",
    message: `${err instanceof Error ? err.message : String(err)} (stack config ${key})`,
    file,
    path: [],
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  };
}

/** The catalog of `aigw:catalog`, or the package's with the reason the file cannot be used. */
function catalogOf(file: string | undefined): { catalog: ModelCatalog; problem?: Diagnostic } {
  if (file === undefined) return { catalog: BUILTIN_CATALOG };
  try {
    return { catalog: loadCatalogFile(file) };
  } catch (err) {
    return {
      catalog: BUILTIN_CATALOG,
      problem: configFileDiagnostic("catalog-file", err, file, "aigw:catalog"),
    };
  }
}

/** Reads `key` (or `namespace:key`) as a secret from the stack config. */
export function stackSecret(key: string): pulumi.Output<string> | undefined {
  const colon = key.indexOf(":");
  const config = colon > 0 ? new pulumi.Config(key.slice(0, colon)) : new pulumi.Config();
  const name = colon > 0 ? key.slice(colon + 1) : key;
  warnIfPlaintextConfig(`${config.name}:${name}`, key);
  return config.getSecret(name);
}

/** The API name, description and metadata of a declared object, as resource inputs. */
function labelArgs(
  object: Pick<AccessKeyConfigurationModel, "apiName" | "description" | "metadata">,
): { name: string; description?: string; metadata?: string } {
  return {
    name: object.apiName,
    ...(object.description !== undefined ? { description: object.description.value } : {}),
    ...(object.metadata !== undefined ? { metadata: object.metadata.value } : {}),
  };
}

function routerArgs(
  config: AccessKeyConfigurationModel,
  keys: ReadonlyMap<string, ProviderKey>,
): RouterArgs | undefined {
  const router = routerFromModel(config.router);
  if (router?.rules === undefined) return undefined;
  return mapRouter(router, (ref) => {
    const key = keys.get(ref.value);
    // Resolution guarantees the reference; an error here is a bug, not user input.
    if (key === undefined) throw new Error(`unresolved provider key ${ref.value}`);
    return { id: key.id };
  });
}

function accessArgs(access: AccessScopeModel | undefined): Record<string, unknown> | undefined {
  if (access === undefined) return undefined;
  const dimension = (d: { allow: readonly { value: string }[] | undefined } | undefined) =>
    d === undefined
      ? undefined
      : d.allow === undefined
        ? {}
        : { allow: d.allow.map((e) => e.value) };
  const providers = dimension(access.providers);
  const models = dimension(access.models);
  return {
    ...(providers !== undefined ? { providers } : {}),
    ...(models !== undefined ? { models } : {}),
  };
}

/**
 * A gateway.yaml applied as Pulumi resources. Logical names are the resource names, so a
 * resource keeps its identity across edits of the file; references become Inputs.
 */
export class Gateway {
  readonly model: GatewayModel;
  readonly providers = new Map<string, Provider>();
  readonly providerKeys = new Map<string, ProviderKey>();
  readonly accessKeyConfigurations = new Map<string, AccessKeyConfiguration>();
  readonly accessKeys = new Map<string, AccessKey>();
  readonly gatewayConfig: GatewayConfig | undefined;

  /** Validates the whole file, then declares its resources; throws {@link GatewayFileError}. */
  constructor(options: GatewayOptions) {
    const specs = typeof options.file === "string" ? [options.file] : options.file;
    const { catalog, problem } = catalogOf(options.catalog);
    const declaration =
      options.text !== undefined
        ? parseGateways([{ file: specs.join(", "), text: options.text }], { catalog })
        : loadGateways(specs, {
            catalog,
            // A directory or glob that holds the policy file leaves it out, whatever its name.
            ...(options.policy === undefined ? {} : { exclude: [path.resolve(options.policy)] }),
          });
    const problems: Diagnostic[] = [
      ...(problem === undefined ? [] : [problem]),
      ...declaration.diagnostics,
    ];
    const checks = [
      ...(options.policy !== undefined ? [policyCheck(options.policy, catalog)] : []),
      ...(options.checks ?? []),
    ];
    if (!hasErrors(problems)) {
      const seen = new Set(problems.map(diagnosticKey));
      for (const parsed of declaration.files) {
        for (const check of checks) {
          for (const finding of check(parsed)) {
            const key = diagnosticKey(finding);
            if (!seen.has(key)) problems.push(finding);
            seen.add(key);
          }
        }
      }
    }
    const secrets = resolveSecrets<pulumi.Output<string>>(declaration.model, {
      getSecret: options.getSecret ?? stackSecret,
      ...(options.env !== undefined ? { env: options.env } : {}),
    });
    problems.push(...secrets.diagnostics);
    if (hasErrors(problems)) throw new GatewayFileError(specs.join(", "), problems);
    for (const warning of problems) void pulumi.log.warn(formatDiagnostic(warning));

    const model = declaration.model;
    this.model = model;
    const opts = options.resourceOptions ?? {};

    for (const [name, p] of model.providers) {
      this.providers.set(
        name,
        new Provider(
          name,
          {
            providerId: p.providerId.value,
            name: p.apiName,
            baseUrl: p.baseUrl.value,
            ...(p.metadata !== undefined ? { metadata: p.metadata.value } : {}),
            ...(p.supportedApiSurfaces !== undefined
              ? {
                  supportedApiSurfaces: p.supportedApiSurfaces.value.map((s) => ({
                    format: s.format,
                    ...(s.surface !== undefined ? { surface: s.surface } : {}),
                    ...(s.supportedParams !== undefined
                      ? {
                          supportedParams: s.supportedParams.map((param) => ({ name: param.name })),
                        }
                      : {}),
                  })),
                }
              : {}),
            ...(p.models !== undefined
              ? { models: p.models.map((m) => ({ modelId: m.value })) }
              : {}),
            ...(p.adopt !== undefined ? { adopt: p.adopt.value } : {}),
          },
          opts,
        ),
      );
    }

    for (const [name, key] of model.providerKeys) {
      const resolved = secrets.values.get(name);
      if (resolved === undefined) throw new Error(`unresolved secret of ${name}`);
      const value = resolved.source === "env" ? pulumi.secret(resolved.value) : resolved.value;
      this.providerKeys.set(
        name,
        new ProviderKey(
          name,
          {
            providerId: this.providerIdOf(key),
            name: key.apiName,
            value,
            ...(key.description !== undefined ? { description: key.description.value } : {}),
            ...(key.metadata !== undefined ? { metadata: key.metadata.value } : {}),
            ...(key.adopt !== undefined ? { adopt: key.adopt.value } : {}),
          },
          opts,
        ),
      );
    }

    for (const [name, config] of model.accessKeyConfigurations) {
      const router = routerArgs(config, this.providerKeys);
      const access = accessArgs(config.access);
      this.accessKeyConfigurations.set(
        name,
        new AccessKeyConfiguration(
          name,
          {
            ...labelArgs(config),
            ...(access !== undefined ? { access } : {}),
            ...(router !== undefined ? { router } : {}),
            ...(config.adopt !== undefined ? { adopt: config.adopt.value } : {}),
          },
          // Custom providers named in scope or routing must exist first.
          { ...opts, dependsOn: [...this.providers.values()] },
        ),
      );
    }

    for (const [name, key] of model.accessKeys) {
      const configuration =
        key.configuration !== undefined
          ? this.accessKeyConfigurations.get(key.configuration.value)
          : undefined;
      this.accessKeys.set(
        name,
        new AccessKey(
          name,
          {
            ...labelArgs(key),
            ...(configuration !== undefined ? { accessKeyConfigurationId: configuration.id } : {}),
            ...(key.adopt !== undefined ? { adopt: key.adopt.value } : {}),
          },
          opts,
        ),
      );
    }

    const gc = model.gatewayConfig;
    this.gatewayConfig =
      gc === undefined
        ? undefined
        : new GatewayConfig(
            "gateway-config",
            {
              ...(gc.perRequestTimeout !== undefined
                ? { perRequestTimeout: gc.perRequestTimeout.value }
                : {}),
              ...(gc.totalTimeout !== undefined ? { totalTimeout: gc.totalTimeout.value } : {}),
              ...(gc.maxInputTokens?.value != null
                ? { maxInputTokens: gc.maxInputTokens.value }
                : {}),
              ...(gc.maxOutputTokens?.value != null
                ? { maxOutputTokens: gc.maxOutputTokens.value }
                : {}),
              ...(gc.metadata !== undefined ? { metadata: gc.metadata.value } : {}),
            },
            opts,
          );
  }

  /** A custom provider's providerId comes from its resource, so the key waits for the provider. */
  private providerIdOf(key: ProviderKeyModel): pulumi.Input<string> {
    const target = key.provider;
    if (target?.kind === "custom") {
      const resource = this.providers.get(target.provider.logicalName);
      if (resource !== undefined) return resource.providerId;
    }
    return key.providerId.value;
  }
}
