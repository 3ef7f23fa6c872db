// The team of each object (its gateway file's owner:) reaches drift's report through the root
// stack program's `owners` output.
import { showObject } from "../../sdk/drift/formatters/common";
import { parseStackExport } from "../../sdk/drift/state";

const TYPE = "pulumi-nodejs:dynamic/ngrok-ai:AccessKeyConfiguration";

function exported(outputs: Record<string, unknown>): string {
  return JSON.stringify({
    version: 3,
    deployment: {
      resources: [
        {
          urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
          type: "pulumi:pulumi:Stack",
          outputs,
        },
        { urn: `urn:pulumi:dev::p::${TYPE}::search`, type: TYPE, id: "aigac_1", custom: true },
        { urn: `urn:pulumi:dev::p::${TYPE}::shared`, type: TYPE, id: "aigac_2", custom: true },
      ],
    },
  });
}

describe("drift and owners", () => {
  it("reads each object's team from the stack's owners output and shows it", () => {
    const [search, shared] = parseStackExport(exported({ owners: { search: "search" } }), "dev");
    expect(search?.owner).toBe("search");
    expect(shared?.owner).toBeUndefined();
    expect(
      showObject({
        class: "deleted",
        kind: "accessKeyConfiguration",
        id: "aigac_1",
        logicalName: "search",
        owner: "search",
        type: TYPE,
        message: "deleted outside Pulumi",
      }),
    ).toBe('access key configuration "search" (aigac_1, team search)');
  });

  it("reads no team from a stack without the output", () => {
    const managed = parseStackExport(exported({ file: "gateway.yaml" }), "dev");
    expect(managed.map((m) => m.owner)).toEqual([undefined, undefined]);
  });
});
