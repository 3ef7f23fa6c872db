// `aigw export`: the live account as a gateway.yaml. Every object carries `adopt: <id>` and exactly
// the live values, provider key values become `{secret: <key>}` placeholders, and references
// (router keys, an access key's configuration) use logical names, so applying the file with the
// secrets supplied takes over the live objects and sends no change: the resources' adopt path
// compares first and PATCHes or rotates only what differs.
import * as fs from "node:fs";
import * as path from "node:path";
import type * as Yaml from "yaml";
import type {
  AccessKey,
  AccessKeyConfiguration,
  AccessScope,
  GatewayConfig,
  Provider,
  ProviderKey,
} from "../client/types";
import type { Diagnostic } from "../core/diagnostics";
import type * as GitopsLoad from "../gitops/load";
import { redactCredentials } from "../core/redact";
import { mapRouter } from "../core/router-shape";
import { normalizeRouter } from "../state/access-key-configuration";
import { GATEWAY_SCHEMA_FILE, GATEWAY_SCHEMA_ID } from "../core/schema";
import { DriftError } from "./errors";
import type { LiveAccount } from "./live";

// The YAML library and the gateway loader are required by the first export, not with this module:
// `aigw drift` loads the drift entry point too and needs neither (loading them would delay the
// start of `pulumi stack export`; see test/cli/startup.test.ts).
/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
const yaml = (): typeof Yaml => require("yaml") as typeof Yaml;
const gitopsLoad = (): typeof GitopsLoad => require("../gitops/load") as typeof GitopsLoad;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The largest logical name the export writes (the schema allows 255). */
const MAX_LOGICAL_NAME = 200;

/**
 * A logical name from an API name: lower case, runs of other characters as `-`, starting with a
 * letter or digit (`"OpenAI Primary"` → `openai-primary`); `fallback` when nothing is left.
 */
export function slugify(name: string, fallback: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, MAX_LOGICAL_NAME)
    .replace(/[-_.]+$/, "");
  return slug === "" ? fallback : slug;
}

/** Hands out names unique within one scope: `name`, then `name-2`, `name-3`, … */
export class NameAllocator {
  private readonly taken = new Set<string>();

  /** A name not handed out before, as close to `wanted` as possible. */
  allocate(wanted: string, separator = "-"): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}${separator}${n}`;
    this.taken.add(name);
    return name;
  }
}

/** A Pulumi config key for a provider key's value: the logical name in camelCase. */
export function secretKeyFor(logicalName: string): string {
  const parts = logicalName.split(/[-_.]+/).filter((p) => p !== "");
  const camel = parts
    .map((p, i) => (i === 0 ? p : `${p.charAt(0).toUpperCase()}${p.slice(1)}`))
    .join("");
  return /^[A-Za-z]/.test(camel) ? camel : `key${camel}`;
}

/** A provider key's value the user must supply before applying the export. */
export interface ExportedSecret {
  /** The provider key's logical name in the file. */
  readonly logicalName: string;
  /** The Pulumi config key of its `{secret: …}` placeholder. */
  readonly secretKey: string;
  readonly id: string;
  readonly providerId: string;
  /** The live redaction (`first10***last4`), to tell which value belongs here. */
  readonly keyRedacted: string;
}

/** What {@link exportGateway} produces. */
export interface GatewayExport {
  /** The gateway.yaml text. */
  readonly text: string;
  /** The values to supply (`pulumi config set --secret <secretKey> <value>`), in file order. */
  readonly secrets: readonly ExportedSecret[];
  /** Things that keep the round trip from being exact (an object without a name, …). */
  readonly warnings: readonly string[];
  /** Problems the file's own validation found (the schema and references of gateway.yaml). */
  readonly diagnostics: readonly Diagnostic[];
  /** Objects written per section. */
  readonly counts: {
    readonly providers: number;
    readonly providerKeys: number;
    readonly accessKeyConfigurations: number;
    readonly accessKeys: number;
  };
}

/** Options of {@link exportGateway}. */
export interface ExportOptions {
  /** Where the modeline points (`# yaml-language-server: $schema=…`); the schema's `$id` by default. */
  readonly schemaRef?: string;
  /** The API the objects came from, named in the header. */
  readonly apiUrl?: string;
  /** When they were read (RFC 3339), named in the header. */
  readonly generatedAt?: string;
  /** The file name used in diagnostics. */
  readonly file?: string;
}

/** Live objects, oldest first (then by id), so the oldest object keeps the plain name. */
function oldestFirst<T extends { id: string; createdAt: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
  );
}

function nonEmpty(value: string | null | undefined): value is string {
  return typeof value === "string" && value !== "";
}

/** `{ name }` when the API name differs from the logical name (the default API name). */
function nameField(
  apiName: string | undefined,
  logicalName: string,
  what: string,
  warnings: string[],
): Record<string, string> {
  if (!nonEmpty(apiName)) {
    warnings.push(
      `${what} has no name in the API; the file names it ${logicalName}, so applying it sets that name.`,
    );
    return {};
  }
  return apiName === logicalName ? {} : { name: apiName };
}

function accessOf(access: AccessScope | undefined): Record<string, unknown> | undefined {
  if (access === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const dim of ["providers", "models"] as const) {
    const d = access[dim];
    if (d === undefined) continue;
    out[dim] = d.allow === undefined ? {} : { allow: [...d.allow] };
  }
  return out;
}

function gatewayConfigOf(config: GatewayConfig): Record<string, unknown> {
  return {
    perRequestTimeout: config.perRequestTimeout,
    totalTimeout: config.totalTimeout,
    ...(typeof config.maxInputTokens === "number" ? { maxInputTokens: config.maxInputTokens } : {}),
    ...(typeof config.maxOutputTokens === "number"
      ? { maxOutputTokens: config.maxOutputTokens }
      : {}),
    ...(nonEmpty(config.metadata) ? { metadata: config.metadata } : {}),
  };
}

interface Sections {
  providers: Record<string, unknown>;
  providerKeys: Record<string, unknown>;
  accessKeyConfigurations: Record<string, unknown>;
  accessKeys: Record<string, unknown>;
}

/**
 * Builds a gateway.yaml from live objects. Logical names come from API names (slugified,
 * deduplicated per section, oldest object first); custom providers are named by providerId.
 * Throws `AIGW_EXPORT` when a router step names a provider key the account does not list.
 */
export function exportGateway(live: LiveAccount, options: ExportOptions = {}): GatewayExport {
  const warnings: string[] = [];
  const secrets: ExportedSecret[] = [];
  const sections: Sections = {
    providers: {},
    providerKeys: {},
    accessKeyConfigurations: {},
    accessKeys: {},
  };

  const providerNames = new NameAllocator();
  for (const provider of oldestFirst<Provider>(live.providers ?? [])) {
    const logical = providerNames.allocate(slugify(provider.providerId, "provider"));
    const surfaces = provider.supportedApiSurfaces ?? [];
    const models = provider.models ?? [];
    sections.providers[logical] = {
      providerId: provider.providerId,
      ...nameField(provider.name, logical, `custom provider ${provider.id}`, warnings),
      baseUrl: provider.baseUrl,
      ...(nonEmpty(provider.metadata) ? { metadata: provider.metadata } : {}),
      ...(surfaces.length > 0 ? { supportedApiSurfaces: surfaces } : {}),
      ...(models.length > 0 ? { models: models.map((m) => m.modelId) } : {}),
      adopt: provider.id,
    };
  }

  const keyNames = new NameAllocator();
  const secretKeys = new NameAllocator();
  const keyLogical = new Map<string, string>();
  for (const key of oldestFirst<ProviderKey>(live.providerKeys ?? [])) {
    const logical = keyNames.allocate(slugify(key.name, "provider-key"));
    keyLogical.set(key.id, logical);
    const secretKey = secretKeys.allocate(secretKeyFor(logical), "");
    secrets.push({
      logicalName: logical,
      secretKey,
      id: key.id,
      providerId: key.providerId,
      keyRedacted: key.keyRedacted,
    });
    sections.providerKeys[logical] = {
      providerId: key.providerId,
      ...nameField(key.name, logical, `provider key ${key.id}`, warnings),
      ...(nonEmpty(key.description) ? { description: key.description } : {}),
      ...(nonEmpty(key.metadata) ? { metadata: key.metadata } : {}),
      value: { secret: secretKey },
      adopt: key.id,
    };
  }

  const configNames = new NameAllocator();
  const configLogical = new Map<string, string>();
  for (const config of oldestFirst<AccessKeyConfiguration>(live.accessKeyConfigurations ?? [])) {
    const logical = configNames.allocate(slugify(config.name, "access-key-configuration"));
    configLogical.set(config.id, logical);
    const access = accessOf(config.access);
    const router = normalizeRouter(config.router);
    const rules =
      router === undefined
        ? undefined
        : mapRouter(router, (k) => {
            const name = k.id !== undefined ? keyLogical.get(k.id) : undefined;
            if (name === undefined) {
              throw new DriftError(
                "AIGW_EXPORT",
                `Access key configuration ${config.id} routes to provider key ${k.id ?? "(no id)"}, ` +
                  "which the account does not list; the file could not refer to it.",
              );
            }
            return name;
          }).rules;
    sections.accessKeyConfigurations[logical] = {
      ...nameField(config.name, logical, `access key configuration ${config.id}`, warnings),
      ...(nonEmpty(config.description) ? { description: config.description } : {}),
      ...(nonEmpty(config.metadata) ? { metadata: config.metadata } : {}),
      ...(access !== undefined ? { access } : {}),
      ...(rules !== undefined ? { router: { rules } } : {}),
      adopt: config.id,
    };
  }

  const accessKeyNames = new NameAllocator();
  for (const key of oldestFirst<AccessKey>(live.accessKeys ?? [])) {
    const logical = accessKeyNames.allocate(slugify(key.name ?? "", "access-key"));
    const linked = key.accessKeyConfiguration?.id;
    const configuration = linked !== undefined ? configLogical.get(linked) : undefined;
    if (linked !== undefined && configuration === undefined) {
      throw new DriftError(
        "AIGW_EXPORT",
        `Access key ${key.id} is linked to configuration ${linked}, which the account does not list.`,
      );
    }
    sections.accessKeys[logical] = {
      ...nameField(key.name, logical, `access key ${key.id}`, warnings),
      ...(nonEmpty(key.description) ? { description: key.description } : {}),
      ...(nonEmpty(key.metadata) ? { metadata: key.metadata } : {}),
      ...(configuration !== undefined ? { configuration } : {}),
      adopt: key.id,
    };
  }

  const body: Record<string, unknown> = { version: 1 };
  if (live.gatewayConfig !== undefined) body.gatewayConfig = gatewayConfigOf(live.gatewayConfig);
  for (const section of Object.keys(sections) as (keyof Sections)[]) {
    if (Object.keys(sections[section]).length > 0) body[section] = sections[section];
  }

  warnings.push(...credentialLabels(sections));
  const text = render(body, secrets, options);
  const file = options.file ?? "gateway.yaml";
  const parsed = gitopsLoad().parseGateway(text, file);
  return {
    text,
    secrets,
    warnings,
    diagnostics: parsed.diagnostics,
    counts: {
      providers: Object.keys(sections.providers).length,
      providerKeys: Object.keys(sections.providerKeys).length,
      accessKeyConfigurations: Object.keys(sections.accessKeyConfigurations).length,
      accessKeys: Object.keys(sections.accessKeys).length,
    },
  };
}

/** The labels an object's own text is in, which a person may paste a credential into. */
const LABELS = ["name", "description", "metadata"] as const;

/**
 * A warning for each label that holds a word shaped like a credential. The file keeps the label
 * as the account has it (so it applies with no changes); the warning names where, never the word.
 */
function credentialLabels(sections: Sections): string[] {
  const found: string[] = [];
  for (const [section, objects] of Object.entries(sections)) {
    for (const [logical, object] of Object.entries(objects as Record<string, object>)) {
      for (const label of LABELS) {
        const text = (object as Record<string, unknown>)[label];
        if (typeof text !== "string" || redactCredentials(text) === text) continue;
        found.push(
          `${section}.${logical}.${label} holds a word shaped like a credential, written to the file as the account has it (the file must match the account to apply with no changes): if it is one, rotate it and remove it from the object's ${label}.`,
        );
      }
    }
  }
  return found;
}

/** Writes the document: modeline and header, short lists and `{secret: …}` in flow style. */
function render(
  body: Record<string, unknown>,
  secrets: readonly ExportedSecret[],
  options: ExportOptions,
): string {
  const { Document, isMap, isScalar, isSeq, visit } = yaml();
  const doc = new Document(body);
  const header = [
    ` yaml-language-server: $schema=${options.schemaRef ?? GATEWAY_SCHEMA_ID}`,
    ` Exported by aigw export${options.apiUrl !== undefined ? ` from ${options.apiUrl}` : ""}${
      options.generatedAt !== undefined ? ` at ${options.generatedAt}` : ""
    }.`,
    " Every object is adopted by id: applying this file takes the live objects over and changes nothing.",
  ];
  if (secrets.length > 0) {
    header.push(" Before applying, supply each provider key's value as a stack secret:");
    for (const s of secrets) {
      header.push(`   pulumi config set --secret ${s.secretKey} <value>   # ${s.keyRedacted}`);
    }
  }
  doc.commentBefore = header.join("\n");
  const redaction = new Map(secrets.map((s) => [s.logicalName, s.keyRedacted]));
  visit(doc, {
    Pair(_key, pair, ancestors) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (
        (key === "value" || key === "allow" || key === "keys" || key === "models") &&
        pair.value
      ) {
        if (isMap(pair.value) || isSeq(pair.value)) pair.value.flow = true;
      }
      // The live redaction above each placeholder tells which value belongs there.
      if (key === "value" && isScalar(pair.key)) {
        const owner = ancestors[ancestors.length - 2];
        const ownerKey =
          owner !== undefined && "key" in owner && isScalar(owner.key)
            ? owner.key.value
            : undefined;
        const keyRedacted = typeof ownerKey === "string" ? redaction.get(ownerKey) : undefined;
        if (keyRedacted !== undefined) pair.key.commentBefore = ` live value: ${keyRedacted}`;
      }
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/**
 * The `$schema` reference for a file written at `outputFile`: a relative path to a
 * `schema/gateway.schema.json` (the repository's or an installed `pulumi-ngrok-ai`'s) found from its
 * directory upwards, else the schema's `$id`.
 */
export function schemaRefFor(outputFile: string | undefined): string {
  if (outputFile === undefined) return GATEWAY_SCHEMA_ID;
  const from = path.dirname(path.resolve(outputFile));
  for (let dir = from; ; dir = path.dirname(dir)) {
    for (const candidate of [
      path.join(dir, "schema", GATEWAY_SCHEMA_FILE),
      path.join(dir, "node_modules", "pulumi-ngrok-ai", "schema", GATEWAY_SCHEMA_FILE),
    ]) {
      if (fs.existsSync(candidate)) {
        const relative = path.relative(from, candidate).split(path.sep).join("/");
        return relative.startsWith(".") ? relative : `./${relative}`;
      }
    }
    if (path.dirname(dir) === dir) return GATEWAY_SCHEMA_ID;
  }
}
