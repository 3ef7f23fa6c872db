// The engine's plan for `aigw review --preview FILE [--diff FILE]`: the files read, parsed and
// turned into the plan section of the review. A file that cannot be read, or is not what the
// option expects, is a usage error naming the file and saying how to write it.
import * as path from "node:path";
import type { GatewayModel } from "pulumi-ngrok-ai/gitops";
import {
  PreviewFileError,
  type PreviewPlan,
  locatePlan,
  parsePreviewDiff,
  parsePreviewJson,
  planFromPreview,
} from "pulumi-ngrok-ai/policy";
import { readTextFile } from "pulumi-ngrok-ai/core";
import { CliUsageError } from "../errors";
import type { CliContext } from "../context";

const HOW = {
  preview: "`pulumi preview --json > preview.json`",
  diff: "`pulumi preview --diff > preview-diff.txt`",
} as const;

function readInput(option: "preview" | "diff", file: string, ctx: CliContext): string {
  try {
    return readTextFile(path.resolve(ctx.cwd, file));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliUsageError(
      `--${option} ${file} cannot be read (${reason}); write it with ${HOW[option]} in the stack's project directory`,
    );
  }
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof PreviewFileError) throw new CliUsageError(err.message);
    throw err;
  }
}

/**
 * The plan of `--preview` and `--diff` (either, or both), each object pointed at its declaration
 * in `head` (or, when removed, `base`); undefined when neither option is given.
 */
export function readPlan(
  options: { readonly preview?: string | undefined; readonly diff?: string | undefined },
  ctx: CliContext,
  head: GatewayModel,
  base: GatewayModel | undefined,
): PreviewPlan | undefined {
  const { preview, diff } = options;
  if (preview === undefined && diff === undefined) return undefined;
  const digest =
    preview === undefined
      ? undefined
      : parsed(() => parsePreviewJson(readInput("preview", preview, ctx), preview));
  const diffText =
    diff === undefined
      ? undefined
      : parsed(() => parsePreviewDiff(readInput("diff", diff, ctx), diff));
  return locatePlan(planFromPreview(digest, diffText), head, base);
}
