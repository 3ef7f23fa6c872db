import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Option } from "commander";
import { BUILTIN_CATALOG, type ModelCatalog } from "pulumi-ngrok-ai/catalog";
import type { Severity } from "pulumi-ngrok-ai/core";
import {
  type GatewayDeclaration,
  type GatewaySource,
  isGatewayFileName,
  parseGateways,
} from "pulumi-ngrok-ai/gitops";
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
import { failSeverityOption, readDeclaration, readPolicy, todayOption } from "./lint";
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
 * The base version of the gateway the head specs name: the file or directory `base` names when
 * it exists, else the same files at git revision `base` (`git show REV:./<file>`, run in each
 * file's directory so the path is relative to its repository; a directory spec reads the gateway
 * files the directory held at that revision, as `resolveGatewayFiles` picks them, less
 * `policyFile`). Undefined when the revision has none of them (everything is new).
 */
export function readBase(
  base: string,
  specs: readonly string[],
  head: GatewayDeclaration,
  ctx: CliContext,
  catalog: ModelCatalog = BUILTIN_CATALOG,
  policyFile?: string,
): GatewayDeclaration | undefined {
  if (base.trim() === "") {
    // path.resolve would make it the current directory: the head files compared with themselves.
    throw new CliUsageError(
      "--base is empty: give the file, directory or git revision to compare with (in CI, check that the variable it comes from is set, such as the pull request's base branch)",
    );
  }
  const asPath = path.resolve(ctx.cwd, base);
  if (fs.existsSync(asPath)) return readDeclaration([base], ctx, catalog, policyFile);
  const first = specs[0] ?? ".";
  // The repository of the first spec: the directory itself when it names one (`review .`).
  const firstPath = path.resolve(ctx.cwd, first);
  const firstDir = isDirectory(firstPath) ? firstPath : path.dirname(firstPath);
  try {
    git(["rev-parse", "--verify", "--quiet", `${base}^{commit}`], existingDir(firstDir));
  } catch {
    throw new CliUsageError(
      `--base ${base} is neither a file nor a git revision of the repository of ${first}; give a file, a directory or a revision`,
    );
  }
  const names: string[] = [];
  const policy = policyFile === undefined ? undefined : path.resolve(ctx.cwd, policyFile);
  for (const spec of specs) {
    const absolute = path.resolve(ctx.cwd, spec);
    if (isDirectory(absolute)) {
      let listed: string[] = [];
      try {
        listed = git(["ls-tree", "--name-only", base, "./"], absolute).split("\n");
      } catch {
        listed = []; // the directory did not exist at that revision
      }
      for (const name of listed.filter(isGatewayFileName).sort()) {
        if (path.join(absolute, name) !== policy) names.push(path.join(spec, name));
      }
    }
  }
  for (const file of head.files) names.push(file.file);
  const sources: GatewaySource[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const absolute = path.resolve(ctx.cwd, name);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    try {
      const text = git(
        ["show", `${base}:./${path.basename(absolute)}`],
        existingDir(path.dirname(absolute)),
      );
      sources.push({ file: `${base}:${name}`, text });
    } catch {
      // the file does not exist at that revision: everything in it is new
    }
  }
  return sources.length === 0 ? undefined : parseGateways(sources, { catalog });
}

function isDirectory(absolute: string): boolean {
  return fs.existsSync(absolute) && fs.statSync(absolute).isDirectory();
}

/** `dir`, or its closest existing ancestor (git runs there). */
function existingDir(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current)
    current = path.dirname(current);
  return current;
}

/**
 * Reviews the change and prints it: `findings` when an unwaived finding of the new version is at
 * or above the threshold, else `clean`. Throws {@link CliUsageError} for a usage error or a bad
 * policy.
 */
export function reviewFiles(
  specs: readonly string[],
  options: ReviewCommandOptions,
  ctx: CliContext,
): Outcome<"review"> {
  const policy = readPolicy(options.policy, ctx);
  const catalog = readCatalog(options.catalog, ctx);
  const head = readDeclaration(specs, ctx, catalog, options.policy);
  if (head.files.length === 0) throw new CliUsageError("no file to review");
  const base = readBase(options.base, specs, head, ctx, catalog, options.policy);
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
  specs: readonly string[],
  options: ReviewCommandOptions,
  ctx: CliContext,
): Promise<number> {
  return runCommand("review", ctx, () => reviewFiles(specs, options, ctx));
}

/**
 * Registers `aigw review --base <FILE, DIR or GIT-REV> FILE... --policy POLICY
 * [--format markdown|json] [--preview PREVIEW.json] [--diff PREVIEW-DIFF.txt]`.
 */
export const registerReview: CommandModule = (program, ctx) => {
  program
    .command("review")
    .description(
      "summarise a change to a gateway.yaml for a pull request: scope, failover order and keys changed, findings new and fixed",
    )
    .argument(
      "<files...>",
      "the new version: gateway.yaml files, directories (every *.yaml and *.yml in it but Pulumi.*, policy.yaml and dotfiles) or globs, merged into one gateway",
    )
    .requiredOption(
      "--base <file-dir-or-rev>",
      "the old version: a file or directory, or a git revision of the files' repository",
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
    .action(async (files: string[], options: ReviewCommandOptions) => {
      await runReview(files, options, ctx);
    });
};
