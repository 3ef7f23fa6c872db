// The file a command's --output names: written through the SDK's writeTextFile, so a path that
// cannot be written is said as the option, the path and what to give instead.
import * as path from "node:path";
import {
  FileWriteError,
  type WriteTarget,
  checkFilePath,
  writeTextFile,
} from "pulumi-ngrok-ai/core";
import type { CliContext } from "./context";
import { CliUsageError } from "./errors";

/**
 * How messages name `--output <given>`: by the option and the path as given, or, for the
 * option's default, by the path and that it is the default; `fileName` is suggested inside a
 * directory given instead of a file.
 */
export function outputTarget(
  given: string,
  fileName: string,
  isDefault = false,
): Required<WriteTarget> {
  const shown = given === "" ? '""' : given;
  return {
    label: isDefault ? `${shown} (the default --output)` : `--output ${shown}`,
    shown: given,
    fileName,
  };
}

/** A path that cannot be written as a {@link CliUsageError}; anything else as it is. */
function asUsageError(error: unknown): unknown {
  return error instanceof FileWriteError ? new CliUsageError(error.message) : error;
}

/**
 * Checks `--output <given>` before a command reads what it will write there (see the SDK's
 * `checkFilePath`): a path that cannot take a file is the same {@link CliUsageError} the write
 * would give, and nothing is created.
 */
export function checkOutputFile(
  given: string,
  ctx: CliContext,
  target: Required<WriteTarget>,
): void {
  try {
    checkFilePath(path.resolve(ctx.cwd, given), target);
  } catch (error: unknown) {
    throw asUsageError(error);
  }
}

/**
 * Writes `text` to `--output <given>` (relative to the command's directory), creating the
 * directories it lacks. A path that cannot be written is a {@link CliUsageError} (the command's
 * usage exit code) whose message names the option and the path and says what to do.
 */
export function writeOutputFile(
  given: string,
  text: string,
  ctx: CliContext,
  target: Required<WriteTarget>,
): void {
  try {
    writeTextFile(path.resolve(ctx.cwd, given), text, target);
  } catch (error: unknown) {
    throw asUsageError(error);
  }
}
