// What `pulumi destroy` prints when the API refuses a delete (a configuration this stack does not
// manage still routes to the key): the resource's error once in the diagnostics, with its advice,
// and under the stack resource one line, not the message twice more with JavaScript frames.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initStack, installPackages, pulumi, pulumiOk } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";

const KEY_VALUE = "sk-provider-errors-0123456789abcdef";

/**
 * The "Diagnostics:" section of the engine's output, by resource: each `  <type> (<name>):`
 * header with the lines under it, trimmed, blank lines left out.
 */
function diagnosticBlocks(output: string): Map<string, string[]> {
  const section = output
    .slice(output.indexOf("Diagnostics:"))
    .split(/\n(?:Outputs|Resources):/)[0]!;
  const blocks = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of section.split("\n").slice(1)) {
    const header = /^ {2}(\S.*):$/.exec(line);
    if (header !== null) {
      current = [];
      blocks.set(header[1]!, current);
    } else if (current !== undefined && line.trim() !== "") {
      current.push(line.trim());
    }
  }
  return blocks;
}

describe("a provider error through the real engine", () => {
  const h = useEngineHarness();

  it("reports a refused delete on the resource, once, without a stack trace", async () => {
    const dir = join(h.sandbox.root, "provider-errors");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      "name: aigw-provider-errors\nruntime: nodejs\nmain: node_modules/pulumi-ngrok-ai/dist/stack.js\n",
    );
    writeFileSync(
      join(dir, "gateway.yaml"),
      "version: 1\nproviderKeys:\n  primary:\n    providerId: openai\n    value: { secret: primaryKey }\n",
    );
    installPackages(dir);
    await initStack(h.sandbox, dir, "errors", h.emulator, { primaryKey: KEY_VALUE });
    await pulumiOk(h.sandbox, dir, ["up", "--yes", "--skip-preview"]);

    const [key] = await h.client.providerKeys.listAll();
    const outside = await h.client.accessKeyConfigurations.create({
      name: "outside",
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key!.id }] }] }],
      },
    });
    const destroy = await pulumi(h.sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
    expect(destroy.code).not.toBe(0);
    const output = destroy.stdout + destroy.stderr;
    const blocks = diagnosticBlocks(output);
    const message = `Could not delete provider key "primary" (${key!.id})`;
    // Once, under the resource, with the API's reason and what to do.
    const resource = blocks.get("pulumi-nodejs:dynamic/ngrok-ai:ProviderKey (primary)") ?? [];
    expect(resource).toHaveLength(1);
    expect(resource[0]).toMatch(
      new RegExp(
        `^error: ${message.replace(/[()]/g, "\\$&")}.*${outside.id}.*unlink or delete what the API names first`,
      ),
    );
    expect(output.slice(output.indexOf("Diagnostics:")).split(message)).toHaveLength(2);
    // Under the stack resource, one line in place of the message and its frames (the engine
    // prints it before or after its own "update failed", and that block before or after the
    // resource's).
    expect(blocks.get("pulumi:pulumi:Stack (aigw-provider-errors-errors)")?.sort()).toEqual([
      "AIGW_CONFLICT: see the error reported for the resource",
      "error: update failed",
    ]);
    expect(output).not.toMatch(/\n\s+at \S+ \(/);
    expect(output).not.toContain(KEY_VALUE);

    // Unlinked, the same destroy goes through.
    await h.client.accessKeyConfigurations.delete(outside.id);
    await pulumiOk(h.sandbox, dir, ["destroy", "--yes", "--skip-preview"]);
    expect(await h.client.providerKeys.listAll()).toEqual([]);
  });
});
