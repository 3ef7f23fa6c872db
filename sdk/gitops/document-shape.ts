import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
} from "yaml";
import type { Diagnostic, SourceRange } from "../core/diagnostics";
import { formatPath, type DocumentPath } from "./document-path";
import type { YamlLocator } from "./locator";
import { GATEWAY_SECTIONS } from "./model";

/**
 * How many collections deep a document may nest (a gateway.yaml needs 9). Every later stage walks
 * the document recursively, and the yaml package's own parser runs out of stack some 800 levels
 * down; the cap keeps every walk far from that.
 */
export const MAX_NESTING_DEPTH = 100;

/** A YAML 1.1 tag whose value `toJS` turns into something that is not JSON data. */
interface UnreadTag {
  /** How the tag is written (`!!omap`). */
  readonly short: string;
  /** What the value is, for messages (`an ordered map`). */
  readonly kind: string;
}

/**
 * The tags the yaml package resolves even in the core schema, none of which gateway.yaml reads:
 * `!!omap` and `!!set` become a `Map` and a `Set`, which look like empty mappings to the schema and
 * the model, `!!pairs` a list, `!!binary` a `Uint8Array` and `!!timestamp` a `Date`.
 */
const UNREAD_TAGS: ReadonlyMap<string, UnreadTag> = new Map([
  ["tag:yaml.org,2002:omap", { short: "!!omap", kind: "an ordered map" }],
  ["tag:yaml.org,2002:set", { short: "!!set", kind: "a set" }],
  ["tag:yaml.org,2002:pairs", { short: "!!pairs", kind: "a list of pairs" }],
  ["tag:yaml.org,2002:binary", { short: "!!binary", kind: "binary data" }],
  ["tag:yaml.org,2002:timestamp", { short: "!!timestamp", kind: "a timestamp" }],
]);

/** A value written with one of the tags gateway.yaml does not read (see `UNREAD_TAGS`). */
export interface TaggedValue extends UnreadTag {
  /** Its path, where it is written (not where aliases repeat it). */
  readonly path: DocumentPath;
  /** From the tag to the end of the value, 1-based. */
  readonly range: SourceRange;
  /** True for a collection (`!!omap`, `!!set`, `!!pairs`), false for a scalar. */
  readonly collection: boolean;
}

/** A mapping key that names nothing: null, empty (for a logical name) or a collection. */
export interface InvalidKey {
  readonly map: YAMLMap;
  readonly pair: Pair;
  readonly diagnostic: Diagnostic;
}

/** What one pass over the written document found; see {@link documentShape}. */
export interface DocumentShape {
  /** A `duplicate-key` error for every key that repeats an earlier key of its mapping. */
  readonly duplicateKeys: Diagnostic[];
  /** Every value with a tag gateway.yaml does not read; their contents are not walked. */
  readonly tagged: TaggedValue[];
  /** Every key that names nothing, each with its `schema` error; their values are not walked. */
  readonly invalidKeys: InvalidKey[];
  /** The first collection nested deeper than `MAX_NESTING_DEPTH`, and its `yaml-syntax` error. */
  readonly tooDeep: { readonly offset: number; readonly diagnostic: Diagnostic } | undefined;
}

/** The path segment of a scalar mapping key, as `toJS` names it; undefined for a merge key. */
function keySegment(key: Scalar): string | undefined {
  return typeof key.value === "symbol" ? undefined : String(key.value);
}

/** What is wrong with a key that names nothing (`null`, `a list`), or undefined for a fine key. */
function keyProblem(key: unknown, locator: YamlLocator, logicalName: boolean): string | undefined {
  if (key === null || key === undefined) return "null";
  if (isScalar(key)) {
    const value = key.value;
    if (typeof value === "string") return logicalName && value === "" ? "empty" : undefined;
    if (value === null) return "null";
    if (typeof value !== "object") return undefined; // a number, a boolean or the merge key
    return UNREAD_TAGS.get(key.tag ?? "")?.kind ?? "not a string";
  }
  if (isAlias(key)) {
    const target = locator.resolveAlias(key);
    return target === undefined ? undefined : keyProblem(target, locator, logicalName);
  }
  return isSeq(key) ? "a list" : "a mapping";
}

/** The `schema` error of a key that names nothing, at the key. */
function invalidKeyDiagnostic(
  problem: string,
  path: DocumentPath,
  range: SourceRange,
  logicalName: boolean,
  file: string,
): Diagnostic {
  const what =
    problem === "null" ? "null (YAML reads null, ~ and an empty key as no value)" : problem;
  const message = logicalName
    ? `${formatPath(path)} has an object whose name is ${what}; a logical name must be a non-empty string: name the object (for example my-key:)${problem === "null" ? ', or quote the name ("null") to use the word' : ""}.`
    : `${formatPath(path)} has a key that is ${what}; a key must be a property name: write the property's name, or remove the entry.`;
  return { code: "schema", severity: "error", message, file, path, range };
}

/**
 * One pass over the written document (aliases are not followed: a node is checked once, where it
 * is written) that finds what `toJS` would hide or get wrong: duplicate keys, values with a tag
 * gateway.yaml does not read, keys that name nothing, and nesting past `MAX_NESTING_DEPTH`. The
 * common case costs a few property reads per node; the rare ones do their work where they occur.
 *
 * Duplicate keys are found with a lookup per key, so a mapping of many keys costs linear time (the
 * yaml package's own check compares each key with every earlier one). Keys compare as the yaml
 * package compares them: scalars by value, so `1` and `"1"` differ and `<<` merge keys never
 * collide.
 */
export function documentShape(
  document: Document.Parsed,
  text: string,
  locator: YamlLocator,
  file: string,
): DocumentShape {
  const duplicateKeys: Diagnostic[] = [];
  const tagged: TaggedValue[] = [];
  const invalidKeys: InvalidKey[] = [];
  let tooDeep: DocumentShape["tooDeep"];

  // `from` is where the node's tag may start at the earliest (the end of its key or of the
  // previous item), so that a tag is found in the text without reading past its own node.
  const walk = (node: unknown, path: DocumentPath, depth: number, from: number): void => {
    if (node === null || typeof node !== "object") return;
    const tag = (node as Node).tag;
    if (tag !== undefined) {
      const unread = UNREAD_TAGS.get(tag);
      if (unread !== undefined) {
        tagged.push(taggedValue(node as Node, unread, path, from, text, locator));
        return;
      }
    }
    if (!isMap(node) && !isSeq(node)) return;
    if (depth > MAX_NESTING_DEPTH) {
      if (tooDeep === undefined) tooDeep = nestingTooDeep(node, path, locator, file);
      return;
    }
    if (isSeq(node)) {
      let previousEnd = node.range?.[0] ?? from;
      node.items.forEach((item, index) => {
        walk(item, [...path, index], depth + 1, previousEnd);
        previousEnd = (item as Node | null)?.range?.[2] ?? previousEnd;
      });
      return;
    }
    const logicalName =
      path.length === 1 && (GATEWAY_SECTIONS as readonly unknown[]).includes(path[0]);
    const first = new Map<unknown, Scalar>();
    for (const pair of node.items) {
      const key = pair.key;
      const scalar = isScalar(key);
      if (!scalar || key.value === null || key.value === "" || typeof key.value === "object") {
        const problem = keyProblem(key, locator, logicalName);
        if (problem !== undefined) {
          const keyNode = (key ?? pair.value ?? node) as Node;
          const range = locator.rangeOf(keyNode);
          const diagnostic = invalidKeyDiagnostic(problem, path, range, logicalName, file);
          invalidKeys.push({ map: node, pair, diagnostic });
          // `{{{…` nests through keys: only its depth is checked, nothing follows from the key.
          if (tooDeep === undefined && (isMap(key) || isSeq(key))) {
            const deep = deepestCollection(key, depth + 1);
            if (deep !== undefined) tooDeep = nestingTooDeep(deep, path, locator, file);
          }
          continue;
        }
      }
      const segment = scalar ? keySegment(key) : undefined;
      if (scalar && !Number.isNaN(key.value)) {
        const earlier = first.get(key.value);
        if (earlier === undefined) {
          first.set(key.value, key);
        } else {
          const start = key.range?.[0] ?? 0;
          duplicateKeys.push({
            code: "duplicate-key",
            severity: "error",
            message: `${formatPath(path)} has the key "${String(key.value)}" twice (first at line ${locator.rangeOf(earlier).start.line}); each key may appear once: rename one entry or merge the two.`,
            file,
            path: [...path, segment ?? String(key.value)],
            range: locator.rangeOfOffsets(start, start + 1),
          });
        }
      }
      if (segment !== undefined) {
        walk(pair.value, [...path, segment], depth + 1, (key as Node).range?.[1] ?? from);
      }
    }
  };
  walk(document.contents, [], 1, 0);
  return { duplicateKeys, tagged, invalidKeys, tooDeep };
}

/** The first collection in `node` (at `depth`) deeper than `MAX_NESTING_DEPTH`, through keys too. */
function deepestCollection(node: unknown, depth: number): Node | undefined {
  if (!isMap(node) && !isSeq(node)) return undefined;
  if (depth > MAX_NESTING_DEPTH) return node;
  for (const item of node.items as unknown[]) {
    const found = isPair(item)
      ? (deepestCollection(item.key, depth + 1) ?? deepestCollection(item.value, depth + 1))
      : deepestCollection(item, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A tagged value, its range starting at the tag where it is written in short form. */
function taggedValue(
  node: Node,
  unread: UnreadTag,
  path: DocumentPath,
  from: number,
  text: string,
  locator: YamlLocator,
): TaggedValue {
  const [start = 0, end = start] = node.range ?? [];
  // Only the text between the key (or the previous item) and the value: linear over the file.
  const at = text.slice(from, start).lastIndexOf(unread.short);
  const tagStart = at < 0 ? start : from + at;
  return {
    ...unread,
    path,
    range: locator.rangeOfOffsets(tagStart, end),
    collection: isMap(node) || isSeq(node),
  };
}

function nestingTooDeep(
  node: Node,
  path: DocumentPath,
  locator: YamlLocator,
  file: string,
): NonNullable<DocumentShape["tooDeep"]> {
  const offset = node.range?.[0] ?? 0;
  return {
    offset,
    diagnostic: {
      code: "yaml-syntax",
      severity: "error",
      message: `the YAML here is nested more than ${MAX_NESTING_DEPTH} collections deep, far deeper than any gateway.yaml needs: close the brackets that are left open, or remove the extra levels (YAML syntax error; the file was not validated further).`,
      file,
      path,
      range: locator.rangeOfOffsets(offset, offset + 1),
    },
  };
}
