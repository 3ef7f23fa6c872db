import { LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../core/diagnostics";
import { AigwError } from "../core/errors";
import { readTextFile } from "../core/files";
import { formatPath, type DocumentPath } from "../gitops/document-path";
import { type SourceLocation, YamlLocator } from "../gitops/locator";
import type { GatewaySection } from "../gitops/model";
import { GATEWAY_SECTIONS } from "../gitops/model";
import { schemaDiagnostics, unreadableDocumentDiagnostic } from "../gitops/schema-diagnostics";
import type { ModelRef } from "../core/model-name";
import { getValidator } from "../core/schema";
import {
  type ModelPattern,
  type ProviderPattern,
  compileModelPattern,
  compileProviderPattern,
} from "./patterns";
import { type PolicyRuleId, type RuleSeverity, isPolicyRuleId } from "./types";

/** The file name of the policy.yaml schema under `schema/`. */
export const POLICY_SCHEMA_FILE = "policy.schema.json";

/** One entry of a policy list, with where it is written. */
export interface PolicyEntry<P> {
  readonly pattern: P;
  readonly location: SourceLocation;
  /** How messages name it: `models.deny[1] "*:*-preview" (policy.yaml:3)`. */
  readonly label: string;
}

/** A policy `allow` list: when present, everything outside it is disallowed. */
export interface PolicyAllowList<P> {
  readonly entries: readonly PolicyEntry<P>[];
  readonly location: SourceLocation;
  /** `models.allow (policy.yaml:5)`. */
  readonly label: string;
}

/** Deny and allow patterns of one dimension. */
export interface PolicyDimension<P> {
  readonly deny: readonly PolicyEntry<P>[];
  /** undefined: no allow-list (everything not denied is allowed); [] allows nothing. */
  readonly allow: PolicyAllowList<P> | undefined;
}

/** A `waivers` entry of policy.yaml. */
export interface PolicyWaiver {
  readonly rule: PolicyRuleId;
  /** The object it covers; undefined when `owners` alone scopes it. */
  readonly target: { readonly section: GatewaySection; readonly name: string } | undefined;
  /** The teams whose objects it covers (see `owners` in the schema); undefined for any team. */
  readonly owners: readonly string[] | undefined;
  /** Narrows the waiver to findings about models matching this pattern. */
  readonly model: ModelPattern | undefined;
  readonly reason: string;
  /** `YYYY-MM-DD`, the last day it applies. */
  readonly expires: string;
  /** The waiver's mapping. */
  readonly location: SourceLocation;
  /** The `expires` value, where an expired waiver is reported. */
  readonly expiresLocation: SourceLocation;
}

/** A loaded, valid policy.yaml. */
export interface Policy {
  readonly file: string;
  readonly text: string;
  readonly models: PolicyDimension<ModelPattern>;
  readonly providers: PolicyDimension<ProviderPattern>;
  /** Severity overrides by rule id. */
  readonly rules: ReadonlyMap<PolicyRuleId, RuleSeverity>;
  readonly waivers: readonly PolicyWaiver[];
}

/** What parsing a policy.yaml gave: the policy when valid, and every problem found. */
export interface PolicyLoadResult {
  readonly policy: Policy | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A policy file that is missing or invalid. The CLI treats it as a usage error (exit 2); the
 * Pulumi program fails before any API call. `diagnostics` say what is wrong and where.
 */
export class PolicyFileError extends AigwError {
  override name = "PolicyFileError";

  constructor(
    code: "AIGW_POLICY_NOT_FOUND" | "AIGW_POLICY_INVALID",
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** An empty policy: nothing is disallowed, every rule at its default severity. */
export function emptyPolicy(file = "<no policy>"): Policy {
  return {
    file,
    text: "",
    models: { deny: [], allow: undefined },
    providers: { deny: [], allow: undefined },
    rules: new Map(),
    waivers: [],
  };
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Parses and validates policy.yaml text against `schema/policy.schema.json`. Never throws on bad
 * input: YAML and schema problems come back as diagnostics (with 1-based ranges), and `policy` is
 * undefined when there is any.
 */
export function parsePolicy(text: string, file: string): PolicyLoadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const locator = new YamlLocator(document, lineCounter);
  const diagnostics: Diagnostic[] = document.errors.map((error) => ({
    code: "yaml-syntax",
    severity: "error",
    message: `${(error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "")} (YAML syntax error).`,
    file,
    path: locator.pathAtOffset(error.pos[0]),
    range: locator.rangeOfOffsets(error.pos[0], error.pos[1]),
  }));
  if (diagnostics.length > 0) return { policy: undefined, diagnostics };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (error: unknown) {
    return { policy: undefined, diagnostics: [unreadableDocumentDiagnostic(error, file, locator)] };
  }
  const validate = getValidator(undefined, POLICY_SCHEMA_FILE);
  if (!validate(data)) {
    const found = schemaDiagnostics(validate.errors ?? [], data, locator, file);
    return {
      policy: undefined,
      diagnostics:
        found.length > 0
          ? found
          : [
              {
                code: "schema",
                severity: "error",
                message: "the policy does not match schema/policy.schema.json",
                file,
                path: [],
                range: locator.rangeAt([]),
              },
            ],
    };
  }
  const extra: Diagnostic[] = [];
  const policy = buildPolicy(data as Raw, text, file, locator, extra);
  return extra.length > 0 ? { policy: undefined, diagnostics: extra } : { policy, diagnostics: [] };
}

/**
 * Reads and parses a policy file. Throws {@link PolicyFileError} when it cannot be read
 * (`AIGW_POLICY_NOT_FOUND`) or is not a valid policy (`AIGW_POLICY_INVALID`, with diagnostics).
 */
export function loadPolicyFile(file: string, displayName: string = file): Policy {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error: unknown) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new PolicyFileError(
      "AIGW_POLICY_NOT_FOUND",
      `cannot read policy file ${displayName} (${reason}); check the --policy path`,
      [],
      { cause: error },
    );
  }
  const result = parsePolicy(text, displayName);
  if (result.policy === undefined) {
    throw new PolicyFileError(
      "AIGW_POLICY_INVALID",
      `policy file ${displayName} is not valid (${result.diagnostics.length} problem${result.diagnostics.length === 1 ? "" : "s"})`,
      result.diagnostics,
    );
  }
  return result.policy;
}

function buildPolicy(
  data: Raw,
  text: string,
  file: string,
  locator: YamlLocator,
  diagnostics: Diagnostic[],
): Policy {
  const entries = <P>(
    raw: unknown,
    path: DocumentPath,
    compile: (text: string) => P,
  ): PolicyEntry<P>[] =>
    Array.isArray(raw)
      ? raw.flatMap((value, i) => {
          if (typeof value !== "string") return [];
          const location = locator.locate([...path, i]);
          return [
            {
              pattern: compile(value),
              location,
              label: `${formatPath([...path, i])} "${value}" (${file}:${location.range.start.line})`,
            },
          ];
        })
      : [];
  const dimension = <P>(key: string, compile: (text: string) => P): PolicyDimension<P> => {
    const raw = isRecord(data[key]) ? data[key] : {};
    const allowPath = [key, "allow"];
    const allowLocation = locator.locate(allowPath);
    return {
      deny: entries(raw.deny, [key, "deny"], compile),
      allow: Array.isArray(raw.allow)
        ? {
            entries: entries(raw.allow, allowPath, compile),
            location: allowLocation,
            label: `${formatPath(allowPath)} (${file}:${allowLocation.range.start.line})`,
          }
        : undefined,
    };
  };
  const rules = new Map<PolicyRuleId, RuleSeverity>();
  if (isRecord(data.rules)) {
    for (const [id, severity] of Object.entries(data.rules)) {
      if (isPolicyRuleId(id)) rules.set(id, severity as RuleSeverity);
    }
  }
  const waivers: PolicyWaiver[] = [];
  const rawWaivers = Array.isArray(data.waivers) ? (data.waivers as unknown[]) : [];
  for (const [i, raw] of rawWaivers.entries()) {
    if (!isRecord(raw)) continue;
    const path = ["waivers", i];
    const target = typeof raw.target === "string" ? raw.target : undefined;
    const dot = target?.indexOf(".") ?? -1;
    const section = target?.slice(0, dot) as GatewaySection;
    const expires = String(raw.expires);
    if (!isCalendarDate(expires)) {
      diagnostics.push({
        code: "schema",
        severity: "error",
        message: `${formatPath([...path, "expires"])} "${expires}" is not a calendar date; write YYYY-MM-DD.`,
        file,
        path: [...path, "expires"],
        range: locator.rangeAt([...path, "expires"]),
      });
    }
    if (target !== undefined && !GATEWAY_SECTIONS.includes(section)) continue;
    waivers.push({
      rule: raw.rule as PolicyRuleId,
      target: target === undefined ? undefined : { section, name: target.slice(dot + 1) },
      owners: Array.isArray(raw.owners) ? raw.owners.map(String) : undefined,
      model: typeof raw.model === "string" ? compileModelPattern(raw.model) : undefined,
      reason: String(raw.reason),
      expires,
      location: locator.locate(path),
      expiresLocation: locator.locate([...path, "expires"]),
    });
  }
  return {
    file,
    text,
    models: dimension("models", compileModelPattern),
    providers: dimension("providers", compileProviderPattern),
    rules,
    waivers,
  };
}

/** True for a real `YYYY-MM-DD` date. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Why the policy disallows a model or provider: the deny entry it matches, or the allow-list it is outside of. */
export interface Violation {
  readonly dimension: "models" | "providers";
  /** The deny entry that matches; undefined when the model is outside the allow-list. */
  readonly deny: PolicyEntry<ModelPattern | ProviderPattern> | undefined;
  /** The allow-list it falls outside of, when that is the reason. */
  readonly allow: PolicyAllowList<ModelPattern | ProviderPattern> | undefined;
  /** The policy entry, as messages name it. */
  readonly label: string;
}

/** The violation cached under `key` (null: none), computed and cached on the first ask. */
function memoised(
  cache: Map<string, Violation | null>,
  key: string,
  compute: () => Violation | null,
): Violation | undefined {
  let cached = cache.get(key);
  if (cached === undefined) {
    cached = compute();
    cache.set(key, cached);
  }
  return cached ?? undefined;
}

/** The first deny entry that matches, else the allow-list the name falls outside of, else null. */
function dimensionViolation<P extends ModelPattern | ProviderPattern>(
  dimension: Violation["dimension"],
  { deny, allow }: PolicyDimension<P>,
  matches: (pattern: P) => boolean,
): Violation | null {
  const denied = deny.find((e) => matches(e.pattern));
  if (denied !== undefined)
    return { dimension, deny: denied, allow: undefined, label: denied.label };
  if (allow !== undefined && !allow.entries.some((e) => matches(e.pattern))) {
    return { dimension, deny: undefined, allow, label: allow.label };
  }
  return null;
}

/**
 * Answers "does the policy disallow this?" for provider ids and provider-qualified models,
 * memoised per name (a large gateway.yaml asks about the same models many times).
 */
export class PolicyMatcher {
  private readonly providerCache = new Map<string, Violation | null>();
  private readonly modelCache = new Map<string, Violation | null>();

  constructor(readonly policy: Policy) {}

  /** The policy entry a provider violates, or undefined when the provider is allowed. */
  providerViolation(provider: string): Violation | undefined {
    return memoised(this.providerCache, provider, () =>
      dimensionViolation("providers", this.policy.providers, (p) => p.matches(provider)),
    );
  }

  /** The policy entry a model violates through its model patterns, or undefined. */
  modelViolation(ref: ModelRef & { readonly provider: string }): Violation | undefined {
    const key = `${ref.provider}:${ref.model.toLowerCase()}`;
    return memoised(this.modelCache, key, () =>
      dimensionViolation("models", this.policy.models, (p) => p.matches(ref)),
    );
  }

  /** The provider violation of a model, else its model violation, else undefined. */
  violation(ref: ModelRef & { readonly provider: string }): Violation | undefined {
    return this.providerViolation(ref.provider) ?? this.modelViolation(ref);
  }

  /**
   * True when every model of the provider is disallowed: the provider is, a deny pattern covers
   * all its models (`deepseek:*`), or the policy's models.allow names none of its models.
   */
  deniesWholeProvider(provider: string): Violation | undefined {
    const byProvider = this.providerViolation(provider);
    if (byProvider !== undefined) return byProvider;
    const { deny, allow } = this.policy.models;
    const all = deny.find(
      (e) => /^\*+$/.test(e.pattern.modelGlob) && e.pattern.matchesProvider(provider),
    );
    if (all !== undefined)
      return { dimension: "models", deny: all, allow: undefined, label: all.label };
    if (allow !== undefined && !allow.entries.some((e) => e.pattern.matchesProvider(provider))) {
      return { dimension: "models", deny: undefined, allow, label: allow.label };
    }
    return undefined;
  }
}
