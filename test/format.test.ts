import { FORMAT_NAMES, FORMATTERS, LINT_FORMATS } from "../sdk/policy/formatters/index";
import { DRIFT_FORMATS, DRIFT_FORMATTERS, DRIFT_REPORT_FORMATS } from "../sdk/drift/formatters";
import { PLAN_FORMATS, PLAN_FORMATTERS } from "../sdk/routing/formatters/index";
import { REVIEW_FORMAT_NAMES, REVIEW_FORMATS } from "../sdk/policy/review-formatters/index";
import { defineFormats } from "../sdk/core/format";

describe("defineFormats", () => {
  const formats = defineFormats({
    upper: (report: string) => `${report.toUpperCase()}\n`,
    plain: (report: string) => `${report}\n`,
  });

  it("lists the names in the order the formatters are given", () => {
    expect(formats.names).toEqual(["upper", "plain"]);
  });

  it("tells a format name from any other string", () => {
    expect(formats.isName("plain")).toBe(true);
    expect(formats.isName("xml")).toBe(false);
    expect(formats.isName("toString")).toBe(false);
  });

  it("gives the formatter of a name", () => {
    expect(formats.get("upper")("a")).toBe("A\n");
    expect(formats.formatters.plain("a")).toBe("a\n");
  });
});

describe("the report format registries", () => {
  it("keep the names and order of the formats each command lists", () => {
    expect(LINT_FORMATS.names).toEqual(["text", "json", "sarif", "github", "junit", "markdown"]);
    expect(REVIEW_FORMATS.names).toEqual(["markdown", "json"]);
    expect(DRIFT_REPORT_FORMATS.names).toEqual(["text", "json", "markdown"]);
    expect(PLAN_FORMATS.names).toEqual(["text", "json"]);
  });

  it("are what the older names point at", () => {
    expect(FORMAT_NAMES).toBe(LINT_FORMATS.names);
    expect(FORMATTERS).toBe(LINT_FORMATS.formatters);
    expect(REVIEW_FORMAT_NAMES).toBe(REVIEW_FORMATS.names);
    expect(DRIFT_FORMATS).toBe(DRIFT_REPORT_FORMATS.names);
    expect(DRIFT_FORMATTERS).toBe(DRIFT_REPORT_FORMATS.formatters);
    expect(PLAN_FORMATTERS).toBe(PLAN_FORMATS.formatters);
  });
});
