// What an AccessKey records in state: its inputs and outputs, and the outputs of a live key, which
// read (and so refresh) records and drift compares with.
import type { AccessKey } from "../client/types";
import { type Timestamps, clean, optionalString, stringOrUndefined } from "./values";

/** The inputs. `accessKeyConfigurationId` absent means allow-all. */
export interface AccessKeyInputs {
  name: string;
  description?: string;
  metadata?: string;
  accessKeyConfigurationId?: string;
  rotationTrigger?: string;
  adopt?: string;
}

/** The outputs kept in state; `token` is a secret output, known only from creation. */
export interface AccessKeyOutputs extends AccessKeyInputs, Timestamps {
  token?: string;
  keyRedacted: string;
  accessKeyConfigurationName?: string;
}

/** The outputs state records for a live access key (also what drift compares against). */
export function toOutputs(
  live: AccessKey,
  extra: { token?: string | undefined; rotationTrigger?: unknown; adopt?: unknown },
): AccessKeyOutputs {
  return clean({
    name: live.name ?? "",
    description: optionalString(live.description),
    metadata: optionalString(live.metadata),
    accessKeyConfigurationId: live.accessKeyConfiguration?.id ?? undefined,
    accessKeyConfigurationName: live.accessKeyConfiguration?.name ?? undefined,
    rotationTrigger: stringOrUndefined(extra.rotationTrigger),
    adopt: stringOrUndefined(extra.adopt),
    token: extra.token,
    keyRedacted: live.keyRedacted,
    createdAt: live.createdAt,
    updatedAt: live.updatedAt,
  });
}
