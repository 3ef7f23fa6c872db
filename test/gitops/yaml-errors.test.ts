import { Document, LineCounter, parseDocument, YAMLParseError } from "yaml";
import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { parseGateway } from "../../sdk/gitops/load";
import { YamlLocator } from "../../sdk/gitops/locator";
import { parserDiagnostics } from "../../sdk/gitops/yaml-errors";

/** Parses the lines of a gateway.yaml (joined by newlines) as `gateway.yaml`. */
function parseLines(...lines: string[]): ReturnType<typeof parseGateway> {
  return parseGateway(`${lines.join("\n")}\n`, "gateway.yaml");
}

describe("YAML errors", () => {
  it.each([
    {
      what: "a merge of a scalar",
      lines: ["version: 1", "accessKeys:", "  k:", "    <<: 5"],
      expected:
        "gateway.yaml:4:9: error yaml-syntax: accessKeys.k merges a value that is not a mapping, so the document could not be read: a merge key (<<) takes a mapping or an alias of one (<<: *base, or <<: [*a, *b]); merge an anchored mapping, or remove the << entry.",
    },
    {
      what: "a merge of a scalar at the top",
      lines: ["<<: 5", "version: 1"],
      expected:
        "gateway.yaml:1:5: error yaml-syntax: the document merges a value that is not a mapping, so the document could not be read: a merge key (<<) takes a mapping or an alias of one (<<: *base, or <<: [*a, *b]); merge an anchored mapping, or remove the << entry.",
    },
    {
      what: "a merge list with an alias of a list",
      lines: ["version: 1", "x: &list [1]", "accessKeys:", "  k:", "    <<: [*list]"],
      expected:
        "gateway.yaml:5:10: error yaml-syntax: accessKeys.k merges a value that is not a mapping, so the document could not be read: a merge key (<<) takes a mapping or an alias of one (<<: *base, or <<: [*a, *b]); merge an anchored mapping, or remove the << entry.",
    },
    {
      what: "an empty merge",
      lines: ["version: 1", "accessKeys:", "  k:", "    <<:"],
      expected:
        "gateway.yaml:4:5: error yaml-syntax: accessKeys.k merges a value that is not a mapping, so the document could not be read: a merge key (<<) takes a mapping or an alias of one (<<: *base, or <<: [*a, *b]); merge an anchored mapping, or remove the << entry.",
    },
    {
      what: "an alias of no anchor",
      lines: [
        "version: 1",
        "accessKeyConfigurations:",
        "  c: {}",
        "accessKeys:",
        "  k:",
        "    configuration: *nonexist",
      ],
      expected:
        "gateway.yaml:6:20: error yaml-syntax: *nonexist is an alias of no anchor, so the document could not be read: define the anchor &nonexist on a node before the alias, or fix the name.",
    },
    {
      what: "an alias of a misspelt anchor",
      lines: ["version: 1", "owner: &team search", "accessKeys:", "  k:", "    description: *teem"],
      expected:
        "gateway.yaml:5:18: error yaml-syntax: *teem is an alias of no anchor, so the document could not be read: define the anchor &teem on a node before the alias, or fix the name (did you mean *team?).",
    },
    {
      what: "an alias before its anchor",
      lines: ["version: 1", "accessKeys:", "  k:", "    description: *d", "owner: &d search"],
      expected:
        "gateway.yaml:4:18: error yaml-syntax: *d is an alias of an anchor defined after it (&d, line 5), so the document could not be read: an anchor must come before its aliases; move the anchored node above the alias.",
    },
    {
      what: "a merge of an alias of no anchor",
      lines: ["version: 1", "accessKeys:", "  k:", "    <<: *base"],
      expected:
        "gateway.yaml:4:9: error yaml-syntax: *base is an alias of no anchor, so the document could not be read: define the anchor &base on a node before the alias, or fix the name.",
    },
  ])("reports $what at the node, with how to fix it", ({ lines, expected }) => {
    const parsed = parseLines(...lines);
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([expected]);
  });

  it.each([
    { what: "after ---", text: "version: 1\n---\nversion: 1\n", at: "2:1" },
    { what: "after a first --- too", text: "---\nversion: 1\n---\nowner: x\n", at: "3:1" },
    { what: "after ...", text: "version: 1\n...\nowner: x\n", at: "3:1" },
  ])("reports a second document $what at its start", ({ text, at }) => {
    const parsed = parseGateway(text, "gateway.yaml");
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([
      `gateway.yaml:${at}: error yaml-syntax: a second YAML document starts here, but a gateway file holds one document: remove the separator (--- or ...) to join the two, or move the second into a file of its own, since a gateway may be declared in several files (YAML syntax error; the file was not validated further).`,
    ]);
  });

  const tooDeep = (line: number, column: number): string =>
    `gateway.yaml:${line}:${column}: error yaml-syntax: the YAML here is nested more than 100 collections deep, far deeper than any gateway.yaml needs: close the brackets that are left open, or remove the extra levels (YAML syntax error; the file was not validated further).`;

  it.each([
    { what: "5,000 open [", text: `version: 1\nx: ${"[".repeat(5000)}\n`, at: [2, 103] },
    { what: "5,000 open {", text: `version: 1\nx: ${"{".repeat(5000)}\n`, at: [2, 103] },
    {
      what: "5,000 closed [ ]",
      text: `version: 1\nx: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
      at: [2, 103],
    },
    { what: "100,000 open [", text: `version: 1\nx: ${"[".repeat(100_000)}\n`, at: [2, 103] },
    {
      what: "5,000 nested block lists",
      text: `version: 1\nx:\n  ${"- ".repeat(5000)}a\n`,
      at: [3, 201],
    },
    {
      what: "1,000 indented mappings",
      text: `version: 1\nx:\n${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i + 1)}k${i}:`).join("\n")}\n`,
      at: [102, 101],
    },
  ])("reports $what as nested too deep, once, without crashing", ({ text, at }) => {
    const parsed = parseGateway(text, "gateway.yaml");
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([tooDeep(at[0]!, at[1]!)]);
  });

  it("reports the parser running out of stack as nesting, once, where it first ran out", () => {
    // What the yaml package records when its composer overflows the stack before the nesting
    // reaches the loader's cap (a caller already deep in its own stack).
    const text = "version: 1\nx: [[a]]\n";
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter });
    const overflow = "Maximum call stack size exceeded";
    document.errors.push(
      new YAMLParseError([15, 16], "RESOURCE_EXHAUSTION", overflow),
      new YAMLParseError([14, 15], "RESOURCE_EXHAUSTION", overflow),
      new YAMLParseError([14, 15], "BAD_INDENT", "Flow sequence in block collection must end"),
    );
    const locator = new YamlLocator(document, lineCounter);
    expect(
      parserDiagnostics(document, locator, "gateway.yaml", undefined).map(formatDiagnostic),
    ).toEqual([
      "gateway.yaml:2:4: error yaml-syntax: the YAML here is nested too deeply to be read: close the brackets that are left open, or remove the extra levels (YAML syntax error; the file was not validated further).",
    ]);
  });

  it("reports a document its aliases nest too deeply to read without the engine's message", () => {
    const toJS = jest.spyOn(Document.prototype, "toJS").mockImplementation(() => {
      throw new RangeError("Maximum call stack size exceeded");
    });
    try {
      const parsed = parseLines("version: 1", "owner: &o x", "x: *o");
      expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([
        "gateway.yaml:1:1: error yaml-syntax: the document nests too deeply once its aliases are expanded, so it could not be read: alias fewer anchors inside one another, or write the shared part out.",
      ]);
    } finally {
      toJS.mockRestore();
    }
  });

  it("reads a document nested 100 collections deep", () => {
    const parsed = parseGateway(
      `version: 1\nx: ${"[".repeat(99)}${"]".repeat(99)}\n`,
      "gateway.yaml",
    );
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(["schema"]);
  });
});
