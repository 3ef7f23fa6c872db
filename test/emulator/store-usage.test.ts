import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmulatorStore, type UsageEventRecord, openStore } from "../../emulator/store/store";

const MASTER = "0".repeat(64);
const AT = "2026-11-27T10:00:00.000Z";

function providerKey(store: EmulatorStore, id: string, value: string): void {
  store.saveProviderKey(
    {
      id,
      providerId: "openai",
      name: id,
      description: null,
      metadata: null,
      keyRedacted: `${value.slice(0, 10)}***${value.slice(-4)}`,
      lastUsed: null,
      createdAt: AT,
      updatedAt: AT,
      createdBy: "usr_test",
      lastUpdatedBy: "usr_test",
    },
    value,
  );
}

function accessKey(store: EmulatorStore, id: string): void {
  store.saveAccessKey(
    {
      id,
      name: id,
      description: null,
      metadata: null,
      keyRedacted: "ng-abcdef***wxyz",
      accessKeyConfigurationId: null,
      lastUsed: null,
      createdAt: AT,
      updatedAt: AT,
      createdBy: "usr_test",
      lastUpdatedBy: "usr_test",
    },
    `ng-token-of-${id}`,
  );
}

function event(id: string, requestId: string, eventTime: string): UsageEventRecord {
  return {
    id,
    eventTime,
    requestId,
    accessKeyId: "aigk_1",
    provider: "openai",
    providerDisplayName: "OpenAI",
    model: "gpt-4o",
    modelDisplayName: "gpt-4o",
    attemptNumber: 1,
    isFinalAttempt: true,
    statusCode: 200,
    timedOut: false,
    isError: false,
    isStreaming: false,
    stopReason: "stop",
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    totalCost: "0.00010",
    keySource: "user",
    providerKeyId: "aigpk_1",
    providerKeyDisplayName: "sk-proj-ab***1234",
  };
}

const ALL_TIME = {
  startTime: "2000-01-01T00:00:00.000Z",
  endTime: "2100-01-01T00:00:00.000Z",
  includeRetries: true,
  limit: 100,
};

describe("usage written behind", () => {
  let store: EmulatorStore;

  beforeEach(() => {
    store = openStore({ path: ":memory:", masterKey: MASTER });
    providerKey(store, "aigpk_1", "sk-proj-abcdefgh-value-1234");
    accessKey(store, "aigk_1");
  });

  afterEach(() => store.close());

  it("is visible to the very next query, before the event loop turns", () => {
    store.recordUsage([event("aigue_1", "aigreq_1", "2026-11-27T10:00:01.000Z")], {
      accessKeyId: "aigk_1",
      providerKeyIds: ["aigpk_1"],
      at: "2026-11-27T10:00:01.000Z",
    });
    expect(store.listUsageEvents(ALL_TIME).items.map((e) => e.id)).toEqual(["aigue_1"]);
    expect(store.getAccessKey("aigk_1")?.lastUsed).toBe("2026-11-27T10:00:01.000Z");
    expect(store.getProviderKey("aigpk_1")?.lastUsed).toBe("2026-11-27T10:00:01.000Z");
  });

  it("writes the requests of one turn together, keeping each key's latest use", async () => {
    for (let n = 1; n <= 3; n++) {
      const at = `2026-11-27T10:00:0${n}.000Z`;
      store.recordUsage([event(`aigue_${n}`, `aigreq_${n}`, at)], {
        accessKeyId: "aigk_1",
        providerKeyIds: ["aigpk_1"],
        at,
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
    const events = store.listUsageEvents(ALL_TIME).items;
    expect(events.map((e) => e.requestId)).toEqual(["aigreq_3", "aigreq_2", "aigreq_1"]);
    expect(events[0]).toEqual(event("aigue_3", "aigreq_3", "2026-11-27T10:00:03.000Z"));
    expect(store.getAccessKey("aigk_1")?.lastUsed).toBe("2026-11-27T10:00:03.000Z");
  });

  it("is written before a change to the account, and its marks never undo that change", () => {
    store.recordUsage([event("aigue_1", "aigreq_1", "2026-11-27T10:00:01.000Z")], {
      accessKeyId: "aigk_1",
      providerKeyIds: [],
      at: "2026-11-27T10:00:01.000Z",
    });
    expect(store.deleteAccessKey("aigk_1")).toBe(true);
    expect(store.getAccessKey("aigk_1")).toBeUndefined();
    expect(store.listUsageEvents(ALL_TIME).items).toHaveLength(1);
  });

  it("does not change the account's revision; changes to objects do", () => {
    const before = store.revision;
    store.recordUsage([event("aigue_1", "aigreq_1", "2026-11-27T10:00:01.000Z")], {
      accessKeyId: "aigk_1",
      providerKeyIds: ["aigpk_1"],
      at: "2026-11-27T10:00:01.000Z",
    });
    store.flushUsage();
    store.touchAccessKey("aigk_1", "2026-11-27T10:00:02.000Z");
    store.touchApiKey("aigak_none", "2026-11-27T10:00:02.000Z");
    expect(store.revision).toBe(before);
    providerKey(store, "aigpk_2", "sk-proj-second-value-5678");
    expect(store.revision).toBeGreaterThan(before);
  });

  it("decrypts a rotated value from the next call on", () => {
    expect(store.decryptProviderKeyValue("aigpk_1")).toBe("sk-proj-abcdefgh-value-1234");
    providerKey(store, "aigpk_1", "sk-proj-rotated-value-9999");
    expect(store.decryptProviderKeyValue("aigpk_1")).toBe("sk-proj-rotated-value-9999");
    expect(store.deleteProviderKey("aigpk_1")).toBe(true);
    expect(store.decryptProviderKeyValue("aigpk_1")).toBeUndefined();
  });
});

describe("usage written behind, file database", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "aigw-usage-"));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is written by close, so a restart finds it", () => {
    const path = join(dir, "emulator.db");
    const first = openStore({ path, masterKey: MASTER });
    first.recordUsage([event("aigue_1", "aigreq_1", "2026-11-27T10:00:01.000Z")], {
      accessKeyId: "aigk_1",
      providerKeyIds: [],
      at: "2026-11-27T10:00:01.000Z",
    });
    first.close();
    const second = openStore({ path, masterKey: MASTER });
    try {
      expect(second.listUsageEvents(ALL_TIME).items.map((e) => e.id)).toEqual(["aigue_1"]);
    } finally {
      second.close();
    }
  });
});
