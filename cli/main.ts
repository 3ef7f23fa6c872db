import { EXIT_CODES } from "./exit-codes";
import { runCli, type CliContext } from "./program";
import { tuneRuntimeFor } from "./runtime-tuning";

const argv = process.argv.slice(2);
tuneRuntimeFor(argv);

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
