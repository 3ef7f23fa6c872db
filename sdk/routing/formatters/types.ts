import type { Formatter } from "../../core/format";
import type { RoutingPlan } from "../planner";

/** One formatter of a plan; all formats share this type (see `PLAN_FORMATS` in `formatters/index.ts`). */
export type PlanFormatter = Formatter<RoutingPlan>;
