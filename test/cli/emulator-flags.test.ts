// The switches of `aigw emulator` as a user types them: every bad value is a usage error that names
// the flag, the value and what is accepted, before anything starts. What the good values do is in
// emulator-flags.int.test.ts, which starts emulators.
import { runCli } from "../../cli/program";
import { EXIT_CODES } from "../../cli/exit-codes";
import { capturedContext, words } from "../helpers/cli";

async function aigw(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = capturedContext({}, process.cwd());
  const code = await runCli(argv, ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

/** The first line of commander's message (the help follows it). */
function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

describe("aigw emulator switches", () => {
  it.each([
    // [arguments, the flag named, the value quoted, what is accepted]
    ["--upstream openai", "--upstream <provider=url>", "'openai'", "<provider>=<url>"],
    [
      "--upstream =http://127.0.0.1:4010",
      "--upstream <provider=url>",
      "'=http://127.0.0.1:4010'",
      "provider id",
    ],
    ["--upstream openai=", "--upstream <provider=url>", "'openai='", "http:// or https://"],
    [
      "--upstream openai=ftp://127.0.0.1/",
      "--upstream <provider=url>",
      "'openai=ftp://127.0.0.1/'",
      "http:// or https://",
    ],
    [
      "--upstream openai=localhost:4010",
      "--upstream <provider=url>",
      "'openai=localhost:4010'",
      "http:// or https://",
    ],
    [
      "--upstream open/ai=http://127.0.0.1:4010",
      "--upstream <provider=url>",
      "'open/ai=http://127.0.0.1:4010'",
      "letters, digits",
    ],
    [
      "--upstream openai=http://127.0.0.1:1 --upstream openai=http://127.0.0.1:2",
      "--upstream <provider=url>",
      "'openai=http://127.0.0.1:2'",
      "once",
    ],
    ["--managed-upstream openai", "--managed-upstream <provider=url>", "'openai'", "<provider>="],
    [
      "--managed-upstream a=http://h:1 --managed-upstream a=http://h:2",
      "--managed-upstream <provider=url>",
      "'a=http://h:2'",
      "once",
    ],
    ["--default-upstream proxy", "--default-upstream <mode>", "'proxy'", "stub, none"],
    [
      "--provider-base-url-policy open",
      "--provider-base-url-policy <policy>",
      "'open'",
      "ngrok, any",
    ],
    ["--validation-status 401", "--validation-status <status>", "'401'", "400, 422"],
    ["--failover-on all", "--failover-on <statuses>", "'all'", "documented, any-4xx"],
    [
      "--unconfigured-routing keys",
      "--unconfigured-routing <mode>",
      "'keys'",
      "provider-keys-then-managed, managed-only",
    ],
    ["--credit-balance -1", "--credit-balance <cents>", "'-1'", "whole number of cents from 0 up"],
    [
      "--credit-balance 1.5",
      "--credit-balance <cents>",
      "'1.5'",
      "whole number of cents from 0 up",
    ],
    ["--max-body-bytes 0", "--max-body-bytes <n>", "'0'", "whole number of bytes from 1"],
    ["--max-body-bytes abc", "--max-body-bytes <n>", "'abc'", "whole number of bytes from 1"],
    ["--max-body-bytes 1.5", "--max-body-bytes <n>", "'1.5'", "whole number of bytes from 1"],
    ["--max-body-bytes -5", "--max-body-bytes <n>", "'-5'", "whole number of bytes from 1"],
    [
      "--max-body-bytes 99999999999999999999",
      "--max-body-bytes <n>",
      "'99999999999999999999'",
      "whole number of bytes from 1",
    ],
  ])("rejects aigw emulator %s as a usage error", async (line, flag, value, accepted) => {
    const run = await aigw(["emulator", ...words(line)]);
    expect(run.code).toBe(EXIT_CODES.emulator.usage);
    const message = firstLine(run.err);
    expect(message).toContain(`option '${flag}'`);
    expect(message).toContain(`argument ${value} is invalid`);
    expect(message).toContain(accepted);
    expect(run.err).toContain("Usage: aigw emulator [options]");
    expect(run.err).not.toMatch(/\n\s+at /); // no stack
    expect(run.out).toBe(""); // nothing started
  });

  it.each([
    ["--upstream", "openai=http://alice:s3cret-pass@127.0.0.1:4010"],
    ["--managed-upstream", "openai=https://alice:s3cret-pass@managed.internal"],
    ["--upstream", "openai=http://alice@127.0.0.1:4010"],
  ])("refuses a URL with credentials in %s without echoing them", async (flag, value) => {
    const run = await aigw(["emulator", flag, value]);
    expect(run.code).toBe(EXIT_CODES.emulator.usage);
    expect(firstLine(run.err)).toContain(`option '${flag} <provider=url>'`);
    expect(firstLine(run.err)).toContain("[REDACTED]@");
    expect(firstLine(run.err)).toContain("user name or password");
    expect(run.err).not.toContain("alice");
    expect(run.err).not.toContain("s3cret-pass");
    expect(run.out).toBe("");
  });

  it("does not echo credentials of a URL it cannot parse either", async () => {
    const run = await aigw(["emulator", "--upstream", "openai=http://alice:s3cret-pass@"]);
    expect(run.code).toBe(EXIT_CODES.emulator.usage);
    expect(firstLine(run.err)).toContain("http://[REDACTED]@");
    expect(run.err).not.toContain("s3cret-pass");
  });

  it("has no --no-configuration-routing: commander would read it as negating --configuration-routing", async () => {
    const run = await aigw(["emulator", "--no-configuration-routing", "managed-only"]);
    expect(run.code).toBe(EXIT_CODES.emulator.usage);
    expect(firstLine(run.err)).toBe("error: unknown option '--no-configuration-routing'");
  });

  it("describes every switch and its accepted values in --help", async () => {
    const run = await aigw(["emulator", "--help"]);
    expect(run.code).toBe(EXIT_CODES.aigw.help);
    for (const text of [
      "--upstream <provider=url>",
      "--managed-upstream <provider=url>",
      "--default-upstream <mode>",
      '(choices: "stub", "none")',
      "--provider-base-url-policy <policy>",
      '(choices: "ngrok", "any")',
      "--validation-status <status>",
      '(choices: "400", "422")',
      "--failover-on <statuses>",
      '(choices: "documented", "any-4xx")',
      "--unconfigured-routing <mode>",
      '(choices: "provider-keys-then-managed", "managed-only")',
      "noConfigurationRouting",
      "--max-body-bytes <n>",
    ]) {
      expect(run.out.replace(/\s+/g, " ")).toContain(text);
    }
  });
});
