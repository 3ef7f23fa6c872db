import { LineCounter, parseDocument, type Document } from "yaml";
import type { Diagnostic } from "../core/diagnostics";
import { readTextFile } from "../core/files";
import { getValidator } from "../core/schema";
import { aliasExpansionDiagnostic } from "./alias-expansion";
import { documentShape, type InvalidKey } from "./document-shape";
import { YamlLocator } from "./locator";
import type { GatewayModel } from "./model";
import { buildGatewayModels } from "./resolve";
import { resolveGatewayFiles } from "./files";
import type { ModelCatalog } from "../catalog/catalog";
import { schemaDiagnostics } from "./schema-diagnostics";
import { parserDiagnostics, unreadableDocumentDiagnostic } from "./yaml-errors";

/** A loaded gateway.yaml: the YAML document, the resolved model and every problem found. */
export interface ParsedGateway {
  readonly file: string;
  /** The source text (inline waivers and formatters read its lines). */
  readonly text: string;
  /** The parsed YAML document, with source ranges on every node. */
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** Finds nodes and 1-based ranges by path in `document`. */
  readonly locator: YamlLocator;
  /**
   * The resolved model of this file's objects; complete when `diagnostics` hold no error (see
   * `hasErrors`). Its references may resolve to objects of other files loaded with it.
   */
  readonly model: GatewayModel;
  /** The model of every file loaded with this one, merged (`model` itself for one file alone). */
  readonly declaration: GatewayModel;
  /** Every problem, sorted by position: YAML, schema and reference errors together. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The most aliases one document may expand. The yaml package's default (100) is too small for
 * one anchor shared by many configurations; the cap still stops exponential expansion.
 */
const MAX_ALIAS_COUNT = 10_000;

/** True when any diagnostic is an error (warnings and infos do not block an apply). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

function comparePosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column;
}

/** A file's text after parsing and validation, before its model is built. */
interface ReadDocument {
  readonly file: string;
  readonly text: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly locator: YamlLocator;
  /** The `toJS` value; undefined when the YAML is broken (nothing else is checked). */
  readonly data: unknown;
  readonly diagnostics: Diagnostic[];
}

/** Parses and validates one file's text (YAML, aliases, keys, tags, nesting, schema). */
function readDocument(text: string, file: string): ReadDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    merge: true,
    // Duplicate keys are found by documentShape, in linear time.
    uniqueKeys: false,
    prettyErrors: true,
    // Keys that toJS would stringify (and warn about on stderr) are documentShape's errors.
    logLevel: "error",
  });
  const locator = new YamlLocator(document, lineCounter);
  const shape = documentShape(document, text, locator, file);
  const diagnostics = [
    ...shape.duplicateKeys,
    ...parserDiagnostics(document, locator, file, shape.tooDeep),
  ];
  let broken = diagnostics.some((d) => d.code === "yaml-syntax");
  if (!broken && text.includes("*")) {
    // Before anything walks the document as its aliases expand it (an alias needs a `*`).
    const expansion = aliasExpansionDiagnostic(locator, file);
    if (expansion !== undefined) {
      diagnostics.push(expansion);
      broken = true;
    }
  }
  let data: unknown = undefined;
  if (!broken) {
    try {
      data = documentData(document, shape.invalidKeys);
    } catch (error: unknown) {
      broken = true;
      diagnostics.push(unreadableDocumentDiagnostic(error, file, locator));
    }
  }
  if (!broken) {
    diagnostics.push(...shape.invalidKeys.map((k) => k.diagnostic));
    const validate = getValidator();
    if (!validate(data) || shape.tagged.length > 0) {
      const errors = validate.errors ?? [];
      diagnostics.push(...schemaDiagnostics(errors, data, locator, file, shape.tagged));
    }
  }
  return { file, text, document, lineCounter, locator, data, diagnostics };
}

/**
 * The document's `toJS` value without the pairs of keys that name nothing (reported by
 * documentShape), so that neither the schema nor the model sees a name made up for them. Their
 * mappings are read without them and given their pairs back.
 */
function documentData(document: Document.Parsed, invalidKeys: readonly InvalidKey[]): unknown {
  if (invalidKeys.length === 0) return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  const skipped = new Set(invalidKeys.map((k) => k.pair));
  const written = new Map(invalidKeys.map((k) => [k.map, k.map.items]));
  for (const [map, items] of written) map.items = items.filter((pair) => !skipped.has(pair));
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } finally {
    for (const [map, items] of written) map.items = items;
  }
}

/** The declaration of a gateway in one or more files, merged. */
export interface GatewayDeclaration {
  /** Each file, in load order, with the objects it declares and its own diagnostics. */
  readonly files: readonly ParsedGateway[];
  /**
   * Every object of every file, merged (for a logical name declared twice, the first
   * declaration; the duplicate is an error): what the Pulumi program declares.
   */
  readonly model: GatewayModel;
  /** Every diagnostic of every file: files in load order, then by position. */
  readonly diagnostics: readonly Diagnostic[];
}

/** A gateway.yaml's name and text, one of the files {@link parseGateways} merges. */
export interface GatewaySource {
  readonly file: string;
  readonly text: string;
}

/**
 * Parses, validates and resolves several files that declare one gateway together: each file is
 * parsed and validated on its own (the JSON Schema is per file), references resolve across
 * files, every object keeps its file and its file's `owner:`, and a logical name declared in two
 * files is an error in both. Never throws on bad input.
 */
export function parseGateways(
  sources: readonly GatewaySource[],
  options: ParseGatewayOptions = {},
): GatewayDeclaration {
  const read = sources.map((source) => readDocument(source.text, source.file));
  const built = buildGatewayModels(
    read.map((r) => ({ data: r.data, locator: r.locator, file: r.file })),
    options.catalog,
  );
  const files = read.map((r, i): ParsedGateway => {
    const own = built.files[i];
    const diagnostics = [...r.diagnostics, ...(own?.diagnostics ?? [])].sort(comparePosition);
    const { data: _data, ...rest } = r;
    return { ...rest, model: own?.model ?? built.model, declaration: built.model, diagnostics };
  });
  return { files, model: built.model, diagnostics: files.flatMap((f) => f.diagnostics) };
}

/**
 * Parses, validates and resolves gateway.yaml text. Never throws on bad input: YAML syntax
 * errors, schema violations and unresolved references all come back as diagnostics, together.
 * Syntax errors stop validation (the document is not what the author meant); duplicate keys do
 * not.
 */
export function parseGateway(
  text: string,
  file: string,
  options: ParseGatewayOptions = {},
): ParsedGateway {
  const [parsed] = parseGateways([{ file, text }], options).files;
  if (parsed === undefined) throw new Error("parseGateways returned no file");
  return parsed;
}

/** Options of {@link parseGateway} and {@link parseGateways}. */
export interface ParseGatewayOptions {
  /**
   * The model catalog provider ids are checked against: the package's (default), or one with an
   * overlay (`aigw catalog pull`).
   */
  readonly catalog?: ModelCatalog;
}

/** Options of {@link loadGatewayFile}. */
export interface LoadGatewayFileOptions extends ParseGatewayOptions {
  /**
   * The name diagnostics and the model give the file, such as the path the user typed when
   * `file` was resolved against a working directory. Default: `file`.
   */
  readonly displayName?: string;
}

/** The `file-read` diagnostic of a file that cannot be read. */
function fileReadDiagnostic(file: string, error: unknown): Diagnostic {
  const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
  return {
    code: "file-read",
    severity: "error",
    message: `cannot read ${file} (${reason}); check the path`,
    file,
    path: [],
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  };
}

/**
 * Reads and parses a gateway.yaml file (see `parseGateway`). A file that cannot be read is a
 * `file-read` diagnostic, not an exception.
 */
export function loadGatewayFile(path: string, options: LoadGatewayFileOptions = {}): ParsedGateway {
  const file = options.displayName ?? path;
  let text: string;
  try {
    text = readTextFile(path);
  } catch (error: unknown) {
    return { ...parseGateway("", file, options), diagnostics: [fileReadDiagnostic(file, error)] };
  }
  return parseGateway(text, file, options);
}

/** Options of {@link loadGateways}. */
export interface LoadGatewaysOptions extends ParseGatewayOptions {
  /** The directory relative paths and globs are read from; default: the process's. */
  readonly cwd?: string;
  /** Absolute paths that directories and globs leave out (see `resolveGatewayFiles`). */
  readonly exclude?: readonly string[];
}

/**
 * Reads and parses the files that declare one gateway (see `parseGateways`), named as
 * `resolveGatewayFiles` expands `specs`: files, directories (the gateway `*.yaml` and `*.yml`
 * files in it, sorted) and globs. Each file is named as the user would write it (relative to
 * `cwd` when given relative). A file that cannot be read, or a spec that names none, is a
 * `file-read` diagnostic.
 */
export function loadGateways(
  specs: readonly string[],
  options: LoadGatewaysOptions = {},
): GatewayDeclaration {
  const resolved = resolveGatewayFiles(specs, options.cwd ?? process.cwd(), {
    ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
  });
  const sources: GatewaySource[] = [];
  const unreadable: Diagnostic[] = [...resolved.problems];
  for (const entry of resolved.files) {
    try {
      sources.push({ file: entry.displayName, text: readTextFile(entry.path) });
    } catch (error: unknown) {
      unreadable.push(fileReadDiagnostic(entry.displayName, error));
    }
  }
  const declaration = parseGateways(sources, options);
  if (unreadable.length === 0) return declaration;
  return { ...declaration, diagnostics: [...unreadable, ...declaration.diagnostics] };
}
