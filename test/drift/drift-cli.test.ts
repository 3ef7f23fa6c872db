import { usageTests } from "./aigw-cli";

describe("aigw drift usage", () => {
  usageTests(
    "drift",
    ["--stack <name>", "--cwd <dir>", "--format <format>", "--include-unmanaged"],
    "exits 1, not 2 (drift), for the usage error in %j",
    1,
    [
      [["drift"], "--stack NAME"],
      [["drift", "--stack", "dev", "--format", "xml"], "argument 'xml' is invalid"],
      [["drift", "--stack", "dev", "--bogus"], "unknown option '--bogus'"],
    ],
  );
});
