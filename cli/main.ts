import { EXIT_CODES } from "./exit-codes";
import { runCli, type CliContext } from "./program";
import { tuneRuntimeFor } from "./runtime-tuning";

const argv = process.argv.slice(2);
tuneRuntimeFor(argv);

// A reader that stops early (`aigw lint --help | head -1`) closes the pipe: the next write fails
// with EPIPE, and every write after it with ERR_STREAM_DESTROYED. What is left to say has no
// reader; the command runs to its end and keeps its exit code. Any other stream error still throws.
const QUIET_STREAM_ERRORS: ReadonlySet<string> = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === undefined || !QUIET_STREAM_ERRORS.has(err.code)) throw err;
  });
}

const ctx: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  exitCode: 0,
};

runCli(argv, ctx).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`aigw: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_CODES.aigw.error;
  },
);
