// What a ProviderKey records in state: its inputs and outputs, and the outputs of a live key, which
// read (and so refresh) records and drift compares with.
import type { ProviderKey } from "../client/types";
import { type Timestamps, clean, optionalString, stringOrUndefined } from "./values";

/** The inputs the provider receives (secrets arrive as plaintext inside the provider process). */
export interface ProviderKeyInputs {
  providerId: string;
  name: string;
  description?: string;
  metadata?: string;
  value: string;
  adopt?: string;
}

/** The outputs kept in state; `value` is a secret output. */
export interface ProviderKeyOutputs extends ProviderKeyInputs, Timestamps {
  keyRedacted: string;
}

/** The outputs state records for a live provider key (also what drift compares against). */
export function toOutputs(
  live: ProviderKey,
  value: string | undefined,
  adopt: unknown,
): ProviderKeyOutputs {
  return clean({
    providerId: live.providerId,
    name: live.name,
    description: optionalString(live.description),
    metadata: optionalString(live.metadata),
    value,
    adopt: stringOrUndefined(adopt),
    keyRedacted: live.keyRedacted,
    createdAt: live.createdAt,
    updatedAt: live.updatedAt,
  }) as ProviderKeyOutputs;
}
