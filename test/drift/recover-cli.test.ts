import { EXIT_CODES } from "../../cli/exit-codes";
import { parseMatch } from "../../cli/commands/recover";
import { usageTests } from "./aigw-cli";

describe("aigw recover usage", () => {
  usageTests(
    "recover",
    ["--stack <name>", "--cwd <dir>", "--yes", "--match <urn=id>", "--api-key <key>"],
    "exits 2 for the usage error in %j, saying how to fix it",
    EXIT_CODES.recover.usage,
    [
      [["recover"], "name the stack to recover with --stack NAME"],
      [["recover", "--stack", "dev", "--match", "conf-7"], "write it as <urn>=<id>"],
      [
        ["recover", "--stack", "dev", "--match", "urn:pulumi:dev::p::t::n="],
        "write it as <urn>=<id>",
      ],
      [["recover", "--stack", "dev", "--bogus"], "unknown option '--bogus'"],
    ],
  );

  it("keeps one decision per URN, the id after the URN's last `=`, and `none` as no object", () => {
    const urn = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/ngrok-ai:AccessKey::web";
    let decisions = parseMatch(`${urn}=aigk_1`, undefined);
    decisions = parseMatch(`${urn}=aigk_2`, decisions);
    decisions = parseMatch(`${urn.replace("web", "batch")}=none`, decisions);
    expect([...decisions]).toEqual([
      [urn, "aigk_2"],
      [urn.replace("web", "batch"), null],
    ]);
  });

  it("has a row of its own in the exit code table: 3 means a person must decide", () => {
    expect(EXIT_CODES.recover).toEqual({ done: 0, error: 1, usage: 2, blocked: 3 });
  });
});
