import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson } from "../../../sdk/routing/explain";
import { words } from "../../helpers/cli";
import { runExplain } from "./explain-runner";

const GATEWAY = `version: 1
providerKeys:
  openai-primary:
    providerId: openai
    value: { env: OPENAI_PRIMARY }
  openai-backup:
    providerId: openai
    value: { env: OPENAI_BACKUP }
accessKeyConfigurations:
  search-team:
    access:
      providers: { allow: [openai, anthropic] }
      models: { allow: ["openai:gpt-4o-mini", "anthropic:claude-sonnet-4-6"] }
    router:
      rules:
        - provider: openai
          steps:
            - type: user
              keys: [openai-primary, openai-backup]
            - type: ngrok
accessKeys:
  search-prod:
    configuration: search-team
  free: {}
`;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "aigw-explain-"));
  writeFileSync(join(dir, "gateway.yaml"), GATEWAY);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `aigw explain` with the words of `line` in the test's directory. */
function explain(line: string): ReturnType<typeof runExplain> {
  return runExplain(words(line), { cwd: dir });
}

describe("aigw explain (gateway.yaml)", () => {
  it("prints the attempts of an allowed request by logical names and exits 0", async () => {
    const run = await explain("--access-key search-prod --model openai:gpt-4o-mini gateway.yaml");

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("ALLOWED: 3 attempts in failover order");
    expect(run.stdout).toContain(
      '1. openai:gpt-4o-mini via provider key "openai-primary" (providerKeys.openai-primary)',
    );
    expect(run.stdout).toContain(
      "3. openai:gpt-4o-mini via ngrok inference (billed to credits, not to your provider account)",
    );
    expect(run.stderr).toBe("");
  });

  it("reads ./gateway.yaml by default and prints JSON with --format json", async () => {
    const run = await explain("--access-key search-prod --model openai:gpt-4o-mini --format json");

    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.outcome).toBe("accepted");
    expect(plan.attempts.map((a) => a.providerKeyId ?? a.source)).toEqual([
      "providerKeys.openai-primary",
      "providerKeys.openai-backup",
      "ngrok",
    ]);
  });

  it("exits 1 for a request rejected before routing and says which scope rejects it", async () => {
    const run = await explain("--access-key search-prod --model openai:o3 gateway.yaml");

    expect(run.code).toBe(1);
    expect(run.stdout).toContain("REJECTED before routing: 422 ERR_NGROK_27232");
    expect(run.stdout).toContain('access.models.allow of configuration "search-team"');
  });

  it("lists the skipped fallbacks of --models and routes the allowed ones", async () => {
    const run = await runExplain(
      [
        ...words("--access-key search-prod --model openai:gpt-4o-mini --models"),
        "openai:gpt-4o, anthropic:claude-sonnet-4-6",
        ...words("--format json"),
      ],
      { cwd: dir },
    );

    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.rejectedFallbacks.map((f) => f.requested)).toEqual(["openai:gpt-4o"]);
    expect(plan.attempts.at(-1)?.modelName).toBe("anthropic:claude-sonnet-4-6");
  });

  it("routes an access key without configuration per --unconfigured-routing", async () => {
    const byDefault = await explain("--access-key free --model gpt-4o --format json");
    const managedOnly = await explain(
      "--access-key free --model gpt-4o --format json --unconfigured-routing managed-only",
    );

    const sources = (run: { stdout: string }): (string | null)[] =>
      (JSON.parse(run.stdout) as PlanJson).attempts.map((a) => a.providerKeyId);
    expect(sources(byDefault)).toEqual([
      "providerKeys.openai-primary",
      "providerKeys.openai-backup",
      null,
    ]);
    expect(sources(managedOnly)).toEqual([null]);
  });

  it.each([
    [["--model", "gpt-4o"], "required option '--access-key"],
    [["--access-key", "nope", "--model", "gpt-4o"], 'declares no access key "nope"'],
    [["--access-key", "free", "--model", "gpt-4o", "--format", "xml"], "--format"],
    [["--access-key", "free", "--model", "gpt-4o", "missing.yaml"], "file-read"],
    [["--access-key", "free", "--model", "gpt-4o", "gateway.yaml", "--live"], "not both"],
    [["--access-key", "free", "--model", "gpt-4o", "--live"], "API key"],
  ])("exits 2 on a usage or input error: %j", async (argv, message) => {
    const run = await runExplain(argv, { cwd: dir });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });
});
