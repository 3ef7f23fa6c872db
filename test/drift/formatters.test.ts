import { getValidator } from "../../sdk/core/schema";
import { classifyDrift } from "../../sdk/drift/classify";
import { DRIFT_FORMATS, DRIFT_FORMATTERS } from "../../sdk/drift/formatters";
import {
  DRIFT_REPORT_SCHEMA_FILE,
  DRIFT_REPORT_VERSION,
  type DriftReport,
} from "../../sdk/drift/report";
import { redactKeyValue } from "../../sdk/core/redaction";
import {
  KEY_VALUE,
  ROTATED_VALUE,
  accessKey,
  configuration,
  providerKey,
  recordedAccessKey,
  recordedConfiguration,
  recordedProviderKey,
} from "./fixtures";

function report(drifted: boolean): DriftReport {
  const managed = [
    recordedProviderKey(providerKey()),
    recordedConfiguration(configuration()),
    recordedAccessKey(accessKey()),
  ];
  const live = drifted
    ? {
        providerKeys: [
          providerKey({
            keyRedacted: redactKeyValue(ROTATED_VALUE),
            description: "a | pipe `tick`",
          }),
          providerKey({ id: "aigpk_stray", name: "stray" }),
        ],
        accessKeyConfigurations: [
          configuration({ access: { models: { allow: ["openai:o1-preview"] } } }),
        ],
        accessKeys: [],
        providers: [],
      }
    : {
        providerKeys: [providerKey()],
        accessKeyConfigurations: [configuration()],
        accessKeys: [accessKey()],
        providers: [],
      };
  const { entries, summary } = classifyDrift({
    stacks: ["dev"],
    managed,
    live,
    includeUnmanaged: true,
  });
  return {
    schemaVersion: DRIFT_REPORT_VERSION,
    aigwVersion: "0.1.0",
    generatedAt: "2026-03-01T12:00:00.000Z",
    apiUrl: "http://127.0.0.1:4000",
    stacks: ["dev"],
    includeUnmanaged: true,
    drift: entries.length > 0,
    summary,
    apiCalls: 4,
    entries,
    pendingOperations: [],
  };
}

describe("drift report formats", () => {
  const validate = getValidator(undefined, DRIFT_REPORT_SCHEMA_FILE);

  it.each([true, false])(
    "the JSON of a report (drift: %s) validates against its schema",
    (drifted) => {
      const parsed: unknown = JSON.parse(DRIFT_FORMATTERS.json(report(drifted)));
      const ok = validate(parsed);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it("the schema rejects an entry of an unknown class and a rotated entry without redactions", () => {
    const r = report(true);
    expect(validate({ ...r, entries: [{ ...r.entries[0], class: "moved" }] })).toBe(false);
    const rotated = r.entries.find((e) => e.class === "rotated")!;
    const { keyRedacted: _k, ...withoutRedactions } = rotated;
    expect(validate({ ...r, entries: [withoutRedactions] })).toBe(false);
    const unmanaged = r.entries.find((e) => e.class === "unmanaged")!;
    expect(validate({ ...r, entries: [{ ...unmanaged, stack: "dev" }] })).toBe(false);
  });

  it("holds every class once in the drifted fixture", () => {
    expect(
      report(true)
        .entries.map((e) => e.class)
        .sort(),
    ).toEqual(["changed", "changed", "deleted", "rotated", "unmanaged"]);
  });

  it("the text format names each drifted object, property and redaction", () => {
    const text = DRIFT_FORMATTERS.text(report(true));
    expect(text).toMatch(/^Drift in stack "dev"/);
    expect(text).toContain(
      'CHANGED   access key configuration "search-team" (aigac_1)  [stack dev]',
    );
    expect(text).toContain(
      'access.models.allow: ["openai:gpt-4o-mini","anthropic:claude-sonnet-4-6"] -> ["openai:o1-preview"]',
    );
    expect(text).toContain("      + openai:o1-preview");
    expect(text).toContain(
      `keyRedacted: ${redactKeyValue(KEY_VALUE)} -> ${redactKeyValue(ROTATED_VALUE)}`,
    );
    expect(text).toContain('DELETED   access key "search-prod" (aigk_1)');
    expect(text).toContain('UNMANAGED provider key "stray" (aigpk_stray)');
    expect(text).toContain("pulumi up --refresh");
  });

  it("the text format says so when there is no drift", () => {
    expect(DRIFT_FORMATTERS.text(report(false))).toBe(
      'No drift: the 3 objects managed by stack "dev" match http://127.0.0.1:4000, and the account holds nothing unmanaged (4 API calls).\n',
    );
  });

  it("the markdown format is one table row per entry, with pipes escaped", () => {
    const md = DRIFT_FORMATTERS.markdown(report(true));
    expect(md).toMatch(/^## aigw drift: 4 objects drifted/);
    const rows = md.split("\n").filter((l) => /^\| (changed|rotated|deleted|unmanaged) \|/.test(l));
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
    expect(md).toContain("a \\| pipe");
    expect(DRIFT_FORMATTERS.markdown(report(false))).toMatch(/^## aigw drift: no drift/);
  });

  it.each(DRIFT_FORMATS)("the %s format holds no key value", (format) => {
    const out = DRIFT_FORMATTERS[format](report(true));
    for (const secret of [KEY_VALUE, ROTATED_VALUE, "ciphertext", "v1:AAAA"]) {
      expect(out).not.toContain(secret);
    }
  });
});
