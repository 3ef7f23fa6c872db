import type { DriftFormatter } from "./types";

/** The report as JSON, exactly the shape `schema/drift-report.schema.json` describes. */
export const formatDriftJson: DriftFormatter = (report) => `${JSON.stringify(report, null, 2)}\n`;
