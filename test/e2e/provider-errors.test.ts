// What `pulumi destroy` prints when the API refuses a delete (a configuration this stack does not
// manage still routes to the key): the resource's error once in the diagnostics, with its advice,
// and under the stack resource one line, not the message twice more with JavaScript frames.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initStack, installPackages, pulumi, pulumiOk } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";

const KEY_VALUE = "sk-provider-errors-0123456789abcdef";

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
    const diagnostics = output.slice(output.indexOf("Diagnostics:"));
    const message = `Could not delete provider key "primary" (${key!.id})`;
    // Once, under the resource, with the API's reason and what to do.
    expect(diagnostics.split(message)).toHaveLength(2);
    expect(diagnostics).toMatch(
      new RegExp(
        `ProviderKey \\(primary\\):\\n\\s+error: ${message.replace(/[()]/g, "\\$&")}.*${outside.id}.*unlink or delete what the API names first`,
      ),
    );
    // Under the stack resource, one line in place of the message and its frames (the engine
    // prints it before or after its own "update failed").
    const stackSection = diagnostics
      .slice(diagnostics.indexOf("pulumi:pulumi:Stack (aigw-provider-errors-errors):"))
      .split("\nResources:")[0]!;
    const stackLines = stackSection
      .split("\n")
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean);
    expect(stackLines.sort()).toEqual([
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
