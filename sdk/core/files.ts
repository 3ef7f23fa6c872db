// The files a user names. Reading: a regular file only, never a FIFO or a device that would wait
// for a writer forever. Writing: the missing directories created one at a time, a path that would
// wait (a FIFO nothing reads) or never return (Node's recursive mkdir under /proc) refused, and
// every failure said as what to do, not as Node's errno text; a file is replaced whole or not at
// all, never left half-written.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as nodePath from "node:path";

/** What a path names when it is neither a regular file nor a directory, for messages. */
function kindOf(stat: fs.Stats): string | undefined {
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return undefined;
}

/**
 * The text of the file at `path` (UTF-8). Throws as `fs.readFileSync` does (`code` ENOENT,
 * EISDIR, EACCES…), and, for a FIFO, a socket or a device, an error whose `code` says what the
 * path names ("a FIFO, not a regular file"): reading one would block until a writer came.
 */
export function readTextFile(path: string): string {
  const kind = kindOf(fs.statSync(path));
  if (kind !== undefined) {
    const error = new Error(`${path} is ${kind}, not a regular file`) as NodeJS.ErrnoException;
    error.code = `${kind}, not a regular file`;
    throw error;
  }
  return fs.readFileSync(path, "utf8");
}

/** How {@link writeTextFile}'s messages name the file it writes. */
export interface WriteTarget {
  /** What messages start with, such as `--output out/` (default: {@link WriteTarget.shown}). */
  readonly label?: string;
  /**
   * The path as the user wrote it (default: the path written), to name its directories and to
   * suggest a file inside it when it is a directory.
   */
  readonly shown?: string;
  /** The file name suggested inside a directory given instead of a file (default `report.txt`). */
  readonly fileName?: string;
}

/**
 * A file {@link writeTextFile} cannot write. `code` is the errno behind it (EISDIR, ENOTDIR,
 * ENXIO, EACCES, EROFS, ENOSPC…); the message names the file as its {@link WriteTarget} says and
 * what to do.
 */
export class FileWriteError extends Error {
  override name = "FileWriteError";
  readonly code: string;
  /** The path that was to be written. */
  readonly path: string;

  constructor(path: string, code: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}

/** What an errno means for a file to write, and what to do about it. */
const WRITE_FAILURES: Readonly<Record<string, { problem: string; fix: string }>> = {
  EACCES: {
    problem: "permission denied",
    fix: "give a path you may write to, or change the permissions of its directory",
  },
  EPERM: {
    problem: "permission denied",
    fix: "give a path you may write to, or change the permissions of its directory",
  },
  EROFS: { problem: "the file system is read-only", fix: "give a path on a writable one" },
  ENOSPC: {
    problem: "no space left on the device",
    fix: "free some space, or give a path on another file system",
  },
  EDQUOT: {
    problem: "the disk quota is used up",
    fix: "free some space, or give a path on another file system",
  },
  ENAMETOOLONG: { problem: "the path is too long", fix: "give a shorter path" },
  ELOOP: { problem: "its symbolic links loop", fix: "fix the link, or give another path" },
};

/** The errno of `error`, when it is a file system error. */
function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The stat of `path`, or undefined when nothing is there (ENOENT, or a parent is a file). */
function statIfAny(path: string): fs.Stats | undefined {
  try {
    return fs.statSync(path);
  } catch (error: unknown) {
    const code = errnoOf(error);
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** Names the file to write and its directories in messages. */
class Naming {
  readonly label: string;
  readonly shown: string;
  readonly fileName: string;

  constructor(
    readonly path: string,
    target: WriteTarget,
  ) {
    this.shown = target.shown ?? path;
    this.label = target.label ?? this.shown;
    this.fileName = target.fileName ?? "report.txt";
  }

  /** The directory `dir` (an ancestor of the path) as the user would write it. */
  directory(dir: string): string {
    let shown = this.shown;
    for (let at = this.path; at !== dir; at = nodePath.dirname(at)) {
      const up = nodePath.dirname(shown);
      if (up === shown || at === nodePath.dirname(at)) return dir;
      shown = up;
    }
    return shown;
  }

  fail(code: string, problem: string): FileWriteError {
    return new FileWriteError(this.path, code, `${this.label}: ${problem}`);
  }

  /** A failure of Node's to write the file, or (with `dir`) to create that directory. */
  failure(error: unknown, dir?: string): Error {
    const code = errnoOf(error);
    if (code === undefined) return error instanceof Error ? error : new Error(String(error));
    const known = WRITE_FAILURES[code];
    const what = dir === undefined ? "" : `cannot create the directory ${this.directory(dir)}`;
    if (known !== undefined) {
      const problem = what === "" ? known.problem : `${what}: ${known.problem}`;
      return this.fail(code, `${problem} (${code}); ${known.fix}`);
    }
    // Node's message is "EIO: i/o error, open '/path'": the words between the code and the call.
    const text = /^[A-Z0-9_]+: ([^,]*)/.exec((error as Error).message)?.[1] ?? "failed";
    return this.fail(
      code,
      `${what === "" ? "cannot be written" : what} (${code}: ${text}); give another path`,
    );
  }

  notADirectory(dir: string): FileWriteError {
    return this.fail(
      "ENOTDIR",
      `${this.directory(dir)} is a file, not a directory (ENOTDIR); move it, or give a path that does not go through it`,
    );
  }
}

/**
 * The directories of `dir` that do not exist, outermost first; throws when the nearest that
 * exists is not a directory.
 */
function missingDirectories(dir: string, naming: Naming): string[] {
  const missing: string[] = [];
  for (let at = dir; ; at = nodePath.dirname(at)) {
    const stat = statIfAny(at);
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw naming.notADirectory(at);
      return missing;
    }
    missing.unshift(at);
    if (nodePath.dirname(at) === at) return missing;
  }
}

/** Refuses what no file can be written at: a directory, a socket. */
function refuseNonFile(stat: fs.Stats | undefined, naming: Naming): void {
  if (stat?.isDirectory() === true) {
    const example = nodePath.join(naming.shown, naming.fileName);
    throw naming.fail("EISDIR", `is a directory; give a file path such as ${example}`);
  }
  if (stat?.isSocket() === true) {
    throw naming.fail(
      "ENXIO",
      "is a socket, which cannot be opened as a file; give a regular file path",
    );
  }
}

/**
 * Creates the missing directories of `dir`, each with its own mkdir: the nearest that exists is
 * found first, and must be a directory. A recursive mkdir would not do: under /proc, where mkdir
 * answers ENOENT for a parent that exists, Node's recursive mkdir retries forever.
 */
function createDirectories(dir: string, naming: Naming): void {
  for (const at of missingDirectories(dir, naming)) {
    try {
      fs.mkdirSync(at);
    } catch (error: unknown) {
      const code = errnoOf(error);
      if (code === "EEXIST" && statIfAny(at)?.isDirectory() === true) continue; // made meanwhile
      if (code === "EEXIST" || code === "ENOTDIR") throw naming.notADirectory(at);
      if (code === "ENOENT") {
        // The parent is a directory (it exists, or was just made): its file system refuses.
        throw naming.fail(
          code,
          `cannot create the directory ${naming.directory(at)}: its file system takes no new directories, as /proc and /sys do not (ENOENT); give a path on a writable file system`,
        );
      }
      throw naming.failure(error, at);
    }
  }
}

/**
 * What is at `path` before a file is written there: nothing (its missing directories are then
 * created), or what `stat` says; a directory is refused.
 */
function prepared(path: string, naming: Naming): fs.Stats | undefined {
  const stat = statIfAny(path);
  if (stat === undefined) createDirectories(nodePath.dirname(path), naming);
  refuseNonFile(stat, naming);
  return stat;
}

/**
 * Checks, without creating or changing anything, that {@link writeTextFile} could write `path`
 * as far as the file system's shape tells: a path given, not a directory or a socket, and its
 * nearest existing directory a directory. A command that reads for a long time before it writes
 * calls it first. Throws {@link FileWriteError} with the message the write would give.
 */
export function checkFilePath(path: string, target: WriteTarget = {}): void {
  const naming = new Naming(path, target);
  if (naming.shown === "") {
    throw naming.fail("ENOENT", `is empty; give a file path such as ${naming.fileName}`);
  }
  try {
    const stat = statIfAny(path);
    if (stat === undefined) missingDirectories(nodePath.dirname(path), naming);
    refuseNonFile(stat, naming);
  } catch (error: unknown) {
    throw error instanceof FileWriteError ? error : naming.failure(error);
  }
}

/**
 * Makes `path` ready to be opened as a file by another writer (a database): refuses a directory
 * or a socket there, and creates the directories it lacks as {@link writeTextFile} does. Throws
 * {@link FileWriteError}, naming the file as `target` says and what to do.
 */
export function prepareFilePath(path: string, target: WriteTarget = {}): void {
  const naming = new Naming(path, target);
  try {
    prepared(path, naming);
  } catch (error: unknown) {
    throw error instanceof FileWriteError ? error : naming.failure(error);
  }
}

/** Paths that name a device or an open descriptor (`/dev/stdout`, `/proc/self/fd/3`). */
const DESCRIPTOR_PATH = /^\/(?:dev|proc)\//;

/** The errnos of a directory that takes no new file, where the file itself may still be written. */
const NO_NEW_FILE: ReadonlySet<string> = new Set(["EACCES", "EPERM"]);
/** The errnos of a file that cannot be replaced by a rename, where it may still be written. */
const NO_RENAME: ReadonlySet<string> = new Set(["EACCES", "EPERM", "EBUSY"]);

/**
 * Writes `text` to a new file beside `path` (flushed to the disk) and renames it over `path`, so
 * the file holds either what it held or all of `text`: a write that fails halfway (a full disk, a
 * killed process) leaves the old file, not a truncated one. A failed write removes its temporary
 * file (`.<name>.<pid>-<hex>.tmp`; only a killed process can leave one). A symbolic link stays a
 * link (its target is replaced), and a replaced file keeps its permission bits. Where the
 * directory takes no new file, or the file cannot be renamed over, but the file itself may be
 * written, it is written in place.
 */
function replaceFile(path: string, text: string, stat: fs.Stats | undefined): void {
  if (stat === undefined && fs.lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
    fs.writeFileSync(path, text); // a link to nothing yet: its target is created, as before
    return;
  }
  const target = stat === undefined ? path : fs.realpathSync(path);
  const temp = nodePath.join(
    nodePath.dirname(target),
    `.${nodePath.basename(target)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
  let fd: number;
  try {
    fd = fs.openSync(temp, "wx", 0o666);
  } catch (error: unknown) {
    const code = errnoOf(error);
    if (stat === undefined || code === undefined || !NO_NEW_FILE.has(code)) throw error;
    fs.writeFileSync(target, text);
    return;
  }
  try {
    try {
      if (stat !== undefined) fs.fchmodSync(fd, stat.mode & 0o7777);
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error: unknown) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  try {
    fs.renameSync(temp, target);
  } catch (error: unknown) {
    fs.rmSync(temp, { force: true });
    // A file another user owns in a sticky directory (/tmp), or a file mounted on its own (EBUSY).
    const code = errnoOf(error);
    if (stat === undefined || code === undefined || !NO_RENAME.has(code)) throw error;
    fs.writeFileSync(target, text);
  }
}

/**
 * Writes `text` (UTF-8) to the file at `path`, creating the directories it lacks. Throws
 * {@link FileWriteError} with a message that names the file as `target` says and what to do: for
 * a directory ("is a directory; give a file path such as out/report.sarif"), a path through a
 * regular file, a FIFO nothing reads (opening it would wait for a reader), a socket, a file system
 * that takes no new directories (/proc), and Node's failures (EACCES, EROFS, ENOSPC…). A regular
 * file is replaced whole (see {@link replaceFile}); a FIFO, a device, or a path under /dev or
 * /proc (`/dev/stdout` redirected to a file) is written as it is.
 */
export function writeTextFile(path: string, text: string, target: WriteTarget = {}): void {
  const naming = new Naming(path, target);
  if (naming.shown === "") {
    throw naming.fail("ENOENT", `is empty; give a file path such as ${naming.fileName}`);
  }
  try {
    const stat = prepared(path, naming);
    if (stat?.isFIFO() === true) {
      // Opening a FIFO to write waits for a reader; without waiting, it fails when there is none.
      let probe: number;
      try {
        probe = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      } catch (error: unknown) {
        if (errnoOf(error) !== "ENXIO") throw error;
        throw naming.fail(
          "ENXIO",
          "is a FIFO that nothing reads (ENXIO); start its reader first, or give a regular file path",
        );
      }
      fs.closeSync(probe);
      fs.writeFileSync(path, text);
    } else if (
      stat?.isCharacterDevice() === true ||
      stat?.isBlockDevice() === true ||
      DESCRIPTOR_PATH.test(path)
    ) {
      // /dev/full, a terminal, and /dev/stdout or /proc/self/fd/1 redirected to a file: written
      // as they are (a rename would put a new file where the shell's redirect points).
      fs.writeFileSync(path, text);
    } else {
      replaceFile(path, text, stat);
    }
  } catch (error: unknown) {
    throw error instanceof FileWriteError ? error : naming.failure(error);
  }
}
