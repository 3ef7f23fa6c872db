// The registry of review formats; `aigw review --format <name>` picks one.
import { defineFormats } from "../../core/format";
import { redactCredentials } from "../../core/redact";
import { formatReviewJson } from "./json";
import { formatReviewMarkdown } from "./markdown";

export type { ReviewFormatter } from "./types";
export { formatReviewJson, formatReviewMarkdown };

/**
 * The formats of `aigw review`; markdown is the default. A review quotes the files and the
 * preview, so credentials pasted into any value are removed from every format.
 */
export const REVIEW_FORMATS = defineFormats(
  { markdown: formatReviewMarkdown, json: formatReviewJson },
  { redact: redactCredentials },
);

/** The names of {@link REVIEW_FORMATS}, in order. */
export const REVIEW_FORMAT_NAMES = REVIEW_FORMATS.names;

/** A review format name. */
export type ReviewFormatName = (typeof REVIEW_FORMAT_NAMES)[number];
