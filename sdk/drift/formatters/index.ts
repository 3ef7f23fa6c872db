// The registry of drift report formats; `aigw drift --format <name>` picks one.
import { defineFormats, printable } from "../../core/format";
import { formatDriftJson } from "./json";
import { formatDriftMarkdown } from "./markdown";
import { formatDriftText } from "./text";

export type { DriftFormatter } from "./types";
export { formatDriftJson, formatDriftMarkdown, formatDriftText };

/**
 * The formats of a drift report, the first being the default. (`DRIFT_FORMATS` is the list of
 * their names.)
 */
export const DRIFT_REPORT_FORMATS = defineFormats({
  // The account's names and values go to a terminal: their control characters are shown, not run.
  text: (report, options) => printable(formatDriftText(report, options)),
  json: formatDriftJson,
  markdown: formatDriftMarkdown,
});

/** The names `--format` accepts, the first being the default. */
export const DRIFT_FORMATS = DRIFT_REPORT_FORMATS.names;

/** One of {@link DRIFT_FORMATS}. */
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

/** Every drift formatter by name ({@link DRIFT_REPORT_FORMATS}). */
export const DRIFT_FORMATTERS = DRIFT_REPORT_FORMATS.formatters;
