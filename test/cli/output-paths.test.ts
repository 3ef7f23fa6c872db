// Paths a command cannot write its report to: a directory, a path through a regular file, a full
// device, a directory the user may not write to, a read-only file system. Each is a usage error
// whose message names the option and the path and says what to give instead, never Node's errno
// text. (Paths that would block a process, a FIFO and /proc, are in output-paths.int.test.ts,
// which runs the CLI in a child process it can time out.)
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../cli/program";
import { capturedContext } from "../helpers/cli";

// The module object itself (not an import's copy of it), so that a spy replaces what the CLI calls.
const nodeFs = require("node:fs") as typeof fs;

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-output-"));
  fs.writeFileSync(path.join(dir, "gateway.yaml"), "version: 1\n");
  fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\n");
  fs.writeFileSync(path.join(dir, "notes.txt"), "not a directory\n");
  fs.mkdirSync(path.join(dir, "out"));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function lint(...more: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = capturedContext({ AIGW_TODAY: "2026-06-01" }, dir);
  const code = await runCli(["lint", "gateway.yaml", "--policy", "policy.yaml", ...more], ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

/** An error as `fs` throws it, with its errno `code`. */
function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

describe("aigw lint --output", () => {
  it("writes the report, creating the directories it lacks", async () => {
    const run = await lint("--format", "json", "--output", "reports/ci/lint.json");
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "reports/ci/lint.json"), "utf8"))).toEqual(
      expect.objectContaining({ version: 1, diagnostics: [] }),
    );
  });

  it.each([
    {
      what: "a directory",
      argv: ["--format", "sarif", "--output", "out/"],
      message:
        "aigw lint: --output out/: is a directory; give a file path such as out/report.sarif\n",
    },
    {
      what: "a directory, suggesting the file name of its format",
      argv: ["--format", "junit", "--output", "out"],
      message: "aigw lint: --output out: is a directory; give a file path such as out/report.xml\n",
    },
    {
      what: "an empty path",
      argv: ["--format", "markdown", "--output", ""],
      message: 'aigw lint: --output "": is empty; give a file path such as report.md\n',
    },
    {
      what: "a path under a regular file",
      argv: ["--format", "json", "--output", "notes.txt/lint.json"],
      message:
        "aigw lint: --output notes.txt/lint.json: notes.txt is a file, not a directory (ENOTDIR); move it, or give a path that does not go through it\n",
    },
    {
      what: "a path two levels under a regular file",
      argv: ["--format", "json", "--output", "notes.txt/ci/lint.json"],
      message:
        "aigw lint: --output notes.txt/ci/lint.json: notes.txt is a file, not a directory (ENOTDIR); move it, or give a path that does not go through it\n",
    },
  ])("exits 2 for $what, naming the option and the path", async ({ argv, message }) => {
    const run = await lint(...argv);
    expect(run.err).toBe(message);
    expect(run.code).toBe(2);
    expect(run.out).toBe("");
  });

  (fs.existsSync("/dev/full") ? it : it.skip)(
    "exits 2 when the device is full, saying so",
    async () => {
      const run = await lint("--format", "json", "--output", "/dev/full");
      expect(run.err).toBe(
        "aigw lint: --output /dev/full: no space left on the device (ENOSPC); free some space, or give a path on another file system\n",
      );
      expect(run.code).toBe(2);
    },
  );

  // Root may write where the permissions say no, so the refusals are the file system's, faked.
  it.each([
    {
      code: "EACCES",
      text: "permission denied, open",
      says: "permission denied (EACCES); give a path you may write to, or change the permissions of its directory",
    },
    {
      code: "EPERM",
      text: "operation not permitted, open",
      says: "permission denied (EPERM); give a path you may write to, or change the permissions of its directory",
    },
    {
      code: "EROFS",
      text: "read-only file system, open",
      says: "the file system is read-only (EROFS); give a path on a writable one",
    },
    {
      code: "EIO",
      text: "i/o error, write",
      says: "cannot be written (EIO: i/o error); give another path",
    },
  ])("exits 2 when writing fails with $code, saying what to do", async ({ code, text, says }) => {
    jest.spyOn(nodeFs, "writeFileSync").mockImplementation(() => {
      throw errno(code, `${text} '${path.join(dir, "lint.json")}'`);
    });
    const run = await lint("--format", "json", "--output", "lint.json");
    expect(run.err).toBe(`aigw lint: --output lint.json: ${says}\n`);
    expect(run.code).toBe(2);
  });

  it("exits 2 when a directory cannot be created for lack of permission", async () => {
    jest.spyOn(nodeFs, "mkdirSync").mockImplementation(() => {
      throw errno("EACCES", `permission denied, mkdir '${path.join(dir, "reports")}'`);
    });
    const run = await lint("--format", "json", "--output", "reports/lint.json");
    expect(run.err).toBe(
      "aigw lint: --output reports/lint.json: cannot create the directory reports: permission denied (EACCES); give a path you may write to, or change the permissions of its directory\n",
    );
    expect(run.code).toBe(2);
  });
});
