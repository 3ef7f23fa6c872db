// The registry of drift report formats; `aigw drift --format <name>` picks one.
import { formatDriftJson } from "./json";
import { formatDriftMarkdown } from "./markdown";
import { formatDriftText } from "./text";
import type { DriftFormatter } from "./types";

export type { DriftFormatter } from "./types";
export { formatDriftJson, formatDriftMarkdown, formatDriftText };

/** The names `--format` accepts, the first being the default. */
export const DRIFT_FORMATS = ["text", "json", "markdown"] as const;

/** One of {@link DRIFT_FORMATS}. */
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

/** Every format by name. */
export const DRIFT_FORMATTERS: Readonly<Record<DriftFormat, DriftFormatter>> = {
  text: formatDriftText,
  json: formatDriftJson,
  markdown: formatDriftMarkdown,
};
