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

/**
 * A Pulumi project's settings (`Pulumi.yaml`), its stacks' (`Pulumi.<stack>.yaml`), and the name
 * a policy file goes by (`policy.yaml`).
 */
const NOT_GATEWAY = /^(Pulumi(\..+)?|policy)\.ya?ml$/;

/** What directories and globs leave out, for the message of one that names no gateway file. */
const LEFT_OUT = "Pulumi.yaml, Pulumi.<stack>.yaml, policy.yaml, the policy in use and dotfiles";

/**
 * Whether a directory or a glob contributes the file of this name: a `*.yaml` or `*.yml` that is
 * not a dotfile (a glob's `*` does not match one either), a Pulumi project's or stack's settings
 * nor `policy.yaml`, which sit beside gateway files at the root of many repositories.
 */
export function isGatewayFileName(name: string): boolean {
  return YAML_FILE.test(name) && !name.startsWith(".") && !NOT_GATEWAY.test(name);
}

/** Options of {@link resolveGatewayFiles}. */
export interface ResolveGatewayFilesOptions {
  /**
   * Absolute paths a directory or a glob leaves out: the policy file of the same command, by
   * whatever name, which may sit in the gateway's directory. A file named on its own is read all
   * the same.
   */
  readonly exclude?: readonly string[];
}

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
 * directory and a glob leave out what {@link isGatewayFileName} rejects and `options.exclude`. A
 * file named twice is read once, at its first place. A directory or glob that names no file is a
 * `file-read` problem.
 */
export function resolveGatewayFiles(
  specs: readonly string[],
  cwd: string,
  options: ResolveGatewayFilesOptions = {},
): ResolvedGatewayFiles {
  const files: GatewayFile[] = [];
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const excluded = new Set(options.exclude ?? []);
  const contributes = (absolute: string): boolean =>
    isGatewayFileName(path.basename(absolute)) && !excluded.has(absolute);
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
        .filter((entry) => entry.isFile() && contributes(path.join(absolute, entry.name)))
        .map((entry) => entry.name)
        .sort(byName);
      if (names.length === 0) {
        problems.push(
          noFile(
            spec,
            `${spec} holds no gateway file (every *.yaml and *.yml in it but ${LEFT_OUT}); name a directory of gateway files`,
          ),
        );
      }
      for (const name of names) add(path.join(spec, name));
    } else if (isDynamicPattern(spec)) {
      const matches = globSync(spec, { cwd, onlyFiles: true, expandDirectories: false })
        .filter((match) => contributes(path.resolve(cwd, match)))
        .sort(byName);
      if (matches.length === 0) {
        problems.push(
          noFile(
            spec,
            `${spec} matches no gateway file (a pattern leaves out ${LEFT_OUT}); check the pattern`,
          ),
        );
      }
      for (const match of matches) add(path.isAbsolute(spec) ? path.resolve(match) : match);
    } else {
      add(spec);
    }
  }
  return { files, problems };
}
