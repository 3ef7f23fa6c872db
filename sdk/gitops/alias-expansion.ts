import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Alias, type Node } from "yaml";
import type { Diagnostic } from "../core/diagnostics";
import type { YamlLocator } from "./locator";

/**
 * How many YAML nodes aliases may add to any document: a file may always grow by this much, and
 * a larger file by as many nodes as it writes itself. Everything the loader does after parsing
 * (schema validation, the model, the policy) walks the document as the aliases expand it, so
 * this keeps its cost and memory linear in the file's size.
 */
export const ALIAS_GROWTH_FLOOR = 100_000;

const count = (n: number): string => n.toLocaleString("en-US");

/**
 * The `alias-expansion` error of a document whose aliases would expand it by more than
 * `max(ALIAS_GROWTH_FLOOR, written nodes)`, at the first alias (in document order) that takes
 * it past the cap; undefined when the document stays under it. One pass over the written nodes:
 * the expanded size of each node is computed once and reused by every alias that repeats it.
 */
export function aliasExpansionDiagnostic(
  locator: YamlLocator,
  file: string,
): Diagnostic | undefined {
  const document = locator.document;
  let written = 0;
  let aliases = 0;
  visit(document, {
    Node(_key, node) {
      if (!isPair(node)) written++;
      if (isAlias(node)) aliases++;
    },
  });
  if (aliases === 0) return undefined;

  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  // The nodes `node` stands for once every alias in it is replaced by its anchor's node; an alias
  // inside the node it names (a cycle) counts as itself.
  const expanded = (node: unknown): number => {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) {
      const target = locator.resolveAlias(node);
      return target === undefined || open.has(target) ? 1 : expanded(target);
    }
    if (isScalar(node)) return 1;
    const known = sizes.get(node as Node);
    if (known !== undefined) return known;
    open.add(node as Node);
    let size = 1;
    if (isMap(node)) {
      for (const pair of node.items) size += expanded(pair.key) + expanded(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) size += expanded(item);
    }
    open.delete(node as Node);
    sizes.set(node as Node, size);
    return size;
  };

  const cap = Math.max(ALIAS_GROWTH_FLOOR, written);
  let added = 0;
  let crossing: { alias: Alias; target: Node; size: number } | undefined;
  visit(document, {
    Alias(_key, alias) {
      const target = locator.resolveAlias(alias);
      if (target === undefined) return undefined;
      const size = expanded(target);
      added += size - 1;
      if (added <= cap) return undefined;
      crossing = { alias, target, size };
      return visit.BREAK;
    },
  });
  if (crossing === undefined) return undefined;
  const { alias, target, size } = crossing;
  const anchorLine = locator.rangeOf(target).start.line;
  return {
    code: "alias-expansion",
    severity: "error",
    message:
      `*${alias.source} repeats the ${count(size)} YAML nodes anchored as &${alias.source} (line ${anchorLine}); ` +
      `with it the aliases of this file add more than ${count(cap)} nodes, and a file may grow through aliases ` +
      `by at most ${count(ALIAS_GROWTH_FLOOR)} nodes or its own size (${count(written)} nodes), whichever is more. ` +
      `Alias a smaller anchor, or fewer times, or write the shared part out (the file was not validated further).`,
    file,
    path: locator.pathAtOffset(alias.range?.[0] ?? 0),
    range: locator.rangeOf(alias),
  };
}
