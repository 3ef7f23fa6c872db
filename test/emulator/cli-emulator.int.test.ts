import { Command } from "commander";
import { request } from "undici";
import { registerEmulator, runEmulator } from "../../cli/commands/emulator";
import { capturedContext as context } from "../helpers/cli";

describe("aigw emulator", () => {
  it("prints its URL and generated API key, serves until stopped, then closes", async () => {
    const ctx = context();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let status = 0;
    const run = runEmulator(
      { port: 0, host: "127.0.0.1", db: ":memory:" },
      ctx,
      stopped,
      (emulator) => {
        void request(`${emulator.url}/gateway-config`, {
          headers: { authorization: `Bearer ${emulator.apiKey}` },
        })
          .then(async (res) => {
            status = res.statusCode;
            await res.body.dump();
          })
          .finally(stop);
      },
    );
    await run;
    expect(status).toBe(200);
    const url = /NGROK_AI_API_URL=(\S+)/.exec(ctx.out())?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ctx.out()).toMatch(/NGROK_AI_API_KEY=aigw_\w+/);
    expect(ctx.out()).toContain("aigw emulator stopped");
  });

  it("does not echo an API key the user supplied", async () => {
    const ctx = context({ AIGW_EMULATOR_API_KEY: "my-own-secret-key" });
    await runEmulator({ port: 0, host: "127.0.0.1", db: ":memory:" }, ctx, Promise.resolve());
    expect(ctx.out()).not.toContain("my-own-secret-key");
    expect(ctx.out()).toContain("NGROK_AI_API_KEY=<the key you supplied>");
  });

  it("registers the emulator command with its options and rejects a bad port", async () => {
    const ctx = context();
    const program = new Command("aigw")
      .exitOverride()
      .configureOutput({ writeOut: () => {}, writeErr: () => {} });
    registerEmulator(program, ctx);
    const command = program.commands.find((c) => c.name() === "emulator");
    expect(command?.options.map((o) => o.long)).toEqual([
      "--port",
      "--host",
      "--db",
      "--api-key",
      "--verbose",
      "--catalog",
      "--upstream",
      "--managed-upstream",
      "--default-upstream",
      "--provider-base-url-policy",
      "--validation-status",
      "--failover-on",
      "--unconfigured-routing",
      "--max-body-bytes",
      "--credit-balance",
      "--credits-never-purchased",
    ]);
    await expect(
      program.parseAsync(["emulator", "--port", "99999"], { from: "user" }),
    ).rejects.toMatchObject({
      code: "commander.invalidArgument",
    });
  });
});
