import {
  isAlias,
  isMap,
  isSeq,
  visit,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
} from "yaml";
import type { Diagnostic } from "../core/diagnostics";
import { closestMatch } from "../core/suggest";
import { formatPath, type DocumentPath } from "./document-path";
import type { DocumentShape } from "./document-shape";
import { isMergeKey, type YamlLocator } from "./locator";

const NOT_VALIDATED = "(YAML syntax error; the file was not validated further)";

/** The parser's message without its " at line L, column C:" suffix and code frame. */
function yamlMessage(error: YAMLError): string {
  const first = error.message.split("\n")[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

/** The message of a parser error or warning, in our words where the parser's give library advice. */
function parserMessage(error: YAMLError): string {
  switch (error.code) {
    case "MULTIPLE_DOCS":
      return "a second YAML document starts here, but a gateway file holds one document: remove the separator (--- or ...) to join the two, or move the second into a file of its own, since a gateway may be declared in several files";
    case "RESOURCE_EXHAUSTION":
      // The composer catches its own stack overflow here; the message would be V8's.
      return "the YAML here is nested too deeply to be read: close the brackets that are left open, or remove the extra levels";
    default:
      return yamlMessage(error);
  }
}

/**
 * The parser's errors (`yaml-syntax`) and warnings (`yaml-warning`) of a document, and the error of
 * its nesting when too deep. Past the point where the document nests too deeply, the parser's
 * errors are its stack running out or follow from the nesting (every bracket left open), so the
 * nesting's one error stands for them.
 */
export function parserDiagnostics(
  document: Document.Parsed,
  locator: YamlLocator,
  file: string,
  tooDeep: DocumentShape["tooDeep"],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let cut = tooDeep?.offset;
  if (tooDeep !== undefined) {
    diagnostics.push(tooDeep.diagnostic);
  } else {
    // The composer may run out of stack more than once; the first place in the text counts.
    let exhausted: YAMLError | undefined;
    for (const error of document.errors) {
      if (error.code !== "RESOURCE_EXHAUSTION") continue;
      if (exhausted === undefined || error.pos[0] < exhausted.pos[0]) exhausted = error;
    }
    if (exhausted !== undefined) {
      cut = exhausted.pos[0];
      diagnostics.push(parserDiagnostic(exhausted, "error", locator, file));
    }
  }
  for (const error of document.errors) {
    if (cut === undefined || error.pos[0] < cut) {
      diagnostics.push(parserDiagnostic(error, "error", locator, file));
    }
  }
  for (const warning of document.warnings) {
    if (cut === undefined || warning.pos[0] < cut) {
      diagnostics.push(parserDiagnostic(warning, "warn", locator, file));
    }
  }
  return diagnostics;
}

function parserDiagnostic(
  error: YAMLError,
  severity: "error" | "warn",
  locator: YamlLocator,
  file: string,
): Diagnostic {
  const message = parserMessage(error);
  return {
    code: severity === "error" ? "yaml-syntax" : "yaml-warning",
    severity,
    message: severity === "error" ? `${message} ${NOT_VALIDATED}.` : message,
    file,
    path: locator.pathAtOffset(error.pos[0]),
    range: locator.rangeOfOffsets(error.pos[0], error.pos[1]),
  };
}

/** What stopped `toJS` and where: an alias of no anchor, or a merge of something not a mapping. */
interface Unreadable {
  readonly node: Node;
  readonly path: DocumentPath;
  readonly message: string;
}

function unresolvedAlias(alias: Alias, locator: YamlLocator): Unreadable {
  const name = alias.source;
  const path = locator.pathAtOffset(alias.range?.[0] ?? 0);
  const later = locator.anchorDefinitions().get(name)?.[0];
  if (later !== undefined) {
    const line = locator.rangeOf(later).start.line;
    return {
      node: alias,
      path,
      message: `*${name} is an alias of an anchor defined after it (&${name}, line ${line}), so the document could not be read: an anchor must come before its aliases; move the anchored node above the alias.`,
    };
  }
  const match = closestMatch(name, locator.anchorDefinitions().keys());
  return {
    node: alias,
    path,
    message: `*${name} is an alias of no anchor, so the document could not be read: define the anchor &${name} on a node before the alias, or fix the name${match === undefined ? "" : ` (did you mean *${match}?)`}.`,
  };
}

/**
 * The first node, in document order (the order `toJS` reads it in), that `toJS` cannot read: an
 * alias whose anchor is not defined before it, or a merge (`<<`) of something that is not a
 * mapping or an alias of one.
 */
function findUnreadable(locator: YamlLocator): Unreadable | undefined {
  // A source of a merge: a mapping, or an alias of one.
  const mergeSource = (source: unknown, pair: Pair): Unreadable | undefined => {
    const target = isAlias(source) ? locator.resolveAlias(source) : source;
    if (isAlias(source) && target === undefined) return unresolvedAlias(source, locator);
    if (isMap(target)) return undefined;
    // An empty value (`<<:`) has no text of its own to point at: its key has.
    const written = source as Node | null;
    const empty =
      written === null || written.range == null || written.range[0] === written.range[1];
    const key = pair.key as Node;
    const path = locator.pathAtOffset(key.range?.[0] ?? 0);
    return {
      node: empty ? key : written,
      path,
      message: `${formatPath(path)} merges a value that is not a mapping, so the document could not be read: a merge key (<<) takes a mapping or an alias of one (<<: *base, or <<: [*a, *b]); merge an anchored mapping, or remove the << entry.`,
    };
  };
  let found: Unreadable | undefined;
  visit(locator.document, {
    Pair(_key, pair) {
      if (!isMergeKey(pair.key)) return undefined;
      const value = pair.value;
      const target = isAlias(value) ? locator.resolveAlias(value) : value;
      for (const source of isSeq(target) ? target.items : [value]) {
        found = mergeSource(source, pair);
        if (found !== undefined) return visit.BREAK;
      }
      return undefined;
    },
    Alias(_key, alias) {
      if (locator.resolveAlias(alias) !== undefined) return undefined;
      found = unresolvedAlias(alias, locator);
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * The `yaml-syntax` error of a document that parsed but could not be turned into data: at the
 * alias or merge that stopped it, with how to fix it, when it can be found; else at the document.
 */
export function unreadableDocumentDiagnostic(
  error: unknown,
  file: string,
  locator: YamlLocator,
): Diagnostic {
  // The two errors toJS throws for a node it meets (the messages are the yaml package's).
  const located = error instanceof Error && /^(Unresolved alias|Merge sources)/.test(error.message);
  const unreadable = located ? findUnreadable(locator) : undefined;
  if (unreadable !== undefined) {
    return {
      code: "yaml-syntax",
      severity: "error",
      message: unreadable.message,
      file,
      path: unreadable.path,
      range: locator.rangeOf(unreadable.node),
    };
  }
  const message =
    error instanceof RangeError
      ? "the document nests too deeply once its aliases are expanded, so it could not be read: alias fewer anchors inside one another, or write the shared part out."
      : `${error instanceof Error ? error.message : String(error)} (the document could not be read).`;
  return {
    code: "yaml-syntax",
    severity: "error",
    message,
    file,
    path: [],
    range: locator.rangeAt([]),
  };
}
