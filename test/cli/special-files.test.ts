// Paths that name something other than a regular file: reading a FIFO waits for a writer that
// never comes, so every input a command reads is refused instead, naming the path.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../cli/program";
import { capturedContext } from "../helpers/cli";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-special-"));
  execFileSync("mkfifo", [path.join(dir, "fifo.yaml")]);
  fs.writeFileSync(path.join(dir, "gateway.yaml"), "version: 1\n");
  fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function aigw(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = capturedContext({ AIGW_TODAY: "2026-06-01" }, dir);
  const code = await runCli(argv, ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

describe("a FIFO where a file is expected", () => {
  it.each([
    [
      ["lint", "fifo.yaml", "--policy", "policy.yaml"],
      "cannot read fifo.yaml (a FIFO, not a regular file); check the path",
    ],
    [
      ["lint", "gateway.yaml", "--policy", "fifo.yaml"],
      "cannot read policy file fifo.yaml (a FIFO, not a regular file); check the --policy path",
    ],
    [
      [
        "review",
        "--base",
        "gateway.yaml",
        "gateway.yaml",
        "--policy",
        "policy.yaml",
        "--preview",
        "fifo.yaml",
      ],
      "--preview fifo.yaml cannot be read (a FIFO, not a regular file)",
    ],
    [
      ["lint", "gateway.yaml", "--policy", "policy.yaml", "--catalog", "fifo.yaml"],
      "fifo.yaml (a FIFO, not a regular file)",
    ],
  ])("is refused, not waited on: aigw %j", async (argv, message) => {
    const run = await aigw(argv);
    expect(run.code).toBe(2);
    expect(run.out + run.err).toContain(message);
  });
});
