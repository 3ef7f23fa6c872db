// `aigw explain --live` finds the management API as `aigw drift` and `aigw export` do: the flags,
// else the --stack's config, else the environment. A stand-in `pulumi` on PATH answers the stack
// config reads.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson } from "../../../sdk/routing/explain";
import { runExplain } from "./explain-runner";
import { type Harness, startHarness } from "./gateway-harness";

let gw: Harness;
let dir: string;

beforeEach(async () => {
  gw = await startHarness();
  dir = mkdtempSync(join(tmpdir(), "aigw-explain-live-"));
});

afterEach(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a `pulumi` whose stack `dev` has `ngrok-ai:apiUrl` and `ngrok-ai:apiKey`; logs its argv. */
function fakePulumi(apiUrl: string, apiKey: string): { path: string; calls: () => string[] } {
  const bin = join(dir, "bin");
  const log = join(dir, "pulumi.log");
  const config = JSON.stringify({
    "ngrok-ai:apiUrl": { value: apiUrl, secret: false },
    "ngrok-ai:apiKey": { secret: true },
  });
  writeFileSync(log, "");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "pulumi"),
    [
      "#!/bin/sh",
      `echo "$*" >> '${log}'`,
      'case "$1 $2" in',
      `  "config --json") echo '${config}' ;;`,
      `  "config get") echo '${apiKey}' ;;`,
      "  *) exit 1 ;;",
      "esac",
      "",
    ].join("\n"),
  );
  chmodSync(join(bin, "pulumi"), 0o755);
  return {
    path: `${bin}:${process.env.PATH ?? ""}`,
    calls: () => readFileSync(log, "utf8").trim().split("\n"),
  };
}

describe("aigw explain --live", () => {
  it("reads the API URL and key from the --stack's config when the environment has none", async () => {
    const accessKey = await gw.accessKey();
    const pulumi = fakePulumi(gw.emulator.url, gw.emulator.apiKey);

    const run = await runExplain(
      [
        "--live",
        "--stack",
        "dev",
        "--access-key",
        accessKey.id,
        "--model",
        "openai:gpt-4o",
        "--format",
        "json",
      ],
      { env: { PATH: pulumi.path }, cwd: dir },
    );

    expect(run.stderr).toBe("");
    expect((JSON.parse(run.stdout) as PlanJson).accessKeyId).toBe(accessKey.id);
    expect(pulumi.calls()).toEqual(
      expect.arrayContaining([
        "config --json --stack dev --non-interactive",
        "config get ngrok-ai:apiKey --stack dev --non-interactive",
      ]),
    );
  });

  it("exits 2 naming every place it looked when no key is found", async () => {
    const run = await runExplain(
      ["--live", "--stack", "dev", "--access-key", "aigk_x", "--model", "openai:gpt-4o"],
      { env: { PATH: fakePulumi(gw.emulator.url, "").path }, cwd: dir },
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("ngrok-ai:apiKey");
    expect(run.stderr).toContain("NGROK_AI_API_KEY");
    expect(run.stdout).toBe("");
  });

  it("never echoes an access key token passed as --access-key, live or from a file", async () => {
    const { token } = await gw.accessKey();
    writeFileSync(join(dir, "gateway.yaml"), "version: 1\naccessKeys:\n  web: {}\n");

    const live = await runExplain(["--live", "--access-key", token, "--model", "openai:gpt-4o"], {
      env: { NGROK_AI_API_URL: gw.emulator.url, NGROK_AI_API_KEY: gw.emulator.apiKey },
    });
    const declared = await runExplain(
      ["gateway.yaml", "--access-key", token, "--model", "openai:gpt-4o"],
      { cwd: dir },
    );

    for (const run of [live, declared]) {
      expect(run.code).toBe(2);
      expect(`${run.stdout}${run.stderr}`).not.toContain(token);
      expect(run.stderr).toContain("looks like an access key token");
    }
    expect(live.stderr).toContain("the account has no access key with id or name");
  });
});
