import { formatDiagnostic } from "../../sdk/core/diagnostics";
import { parseGateway } from "../../sdk/gitops/load";

/** Parses the lines of a gateway.yaml (joined by newlines) as `gateway.yaml`. */
function parseLines(...lines: string[]): ReturnType<typeof parseGateway> {
  return parseGateway(`${lines.join("\n")}\n`, "gateway.yaml");
}

describe("document shape", () => {
  it.each([
    {
      what: "a section tagged !!omap",
      lines: ["version: 1", "accessKeys: !!omap", "  - k: {}"],
      expected:
        'gateway.yaml:2:13: error schema: accessKeys must be a plain mapping, but it is an ordered map (tagged !!omap): remove the !!omap tag and write its entries as key: value lines of a mapping, without the leading "- ".',
    },
    {
      what: "a section tagged !!set",
      lines: ["version: 1", "accessKeys: !!set {? k, ? j}"],
      expected:
        "gateway.yaml:2:13: error schema: accessKeys must be a plain mapping, but it is a set (tagged !!set): remove the !!set tag and give each key a value (key: value).",
    },
    {
      what: "an object tagged !!omap",
      lines: [
        "version: 1",
        "accessKeyConfigurations:",
        "  c: {}",
        "accessKeys:",
        "  k: !!omap [configuration: c]",
      ],
      expected:
        'gateway.yaml:5:6: error schema: accessKeys.k must be a plain mapping, but it is an ordered map (tagged !!omap): remove the !!omap tag and write its entries as key: value lines of a mapping, without the leading "- ".',
    },
    {
      what: "a section tagged !!pairs",
      lines: ["version: 1", "accessKeys: !!pairs [k: {}]"],
      expected:
        'gateway.yaml:2:13: error schema: accessKeys must be a plain mapping, but it is a list of pairs (tagged !!pairs): remove the !!pairs tag and write its entries as key: value lines of a mapping, without the leading "- ".',
    },
    {
      what: "a list tagged !!set",
      lines: [
        "version: 1",
        "accessKeyConfigurations:",
        "  c:",
        "    access:",
        "      models: { allow: !!set {? openai:gpt-4o} }",
      ],
      expected:
        "gateway.yaml:5:24: error schema: accessKeyConfigurations.c.access.models.allow must be a list, but it is a set (tagged !!set): remove the !!set tag and write a list here.",
    },
  ])("reports $what at the tag as not a plain mapping, not as empty", ({ lines, expected }) => {
    const parsed = parseLines(...lines);
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([expected]);
    // Nothing follows from the tagged value: no access key without a configuration.
    expect(parsed.model.accessKeys.size).toBe(0);
  });

  it("reports a provider key tagged !!omap once, without its missing properties", () => {
    const parsed = parseLines("version: 1", "providerKeys:", "  p: !!omap [providerId: openai]");
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([
      'gateway.yaml:3:6: error schema: providerKeys.p must be a plain mapping, but it is an ordered map (tagged !!omap): remove the !!omap tag and write its entries as key: value lines of a mapping, without the leading "- ".',
    ]);
  });

  it.each([
    {
      what: "binary data",
      lines: ["version: 1", "accessKeys:", "  k:", "    description: !!binary aGVsbG8="],
      expected:
        "gateway.yaml:4:18: error schema: accessKeys.k.description must be a string, but it is binary data (tagged !!binary): remove the !!binary tag to keep the text as a string.",
    },
    {
      what: "a timestamp",
      lines: ["version: 1", "accessKeys:", "  k:", "    name: !!timestamp 2020-01-01"],
      expected:
        "gateway.yaml:4:11: error schema: accessKeys.k.name must be a string, but it is a timestamp (tagged !!timestamp): remove the !!timestamp tag to keep the text as a string.",
    },
    {
      what: "a YAML 1.1 timestamp written without a tag",
      lines: ["%YAML 1.1", "---", "version: 1", "accessKeys:", "  k:", "    name: 2020-01-01"],
      expected:
        "gateway.yaml:6:11: error schema: accessKeys.k.name must be a string, but it is a timestamp; quote the value to write a string.",
    },
    {
      what: "a section that is a timestamp",
      lines: ["version: 1", "accessKeys: !!timestamp 2020-01-01"],
      expected:
        "gateway.yaml:2:13: error schema: accessKeys must be a plain mapping, but it is a timestamp (tagged !!timestamp): remove the !!timestamp tag and write a plain mapping here.",
    },
  ])("names $what as what it is", ({ lines, expected }) => {
    const parsed = parseLines(...lines);
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([expected]);
  });

  it.each([
    {
      what: "a null key",
      lines: ["version: 1", "accessKeys:", "  null:", "    description: x"],
      expected:
        'gateway.yaml:3:3: error schema: accessKeys has an object whose name is null (YAML reads null, ~ and an empty key as no value); a logical name must be a non-empty string: name the object (for example my-key:), or quote the name ("null") to use the word.',
    },
    {
      what: "a ~ key",
      lines: ["version: 1", "accessKeys:", "  ~: {}"],
      expected:
        'gateway.yaml:3:3: error schema: accessKeys has an object whose name is null (YAML reads null, ~ and an empty key as no value); a logical name must be a non-empty string: name the object (for example my-key:), or quote the name ("null") to use the word.',
    },
    {
      what: "a collection key",
      lines: ["version: 1", "accessKeys:", "  ? [a, b]", "  : {}"],
      expected:
        "gateway.yaml:3:5: error schema: accessKeys has an object whose name is a list; a logical name must be a non-empty string: name the object (for example my-key:).",
    },
    {
      what: "an empty key",
      lines: ["version: 1", "accessKeys:", '  "": {}'],
      expected:
        "gateway.yaml:3:3: error schema: accessKeys has an object whose name is empty; a logical name must be a non-empty string: name the object (for example my-key:).",
    },
    {
      what: "a null property name",
      lines: ["version: 1", "accessKeys:", "  k:", "    null: x"],
      expected:
        "gateway.yaml:4:5: error schema: accessKeys.k has a key that is null (YAML reads null, ~ and an empty key as no value); a key must be a property name: write the property's name, or remove the entry.",
    },
  ])(
    "reports $what once, at the key, with nothing following from its object",
    ({ lines, expected }) => {
      const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
      try {
        const parsed = parseLines(...lines);
        expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([expected]);
        expect(warn).not.toHaveBeenCalled();
      } finally {
        warn.mockRestore();
      }
    },
  );

  it("leaves an object with an invalid name out of the model", () => {
    const parsed = parseLines(
      "version: 1",
      "accessKeys:",
      "  null: {}",
      "  ? [a]",
      "  : {}",
      "  ok: {}",
    );
    expect([...parsed.model.accessKeys.keys()]).toEqual(["ok"]);
  });
});
