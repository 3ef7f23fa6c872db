import * as fs from "node:fs";
import { isMap, isScalar, LineCounter, parseDocument, type Document, type YAMLError } from "yaml";
import type { Diagnostic } from "../core/diagnostics";
import { getValidator } from "../core/schema";
import { formatPath } from "./document-path";
import { YamlLocator } from "./locator";
import type { GatewayModel } from "./model";
import { buildGatewayModel } from "./resolve";
import { BUILTIN_CATALOG, type ModelCatalog } from "../catalog/catalog";
import { schemaDiagnostics } from "./schema-diagnostics";

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
  /** The resolved model; complete when `diagnostics` hold no error (see `hasErrors`). */
  readonly model: GatewayModel;
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

/** The parser's message without its " at line L, column C:" suffix and code frame. */
function yamlMessage(error: YAMLError): string {
  const first = error.message.split("\n")[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

function comparePosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column;
}

function yamlDiagnostics(
  document: Document.Parsed,
  locator: YamlLocator,
  file: string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const error of document.errors) {
    const [start, end] = error.pos;
    const range = locator.rangeOfOffsets(start, end);
    const path = locator.pathAtOffset(start);
    if (error.code === "DUPLICATE_KEY") {
      const parent = path.slice(0, -1);
      const key = path[path.length - 1];
      const container = locator.find(parent).node;
      const first = isMap(container)
        ? container.items.find(
            (pair) =>
              isScalar(pair.key) &&
              String(pair.key.value) === String(key) &&
              pair.key.range?.[0] !== start,
          )
        : undefined;
      const firstLine =
        first !== undefined && isScalar(first.key)
          ? ` (first at line ${locator.rangeOf(first.key).start.line})`
          : "";
      diagnostics.push({
        code: "duplicate-key",
        severity: "error",
        message: `${formatPath(parent)} has the key "${String(key)}" twice${firstLine}; each key may appear once: rename one entry or merge the two.`,
        file,
        path,
        range,
      });
    } else {
      diagnostics.push({
        code: "yaml-syntax",
        severity: "error",
        message: `${yamlMessage(error)} (YAML syntax error; the file was not validated further).`,
        file,
        path,
        range,
      });
    }
  }
  for (const warning of document.warnings) {
    diagnostics.push({
      code: "yaml-warning",
      severity: "warn",
      message: yamlMessage(warning),
      file,
      path: locator.pathAtOffset(warning.pos[0]),
      range: locator.rangeOfOffsets(warning.pos[0], warning.pos[1]),
    });
  }
  return diagnostics;
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
  const catalog = options.catalog ?? BUILTIN_CATALOG;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    merge: true,
    uniqueKeys: true,
    prettyErrors: true,
  });
  const locator = new YamlLocator(document, lineCounter);
  const diagnostics = yamlDiagnostics(document, locator, file);
  const syntaxBroken = diagnostics.some((d) => d.code === "yaml-syntax");

  let data: unknown = undefined;
  if (!syntaxBroken) {
    try {
      data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
    } catch (error: unknown) {
      diagnostics.push({
        code: "yaml-syntax",
        severity: "error",
        message: `${error instanceof Error ? error.message : String(error)} (the document could not be read).`,
        file,
        path: [],
        range: locator.rangeAt([]),
      });
    }
  }

  let model: GatewayModel;
  if (diagnostics.some((d) => d.code === "yaml-syntax")) {
    model = buildGatewayModel(undefined, locator, file, catalog).model;
  } else {
    const validate = getValidator();
    if (!validate(data))
      diagnostics.push(...schemaDiagnostics(validate.errors ?? [], data, locator, file));
    const built = buildGatewayModel(data, locator, file, catalog);
    diagnostics.push(...built.diagnostics);
    model = built.model;
  }
  diagnostics.sort(comparePosition);
  return { file, text, document, lineCounter, locator, model, diagnostics };
}

/** Options of {@link parseGateway}. */
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

/**
 * Reads and parses a gateway.yaml file (see `parseGateway`). A file that cannot be read is a
 * `file-read` diagnostic, not an exception.
 */
export function loadGatewayFile(path: string, options: LoadGatewayFileOptions = {}): ParsedGateway {
  const file = options.displayName ?? path;
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (error: unknown) {
    const parsed = parseGateway("", file, options);
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    return {
      ...parsed,
      diagnostics: [
        {
          code: "file-read",
          severity: "error",
          message: `cannot read ${file} (${reason}); check the path`,
          file,
          path: [],
          range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        },
      ],
    };
  }
  return parseGateway(text, file, options);
}
