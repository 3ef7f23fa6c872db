// A secret set without --secret sits in plaintext in Pulumi.<stack>.yaml. Under the real engine, the
// language host tells the program which keys are secrets, and a preview warns about each secret
// the program reads from plaintext config, by key, never printing the value.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initStack, installPackages, pulumiOk } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";

const VALUE = "sk-proj-PLAINTEXTstackCONFIG0000000012345";

const GATEWAY = `version: 1
providerKeys:
  primary:
    providerId: openai
    value: { secret: primaryKey }
`;

describe("secrets read from plaintext stack config", () => {
  const h = useEngineHarness();

  it("are named in a preview's warnings, and no longer once set with --secret", async () => {
    const dir = join(h.sandbox.root, "plaintext-config");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      "name: aigw-plaintext\nruntime: nodejs\nmain: node_modules/pulumi-ngrok-ai/dist/stack.js\n",
    );
    writeFileSync(join(dir, "gateway.yaml"), GATEWAY);
    installPackages(dir);
    await initStack(h.sandbox, dir, "plain", h.emulator);
    await pulumiOk(h.sandbox, dir, ["config", "set", "primaryKey", VALUE]);
    await pulumiOk(h.sandbox, dir, ["config", "set", "ngrok-ai:apiKey", h.emulator.apiKey]);
    expect(readFileSync(join(dir, "Pulumi.plain.yaml"), "utf8")).toContain(VALUE);

    const plain = await pulumiOk(h.sandbox, dir, ["preview"]);
    const said = plain.stdout + plain.stderr;
    expect(said).toContain(
      "Stack config aigw-plaintext:primaryKey is stored in plaintext in the stack's settings file",
    );
    expect(said).toContain("pulumi config set --secret primaryKey <value>");
    expect(said).toContain("Stack config ngrok-ai:apiKey is stored in plaintext");
    expect(said).not.toContain(VALUE);
    expect(said).not.toContain(h.emulator.apiKey);

    await pulumiOk(h.sandbox, dir, ["config", "set", "--secret", "primaryKey", VALUE]);
    await pulumiOk(h.sandbox, dir, [
      "config",
      "set",
      "--secret",
      "ngrok-ai:apiKey",
      h.emulator.apiKey,
    ]);
    const secret = await pulumiOk(h.sandbox, dir, ["preview"]);
    expect(secret.stdout + secret.stderr).not.toContain("is stored in plaintext");
  });
});
