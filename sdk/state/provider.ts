// What a Provider (a custom provider) records in state: its inputs and outputs, and the outputs of a
// live provider, which read (and so refresh) records and drift compares with.
import type { Provider, SupportedApiSurface } from "../client/types";
import { type Timestamps, clean, optionalString, stringOrUndefined } from "./values";

/** The inputs, mirroring the API: `models` as `{ modelId }` entries. */
export interface ProviderInputs {
  providerId: string;
  name: string;
  baseUrl: string;
  metadata?: string;
  supportedApiSurfaces?: SupportedApiSurface[];
  models?: { modelId: string }[];
  adopt?: string;
}

/** The outputs kept in state. */
export interface ProviderOutputs extends ProviderInputs, Timestamps {}

/** The outputs state records for a live custom provider (also what drift compares against). */
export function toOutputs(live: Provider, adopt: unknown): ProviderOutputs {
  return clean({
    providerId: live.providerId,
    name: live.name,
    baseUrl: live.baseUrl,
    metadata: optionalString(live.metadata),
    supportedApiSurfaces:
      live.supportedApiSurfaces !== undefined && live.supportedApiSurfaces.length > 0
        ? live.supportedApiSurfaces
        : undefined,
    models:
      live.models !== undefined && live.models.length > 0
        ? live.models.map((m) => ({ modelId: m.modelId }))
        : undefined,
    adopt: stringOrUndefined(adopt),
    createdAt: live.createdAt,
    updatedAt: live.updatedAt,
  });
}

/** An empty list counts as none: the API omits and returns `[]` interchangeably. */
export function listOrNone<T>(list: T[] | undefined): T[] | undefined {
  return list !== undefined && list.length > 0 ? list : undefined;
}
