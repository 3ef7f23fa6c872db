// The environment drift, export and recover run pulumi with: Go's collector off up to a quarter of
// the machine's memory, unless the user's environment sets either knob.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { pulumiProcessEnv, runPulumi } from "../../sdk/drift/state";

describe("pulumiProcessEnv", () => {
  it("turns Go's collector off up to a quarter of the machine's memory", () => {
    const env = pulumiProcessEnv({ PATH: "/bin", PULUMI_HOME: "/tmp/home" });
    expect(env).toEqual({
      PATH: "/bin",
      PULUMI_HOME: "/tmp/home",
      GOGC: "off",
      GOMEMLIMIT: `${Math.floor(totalmem() / 4 / 2 ** 20)}MiB`,
    });
    expect(Number(env.GOMEMLIMIT?.replace("MiB", ""))).toBeGreaterThan(0);
  });

  it.each([[{ GOGC: "100" }], [{ GOMEMLIMIT: "512MiB" }], [{ GOGC: "200", GOMEMLIMIT: "1GiB" }]])(
    "leaves the collector as the environment sets it: %j",
    (knobs) => {
      const given = { PATH: "/bin", ...knobs };
      expect(pulumiProcessEnv(given)).toEqual(given);
    },
  );
});

describe("runPulumi", () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), "aigw-pulumi-env-"));
    // A stand-in for the CLI that prints what it was started with.
    writeFileSync(
      join(bin, "pulumi"),
      '#!/bin/sh\necho "GOGC=$GOGC GOMEMLIMIT=$GOMEMLIMIT args=$*"\n',
    );
    chmodSync(join(bin, "pulumi"), 0o755);
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it("starts pulumi with the collector settings and --non-interactive", async () => {
    const result = await runPulumi(["stack", "export", "--stack", "dev"], {
      cwd: bin,
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      `GOGC=off GOMEMLIMIT=${Math.floor(totalmem() / 4 / 2 ** 20)}MiB ` +
        "args=stack export --stack dev --non-interactive",
    );
  });

  it("keeps the user's GOGC", async () => {
    const result = await runPulumi(["config", "--json"], {
      cwd: bin,
      env: { PATH: `${bin}:/usr/bin:/bin`, GOGC: "50" },
    });
    expect(result.stdout).toContain("GOGC=50 GOMEMLIMIT= args=config --json --non-interactive");
  });
});
