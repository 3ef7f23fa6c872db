import * as fs from "node:fs";
import * as path from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";
import type { Diagnostic } from "../core/diagnostics";

/** A file of a gateway: where to read it and the name its diagnostics give it. */
export interface GatewayFile {
  /** The absolute path. */
  readonly path: string;
  /** The path as the user wrote it (relative paths stay relative to the working directory). */
  readonly displayName: string;
}

/** The files a list of specs names, and a `file-read` problem for each spec that names none. */
export interface ResolvedGatewayFiles {
  readonly files: readonly GatewayFile[];
  readonly problems: readonly Diagnostic[];
}

/** The extensions of the files a directory contributes. */
const YAML_FILE = /\.ya?ml$/i;

function noFile(spec: string, message: string): Diagnostic {
  return {
    code: "file-read",
    severity: "error",
    message,
    file: spec,
    path: [],
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  };
}

/** Byte order of names, the same on every machine and locale. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The gateway files that `specs` name, in order: a directory stands for every `*.yaml` and
 * `*.yml` file directly in it, sorted by name; a glob (`teams/*.yaml`) for the files it matches,
 * sorted; anything else for itself (a file that does not exist is reported when it is read). A
 * file named twice is read once, at its first place. A directory or glob that names no file is a
 * `file-read` problem.
 */
export function resolveGatewayFiles(specs: readonly string[], cwd: string): ResolvedGatewayFiles {
  const files: GatewayFile[] = [];
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (displayName: string): void => {
    const absolute = path.resolve(cwd, displayName);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ path: absolute, displayName });
  };
  for (const spec of specs) {
    const absolute = path.resolve(cwd, spec);
    let isDirectory = false;
    try {
      isDirectory = fs.statSync(absolute).isDirectory();
    } catch {
      // Not there: a glob, or a file reported as unreadable when it is read.
    }
    if (isDirectory) {
      const names = fs
        .readdirSync(absolute, { withFileTypes: true })
        .filter((entry) => entry.isFile() && YAML_FILE.test(entry.name))
        .map((entry) => entry.name)
        .sort(byName);
      if (names.length === 0) {
        problems.push(
          noFile(spec, `${spec} holds no *.yaml or *.yml file; name a directory of gateway files`),
        );
      }
      for (const name of names) add(path.join(spec, name));
    } else if (isDynamicPattern(spec)) {
      const matches = globSync(spec, { cwd, onlyFiles: true, expandDirectories: false }).sort(
        byName,
      );
      if (matches.length === 0) {
        problems.push(noFile(spec, `${spec} matches no file; check the pattern`));
      }
      for (const match of matches) add(path.isAbsolute(spec) ? path.resolve(match) : match);
    } else {
      add(spec);
    }
  }
  return { files, problems };
}
