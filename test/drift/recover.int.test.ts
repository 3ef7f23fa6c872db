// planRecovery against the emulator, with a stand-in for the pulumi CLI that keeps the stack's
// state in memory (`stack export` prints it, `stack import --file` replaces it), as a backend
// would. The real engine runs the same recovery in test/e2e/interrupted-up.test.ts.
import { existsSync, readFileSync } from "node:fs";
import { createEmulator, type Emulator } from "../../emulator";
import { GatewayClient } from "../../sdk/client/gateway-client";
import type {
  AccessKey,
  AccessKeyConfiguration,
  AccessKeyConfigurationCreate,
  ProviderKey,
} from "../../sdk/client/types";
import { planRecovery } from "../../sdk/drift/recover";
import type { PulumiRunner } from "../../sdk/drift/state";
import { toOutputs as configurationOutputs } from "../../sdk/state/access-key-configuration";
import { toOutputs as providerKeyOutputs } from "../../sdk/state/provider-key";
import { PROVIDER_TEXT, SECRET_ENVELOPE, pendingOperation, stackDocument, urnOf } from "./fixtures";
import { TYPE_TOKENS, type ManagedObject } from "../../sdk/drift/state";

const KEY_VALUE = "sk-proj-recover-int-AAAAAAAAAAAAAAAAAAAA-0001";

/** A stand-in backend: the state as text, and every command pulumi was asked to run. */
class FakeBackend {
  state: string;
  readonly calls: string[][] = [];
  readonly imported: unknown[] = [];
  /** What `stack import` answers; code 0 replaces the state with the file's document. */
  importFails: { code: number; stderr: string } | undefined;
  /** Text the next `stack export` prints instead of the state (once). */
  exportOnce: string | undefined;

  constructor(
    state: unknown,
    private readonly api: { url: string; apiKey: string },
  ) {
    this.state = JSON.stringify(state, null, 4);
  }

  readonly runner: PulumiRunner = (args) => {
    this.calls.push([...args]);
    const ok = (stdout: string) => Promise.resolve({ code: 0, stdout, stderr: "" });
    if (args[0] === "stack" && args[1] === "export") {
      const text = this.exportOnce ?? this.state;
      this.exportOnce = undefined;
      return ok(text);
    }
    if (args[0] === "stack" && args[1] === "import") {
      const file = args[args.indexOf("--file") + 1]!;
      const text = readFileSync(file, "utf8");
      this.imported.push({ file, document: JSON.parse(text) as unknown });
      if (this.importFails !== undefined)
        return Promise.resolve({ stdout: "", ...this.importFails });
      this.state = text;
      return ok("Import complete.\n");
    }
    if (args[0] === "config" && args[1] === "--json") {
      return ok(JSON.stringify({ "ngrok-ai:apiUrl": { value: this.api.url, secret: false } }));
    }
    if (args[0] === "config" && args[1] === "get") return ok(`${this.api.apiKey}\n`);
    return Promise.resolve({
      code: 255,
      stdout: "",
      stderr: `unexpected pulumi ${args.join(" ")}`,
    });
  };

  document(): {
    deployment: { resources: Record<string, unknown>[]; pending_operations?: unknown[] };
  } {
    return JSON.parse(this.state) as ReturnType<FakeBackend["document"]>;
  }
}

function recordedKey(live: ProviderKey): ManagedObject {
  return {
    stack: "dev",
    urn: urnOf("providerKey", "openai-primary"),
    logicalName: "openai-primary",
    kind: "providerKey",
    type: TYPE_TOKENS.providerKey,
    id: live.id,
    outputs: {
      __provider: PROVIDER_TEXT,
      ...providerKeyOutputs(live, undefined, undefined),
      value: SECRET_ENVELOPE,
    },
    pendingDelete: false,
  };
}

describe("planRecovery against the emulator", () => {
  let emulator: Emulator;
  let client: GatewayClient;
  let key: ProviderKey;
  let made: AccessKeyConfiguration;
  let orphanKey: AccessKey;

  /** The provider config the stack records: its last update used this emulator. */
  const recordedUrl = (): Record<string, unknown> => ({ "ngrok-ai:apiUrl": emulator.url });

  const teamInputs = (): AccessKeyConfigurationCreate => ({
    name: "team",
    access: { models: { allow: ["openai:gpt-4o-mini"] } },
    router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: key.id }] }] }] },
  });

  /** A stack that recorded the provider key and was killed creating "team", "web" and "batch". */
  function interrupted(): FakeBackend {
    return new FakeBackend(
      stackDocument(
        [recordedKey(key)],
        [
          pendingOperation("accessKeyConfiguration", "team", { ...teamInputs() }, "creating", {
            dependencies: [urnOf("providerKey", "openai-primary")],
          }),
          pendingOperation("accessKey", "web", { name: "web" }),
          pendingOperation("accessKey", "batch", { name: "batch" }),
        ],
        recordedUrl(),
      ),
      emulator,
    );
  }

  beforeAll(async () => {
    emulator = await createEmulator({ db: ":memory:" });
    client = new GatewayClient({ baseUrl: emulator.url, apiKey: emulator.apiKey });
    key = await client.providerKeys.create({
      providerId: "openai",
      name: "openai-primary",
      value: KEY_VALUE,
    });
  });

  beforeEach(async () => {
    // What the killed update left in the account: "team" and "web" were made, "batch" was not.
    for (const k of await client.accessKeys.listAll()) await client.accessKeys.delete(k.id);
    for (const c of await client.accessKeyConfigurations.listAll()) {
      await client.accessKeyConfigurations.delete(c.id);
    }
    made = await client.accessKeyConfigurations.create(teamInputs());
    orphanKey = await client.accessKeys.create({ name: "web" });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  function options(backend: FakeBackend, extra: Record<string, unknown> = {}) {
    return { stack: "dev", cwd: process.cwd(), env: {}, runner: backend.runner, ...extra };
  }

  it("plans to adopt the configuration, delete the access key and clear the create that made nothing", async () => {
    const backend = interrupted();
    const { plan } = await planRecovery(options(backend));
    expect(plan.blockers).toEqual([]);
    expect(plan.apiUrl).toBe(emulator.url);
    expect(plan.matches.map((m) => [m.operation.logicalName, m.resolution, m.target?.id])).toEqual([
      ["team", "adopt", made.id],
      ["web", "delete", orphanKey.id],
      ["batch", "clear", undefined],
    ]);
    // A plan changes nothing.
    expect(await client.accessKeys.get(orphanKey.id)).toMatchObject({ id: orphanKey.id });
    expect(backend.calls.filter((c) => c[1] === "import")).toEqual([]);
  });

  it("carries the plan out: the state records the adopted object as its create would have, with no pending operation", async () => {
    const backend = interrupted();
    const recovery = await planRecovery(options(backend));
    const result = await recovery.apply();
    expect(result).toEqual({
      adopted: [{ urn: urnOf("accessKeyConfiguration", "team"), id: made.id }],
      deleted: [{ urn: urnOf("accessKey", "web"), id: orphanKey.id }],
      cleared: [urnOf("accessKey", "batch")],
      stateWritten: true,
    });
    await expect(client.accessKeys.get(orphanKey.id)).rejects.toMatchObject({
      code: "AIGW_NOT_FOUND",
    });

    const state = backend.document().deployment;
    expect(state.pending_operations).toEqual([]);
    const team = state.resources.find((r) => r.urn === urnOf("accessKeyConfiguration", "team"));
    expect(team).toMatchObject({
      id: made.id,
      custom: true,
      type: TYPE_TOKENS.accessKeyConfiguration,
      provider: expect.stringContaining("pulumi:providers:pulumi-nodejs") as unknown,
      dependencies: [urnOf("providerKey", "openai-primary")],
      inputs: { __provider: PROVIDER_TEXT, ...teamInputs() },
    });
    const live = await client.accessKeyConfigurations.get(made.id);
    expect(team!.outputs).toEqual({
      __provider: PROVIDER_TEXT,
      ...configurationOutputs(live, undefined),
    });
    // Appended after every resource it depends on; the recorded ones are unchanged.
    expect(state.resources.map((r) => r.urn).slice(-1)).toEqual([
      urnOf("accessKeyConfiguration", "team"),
    ]);
    expect(state.resources).toHaveLength(4);
    // The temporary file is gone, and it held no plaintext secret.
    const { file } = backend.imported[0] as { file: string };
    expect(existsSync(file)).toBe(false);
    expect(backend.state).not.toContain(KEY_VALUE);
    expect(backend.state).not.toContain(emulator.apiKey);
    expect(backend.calls.flat().join(" ")).not.toContain(emulator.apiKey);
  });

  it("copies a provider key's encrypted value into the outputs, never a plaintext one", async () => {
    const backend = new FakeBackend(
      stackDocument(
        [],
        [
          pendingOperation("providerKey", "backup", {
            providerId: "openai",
            name: "backup",
            value: SECRET_ENVELOPE,
          }),
        ],
      ),
      emulator,
    );
    const backup = await client.providerKeys.create({
      providerId: "openai",
      name: "backup",
      value: KEY_VALUE,
    });
    try {
      await (await planRecovery(options(backend))).apply();
      const adopted = backend.document().deployment.resources.find((r) => r.id === backup.id);
      expect(adopted?.outputs).toMatchObject({
        value: SECRET_ENVELOPE,
        keyRedacted: backup.keyRedacted,
      });
    } finally {
      await client.providerKeys.delete(backup.id);
    }
  });

  it("says to run `pulumi cancel` when the interrupted update still locks the stack, and a rerun finishes", async () => {
    const backend = interrupted();
    backend.importFails = {
      code: 255,
      stderr:
        "error: could not import deployment: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n",
    };
    const failed = (await planRecovery(options(backend))).apply();
    await expect(failed).rejects.toMatchObject({ code: "AIGW_STACK_WRITE" });
    const message = await failed.catch((e: Error) => e.message);
    expect(message).toContain("pulumi cancel --stack dev --yes");
    expect(message).toContain("the stack is currently locked");
    expect(backend.document().deployment.pending_operations).toHaveLength(3);

    backend.importFails = undefined;
    const rerun = await planRecovery(options(backend));
    // The key was deleted by the first run: its create now matches nothing and is cleared.
    expect(rerun.plan.matches.map((m) => m.resolution)).toEqual(["adopt", "clear", "clear"]);
    await rerun.apply();
    expect(backend.document().deployment.pending_operations).toEqual([]);
  });

  it("writes nothing when the state changed after it was read", async () => {
    const backend = interrupted();
    const recovery = await planRecovery(options(backend));
    backend.exportOnce = JSON.stringify(stackDocument([recordedKey(key)], [], recordedUrl()));
    await expect(recovery.apply()).rejects.toMatchObject({
      code: "AIGW_STACK_WRITE",
      message: expect.stringContaining("changed while aigw recover worked") as unknown,
    });
    expect(backend.imported).toEqual([]);
  });

  it("changes nothing while a create is ambiguous, and takes --match to settle it", async () => {
    const twin = await client.accessKeyConfigurations.create(teamInputs());
    const backend = interrupted();
    const recovery = await planRecovery(options(backend));
    expect(recovery.plan.blockers).toHaveLength(1);
    expect(recovery.plan.blockers[0]).toContain(made.id);
    expect(recovery.plan.blockers[0]).toContain(twin.id);
    await expect(recovery.apply()).rejects.toMatchObject({ code: "AIGW_STACK_WRITE" });
    expect(await client.accessKeys.get(orphanKey.id)).toMatchObject({ id: orphanKey.id });
    expect(backend.imported).toEqual([]);

    const decided = await planRecovery(
      options(backend, {
        decisions: new Map([[urnOf("accessKeyConfiguration", "team"), twin.id]]),
      }),
    );
    expect(decided.plan.blockers).toEqual([]);
    await decided.apply();
    const team = backend
      .document()
      .deployment.resources.find((r) => r.urn === urnOf("accessKeyConfiguration", "team"));
    expect(team?.id).toBe(twin.id);
  });

  it("refuses to write the state over another provider's pending create, which the import would drop", async () => {
    const state = stackDocument(
      [recordedKey(key)],
      [
        {
          resource: {
            urn: "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::logs",
            type: "aws:s3/bucket:Bucket",
            custom: true,
            inputs: {},
          },
          type: "creating",
        },
      ],
      recordedUrl(),
    );
    const backend = new FakeBackend(state, emulator);
    const { plan } = await planRecovery(options(backend));
    expect(plan.blockers.join(" ")).toContain("urn:pulumi:dev::proj::aws:s3/bucket:Bucket::logs");
  });

  it("needs no API key and reads nothing when the state holds no pending operation", async () => {
    const backend = new FakeBackend(stackDocument([recordedKey(key)], [], recordedUrl()), {
      url: emulator.url,
      apiKey: "",
    });
    const recovery = await planRecovery(options(backend));
    expect(recovery.plan.nothingToDo).toBe(true);
    expect(backend.calls).toEqual([["stack", "export", "--stack", "dev"]]);
    await expect(recovery.apply()).resolves.toMatchObject({ stateWritten: false });
  });
});
