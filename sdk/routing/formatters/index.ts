// The registry of plan formats; `aigw explain --format <name>` picks one.
import { defineFormats, printable } from "../../core/format";
import { redactCredentials } from "../../core/redact";
import { formatPlanJson } from "./json";
import { formatPlanText } from "./text";

export type { PlanFormatter } from "./types";
export { formatPlanJson, formatPlanText };

/**
 * The formats of a routing plan, for `aigw explain --format`; text is the default. A plan names
 * the access key and models it was asked about, so a credential given as one is removed.
 */
export const PLAN_FORMATS = defineFormats(
  // The text goes to a terminal: a model name's control characters are shown, not run.
  { text: (plan, options) => printable(formatPlanText(plan, options)), json: formatPlanJson },
  { redact: redactCredentials },
);

/** Every plan formatter by name ({@link PLAN_FORMATS}). */
export const PLAN_FORMATTERS = PLAN_FORMATS.formatters;
