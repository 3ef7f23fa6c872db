import type { AcceptedPlan } from "pulumi-ngrok-ai/routing";
import type { AccessKeyRecord } from "../store/store";
import { GatewayError } from "./gateway-error";
import type { AccountCache, AccountView } from "./plan-input";
import type { CompletionBody } from "./request-body";
import { setRejectedModels } from "./respond";

/** A request the planner accepted, and the account view it was planned on. */
export interface PlannedRequest {
  readonly view: AccountView;
  readonly plan: AcceptedPlan;
}

/**
 * The plan stage: the routing plan of one completion request (`AccountCache.plan`: scope, model
 * resolution and the ordered attempts, all the planner's). Fallbacks the plan leaves out are
 * named in the response headers, whatever the outcome.
 * @throws GatewayError with the planner's status, code and message when it rejects the request.
 */
export function planCompletion(
  account: AccountCache,
  accessKey: AccessKeyRecord,
  body: CompletionBody,
  headers: Record<string, string>,
): PlannedRequest {
  const planned = account.plan(accessKey, body.model, body.models ?? undefined);
  const plan = planned.plan;
  setRejectedModels(headers, plan);
  if (plan.outcome === "rejected") {
    const r = plan.rejection;
    throw new GatewayError(r.status, r.code, r.message);
  }
  // The same object: its plan is now known to be accepted.
  return planned as PlannedRequest;
}
