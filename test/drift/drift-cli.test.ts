import { aigw } from "./aigw-cli";

describe("aigw drift usage", () => {
  it("prints its options for --help and exits 0", async () => {
    const run = await aigw(["drift", "--help"], {}, process.cwd());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: aigw drift [options]");
    for (const flag of [
      "--stack <name>",
      "--cwd <dir>",
      "--format <format>",
      "--include-unmanaged",
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  it.each([
    [["drift"], "--stack NAME"],
    [["drift", "--stack", "dev", "--format", "xml"], "argument 'xml' is invalid"],
    [["drift", "--stack", "dev", "--bogus"], "unknown option '--bogus'"],
  ])("exits 1, not 2 (drift), for the usage error in %j", async (argv, message) => {
    const run = await aigw(argv, {}, process.cwd());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });
});
