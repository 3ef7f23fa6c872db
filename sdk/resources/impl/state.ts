// The state side of every resource kind: values the engine can marshal, JSON equality, and the
// outputs and read results kept in state.
import type * as pulumi from "@pulumi/pulumi";

export {
  clean,
  type Defined,
  jsonEqual,
  optionalString,
  stringOrUndefined,
  type Timestamps,
  TIMESTAMPS,
} from "../../state/values";

/**
 * The result of `read` for the live object's outputs (undefined: it is gone). The inputs are the
 * outputs without `outputOnly`, so that refresh sees edits made outside Pulumi.
 */
export function readResult<T extends object>(
  id: string,
  outs: T | undefined,
  outputOnly: readonly (keyof T)[],
): pulumi.dynamic.ReadResult {
  if (outs === undefined) return {};
  const inputs: Partial<T> = { ...outs };
  for (const key of outputOnly) delete inputs[key];
  return { id, props: outs, inputs };
}
