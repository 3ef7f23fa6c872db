import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import type { SourceRange } from "../core/diagnostics";
import type { DocumentPath } from "./document-path";

/** Where something is in a YAML file: its path, its 1-based range and its YAML node. */
export interface SourceLocation {
  /** The path of the value in the document (after aliases and merge keys are applied). */
  readonly path: DocumentPath;
  /**
   * The 1-based range of the value's node. When the value is absent or empty, the range of its
   * closest existing ancestor's key (the place an editor should point at).
   */
  readonly range: SourceRange;
  /** The YAML node of the value, or undefined when the value is absent from the document. */
  readonly node: Node | undefined;
}

/** What `YamlLocator.find` found for a path. */
export interface NodeLookup {
  /** The node at the path or, when the path does not exist, at its closest existing ancestor. */
  readonly node: Node | undefined;
  /** The key node of the pair whose value is `node`, when `node` is a mapping value. */
  readonly key: Node | undefined;
  /** How many leading segments of the path exist. */
  readonly depth: number;
  /** True when the whole path exists. */
  readonly exact: boolean;
}

interface MapIndex {
  readonly pairs: Map<string, Pair>;
  readonly merges: Node[];
}

/** Mappings of at most this many pairs are scanned rather than indexed. */
const SMALL_MAP = 8;

const EMPTY_RANGE: SourceRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** The string form of a scalar mapping key, as `toJS` uses it; undefined for complex keys. */
function keyString(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const value = key.value;
  if (typeof value === "symbol") return undefined;
  return String(value);
}

/** True for a `<<` merge key (the yaml package marks it with a symbol value). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === "symbol" || key.source === "<<");
}

/**
 * Finds YAML nodes and their source ranges by document path. It follows aliases to their
 * anchors and looks through `<<` merge keys (own keys first, then merged maps in order), so a
 * path found in the `toJS` value always has a node here. Lookups are indexed per mapping, and a
 * node's range is computed once however many aliases repeat it, so locating every value of a
 * large document stays linear in what the file writes.
 */
export class YamlLocator {
  private readonly mapIndex = new WeakMap<YAMLMap, MapIndex>();
  private readonly ranges = new Map<Node, SourceRange>();
  private anchors: Map<string, Node[]> | undefined;

  constructor(
    readonly document: Document,
    readonly lineCounter: LineCounter,
  ) {}

  /**
   * The 1-based range of a node (its value part, without trailing comments). The aliases of an
   * anchor share one range object.
   */
  rangeOf(node: Node): SourceRange {
    let cached = this.ranges.get(node);
    if (cached === undefined) {
      const range = node.range;
      cached =
        range === undefined || range === null
          ? EMPTY_RANGE
          : this.rangeOfOffsets(range[0], range[1]);
      // Only a node an alias repeats is asked for again; until the first alias is followed (and
      // the anchor table built), no range is kept, which saves a map entry per node of a document
      // without aliases.
      if (this.anchors !== undefined) this.ranges.set(node, cached);
    }
    return cached;
  }

  /** The 1-based range of `[start, end)` offsets into the source text. */
  rangeOfOffsets(start: number, end: number): SourceRange {
    const s = this.lineCounter.linePos(start);
    const e = this.lineCounter.linePos(Math.max(start, end));
    return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
  }

  /** The node at `path`, or its closest existing ancestor. */
  find(path: DocumentPath): NodeLookup {
    let node: Node | undefined = this.resolveAlias(this.document.contents ?? undefined);
    let key: Node | undefined;
    let depth = 0;
    for (const segment of path) {
      if (node === undefined) break;
      let next: { node: Node | undefined; key: Node | undefined } | undefined;
      if (isMap(node)) {
        const pair = this.pairOf(node, String(segment));
        if (pair !== undefined) {
          next = { node: this.resolveAlias(pair.value as Node | null), key: pair.key as Node };
        }
      } else if (isSeq(node)) {
        const index = typeof segment === "number" ? segment : Number(segment);
        const item: unknown = Number.isInteger(index) ? node.items[index] : undefined;
        if (item !== undefined)
          next = { node: this.resolveAlias(item as Node | null), key: undefined };
      }
      if (next === undefined) break;
      // A present key with an empty value (`value:`) has a null value node or a zero-width scalar.
      node = next.node;
      key = next.key;
      depth++;
    }
    return { node, key, depth, exact: depth === path.length };
  }

  /**
   * The range to report for `path`: the value's node when it exists and is not empty (or its
   * key when `target` is `key`), else the key of the closest existing ancestor.
   */
  rangeAt(path: DocumentPath, target: "value" | "key" = "value"): SourceRange {
    return this.rangeFor(this.find(path), target);
  }

  /**
   * The location of `path`: its path, the range to report and its node when present (the key
   * node when `target` is `key`).
   */
  locate(path: DocumentPath, target: "value" | "key" = "value"): SourceLocation {
    const found = this.find(path);
    const node = !found.exact ? undefined : target === "key" ? found.key : found.node;
    return { path, range: this.rangeFor(found, target), node };
  }

  private rangeFor(found: NodeLookup, target: "value" | "key"): SourceRange {
    if (found.exact) {
      if (target === "key" && found.key !== undefined) return this.rangeOf(found.key);
      if (found.node !== undefined && !isEmptyNode(found.node)) return this.rangeOf(found.node);
    }
    if (found.key !== undefined) return this.rangeOf(found.key);
    return this.rootRange(found.node);
  }

  /**
   * The document path of the innermost node that contains `offset`, for errors the parser
   * reports by offset only (duplicate keys, syntax errors).
   */
  pathAtOffset(offset: number): (string | number)[] {
    const path: (string | number)[] = [];
    let node: Node | undefined = this.document.contents ?? undefined;
    for (;;) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => containsOffset(p.value, offset) || containsOffset(p.key, offset),
        );
        const segment = pair === undefined ? undefined : keyString(pair.key);
        if (pair === undefined || segment === undefined) return path;
        path.push(segment);
        if (!containsOffset(pair.value, offset)) return path;
        node = pair.value as Node;
      } else if (isSeq(node)) {
        const index = node.items.findIndex((item) => containsOffset(item, offset));
        if (index < 0) return path;
        path.push(index);
        node = node.items[index] as Node;
      } else {
        return path;
      }
    }
  }

  private rootRange(node: Node | undefined): SourceRange {
    if (node === undefined) return EMPTY_RANGE;
    if (isMap(node)) {
      const first = node.items[0];
      if (first !== undefined && first.key !== null) return this.rangeOf(first.key as Node);
    }
    return this.rangeOf(node);
  }

  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    if (map.items.length <= SMALL_MAP) {
      // A scan of a few pairs costs less than an index (in time and memory); the last duplicate
      // wins, as in toJS.
      let merges = false;
      for (let i = map.items.length - 1; i >= 0; i--) {
        const pair = map.items[i];
        if (pair === undefined || !isPair(pair)) continue;
        if (isMergeKey(pair.key)) merges = true;
        else if (keyString(pair.key) === key) return pair;
      }
      if (!merges) return undefined;
    }
    const index = this.indexOf(map);
    const own = index.pairs.get(key);
    if (own !== undefined) return own;
    for (const merged of index.merges) {
      for (const source of isSeq(merged) ? merged.items : [merged]) {
        const target = this.resolveAlias(source as Node | null);
        if (isMap(target)) {
          const pair = this.pairOf(target, key);
          if (pair !== undefined) return pair;
        }
      }
    }
    return undefined;
  }

  private indexOf(map: YAMLMap): MapIndex {
    let index = this.mapIndex.get(map);
    if (index === undefined) {
      index = { pairs: new Map(), merges: [] };
      for (const pair of map.items) {
        if (!isPair(pair)) continue;
        if (isMergeKey(pair.key)) {
          if (pair.value !== null) index.merges.push(pair.value as Node);
          continue;
        }
        const key = keyString(pair.key);
        // The last duplicate wins, as in toJS (duplicates are reported separately).
        if (key !== undefined) index.pairs.set(key, pair);
      }
      this.mapIndex.set(map, index);
    }
    return index;
  }

  /**
   * Follows an alias to the node its anchor names (the last definition before the alias), through
   * aliases of aliases; any other node is returned as it is.
   */
  resolveAlias(node: Node | null | undefined): Node | undefined {
    if (node === null || node === undefined) return undefined;
    if (!isAlias(node)) return node;
    const definitions = this.anchorTable().get(node.source);
    if (definitions === undefined) return undefined;
    const at = node.range?.[0] ?? Number.POSITIVE_INFINITY;
    let found: Node | undefined;
    for (const definition of definitions) {
      if ((definition.range?.[0] ?? 0) < at) found = definition;
    }
    return this.resolveAlias(found);
  }

  /** Every anchor of the document by name, each with its nodes in document order. */
  anchorDefinitions(): ReadonlyMap<string, readonly Node[]> {
    return this.anchorTable();
  }

  private anchorTable(): Map<string, Node[]> {
    if (this.anchors === undefined) {
      const anchors = new Map<string, Node[]>();
      visit(this.document, {
        Node(_key, node) {
          const anchor = (node as { anchor?: string }).anchor;
          if (anchor !== undefined) {
            const list = anchors.get(anchor) ?? [];
            list.push(node);
            anchors.set(anchor, list);
          }
        },
      });
      this.anchors = anchors;
    }
    return this.anchors;
  }
}

function containsOffset(node: unknown, offset: number): boolean {
  const range = (node as Node | null | undefined)?.range;
  return range !== undefined && range !== null && range[0] <= offset && offset < range[2];
}

/** True for a scalar with no source text (`key:` with nothing after it). */
function isEmptyNode(node: Node): boolean {
  const range = node.range;
  return (
    isScalar(node) &&
    node.value === null &&
    (range === undefined || range === null || range[0] === range[1])
  );
}
