// The JSON format of a review (`version: 1`), for programs.
import type { Finding } from "../types";
import type { ReviewFormatter } from "./types";

function findingJson(f: Finding): Record<string, unknown> {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    file: f.file,
    path: f.path,
    range: f.range,
    waived: f.waived,
  };
}

/** The review as JSON (`version: 1`), findings in the lint JSON shape. */
export const formatReviewJson: ReviewFormatter = (report) =>
  `${JSON.stringify(
    {
      version: 1,
      base: report.base,
      head: report.head,
      configurations: report.configurations,
      providerKeys: report.providerKeys,
      accessKeys: report.accessKeys,
      newFindings: report.newFindings.map(findingJson),
      fixedFindings: report.fixedFindings.map(findingJson),
      summary: report.summary,
      ...(report.plan !== undefined ? { plan: report.plan } : {}),
    },
    null,
    2,
  )}\n`;
