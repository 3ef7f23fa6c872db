// The registry of plan formats; `aigw explain --format <name>` picks one.
import { defineFormats } from "../../core/format";
import { formatPlanJson } from "./json";
import { formatPlanText } from "./text";

export type { PlanFormatter } from "./types";
export { formatPlanJson, formatPlanText };

/** The formats of a routing plan, for `aigw explain --format`; text is the default. */
export const PLAN_FORMATS = defineFormats({ text: formatPlanText, json: formatPlanJson });

/** Every plan formatter by name ({@link PLAN_FORMATS}). */
export const PLAN_FORMATTERS = PLAN_FORMATS.formatters;
