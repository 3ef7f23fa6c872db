// The registry of review formats; `aigw review --format <name>` picks one.
import { defineFormats } from "../../core/format";
import { formatReviewJson } from "./json";
import { formatReviewMarkdown } from "./markdown";

export type { ReviewFormatter } from "./types";
export { formatReviewJson, formatReviewMarkdown };

/** The formats of `aigw review`; markdown is the default. */
export const REVIEW_FORMATS = defineFormats({
  markdown: formatReviewMarkdown,
  json: formatReviewJson,
});

/** The names of {@link REVIEW_FORMATS}, in order. */
export const REVIEW_FORMAT_NAMES = REVIEW_FORMATS.names;

/** A review format name. */
export type ReviewFormatName = (typeof REVIEW_FORMAT_NAMES)[number];
