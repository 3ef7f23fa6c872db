import * as fs from "node:fs";
import * as path from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { formatDiagnostic, type Severity } from "pulumi-ngrok-ai";
import { type ParsedGateway, parseGateway } from "pulumi-ngrok-ai/dist/gitops/load";
import {
  FORMAT_NAMES,
  FORMATTERS,
  type FormatName,
  type LintResult,
  type Policy,
  PolicyFileError,
  failsThreshold,
  isFormatName,
  lintGateways,
  loadPolicyFile,
} from "pulumi-ngrok-ai/dist/policy/index";
import type { CliContext, CommandModule } from "../program";

/** Options of `aigw lint`, as parsed. */
export interface LintCommandOptions {
  readonly policy: string;
  readonly format: readonly FormatName[];
  readonly output: readonly string[];
  readonly failSeverity: Severity;
}

/** A usage problem found after parsing: printed to stderr, exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

function collect<T>(parse: (value: string) => T) {
  return (value: string, previous: readonly T[] = []): T[] => [...previous, parse(value)];
}

/** Parses a `--format` value. */
export function parseFormat(value: string): FormatName {
  if (!isFormatName(value)) {
    throw new InvalidArgumentError(`must be one of ${FORMAT_NAMES.join(", ")}`);
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
  return today === undefined || today === "" ? {} : { today };
}

/** Reads and parses the gateway.yaml files; a file that cannot be read is a usage error. */
export function readGateways(files: readonly string[], ctx: CliContext): ParsedGateway[] {
  return files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(ctx.cwd, file), "utf8");
    } catch (error: unknown) {
      const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new UsageError(`cannot read ${file} (${reason}); check the path`);
    }
    return parseGateway(text, file);
  });
}

/** Loads the policy; a missing or invalid policy is printed and becomes exit 2. */
export function readPolicy(file: string, ctx: CliContext): Policy {
  try {
    return loadPolicyFile(path.resolve(ctx.cwd, file), file);
  } catch (error: unknown) {
    if (error instanceof PolicyFileError) {
      const details = error.diagnostics.map((d) => `  ${formatDiagnostic(d)}\n`).join("");
      throw new UsageError(`${error.message}\n${details}`.trimEnd());
    }
    throw error;
  }
}

/** Writes each format to its output (paired in order) or to stdout. */
export function writeOutputs(
  result: LintResult,
  formats: readonly FormatName[],
  outputs: readonly string[],
  ctx: CliContext,
): void {
  if (outputs.length > formats.length) {
    throw new UsageError(
      `${outputs.length} --output paths but ${formats.length} --format values; give a --format for each --output, in the same order`,
    );
  }
  for (const [i, format] of formats.entries()) {
    const output = outputs[i];
    if (output === undefined) {
      ctx.stdout.write(
        FORMATTERS[format](result, { color: format === "text" && useColour(ctx.stdout, ctx.env) }),
      );
      continue;
    }
    const target = path.resolve(ctx.cwd, output);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, FORMATTERS[format](result, { color: false }));
    } catch (error: unknown) {
      const reason = (error as NodeJS.ErrnoException).code ?? "unwritable";
      throw new UsageError(`cannot write ${output} (${reason})`);
    }
  }
}

/**
 * Runs `aigw lint` and returns its exit code: 0 when nothing unwaived is at or above the
 * threshold, 1 when something is, 2 for a usage error or a missing or invalid policy file.
 */
export function runLint(
  files: readonly string[],
  options: LintCommandOptions,
  ctx: CliContext,
): number {
  try {
    const policy = readPolicy(options.policy, ctx);
    const parsed = readGateways(files, ctx);
    const result = lintGateways(parsed, policy, todayOption(ctx));
    const formats: readonly FormatName[] = options.format.length === 0 ? ["text"] : options.format;
    writeOutputs(result, formats, options.output, ctx);
    return failsThreshold(result.findings, options.failSeverity) ? 1 : 0;
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`aigw lint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** Registers `aigw lint FILE... --policy POLICY [--format F]... [--output PATH]... [--fail-severity S]`. */
export const registerLint: CommandModule = (program, ctx) => {
  program
    .command("lint")
    .description(
      "check gateway.yaml files against a policy.yaml: disallowed models and providers, unrestricted scopes, routing problems, schema and YAML errors",
    )
    .argument("<files...>", "gateway.yaml files to lint")
    .requiredOption("--policy <file>", "the policy.yaml to check against")
    .option(
      "--format <format>",
      `output format, repeatable (${FORMAT_NAMES.join(", ")}); default text`,
      collect(parseFormat),
      [],
    )
    .option(
      "--output <path>",
      "write the --format at the same position to this file instead of stdout (repeatable)",
      collect((v: string) => v),
      [],
    )
    .addOption(
      new Option(
        "--fail-severity <severity>",
        "exit 1 when an unwaived finding is at or above this",
      )
        .choices(["error", "warn", "info"])
        .default("error"),
    )
    .action((files: string[], options: LintCommandOptions) => {
      ctx.exitCode = runLint(files, options, ctx);
    });
};
