import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { parseGateway } from "../../sdk/gitops/load";
import { YamlLocator } from "../../sdk/gitops/locator";

/**
 * A gateway.yaml with one router of `rules` rules under an anchor, shared through an alias by
 * `configurations` more configurations: written size grows with `rules + configurations`, the
 * resolved size with their product.
 */
function sharedRouter(rules: number, configurations: number): string {
  const lines = [
    "version: 1",
    "providerKeys:",
    "  k: { providerId: openai, value: { secret: k } }",
    "accessKeyConfigurations:",
    "  base:",
    "    router: &shared",
    "      rules:",
  ];
  for (let i = 0; i < rules; i++) {
    lines.push(`        - { model: "openai:m-${i}", steps: [{ type: user, keys: [k] }] }`);
  }
  for (let i = 0; i < configurations; i++) lines.push(`  team-${i}: { router: *shared }`);
  return `${lines.join("\n")}\n`;
}

/** How many source positions parsing `text` computes (offset → line and column). */
function positionLookups(text: string): number {
  const spy = jest.spyOn(YamlLocator.prototype, "rangeOfOffsets");
  try {
    parseGateway(text, "gateway.yaml");
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe("aliases", () => {
  it("computes the positions of an aliased node once, not once per alias", () => {
    // Doubling the written file doubles the lookups; before, it quadrupled them (every alias
    // looked up every node of the anchor again).
    const small = positionLookups(sharedRouter(20, 20));
    const large = positionLookups(sharedRouter(40, 40));
    expect(large).toBeLessThanOrEqual(2.2 * small);
  });

  it("gives every alias the anchor's ranges and its own paths", () => {
    const { model, diagnostics } = parseGateway(sharedRouter(3, 2), "gateway.yaml");
    expect(diagnostics).toEqual([]);
    const base = model.accessKeyConfigurations.get("base")?.router?.rules?.[2];
    const shared = model.accessKeyConfigurations.get("team-1")?.router?.rules?.[2];
    expect(shared?.model?.value).toBe("openai:m-2");
    expect(shared?.model?.range).toEqual(base?.model?.range);
    expect(shared?.model?.range.start).toEqual({ line: 10, column: 20 });
    expect(shared?.model?.path).toEqual([
      "accessKeyConfigurations",
      "team-1",
      "router",
      "rules",
      2,
      "model",
    ]);
    expect(shared?.steps[0]?.keys?.[0]?.target).toBe(model.providerKeys.get("k"));
  });

  it("refuses a document whose aliases expand past the cap, at the alias that crosses it", () => {
    // 150 rules of 11 nodes each, repeated by 150 aliases: about 250,000 nodes from 2,271 written.
    const text = sharedRouter(150, 150);
    const parsed = parseGateway(text, "gateway.yaml");
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(["alias-expansion"]);
    const [diagnostic] = parsed.diagnostics;
    const lines = text.split("\n");
    // Each alias adds 1,652 nodes (its anchor's 1,653 less itself): the 61st (team-60) is the
    // first to take the total past 100,000.
    const line = lines.findIndex((l) => l.startsWith("  team-60:")) + 1;
    const column = lines[line - 1]!.indexOf("*") + 1;
    expect(diagnostic?.range.start).toEqual({ line, column });
    expect(diagnostic?.path).toEqual(["accessKeyConfigurations", "team-60", "router"]);
    expect(formatDiagnostic(diagnostic!)).toBe(
      `gateway.yaml:${line}:${column}: error alias-expansion: *shared repeats the 1,653 YAML nodes anchored as &shared (line 7); with it the aliases of this file add more than 100,000 nodes, and a file may grow through aliases by at most 100,000 nodes or its own size (2,271 nodes), whichever is more. Alias a smaller anchor, or fewer times, or write the shared part out (the file was not validated further).`,
    );
    expect(parsed.model.accessKeyConfigurations.size).toBe(0);
  });

  it("lets a file larger than the floor grow by its own size through aliases, and no more", () => {
    // 9,100 rules write 100,140 nodes; one alias of them adds 100,103, two add twice that.
    const once = parseGateway(sharedRouter(9100, 1), "gateway.yaml");
    expect(once.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(once.model.accessKeyConfigurations.get("team-0")?.router?.rules).toHaveLength(9100);
    const twice = parseGateway(sharedRouter(9100, 2), "gateway.yaml");
    expect(twice.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["alias-expansion", ["accessKeyConfigurations", "team-1", "router"]],
    ]);
  });

  it("refuses the issue's 2,000 rules shared by 2,000 configurations without expanding them", () => {
    const parsed = parseGateway(sharedRouter(2000, 2000), "gateway.yaml");
    expect(parsed.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["alias-expansion", ["accessKeyConfigurations", "team-4", "router"]],
    ]);
  });

  it("counts a cyclic alias as one value and still loads the rest", () => {
    const parsed = parseGateway(
      [
        "version: 1",
        "accessKeyConfigurations:",
        "  a: &a",
        "    description: x",
        "    router: { rules: [*a] }",
      ].join("\n"),
      "gateway.yaml",
    );
    expect(parsed.diagnostics.every((d) => d.code === "schema")).toBe(true);
  });
});
