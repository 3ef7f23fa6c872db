// `aigw lint`, `review` and `explain` on a gateway split into files: examples/multi-team/gateway
// (a platform file and two team files), as a directory, as globs, and against a git revision.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../cli/program";
import { capturedContext, words } from "../helpers/cli";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "multi-team");

let dir: string;

/** Runs `aigw <line>` in the scratch directory. */
async function aigw(line: string): Promise<{ code: number; out: string; err: string }> {
  const ctx = capturedContext({ AIGW_TODAY: "2026-06-01" }, dir);
  const code = await runCli(words(line), ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

function git(...args: string[]): void {
  execFileSync("git", args, { cwd: dir, stdio: "ignore" });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-files-cli-"));
  fs.cpSync(path.join(EXAMPLE, "gateway"), path.join(dir, "gateway"), { recursive: true });
  fs.writeFileSync(path.join(dir, "policy.yaml"), "version: 1\nproviders:\n  deny: [deepseek]\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a gateway in several files", () => {
  it("lints a directory as one gateway, each finding in its own file", async () => {
    const run = await aigw("lint gateway --policy policy.yaml --format json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as { diagnostics: { file: string; rule: string }[] };
    expect(new Set(report.diagnostics.map((d) => d.file))).toEqual(
      new Set([path.join("gateway", "search.yaml"), path.join("gateway", "support.yaml")]),
    );
    expect(report.diagnostics.some((d) => d.rule === "unknown-reference")).toBe(false);
  });

  it("lints globs the same way, and reports a name declared in two files at both places", async () => {
    const support = path.join(dir, "gateway", "support.yaml");
    fs.writeFileSync(
      support,
      fs.readFileSync(support, "utf8").replace("  support:\n", "  search: {}\n  support:\n"),
    );
    const run = await aigw("lint gateway/platform.yaml gateway/s*.yaml --policy policy.yaml");
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      "gateway/search.yaml:6:3: error schema: accessKeyConfigurations.search is also declared in gateway/support.yaml:6:3;",
    );
    expect(run.out).toContain(
      "gateway/support.yaml:6:3: error schema: accessKeyConfigurations.search is also declared in gateway/search.yaml:6:3;",
    );
  });

  it("explains a request through an access key of one team file and a key of the platform file", async () => {
    const run = await aigw(
      "explain --access-key support-prod --model anthropic:claude-3-5-haiku gateway",
    );
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'via provider key "anthropic-shared" (providerKeys.anthropic-shared)',
    );
  });

  it("reviews a change to a directory against a git revision, naming the owning team", async () => {
    git("init", "-q");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base");
    const support = path.join(dir, "gateway", "support.yaml");
    fs.writeFileSync(
      support,
      fs
        .readFileSync(support, "utf8")
        .replace("providers: { allow: [anthropic] }", "providers: { allow: [anthropic, openai] }")
        .concat("  support-batch:\n    configuration: support\n"),
    );
    fs.rmSync(path.join(dir, "gateway", "platform.yaml"));
    fs.writeFileSync(
      path.join(dir, "gateway", "platform.yaml"),
      fs
        .readFileSync(path.join(EXAMPLE, "gateway", "platform.yaml"), "utf8")
        .replace("{ secret: anthropicShared }", "{ env: ANTHROPIC_SHARED }"),
    );
    const run = await aigw("review gateway --base HEAD --policy policy.yaml");
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      "## aigw review: `gateway/platform.yaml, gateway/search.yaml, gateway/support.yaml`",
    );
    expect(run.out).toContain("#### `support` (team `support`) (changed)");
    expect(run.out).toContain("- Providers added to scope: `openai`");
    expect(run.out).toContain(
      "| `anthropic-shared` (team `platform`) | re-pointed | anthropic via secret anthropicShared | anthropic via env ANTHROPIC_SHARED |",
    );
    expect(run.out).toContain("| `support-batch` (team `support`) | created |");
  });

  it("honours --catalog in every file: lint, explain, and review against a directory and a revision", async () => {
    // An overlay with a provider and a model the package's catalog lacks, named in team files:
    // the provider is the loader's check, the bare model the policy's.
    fs.writeFileSync(
      path.join(dir, "extra.json"),
      JSON.stringify({
        kind: "overlay",
        date: "2026-12-01",
        source: { url: "https://ngrok.com/docs/ai-gateway/reference/model-catalog" },
        providers: [{ id: "xai", displayName: "xAI" }],
        models: [
          { provider: "openai", id: "gpt-6" },
          { provider: "xai", id: "grok-5" },
        ],
      }),
    );
    const edit = (file: string, from: string, to: string): void => {
      const target = path.join(dir, "gateway", file);
      fs.writeFileSync(target, fs.readFileSync(target, "utf8").replace(from, to));
    };
    edit("search.yaml", 'allow: ["openai:gpt-4o-mini"', 'allow: [gpt-6, "openai:gpt-4o-mini"');
    edit("support.yaml", "allow: [anthropic]", "allow: [anthropic, xai]");
    const plain = await aigw("lint gateway --policy policy.yaml");
    expect(plain.out).toContain("gateway/search.yaml:9:25: warn unknown-model:");
    expect(plain.out).toContain("gateway/support.yaml:9:39: warn unknown-provider:");
    const overlaid = await aigw("lint gateway --policy policy.yaml --catalog extra.json");
    expect(overlaid.err).toBe("");
    expect(overlaid.out).not.toMatch(/unknown-(model|provider)/);

    const unrouted = await aigw("explain --access-key search-prod --model gpt-6 gateway");
    expect(unrouted.out).not.toContain('via provider key "openai-shared"');
    const routed = await aigw(
      "explain --access-key search-prod --model gpt-6 gateway --catalog extra.json",
    );
    expect(routed.code).toBe(0);
    expect(routed.out).toContain('via provider key "openai-shared" (providerKeys.openai-shared)');

    // The base has the same names: read without the overlay it has findings the head lacks,
    // which the review would show as fixed.
    fs.cpSync(path.join(dir, "gateway"), path.join(dir, "before"), { recursive: true });
    const baseAlone = await aigw("lint before --policy policy.yaml");
    expect(baseAlone.out).toContain("before/support.yaml:9:39: warn unknown-provider:");
    git("init", "-q");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base");
    for (const base of ["before", "HEAD"]) {
      const reviewed = await aigw(
        `review gateway --base ${base} --policy policy.yaml --format json --catalog extra.json`,
      );
      expect(reviewed.err).toBe("");
      const report = JSON.parse(reviewed.out) as {
        newFindings: { rule: string }[];
        fixedFindings: { rule: string }[];
      };
      expect([...report.newFindings, ...report.fixedFindings]).toEqual([]);
    }
  });

  it("says so when a directory holds no gateway file", async () => {
    fs.mkdirSync(path.join(dir, "empty"));
    fs.writeFileSync(path.join(dir, "empty", "Pulumi.yaml"), "name: gw\nruntime: nodejs\n");
    const run = await aigw("lint empty --policy policy.yaml");
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      "empty holds no gateway file (every *.yaml and *.yml in it but Pulumi.yaml, Pulumi.<stack>.yaml, policy.yaml, the policy in use and dotfiles)",
    );
  });

  it("reads a project root as the gateway without its Pulumi files, dotfiles or the policy", async () => {
    // The team files at the root of a Pulumi project, beside its settings and the policy.
    for (const name of fs.readdirSync(path.join(dir, "gateway"))) {
      fs.renameSync(path.join(dir, "gateway", name), path.join(dir, name));
    }
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: gw\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aigw:file: .\n");
    fs.writeFileSync(path.join(dir, ".pre-commit-config.yaml"), "repos: []\n");
    // The policy by another name: left out because the command names it.
    fs.copyFileSync(path.join(dir, "policy.yaml"), path.join(dir, "team-rules.yaml"));
    const lint = await aigw("lint . --policy team-rules.yaml --format json");
    expect(lint.err).toBe("");
    expect(lint.code).toBe(0);
    const report = JSON.parse(lint.out) as { diagnostics: { file: string; rule: string }[] };
    expect(report.diagnostics.filter((d) => d.rule === "schema")).toEqual([]);
    expect(new Set(report.diagnostics.map((d) => d.file))).toEqual(
      new Set(["search.yaml", "support.yaml"]),
    );

    git("init", "-q");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base");
    const review = await aigw("review . --base HEAD --policy ./team-rules.yaml --format json");
    expect(review.err).toBe("");
    expect(review.code).toBe(0);
    const reviewed = JSON.parse(review.out) as { base: string; head: string; newFindings: [] };
    expect(reviewed.base).toBe("HEAD:platform.yaml, HEAD:search.yaml, HEAD:support.yaml");
    expect(reviewed.head).toBe("platform.yaml, search.yaml, support.yaml");
    expect(reviewed.newFindings).toEqual([]);

    // explain takes no policy: only the name policy.yaml is left out, so the other name goes.
    fs.rmSync(path.join(dir, "team-rules.yaml"));
    const explain = await aigw(
      "explain --access-key support-prod --model anthropic:claude-3-5-haiku .",
    );
    expect(explain.err).toBe("");
    expect(explain.code).toBe(0);
    expect(explain.out).toContain('via provider key "anthropic-shared"');
  });
});
