import type { Formatter } from "../../core/format";
import type { ReviewReport } from "../review";

/** Renders a review in one output format; every review format shares this type. */
export type ReviewFormatter = Formatter<ReviewReport>;
