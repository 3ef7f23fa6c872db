// A `pulumi up` killed mid-way (SIGKILL of the real CLI, by its pid, with 400 ms of latency on
// every POST so creates are in flight) during configuration creation and, in a second stack,
// during access-key creation. The engine's language host and dynamic provider outlive the CLI and
// finish the creates in flight, as they do for users; the test then ends them by pid. The
// documented recovery follows (README "When `pulumi up` is interrupted"): `aigw drift` reports the
// pending operations and orphans without --include-unmanaged, `pulumi cancel`, `aigw recover`
// (plan), `aigw recover --yes`, `pulumi up --refresh`. Afterwards the account holds exactly the
// declared objects, `pulumi preview --expect-no-changes` passes, and the only API writes besides
// pulumi's own were the deletes `aigw recover` planned.
import { join } from "node:path";
import type { DriftReport } from "../../sdk/drift/report";
import { getValidator } from "../../sdk/core/schema";
import { type CliRun, aigw } from "../drift/aigw-cli";
import { REPO_ROOT, initStack, pulumi, pulumiOk, writeProject } from "./helpers/engine";
import { useEngineHarness } from "./helpers/harness";
import {
  type ProcessEntry,
  descendants,
  hasEnded,
  startPulumi,
  waitEnded,
} from "./helpers/processes";

const KEYS = 15;
const TEAMS = 15;
const CLIENTS = 20;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { AccessKey, AccessKeyConfiguration, ProviderKey } from "pulumi-ngrok-ai";

const config = new pulumi.Config();
const n = (i: number) => String(i).padStart(2, "0");
const keys: ProviderKey[] = [];
for (let i = 0; i < ${KEYS}; i++) {
  keys.push(new ProviderKey(\`key-\${n(i)}\`, { providerId: "openai", value: config.requireSecret(\`key\${n(i)}\`) }));
}
const teams = keys.map(
  (key, i) =>
    new AccessKeyConfiguration(\`team-\${n(i)}\`, {
      access: { models: { allow: ["openai:gpt-4o-mini"] } },
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key.id }] }, { type: "ngrok" }] }] },
    }),
);
for (let i = 0; i < ${CLIENTS}; i++) {
  new AccessKey(\`client-\${n(i)}\`, { accessKeyConfigurationId: teams[i % ${TEAMS}]!.id });
}
`;

const pad = (i: number): string => String(i).padStart(2, "0");
const SECRETS: Record<string, string> = Object.fromEntries(
  Array.from({ length: KEYS }, (_v, i) => [
    `key${pad(i)}`,
    `sk-proj-interrupted-${pad(i)}-AAAAAAAAAAAAAAAA-00${pad(i)}`,
  ]),
);
const DECLARED = {
  providerKeys: Array.from({ length: KEYS }, (_v, i) => `key-${pad(i)}`),
  accessKeyConfigurations: Array.from({ length: TEAMS }, (_v, i) => `team-${pad(i)}`),
  accessKeys: Array.from({ length: CLIENTS }, (_v, i) => `client-${pad(i)}`),
};
type Collection = keyof typeof DECLARED;
const TYPE_OF: Record<Collection, string> = {
  providerKeys: "pulumi-nodejs:dynamic/ngrok-ai:ProviderKey",
  accessKeyConfigurations: "pulumi-nodejs:dynamic/ngrok-ai:AccessKeyConfiguration",
  accessKeys: "pulumi-nodejs:dynamic/ngrok-ai:AccessKey",
};

interface ExportedState {
  deployment: {
    resources: { urn: string; type: string; id?: string; outputs?: Record<string, unknown> }[];
    pending_operations?: { type: string; resource: { urn: string; type: string } }[];
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  ["configuration", "accessKeyConfigurations"],
  ["access-key", "accessKeys"],
] as const)("a pulumi up killed during %s creation", (phase, killDuring) => {
  const requests: string[] = [];
  const h = useEngineHarness({
    faults: [{ method: "POST", path: "*", kind: "latency", latencyMs: 400 }],
    logger: (line: string) => requests.push(line),
  });
  let dir: string;
  const started: ProcessEntry[] = [];
  let upPid = 0;
  const printed: CliRun[] = [];
  const validate = getValidator(undefined, "drift-report.schema.json");

  const liveNames = async (collection: Collection): Promise<string[]> =>
    (await h.client[collection].listAll()).map((o) => o.name ?? "").sort();
  const liveIds = async (collection: Collection): Promise<string[]> =>
    (await h.client[collection].listAll()).map((o) => o.id).sort();
  const liveCount = async (): Promise<number> =>
    (await Promise.all((Object.keys(DECLARED) as Collection[]).map(liveIds))).flat().length;

  async function exported(): Promise<ExportedState> {
    return JSON.parse(
      (await pulumiOk(h.sandbox, dir, ["stack", "export"])).stdout,
    ) as ExportedState;
  }

  function recordedIds(state: ExportedState, collection: Collection): string[] {
    return state.deployment.resources
      .filter((r) => r.type === TYPE_OF[collection] && r.id !== undefined)
      .map((r) => r.id!)
      .sort();
  }

  async function run(...argv: string[]): Promise<CliRun> {
    const result = await aigw([...argv, "--stack", "dev", "--cwd", dir], h.sandbox.env, REPO_ROOT);
    printed.push(result);
    return result;
  }

  beforeAll(async () => {
    dir = join(h.sandbox.root, `interrupted-${phase}`);
    writeProject(dir, "aigw-interrupted", PROGRAM);
    await initStack(h.sandbox, dir, "dev", h.emulator);
    await pulumiOk(h.sandbox, dir, [
      "config",
      "set-all",
      ...Object.entries(SECRETS).flatMap(([k, v]) => ["--secret", `${k}=${v}`]),
    ]);
  });

  afterAll(() => {
    // Whatever happened above, nothing this test started keeps running.
    for (const pid of [upPid, ...started.map((p) => p.pid)]) {
      if (pid !== 0 && !hasEnded(pid)) process.kill(pid, "SIGKILL");
    }
  });

  it("1. the kill leaves pending creates and orphaned objects, and every process the update started is ended by pid", async () => {
    const up = startPulumi(h.sandbox, dir, ["up", "--yes", "--skip-preview", "--parallel", "4"]);
    upPid = up.pid;
    let exited = false;
    void up.done.then(() => (exited = true));
    const remember = (): void => {
      for (const p of descendants(up.pid)) {
        if (!started.some((s) => s.pid === p.pid)) started.push(p);
      }
    };
    while ((await h.client[killDuring].listAll()).length < 5) {
      if (exited)
        throw new Error(
          `pulumi up ended before it could be interrupted:\n${(await up.done).stderr}`,
        );
      remember();
      await sleep(50);
    }
    remember();
    process.kill(up.pid, "SIGKILL");
    await up.done;
    // The language host and the dynamic provider outlive the CLI and finish the creates in flight.
    expect(started.some((p) => p.command.includes("pulumi-language-nodejs"))).toBe(true);
    expect(started.some((p) => p.command.includes("dynamic-provider"))).toBe(true);
    for (let stable = 0, last = -1; stable < 6;) {
      await sleep(250);
      const count = await liveCount();
      stable = count === last ? stable + 1 : 0;
      last = count;
    }
    for (const p of started) if (!hasEnded(p.pid)) process.kill(p.pid, "SIGKILL");
    expect(await waitEnded([up.pid, ...started.map((p) => p.pid)], 10_000)).toBe(true);

    const state = await exported();
    const pending = state.deployment.pending_operations ?? [];
    expect(pending.filter((op) => op.type === "creating").length).toBeGreaterThan(0);
    // Objects the account holds and the state does not record: the creates in flight made them.
    const orphans = (await liveIds(killDuring)).filter(
      (id) => !recordedIds(state, killDuring).includes(id),
    );
    expect(orphans.length).toBeGreaterThan(0);
  });

  it("2. aigw drift reports the pending operations and the orphans without --include-unmanaged: exit 2, pointing at aigw recover", async () => {
    const text = await run("drift");
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("Pending operations of an interrupted update:");
    expect(text.stdout).toContain("run `aigw recover --stack dev`");

    const json = await run("drift", "--format", "json");
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as DriftReport;
    expect(validate(report)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const state = await exported();
    const ours = (state.deployment.pending_operations ?? []).filter((op) =>
      op.resource.type.includes("ngrok-ai"),
    );
    expect(report.pendingOperations.map((p) => p.urn).sort()).toEqual(
      ours.map((op) => op.resource.urn).sort(),
    );
    const unrecorded = (
      await Promise.all(
        (Object.keys(DECLARED) as Collection[]).map(async (c) =>
          (await liveIds(c)).filter((id) => !recordedIds(state, c).includes(id)),
        ),
      )
    ).flat();
    expect(
      report.entries
        .filter((e) => e.class === "orphaned")
        .map((e) => e.id)
        .sort(),
    ).toEqual(unrecorded.sort());
    expect(report.pendingOperations.every((p) => p.recovery !== "ambiguous")).toBe(true);
  });

  it("3. aigw recover prints the plan and changes nothing", async () => {
    // The killed update still holds the stack's lock; no pulumi of it runs any more (step 1).
    await pulumiOk(h.sandbox, dir, ["cancel", "--yes"]);
    const before = await exported();
    const writes = requests.filter((l) => !l.startsWith("GET ")).length;
    const plan = await run("recover");
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("`aigw recover --stack dev --yes` will:");
    if (killDuring === "accessKeyConfigurations") {
      expect(plan.stdout).toMatch(/ADOPT {6}access key configuration "team-\d\d": aigac_/);
    } else {
      expect(plan.stdout).toMatch(/DELETE {5}access key "client-\d\d": aigk_/);
      expect(plan.stdout).toContain(
        `curl -fsS -X DELETE -H "Authorization: Bearer $NGROK_AI_API_KEY" '${h.emulator.url}/access-keys/aigk_`,
      );
    }
    expect(await exported()).toEqual(before);
    expect(requests.filter((l) => !l.startsWith("GET ")).length).toBe(writes);
  });

  it("4. aigw recover --yes, then pulumi up --refresh, leaves exactly the declared objects and nothing to change", async () => {
    const writes = requests.length;
    const plan = await run("recover", "--yes");
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Recovered stack "dev"');
    const deletes = (plan.stdout.match(/^ {7}curl -fsS -X DELETE/gm) ?? []).length;
    // The only API writes aigw recover sent are the deletes its plan listed.
    const sent = requests.slice(writes).filter((l) => !l.startsWith("GET "));
    expect(
      sent.filter((l) => l.startsWith("DELETE /access-keys/") && l.endsWith(" 204")),
    ).toHaveLength(deletes);
    expect(sent).toHaveLength(deletes);
    if (killDuring === "accessKeys") expect(deletes).toBeGreaterThan(0);
    expect((await exported()).deployment.pending_operations ?? []).toEqual([]);

    await pulumiOk(h.sandbox, dir, ["up", "--refresh", "--yes", "--skip-preview"]);
    const preview = await pulumi(h.sandbox, dir, ["preview", "--expect-no-changes"]);
    expect({ code: preview.code, output: preview.code === 0 ? "" : preview.stdout }).toEqual({
      code: 0,
      output: "",
    });

    const state = await exported();
    for (const collection of Object.keys(DECLARED) as Collection[]) {
      expect(await liveNames(collection)).toEqual(DECLARED[collection]);
      expect(await liveIds(collection)).toEqual(recordedIds(state, collection));
    }
    // Every access key has the token its create returned (none was adopted without one).
    const clients = state.deployment.resources.filter((r) => r.type === TYPE_OF.accessKeys);
    expect(clients).toHaveLength(CLIENTS);
    for (const client of clients) expect(client.outputs?.token).toHaveProperty("ciphertext");

    const clean = await run("drift", "--include-unmanaged");
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("No drift");
  });

  it("5. printed no secret: no provider key value, no API key", () => {
    const out = printed.map((r) => r.stdout + r.stderr).join("\n");
    for (const value of [...Object.values(SECRETS), h.emulator.apiKey])
      expect(out).not.toContain(value);
  });
});
