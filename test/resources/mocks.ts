// The Pulumi SDK's mocks for tests that declare our resources in process: every registration
// succeeds with the resource's inputs as its state, in project "project" and stack "stack".
import * as pulumi from "@pulumi/pulumi";

/** Installs the mocks; call it in `beforeAll`. */
export function useProgramMocks(): Promise<void> {
  return pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        id: `${args.name}-id`,
        state: args.inputs as Record<string, unknown>,
      }),
      call: (args) => args.inputs as Record<string, unknown>,
    },
    "project",
    "stack",
    false,
  );
}
