// The environment drift's config reads run pulumi with: Go's collector off up to a quarter of the
// machine's memory, unless the user's environment sets either knob. The export keeps the default.
import { totalmem } from "node:os";
import {
  type PulumiRunner,
  configReadEnv,
  exportStack,
  readStackApiConfig,
  readStackApiKey,
} from "../../sdk/drift/state";

const LIMIT = `${Math.floor(totalmem() / 4 / 2 ** 20)}MiB`;

describe("configReadEnv", () => {
  it("turns Go's collector off up to a quarter of the machine's memory", () => {
    const env = configReadEnv({ PATH: "/bin", PULUMI_HOME: "/tmp/home" });
    expect(env).toEqual({ PATH: "/bin", PULUMI_HOME: "/tmp/home", GOGC: "off", GOMEMLIMIT: LIMIT });
    expect(Number(LIMIT.replace("MiB", ""))).toBeGreaterThan(0);
  });

  it.each([[{ GOGC: "100" }], [{ GOMEMLIMIT: "512MiB" }], [{ GOGC: "200", GOMEMLIMIT: "1GiB" }]])(
    "leaves the collector as the environment sets it: %j",
    (knobs) => {
      const given = { PATH: "/bin", ...knobs };
      expect(configReadEnv(given)).toEqual(given);
    },
  );
});

describe("the environment of each pulumi read", () => {
  /** Runs `read` with a runner that records each command's GOGC and GOMEMLIMIT. */
  async function knobsOf(read: (runner: PulumiRunner) => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const runner: PulumiRunner = (args, options) => {
      seen.push(`${args.slice(0, 2).join(" ")}: ${options.env.GOGC} ${options.env.GOMEMLIMIT}`);
      return Promise.resolve({ code: 0, stdout: '{"deployment":{}}', stderr: "" });
    };
    await read(runner).catch(() => undefined);
    return seen;
  }

  it("reads the config with the collector off", async () => {
    const access = { cwd: "/tmp", env: { PATH: "/bin" } };
    expect(await knobsOf((runner) => readStackApiConfig("dev", { ...access, runner }))).toEqual([
      `config --json: off ${LIMIT}`,
    ]);
    expect(await knobsOf((runner) => readStackApiKey("dev", { ...access, runner }))).toEqual([
      `config get: off ${LIMIT}`,
    ]);
  });

  it("keeps the user's GOGC for the config reads", async () => {
    const access = { cwd: "/tmp", env: { PATH: "/bin", GOGC: "50" } };
    expect(await knobsOf((runner) => readStackApiConfig("dev", { ...access, runner }))).toEqual([
      "config --json: 50 undefined",
    ]);
  });

  it("exports the stack with Go's defaults", async () => {
    const access = { cwd: "/tmp", env: { PATH: "/bin" } };
    expect(await knobsOf((runner) => exportStack("dev", { ...access, runner }))).toEqual([
      "stack export: undefined undefined",
    ]);
  });
});
