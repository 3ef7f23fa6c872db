// Reading the files a user names: a regular file only, never a FIFO or a device that would wait
// for a writer forever.
import * as fs from "node:fs";

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
