// The JSON format of a plan, for programs: the stable shape `PlanJson`.
import { planToJson } from "../explain";
import type { PlanFormatter } from "./types";

/** The plan as pretty-printed JSON text (`PlanJson`, see `planToJson`). */
export const formatPlanJson: PlanFormatter = (plan) =>
  `${JSON.stringify(planToJson(plan), null, 2)}\n`;
