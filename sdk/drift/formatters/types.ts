import type { Formatter } from "../../core/format";
import type { DriftReport } from "../report";

/** Renders a drift report in one output format; every format shares this type. */
export type DriftFormatter = Formatter<DriftReport>;
