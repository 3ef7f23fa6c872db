import * as path from "node:path";
import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { parseGateway } from "../../sdk/gitops/load";

/** `keys` access keys in one mapping, each with a description (no duplicates). */
function accessKeys(keys: number): string {
  const lines = ["version: 1", "accessKeys:"];
  for (let i = 0; i < keys; i++) lines.push(`  client-${i}: { description: Client ${i} }`);
  return `${lines.join("\n")}\n`;
}

/** The yaml package's node type checks, which its composer calls for every key comparison. */
const identity = require(
  path.join(path.dirname(require.resolve("yaml")), "nodes", "identity.js"),
) as {
  isScalar: (node: unknown) => boolean;
};

/** How many times loading `text` asks whether a node is a scalar (every key comparison asks). */
function scalarChecks(text: string): number {
  const spy = jest.spyOn(identity, "isScalar");
  try {
    parseGateway(text, "gateway.yaml");
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

/** The duplicate-key diagnostics of a text, formatted. */
function duplicates(...lines: string[]): string[] {
  return parseGateway(lines.join("\n"), "gateway.yaml")
    .diagnostics.filter((d) => d.code === "duplicate-key")
    .map(formatDiagnostic);
}

describe("duplicate keys", () => {
  it("are found in time linear in the size of a mapping", () => {
    // Comparing each new key with every earlier one made a mapping of 2n keys cost four times
    // one of n; a lookup per key makes it twice.
    const small = scalarChecks(accessKeys(1000));
    const large = scalarChecks(accessKeys(2000));
    expect(large).toBeLessThanOrEqual(2.2 * small);
  });

  it("are reported at the second key, naming the line of the first", () => {
    expect(
      duplicates(
        "version: 1",
        "accessKeys:",
        "  a: { description: one }",
        "  b: {}",
        "  a: { description: two }",
        "  a: {}",
      ),
    ).toEqual([
      'gateway.yaml:5:3: error duplicate-key: accessKeys has the key "a" twice (first at line 3); each key may appear once: rename one entry or merge the two.',
      'gateway.yaml:6:3: error duplicate-key: accessKeys has the key "a" twice (first at line 3); each key may appear once: rename one entry or merge the two.',
    ]);
  });

  it("are found in flow mappings, nested mappings and anchored keys, once each", () => {
    expect(
      duplicates(
        "version: 1",
        "accessKeys:",
        "  a: { description: one, description: two }",
        "  b: &shared",
        "    description: x",
        "    &k description: y",
        "  c: *shared",
      ),
    ).toEqual([
      'gateway.yaml:3:26: error duplicate-key: accessKeys.a has the key "description" twice (first at line 3); each key may appear once: rename one entry or merge the two.',
      'gateway.yaml:6:8: error duplicate-key: accessKeys.b has the key "description" twice (first at line 5); each key may appear once: rename one entry or merge the two.',
    ]);
  });

  it("are not merge keys, nor keys that differ in type, as in YAML", () => {
    expect(
      duplicates(
        "version: 1",
        "accessKeys:",
        "  base: &b { description: x }",
        "  a: { <<: *b, <<: *b }",
        "  1: {}",
        '  "1": {}',
      ),
    ).toEqual([]);
  });
});
