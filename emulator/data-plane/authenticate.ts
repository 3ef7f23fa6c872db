import type { IncomingMessage } from "node:http";
import type { AccessKeyRecord } from "../store/store";
import { GATEWAY_ERROR_CODES, GatewayError } from "./gateway-error";
import type { AccountCache } from "./plan-input";

/** The access key token a request presents: `Authorization: Bearer <token>`, else `x-api-key`. */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1] !== undefined) return m[1];
  }
  const apiKey = req.headers["x-api-key"];
  return typeof apiKey === "string" && apiKey.trim() !== "" ? apiKey.trim() : undefined;
}

/**
 * The authenticate stage: the access key whose token the request presents (spec 4.1).
 * @throws GatewayError 401 for a missing, unknown or deleted access key; the request body is
 * drained first.
 */
export function authenticate(account: AccountCache, req: IncomingMessage): AccessKeyRecord {
  const presented = presentedToken(req);
  const accessKey = presented === undefined ? undefined : account.findAccessKey(presented);
  if (accessKey !== undefined) return accessKey;
  req.resume();
  throw new GatewayError(
    401,
    GATEWAY_ERROR_CODES.authenticationFailed,
    presented === undefined
      ? "Missing access key: send Authorization: Bearer <access key> or x-api-key"
      : "The access key is not valid (unknown or deleted)",
  );
}
