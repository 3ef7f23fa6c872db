import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../cli/program";
import { VERSION } from "../../sdk/core/version";
import { capturedContext as context } from "../helpers/cli";

describe("aigw", () => {
  it("prints the package version for --version and exits 0", async () => {
    const ctx = context();
    await expect(runCli(["--version"], ctx)).resolves.toBe(0);
    expect(ctx.out().trim()).toBe(VERSION);
  });

  it("keeps VERSION equal to the sdk and cli package versions", () => {
    const root = join(__dirname, "..", "..");
    for (const pkg of ["sdk", "cli"]) {
      const json = JSON.parse(readFileSync(join(root, pkg, "package.json"), "utf8")) as {
        version: string;
      };
      expect(json.version).toBe(VERSION);
    }
  });

  it("lists its usage for --help and exits 0", async () => {
    const ctx = context();
    await expect(runCli(["--help"], ctx)).resolves.toBe(0);
    expect(ctx.out()).toContain("Usage: aigw");
  });

  it("exits 2 with the usage on an unknown command", async () => {
    const ctx = context();
    await expect(runCli(["no-such-command"], ctx)).resolves.toBe(2);
    expect(ctx.err()).toContain("Usage: aigw");
  });
});
