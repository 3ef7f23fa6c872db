import { EXIT_CODES } from "./exit-codes";
import { runCli, type CliContext } from "./program";

const ctx: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  exitCode: 0,
};

runCli(process.argv.slice(2), ctx).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`aigw: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT_CODES.aigw.error;
  },
);
