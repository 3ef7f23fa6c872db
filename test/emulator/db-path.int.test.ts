// A --db path the emulator cannot use: a directory, a path through a regular file, a file system
// that takes no new directories (/proc, where Node's recursive mkdir never returns). Each is an
// error that names the path and what to give, never a hang or Node's errno text. The CLI runs
// from the sources (tsx) in a child process, which spawnSync ends by its PID at the timeout.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const MAIN = path.join(ROOT, "cli", "main.ts");

function emulatorWith(db: string): {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
} {
  const run = spawnSync(process.execPath, ["--import", "tsx", MAIN, "emulator", "--db", db], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 20_000,
    killSignal: "SIGKILL",
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "test", "tsconfig.json") },
  });
  return { status: run.status, signal: run.signal, stderr: run.stderr };
}

describe("aigw emulator --db that cannot be used", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-db-path-"));
    fs.writeFileSync(path.join(dir, "notes.txt"), "a file\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    {
      name: "a directory",
      db: () => dir,
      says: (d: string) =>
        `could not open the emulator database ${d}: is a directory; give a file path such as ${path.join(d, "emulator.db")}`,
    },
    {
      name: "a path through a regular file",
      db: () => path.join(dir, "notes.txt", "x.db"),
      says: (d: string) => `${path.join(d, "notes.txt")} is a file, not a directory (ENOTDIR)`,
    },
    {
      name: "a directory under /proc",
      db: () => "/proc/aigw-no-such/x.db",
      says: () =>
        "cannot create the directory /proc/aigw-no-such: its file system takes no new directories",
    },
  ])("refuses $name with the path and a fix", ({ db, says }) => {
    const run = emulatorWith(db());
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
    expect(run.stderr).toContain("could not open the emulator database");
    expect(run.stderr).toContain(says(dir));
    expect(run.stderr).not.toMatch(/EEXIST: file already exists|^\s+at /m);
  });
});
