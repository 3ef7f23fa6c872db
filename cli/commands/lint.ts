import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { formatDiagnostic, type Severity } from "pulumi-ngrok-ai/core";
import { type GatewayDeclaration, type ParsedGateway, loadGateways } from "pulumi-ngrok-ai/gitops";
import {
  type FormatName,
  type FormatterOptions,
  LINT_FORMATS,
  type LintResult,
  type Policy,
  PolicyFileError,
  failsThreshold,
  isCalendarDate,
  lintGateways,
  loadPolicyFile,
} from "pulumi-ngrok-ai/policy";
import type { ModelCatalog } from "pulumi-ngrok-ai/catalog";
import { CliUsageError } from "../errors";
import type { Outcome } from "../exit-codes";
import type { CliContext, CommandModule } from "../context";
import { outputTarget, writeOutputFile } from "../output-file";
import { runCommand } from "../run-command";
import { CATALOG_OPTION, readCatalog } from "./catalog";

/** Options of `aigw lint`, as parsed. */
export interface LintCommandOptions {
  readonly policy: string;
  readonly format: readonly FormatName[];
  readonly output: readonly string[];
  readonly failSeverity: Severity;
  /** A catalog overlay (`aigw catalog pull`) applied to the package's catalog. */
  readonly catalog?: string | undefined;
  /** The directory SARIF locations are relative to; default the git top level of the cwd. */
  readonly baseDir?: string | undefined;
}

function collect<T>(parse: (value: string) => T) {
  return (value: string, previous: readonly T[] = []): T[] => [...previous, parse(value)];
}

/** Parses a `--format` value. */
export function parseFormat(value: string): FormatName {
  if (!LINT_FORMATS.isName(value)) {
    throw new InvalidArgumentError(`must be one of ${LINT_FORMATS.names.join(", ")}`);
  }
  return value;
}

/** True when colour may be used on this stream: a TTY and NO_COLOR unset or empty. */
export function useColour(stream: CliContext["stdout"], env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

/**
 * The day waivers expire against: `AIGW_TODAY` (`YYYY-MM-DD`, for reproducible runs and tests),
 * else the current UTC day.
 */
export function todayOption(ctx: CliContext): { today?: string } {
  const today = ctx.env.AIGW_TODAY;
  if (today === undefined || today === "") return {};
  // Waivers compare their expiry with it as text, so anything but a real day would expire every
  // waiver or none.
  if (!isCalendarDate(today)) {
    throw new CliUsageError(
      `AIGW_TODAY=${JSON.stringify(today)} is not a day: set it to YYYY-MM-DD (such as 2026-12-01), or unset it for today's UTC date`,
    );
  }
  return { today };
}

/**
 * Reads and parses the gateway files that declare one gateway: files, directories (every
 * `*.yaml` and `*.yml` in it, sorted, but Pulumi's settings, `policy.yaml`, `policyFile` and
 * dotfiles) and globs, each file named as the user wrote it. A file that cannot be read, or a
 * directory or glob that names none, is a usage error.
 */
export function readDeclaration(
  specs: readonly string[],
  ctx: CliContext,
  catalog?: ModelCatalog,
  policyFile?: string,
): GatewayDeclaration {
  const declaration = loadGateways(specs, {
    cwd: ctx.cwd,
    ...(catalog === undefined ? {} : { catalog }),
    ...(policyFile === undefined ? {} : { exclude: [path.resolve(ctx.cwd, policyFile)] }),
  });
  const unreadable = declaration.diagnostics.find((d) => d.code === "file-read");
  if (unreadable !== undefined) throw new CliUsageError(unreadable.message);
  return declaration;
}

/** The files of {@link readDeclaration}, each with its own objects and diagnostics. */
export function readGateways(
  specs: readonly string[],
  ctx: CliContext,
  catalog?: ModelCatalog,
  policyFile?: string,
): ParsedGateway[] {
  return [...readDeclaration(specs, ctx, catalog, policyFile).files];
}

/** Loads the policy; a missing or invalid policy is a usage error. */
export function readPolicy(file: string, ctx: CliContext): Policy {
  try {
    return loadPolicyFile(path.resolve(ctx.cwd, file), file);
  } catch (error: unknown) {
    if (error instanceof PolicyFileError) {
      const details = error.diagnostics.map((d) => `  ${formatDiagnostic(d)}\n`).join("");
      throw new CliUsageError(`${error.message}\n${details}`.trimEnd());
    }
    throw error;
  }
}

/**
 * The repository root that SARIF locations are relative to: `--base-dir` (relative to the current
 * directory), else the git top level of the current directory, else the current directory.
 */
export function sourceRoot(baseDir: string | undefined, ctx: CliContext): string {
  if (baseDir !== undefined) {
    const dir = path.resolve(ctx.cwd, baseDir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new CliUsageError(
        `--base-dir ${baseDir} is not a directory; give the repository root that SARIF locations are relative to`,
      );
    }
    return dir;
  }
  try {
    const top = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd: ctx.cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return top === "" ? ctx.cwd : top;
  } catch {
    return ctx.cwd; // not in a git repository, or no git: locations relative to here
  }
}

/** The file name suggested for each format when its --output is a directory. */
const REPORT_FILE_NAMES: Readonly<Record<FormatName, string>> = {
  text: "report.txt",
  json: "report.json",
  sarif: "report.sarif",
  github: "report.txt",
  junit: "report.xml",
  markdown: "report.md",
};

/**
 * Writes each format to its output (paired in order) or to stdout, creating the directories an
 * output lacks; an output that cannot be written is a usage error naming it.
 */
export function writeOutputs(
  result: LintResult,
  formats: readonly FormatName[],
  outputs: readonly string[],
  ctx: CliContext,
  options: FormatterOptions = {},
): void {
  if (outputs.length > formats.length) {
    throw new CliUsageError(
      `${outputs.length} --output paths but ${formats.length} --format values; give a --format for each --output, in the same order`,
    );
  }
  for (const [i, format] of formats.entries()) {
    const output = outputs[i];
    if (output === undefined) {
      ctx.stdout.write(
        LINT_FORMATS.get(format)(result, {
          ...options,
          color: format === "text" && useColour(ctx.stdout, ctx.env),
        }),
      );
      continue;
    }
    writeOutputFile(
      output,
      LINT_FORMATS.get(format)(result, { ...options, color: false }),
      ctx,
      outputTarget(output, REPORT_FILE_NAMES[format]),
    );
  }
}

/**
 * Lints the files and writes every format: `findings` when an unwaived finding is at or above
 * the threshold, else `clean`. Throws {@link CliUsageError} for a usage error or a missing or
 * invalid policy file.
 */
export function lintFiles(
  files: readonly string[],
  options: LintCommandOptions,
  ctx: CliContext,
): Outcome<"lint"> {
  const startedAt = new Date();
  const baseDir = sourceRoot(options.baseDir, ctx);
  const policy = readPolicy(options.policy, ctx);
  const catalog = readCatalog(options.catalog, ctx);
  const parsed = readGateways(files, ctx, catalog, options.policy);
  const result = lintGateways(parsed, policy, { ...todayOption(ctx), scopeOptions: { catalog } });
  const formats: readonly FormatName[] = options.format.length === 0 ? ["text"] : options.format;
  writeOutputs(result, formats, options.output, ctx, {
    cwd: ctx.cwd,
    baseDir,
    failSeverity: options.failSeverity,
    startedAt,
    elapsedMs: Date.now() - startedAt.getTime(),
  });
  return failsThreshold(result.findings, options.failSeverity) ? "findings" : "clean";
}

/**
 * Runs `aigw lint`, sets and resolves to its exit code (`EXIT_CODES.lint`): 0 when nothing
 * unwaived is at or above the threshold, 1 when something is, 2 for a usage error or a missing or
 * invalid policy file.
 */
export function runLint(
  files: readonly string[],
  options: LintCommandOptions,
  ctx: CliContext,
): Promise<number> {
  return runCommand("lint", ctx, () => lintFiles(files, options, ctx));
}

/** `--fail-severity`, shared by `aigw lint` and `aigw review`: the threshold of exit 1. */
export function failSeverityOption(): Option {
  return new Option(
    "--fail-severity <severity>",
    "exit 1 when an unwaived finding is at or above this",
  )
    .choices(["error", "warn", "info"])
    .default("error");
}

/**
 * Registers `aigw lint FILE... --policy POLICY [--format F]... [--output PATH]...
 * [--fail-severity S] [--base-dir DIR]`.
 */
export const registerLint: CommandModule = (program, ctx) => {
  program
    .command("lint")
    .description(
      "check gateway.yaml files against a policy.yaml: disallowed models and providers, unrestricted scopes, routing problems, schema and YAML errors",
    )
    .argument(
      "<files...>",
      "gateway.yaml files to lint: files, directories (every *.yaml and *.yml in it but Pulumi.*, policy.yaml and dotfiles) or globs, merged into one gateway",
    )
    .requiredOption("--policy <file>", "the policy.yaml to check against")
    .option(
      "--format <format>",
      `output format, repeatable (${LINT_FORMATS.names.join(", ")}); default text`,
      collect(parseFormat),
      [],
    )
    .option(
      "--output <path>",
      "write the --format at the same position to this file instead of stdout (repeatable)",
      collect((v: string) => v),
      [],
    )
    .addOption(failSeverityOption())
    .option(...CATALOG_OPTION)
    .option(
      "--base-dir <dir>",
      "the repository root that SARIF locations are relative to (default: the git top level)",
    )
    .action(async (files: string[], options: LintCommandOptions) => {
      await runLint(files, options, ctx);
    });
};
