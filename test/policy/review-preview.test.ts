// The engine's plan in a review, read from previews the real engine printed for one change
// (test/fixtures/preview, made as test/e2e/review-preview.test.ts makes them): a provider key
// rotated through its config secret, another's description changed, a configuration's scope
// widened, an access key replaced through its rotationTrigger, one deleted and one created.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../cli/program";
import { capturedContext } from "../helpers/cli";
import { logicalNameOf } from "../../sdk/core/resource-types";
import { parseGateway } from "../../sdk/gitops/load";
import {
  PreviewFileError,
  type PreviewDigest,
  parsePreviewDiff,
  parsePreviewJson,
} from "../../sdk/policy/preview-digest";
import {
  type PlannedChange,
  type PreviewPlan,
  locatePlan,
  planFromPreview,
} from "../../sdk/policy/review-preview";
import { planMarkdown } from "../../sdk/policy/review-formatters/plan-markdown";
import { PLANNED_ACTIONS, PLANNED_COUNTS } from "../fixtures/preview/plan";

const FIXTURES = path.join(__dirname, "..", "fixtures", "preview");
const read = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), "utf8");

const digest = (): PreviewDigest => parsePreviewJson(read("preview.json"), "preview.json");
const events = (): PreviewDigest =>
  parsePreviewJson(read("preview-events.jsonl"), "preview-events.jsonl");
const diffText = () => parsePreviewDiff(read("preview-diff.txt"), "preview-diff.txt");

function byName(plan: PreviewPlan): Record<string, PlannedChange> {
  return Object.fromEntries(plan.changes.map((c) => [c.logicalName, c]));
}

/** What a reviewer reads of each object: its action, kind and changed properties. */
function summary(plan: PreviewPlan): Record<string, string> {
  return Object.fromEntries(
    plan.changes.map((c) => [
      c.logicalName,
      `${c.action} ${c.kind ?? c.type}: ${c.properties.map((p) => p.property).join(", ")}`,
    ]),
  );
}

/** The index in preview.json of the step of `name` (the engine orders steps as they run). */
function stepIndex(name: string): number {
  const document = JSON.parse(read("preview.json")) as { steps: { urn: string }[] };
  const index = document.steps.findIndex((s) => s.urn.endsWith(`::${name}`));
  if (index < 0) throw new Error(`preview.json has no step of ${name}`);
  return index;
}

/** preview.json with the step of `name` changed by `overrides`. */
function withStep(overrides: Record<string, unknown>, name = "anthropic-main"): string {
  const document = JSON.parse(read("preview.json")) as { steps: Record<string, unknown>[] };
  const step = stepIndex(name);
  document.steps[step] = { ...document.steps[step], ...overrides };
  return JSON.stringify(document);
}

function thrown(run: () => unknown): PreviewFileError {
  try {
    run();
  } catch (err) {
    if (err instanceof PreviewFileError) return err;
    throw err;
  }
  throw new Error("expected a PreviewFileError");
}

describe("parsePreviewJson", () => {
  it("reads each step of the digest with its op, URN, type, id and inputs", () => {
    const preview = digest();
    const steps = Object.fromEntries(preview.steps.map((s) => [logicalNameOf(s.urn), s]));
    expect(Object.fromEntries(Object.entries(steps).map(([name, s]) => [name, s.op]))).toEqual({
      "review-preview-dev": "same",
      "anthropic-main": "update",
      "openai-primary": "update",
      "search-team": "update",
      "new-client": "create",
      "batch-prod": "replace",
      "legacy-client": "delete",
    });
    const rotated = steps["openai-primary"]!;
    expect(rotated.type).toBe("pulumi-nodejs:dynamic/ngrok-ai:ProviderKey");
    expect(rotated.id).toMatch(/^aigpk_/);
    expect(rotated.oldInputs?.value).toBe("[secret]");
    expect(rotated.newInputs?.value).toBe("[secret]");
    expect(steps["new-client"]?.oldInputs).toBeUndefined();
    expect(steps["legacy-client"]?.newInputs).toBeUndefined();
    expect(steps["batch-prod"]!.replaceReasons).toEqual(["rotationTrigger"]);
    expect(preview.changeSummary).toEqual({
      create: 1,
      delete: 1,
      replace: 1,
      same: 2,
      update: 3,
    });
    expect(preview.errors).toEqual([]);
  });

  it("reads engine events one per line, the replacement's three steps among them", () => {
    const preview = events();
    const batch = preview.steps.filter((s) => s.urn.endsWith("::batch-prod")).map((s) => s.op);
    expect(batch).toEqual(["create-replacement", "replace", "delete-replaced"]);
    expect(preview.changeSummary).toMatchObject({ replace: 1, delete: 1 });
  });

  it("keeps the error diagnostics of a preview that failed", () => {
    const failed = parsePreviewJson(read("preview-failed.json"), "preview-failed.json");
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0]).toMatch(/gateway\.yaml:\d+:\d+: error unknown-reference/);
  });

  it("keeps the errors of a preview that failed before any step: steps is omitted then", () => {
    // The engine's JSON omits an empty steps list (`json:"steps,omitempty"`).
    const failed = parsePreviewJson(
      JSON.stringify({
        diagnostics: [
          { message: "error: could not load plugin for nodejs", severity: "error" },
          { message: "a warning", severity: "warning" },
        ],
      }),
      "preview.json",
    );
    expect(failed.steps).toEqual([]);
    expect(failed.errors).toEqual(["error: could not load plugin for nodejs"]);
  });

  it.each([
    {
      what: "an empty file",
      text: "\n",
      message: "preview.json: is empty: the preview printed nothing to stdout.",
    },
    {
      what: "the text output of pulumi preview",
      text: "Previewing update (dev):\n  pulumi:pulumi:Stack: (same)\n",
      message: "preview.json:1:1: is the text output of `pulumi preview`, not its JSON.",
    },
    {
      what: "broken JSON, at its line and column",
      text: '{\n    "steps": [\n        {"op": "update",}\n    ]\n}\n',
      message: "preview.json:3:25: not valid JSON",
    },
    {
      what: "a JSON array, saying it is JSON of another shape",
      text: "[]\n",
      message: "preview.json:1:1: holds an array, not the object `pulumi preview --json` prints.",
    },
    {
      what: "JSON null",
      text: "null",
      message: "preview.json:1:1: holds null, not the object `pulumi preview --json` prints.",
    },
    {
      what: "a JSON number, at its line and column",
      text: "\n  42\n",
      message: "preview.json:2:3: holds a number, not the object `pulumi preview --json` prints.",
    },
    {
      what: "a JSON string",
      text: '"x"',
      message: "preview.json:1:1: holds a string, not the object `pulumi preview --json` prints.",
    },
    {
      what: "a JSON document that is not a preview",
      text: '{"name": "package"}',
      message: "preview.json: has no steps: it is not the JSON of `pulumi preview --json`.",
    },
    {
      what: "a step without a URN, naming the property",
      text: withStep({ urn: 42 }),
      message: `preview.json: steps[${stepIndex("anthropic-main")}].urn is not a URN.`,
    },
    {
      what: "a step without an op",
      text: withStep({ op: undefined }),
      message: `preview.json: steps[${stepIndex("anthropic-main")}].op is not a string.`,
    },
    {
      what: "a broken line of engine events, at its line",
      text: '{"sequence":0,"timestamp":1}\n{"sequence":1,\n',
      message: "preview.json:2:",
    },
  ])("rejects $what, saying where and how to write the file", ({ text, message }) => {
    const err = thrown(() => parsePreviewJson(text, "preview.json"));
    expect(err.code).toBe("AIGW_PREVIEW_INVALID");
    expect(err.message).toContain(message);
    expect(err.message).toContain("pulumi preview --json > preview.json");
  });
});

describe("parsePreviewDiff", () => {
  it("reads each resource's op, URN and the top-level properties marked as changing", () => {
    const diff = diffText();
    const search = diff.resources.find((r) => r.urn.endsWith("::search-team"));
    expect(search).toMatchObject({ op: "update", changed: ["access"], modified: ["access"] });
    const batch = diff.resources.find((r) => r.urn.endsWith("::batch-prod"));
    expect(batch?.op).toBe("replace");
    expect(batch?.modified).toEqual(["rotationTrigger"]);
    expect(diff.unchanged).toBe(2);
  });

  it("rejects text that is not a preview's, saying how to write it", () => {
    const err = thrown(() => parsePreviewDiff('{"steps": []}', "diff.txt"));
    expect(err.message).toContain("diff.txt: has no resource of a preview");
    expect(err.message).toContain("pulumi preview --diff > preview-diff.txt");
  });
});

describe("planFromPreview", () => {
  it("names each object's action by logical name, deletions and replacements first", () => {
    const plan = planFromPreview(digest());
    expect(summary(plan)).toEqual(PLANNED_ACTIONS);
    expect(plan.changes.map((c) => c.action)).toEqual([
      "delete",
      "replace",
      "rotate",
      "update",
      "update",
      "create",
    ]);
    expect(plan.counts).toEqual(PLANNED_COUNTS);
  });

  it("tells a provider key's rotation from an update: no other input changes, same id", () => {
    const changes = byName(planFromPreview(digest()));
    expect(changes["openai-primary"]).toMatchObject({
      action: "rotate",
      properties: [{ property: "value", secret: true }],
      id: expect.stringMatching(/^aigpk_/) as unknown,
    });
    expect(changes["openai-primary"]?.effect).toContain("rotated in place, same id");
    expect(changes["anthropic-main"]).toMatchObject({
      action: "update",
      properties: [{ property: "description", before: "old", after: "new" }],
    });
  });

  it("says an access key replacement issues a new token its clients must pick up", () => {
    const batch = byName(planFromPreview(digest()))["batch-prod"];
    expect(batch).toMatchObject({
      action: "replace",
      replaceReasons: ["rotationTrigger"],
      properties: [{ property: "rotationTrigger", before: "2026-11", after: "2026-12" }],
    });
    expect(batch?.effect).toContain("new token");
    expect(batch?.effect).toContain("must pick up the new one");
  });

  it("says where the root stack prints a replaced token only for access keys the files declare", () => {
    const head = parseGateway(read("head.yaml"), "head.yaml").model;
    const base = parseGateway(read("base.yaml"), "base.yaml").model;
    // batch-prod is the program's own access key: the root stack's accessKeyTokens lack it.
    const own = byName(locatePlan(planFromPreview(digest()), head, base))["batch-prod"];
    expect(own?.effect).toContain("must pick up the new one");
    expect(own?.effect).not.toContain("accessKeyTokens");
    // The same replacement of search-prod, which head.yaml declares.
    const declared = read("preview.json").split("::batch-prod").join("::search-prod");
    const inFile = byName(
      locatePlan(planFromPreview(parsePreviewJson(declared, "p.json")), head, base),
    )["search-prod"];
    expect(inFile?.action).toBe("replace");
    expect(inFile?.effect).toContain("pulumi stack output accessKeyTokens --show-secrets");
  });

  it("gives the same plan from engine events, with the replacement's steps folded into one", () => {
    const fromEvents = planFromPreview(events());
    expect(summary(fromEvents)).toEqual(PLANNED_ACTIONS);
    expect(fromEvents.counts).toEqual(planFromPreview(digest()).counts);
  });

  it("gives the same actions from the text of pulumi preview --diff alone", () => {
    const plan = planFromPreview(undefined, diffText());
    expect(summary(plan)).toEqual({
      ...PLANNED_ACTIONS,
      "search-team": "update accessKeyConfiguration: access",
    });
    expect(plan.sources).toEqual(["preview-diff.txt"]);
  });

  it("calls a provider key update a rotation when the engine names its value", () => {
    const plan = planFromPreview(
      parsePreviewJson(withStep({ diffReasons: ["value", "description"] }), "p.json"),
    );
    const key = byName(plan)["anthropic-main"];
    expect(key?.action).toBe("rotate");
    expect(key?.properties.map((p) => p.property)).toEqual(["description", "value"]);
    expect(key?.effect).not.toContain("changes no other input");
  });

  it("names a value the update computes as known only after the update", () => {
    const document = JSON.parse(read("preview.json")) as {
      steps: { newState: { inputs: Record<string, unknown> } }[];
    };
    const step = document.steps[stepIndex("new-client")]!;
    step.newState.inputs.accessKeyConfigurationId = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const changes = byName(planFromPreview(parsePreviewJson(JSON.stringify(document), "p.json")));
    expect(changes["new-client"]?.action).toBe("create");
    const updated = JSON.parse(read("preview.json")) as typeof document;
    updated.steps[stepIndex("search-team")]!.newState.inputs.description =
      "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const plan = planFromPreview(parsePreviewJson(JSON.stringify(updated), "p.json"));
    expect(byName(plan)["search-team"]?.properties).toContainEqual({
      property: "description",
      unknown: true,
    });
  });

  it.each([
    { name: "openai-primary", property: "value", secret: "sk-proj-plain-in-preview-0123456789" },
    { name: "batch-prod", property: "token", secret: "plain-token-in-preview-0123456789" },
  ])(
    "never shows the $property of $name, even when a preview holds it in plaintext",
    ({ name, property, secret }) => {
      const document = JSON.parse(read("preview.json")) as {
        steps: {
          oldState: { inputs: Record<string, unknown> };
          newState: (typeof document.steps)[0]["oldState"];
        }[];
      };
      const step = document.steps[stepIndex(name)]!;
      step.oldState.inputs[property] = `${secret}-old`;
      step.newState.inputs[property] = secret;
      const plan = planFromPreview(parsePreviewJson(JSON.stringify(document), "p.json"));
      expect(byName(plan)[name]?.properties).toContainEqual({ property, secret: true });
      expect(JSON.stringify(plan)).not.toContain(secret);
      expect(planMarkdown(plan)).not.toContain(secret);
    },
  );

  it("never repeats a token shape found among the inputs", () => {
    const token = "ng-2abcDEF-g1-7xyzXYZ0123456789";
    const plan = planFromPreview(
      parsePreviewJson(
        withStep({
          newState: {
            ...(JSON.parse(read("preview.json")) as { steps: { newState: object }[] }).steps[
              stepIndex("anthropic-main")
            ]!.newState,
            inputs: { description: `copied ${token}`, name: "anthropic-main", value: "[secret]" },
          },
        }),
        "p.json",
      ),
    );
    expect(JSON.stringify(plan)).not.toContain(token);
    expect(planMarkdown(plan)).not.toContain(token);
  });

  it("lists the errors of a failed preview and no objects", () => {
    const plan = planFromPreview(
      parsePreviewJson(read("preview-failed.json"), "preview-failed.json"),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.errors[0]).toContain("unknown-reference");
    expect(planMarkdown(plan)).toContain("**The preview failed**");
  });
});

describe("locatePlan", () => {
  it("points each object at its declaration, a removed one at the base's", () => {
    const head = parseGateway(read("head.yaml"), "head.yaml").model;
    const base = parseGateway(read("base.yaml"), "base.yaml").model;
    const changes = byName(locatePlan(planFromPreview(digest()), head, base));
    expect(changes["openai-primary"]?.declared).toEqual({
      file: "head.yaml",
      position: { line: 5, column: 3 },
      version: "head",
    });
    expect(changes["legacy-client"]?.declared).toMatchObject({
      file: "base.yaml",
      version: "base",
    });
    // The program's own access key is declared in no file.
    expect(changes["batch-prod"]?.declared).toBeUndefined();
  });
});

describe("planMarkdown", () => {
  it("marks deletions and replacements above the table and in capitals", () => {
    const text = planMarkdown(planFromPreview(digest()));
    const caution = text.indexOf("> [!CAUTION]");
    const table = text.indexOf("| Action |");
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(table);
    expect(text).toContain("**This change deletes 1 object and replaces 1 object.**");
    expect(text).toContain("`batch-prod` gets a new token");
    expect(text).toMatch(/\| \*\*DELETE\*\* \| `legacy-client` \|/);
    expect(text).toMatch(/\| \*\*REPLACE\*\* \| `batch-prod` \|/);
    expect(text.indexOf("**DELETE**")).toBeLessThan(text.indexOf("| rotate |"));
  });

  it("has no caution when nothing is deleted or replaced", () => {
    const plan = planFromPreview(digest());
    const calm = { ...plan, changes: plan.changes.filter((c) => c.action === "update") };
    expect(planMarkdown(calm)).not.toContain("[!CAUTION]");
  });
});

describe("aigw review --preview", () => {
  async function review(
    ...args: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const ctx = capturedContext({ AIGW_TODAY: "2026-12-01" }, FIXTURES);
    const code = await runCli(
      ["review", "--base", "base.yaml", "head.yaml", "--policy", "policy.yaml", ...args],
      ctx,
    );
    return { code, stdout: ctx.out(), stderr: ctx.err() };
  }

  function scratch(name: string, text: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aigw-preview-"));
    cleanup.push(dir);
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }
  const cleanup: string[] = [];
  afterAll(() => {
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("adds the plan to the Markdown and the JSON of the review", async () => {
    const markdown = await review("--preview", "preview.json");
    expect(markdown.stderr).toBe("");
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain("### What `pulumi up` will do");
    expect(markdown.stdout.indexOf("What `pulumi up` will do")).toBeLessThan(
      markdown.stdout.indexOf("### Findings"),
    );
    const json = await review("--preview", "preview.json", "--format", "json");
    const report = JSON.parse(json.stdout) as { plan: PreviewPlan };
    expect(summary(report.plan)).toEqual(PLANNED_ACTIONS);
    expect(report.plan.sources).toEqual(["preview.json"]);
  });

  it("reads --diff beside --preview, and --diff alone", async () => {
    const both = await review("--preview", "preview.json", "--diff", "preview-diff.txt");
    expect(both.code).toBe(0);
    expect(both.stdout).toContain("From the preview in `preview.json` and `preview-diff.txt`");
    const alone = await review("--diff", "preview-diff.txt", "--format", "json");
    expect(alone.code).toBe(0);
    expect(Object.keys(byName((JSON.parse(alone.stdout) as { plan: PreviewPlan }).plan))).toEqual(
      Object.keys(PLANNED_ACTIONS),
    );
  });

  it.each([
    {
      what: "a --preview file that does not exist",
      args: ["--preview", "no-such-preview.json"],
      says: [
        "--preview no-such-preview.json cannot be read (ENOENT)",
        "pulumi preview --json > preview.json",
      ],
    },
    {
      what: "the text of pulumi preview --diff given as --preview",
      args: ["--preview", "preview-diff.txt"],
      says: [
        "preview-diff.txt:1:1: is the text output of `pulumi preview`",
        "pulumi preview --json > preview.json",
      ],
    },
    {
      what: "a JSON preview given as --diff",
      args: ["--diff", "preview.json"],
      says: [
        "preview.json: has no resource of a preview",
        "pulumi preview --diff > preview-diff.txt",
      ],
    },
  ])("exits 2 for $what, naming the file and how to write it", async ({ args, says }) => {
    const run = await review(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    for (const text of says) expect(run.stderr).toContain(text);
  });

  it("exits 2 for a truncated preview, naming the file and line", async () => {
    const whole = read("preview.json");
    const file = scratch("preview.json", whole.slice(0, whole.indexOf('"steps"') + 40));
    const run = await review("--preview", file);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: not valid JSON`),
    );
    expect(run.stderr).toContain("pulumi preview --json > preview.json");
  });

  it.each([
    ["null", "null"],
    ["[]", "an array"],
    ["42", "a number"],
    ['"x"', "a string"],
  ])(
    "exits 2 for a --preview file holding %s, saying it is JSON of another shape",
    async (text, what) => {
      const file = scratch("preview.json", `${text}\n`);
      const run = await review("--preview", file);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        `aigw review: ${file}:1:1: holds ${what}, not the object \`pulumi preview --json\` prints. ` +
          "Write it with `pulumi preview --json > preview.json` (stdout only; the engine's messages go to stderr).\n",
      );
    },
  );

  it("exits 2 for a preview whose steps are not a list, naming the property", async () => {
    const file = scratch("preview.json", JSON.stringify({ steps: { op: "update" } }));
    const run = await review("--preview", file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: steps is not a list.`);
  });
});
