// An option no command has is the mistake to report, before a required option it may have pushed
// aside: `aigw lint --nope x` was told that --policy is missing.
import { runCli } from "../../cli/program";
import { capturedContext } from "../helpers/cli";

async function aigw(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = capturedContext({}, process.cwd());
  const code = await runCli(argv, ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

describe("aigw with an unknown option", () => {
  it.each([
    [["lint", "--nope", "x"], "lint"],
    [["lint", "gateway.yaml", "--polcy", "policy.yaml"], "lint"],
    [["review", "--nope"], "review"],
    [["explain", "--nope", "x"], "explain"],
    [["catalog", "pull", "--nope"], "catalog pull"],
  ])("reports the unknown option, not a missing one: aigw %j", async (argv, command) => {
    const unknown = argv.find((a) => a.startsWith("--")) ?? "";
    const run = await aigw(argv);
    expect(run.err).toMatch(new RegExp(`^error: unknown option '${unknown}'`));
    expect(run.err).not.toContain("required option");
    expect(run.err).toContain(`Usage: aigw ${command} [options]`);
    expect(run.code).toBe(2);
    expect(run.out).toBe("");
  });

  it("suggests the option meant", async () => {
    const run = await aigw(["lint", "gateway.yaml", "--polcy", "policy.yaml"]);
    expect(run.err).toContain("(Did you mean --policy?)");
  });

  it("still reports a missing required option when every option is known", async () => {
    const run = await aigw(["lint", "gateway.yaml"]);
    expect(run.err).toMatch(/^error: required option '--policy <file>' not specified\n/);
    expect(run.err).toContain("Usage: aigw lint [options]");
    expect(run.code).toBe(2);
    const explain = await aigw(["explain", "--model", "gpt-4o"]);
    expect(explain.err).toMatch(/^error: required option '--access-key <name\|id>' not specified/);
    expect(explain.code).toBe(2);
  });

  it("still prints the help for --help without the required options", async () => {
    const run = await aigw(["lint", "--help"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Usage: aigw lint [options] <files...>");
  });
});
