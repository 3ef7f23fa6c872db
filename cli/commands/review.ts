import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Option } from "commander";
import { BUILTIN_CATALOG, type ModelCatalog } from "pulumi-ngrok-ai/catalog";
import type { Severity } from "pulumi-ngrok-ai/core";
import { type ParsedGateway, parseGateway } from "pulumi-ngrok-ai/gitops";
import {
  type ReviewFormatName,
  type ReviewReport,
  REVIEW_FORMATS,
  reviewFails,
  reviewGateways,
} from "pulumi-ngrok-ai/policy";
import { CliUsageError } from "../errors";
import type { Outcome } from "../exit-codes";
import type { CliContext, CommandModule } from "../context";
import { runCommand } from "../run-command";
import { CATALOG_OPTION, readCatalog } from "./catalog";
import { failSeverityOption, readGateways, readPolicy, todayOption } from "./lint";
import { readPlan } from "./review-plan";

/** Options of `aigw review`, as parsed. */
export interface ReviewCommandOptions {
  readonly base: string;
  readonly policy: string;
  readonly format: ReviewFormatName;
  readonly failSeverity: Severity;
  /** A catalog overlay (`aigw catalog pull`) applied to the package's catalog. */
  readonly catalog?: string | undefined;
  /** The JSON of `pulumi preview --json` of the same change. */
  readonly preview?: string | undefined;
  /** The text of `pulumi preview --diff` of the same change. */
  readonly diff?: string | undefined;
}

function git(args: readonly string[], cwd: string): string {
  return execFileSync("git", [...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/**
 * The base version of `file`: the file `base` names when it exists, else the file's content at
 * git revision `base` (`git show REV:./<file>`, run in the file's directory so the path is
 * relative to its repository). Undefined when the revision has no such file (the file is new).
 */
export function readBase(
  base: string,
  file: string,
  ctx: CliContext,
  catalog: ModelCatalog = BUILTIN_CATALOG,
): ParsedGateway | undefined {
  const asFile = path.resolve(ctx.cwd, base);
  if (fs.existsSync(asFile) && fs.statSync(asFile).isFile()) {
    const [parsed] = readGateways([base], ctx, catalog);
    return parsed;
  }
  const absolute = path.resolve(ctx.cwd, file);
  const dir = path.dirname(absolute);
  try {
    git(["rev-parse", "--verify", "--quiet", `${base}^{commit}`], dir);
  } catch {
    throw new CliUsageError(
      `--base ${base} is neither a file nor a git revision of the repository of ${file}`,
    );
  }
  let text: string;
  try {
    text = git(["show", `${base}:./${path.basename(absolute)}`], dir);
  } catch {
    return undefined; // the file does not exist at that revision: everything in it is new
  }
  return parseGateway(text, `${base}:${file}`, { catalog });
}

/**
 * Reviews the change and prints it: `findings` when an unwaived finding of the new version is at
 * or above the threshold, else `clean`. Throws {@link CliUsageError} for a usage error or a bad
 * policy.
 */
export function reviewFile(
  file: string,
  options: ReviewCommandOptions,
  ctx: CliContext,
): Outcome<"review"> {
  const policy = readPolicy(options.policy, ctx);
  const catalog = readCatalog(options.catalog, ctx);
  const [head] = readGateways([file], ctx, catalog);
  if (head === undefined) throw new CliUsageError("no file to review");
  const base = readBase(options.base, file, ctx, catalog);
  const reviewed = reviewGateways(base, head, policy, {
    ...todayOption(ctx),
    scopeOptions: { catalog },
  });
  const plan = readPlan(options, ctx, head.model, base?.model);
  const report: ReviewReport = plan === undefined ? reviewed : { ...reviewed, plan };
  ctx.stdout.write(REVIEW_FORMATS.get(options.format)(report));
  return reviewFails(report, options.failSeverity) ? "findings" : "clean";
}

/**
 * Runs `aigw review`, sets and resolves to its exit code (`EXIT_CODES.review`), like `aigw lint`
 * on the new version: 0, 1 when an unwaived finding is at or above the threshold, 2 for a usage
 * error or a bad policy.
 */
export function runReview(
  file: string,
  options: ReviewCommandOptions,
  ctx: CliContext,
): Promise<number> {
  return runCommand("review", ctx, () => reviewFile(file, options, ctx));
}

/**
 * Registers `aigw review --base <FILE or GIT-REV> FILE --policy POLICY [--format markdown|json]
 * [--preview PREVIEW.json] [--diff PREVIEW-DIFF.txt]`.
 */
export const registerReview: CommandModule = (program, ctx) => {
  program
    .command("review")
    .description(
      "summarise a change to a gateway.yaml for a pull request: scope, failover order and keys changed, findings new and fixed",
    )
    .argument("<file>", "the new version of the gateway.yaml")
    .requiredOption(
      "--base <file-or-rev>",
      "the old version: a file, or a git revision of FILE's repository",
    )
    .requiredOption("--policy <file>", "the policy.yaml to check against")
    .addOption(
      new Option("--format <format>", "output format")
        .choices(REVIEW_FORMATS.names)
        .default("markdown"),
    )
    .addOption(failSeverityOption())
    .option(...CATALOG_OPTION)
    .option(
      "--preview <file>",
      "the JSON of `pulumi preview --json` of the same change: adds what pulumi up will do to each object",
    )
    .option(
      "--diff <file>",
      "the text of `pulumi preview --diff` of the same change: adds the properties it shows",
    )
    .action(async (file: string, options: ReviewCommandOptions) => {
      await runReview(file, options, ctx);
    });
};
