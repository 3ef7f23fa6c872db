import { PassThrough } from "node:stream";
import { CliUsageError } from "../../cli/errors";
import { EXIT_CODES, exitCode } from "../../cli/exit-codes";
import type { CliContext } from "../../cli/program";
import { runCommand } from "../../cli/run-command";

function context(): CliContext & { err: () => string } {
  const stderr = new PassThrough();
  let err = "";
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  return { stdout: new PassThrough(), stderr, env: {}, cwd: "/", exitCode: 0, err: () => err };
}

describe("EXIT_CODES", () => {
  it("keeps the codes README.md documents for each command", () => {
    expect(exitCode("lint", "findings")).toBe(1);
    expect(exitCode("lint", "usage")).toBe(2);
    expect(exitCode("review", "usage")).toBe(2);
    expect(exitCode("drift", "drift")).toBe(2);
    expect(exitCode("drift", "usage")).toBe(1);
    expect(exitCode("drift", "error")).toBe(1);
    expect(exitCode("explain", "rejected")).toBe(1);
    expect(exitCode("explain", "usage")).toBe(2);
    expect(EXIT_CODES.aigw).toEqual({ help: 0, usage: 2, error: 1 });
  });
});

describe("runCommand", () => {
  it("sets the exit code of the outcome the work returns", async () => {
    const ctx = context();
    await expect(runCommand("drift", ctx, () => "drift")).resolves.toBe(2);
    expect(ctx.exitCode).toBe(2);
    expect(ctx.err()).toBe("");
  });

  it("prints a usage error as `aigw <command>: <message>` with the command's usage code", async () => {
    const ctx = context();
    const code = await runCommand("drift", ctx, () => {
      throw new CliUsageError("name the stack");
    });
    expect(code).toBe(1);
    expect(ctx.err()).toBe("aigw drift: name the stack\n");
  });

  it("removes the secrets with the SDK's redaction, printing [REDACTED]", async () => {
    const ctx = context();
    await runCommand(
      "export",
      ctx,
      () => Promise.reject(new Error("the key secret-key-0123 was refused")),
      { secrets: ["secret-key-0123", undefined], otherwise: "error" },
    );
    expect(ctx.exitCode).toBe(1);
    expect(ctx.err()).toBe("aigw export: the key [REDACTED] was refused\n");
  });

  it("lets any other error through when the command names no outcome for it", async () => {
    const ctx = context();
    await expect(
      runCommand("lint", ctx, () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(ctx.err()).toBe("");
  });
});
