import { GATEWAY_ERRORS, GATEWAY_ERROR_CODES } from "pulumi-ngrok-ai/routing";
import { type EmulatorStore, type UsageEventRecord, openStore } from "../../emulator/store/store";
import { formatUsd, millicentsOf, wholeCents } from "../../emulator/usage-cost";

const MASTER = "0".repeat(64);
const AT = "2026-11-27T10:00:00.000Z";

function event(store: EmulatorStore, totalCost: string): UsageEventRecord {
  return {
    id: store.ids.next("aigue_"),
    eventTime: AT,
    requestId: "aigreq_1",
    accessKeyId: "aigk_1",
    provider: "openai",
    providerDisplayName: "OpenAI",
    model: "gpt-4o",
    modelDisplayName: "GPT-4o",
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
    totalCost,
    keySource: "ngrok",
    providerKeyId: null,
    providerKeyDisplayName: null,
  };
}

const USED = { accessKeyId: "aigk_1", providerKeyIds: [], at: AT };

function grant(id: string, amountCents: number, createdAt = AT) {
  return {
    id,
    category: "purchase" as const,
    amountCents,
    createdAt,
    expiresAt: null,
    checkoutSessionId: null,
  };
}

describe("usage cost arithmetic", () => {
  it("reads a 5-place USD string as whole millicents (USD 0.00001)", () => {
    expect(millicentsOf("0.00000")).toBe(0);
    expect(millicentsOf("0.00001")).toBe(1);
    expect(millicentsOf("0.10000")).toBe(10_000);
    expect(millicentsOf("12.34567")).toBe(1_234_567);
    expect(millicentsOf("3")).toBe(300_000);
    expect(millicentsOf("0.5")).toBe(50_000);
  });

  it("writes millicents back as the same 5-place USD string", () => {
    for (const text of ["0.00000", "0.00001", "0.10000", "12.34567", "1000000.00000"]) {
      expect(formatUsd(millicentsOf(text))).toBe(text);
    }
  });

  it("counts whole cents down, so a fraction of a cent is not a cent", () => {
    expect(wholeCents(1_000)).toBe(1);
    expect(wholeCents(999)).toBe(0);
    expect(wholeCents(0)).toBe(0);
    expect(wholeCents(-1)).toBe(-1);
    expect(wholeCents(-5_000)).toBe(-5);
  });
});

describe("EmulatorStore credits", () => {
  let store: EmulatorStore;

  beforeEach(() => {
    store = openStore({ path: ":memory:", masterKey: MASTER });
  });

  afterEach(() => {
    store.close();
  });

  it("sets the starting credits once, and leaves them when they exist", () => {
    expect(
      store.ensureCredits({ balanceMillicents: 500_000, purchased: true }, [grant("aigct_1", 500)]),
    ).toBe(true);
    expect(
      store.ensureCredits({ balanceMillicents: 1, purchased: false }, [grant("aigct_2", 1)]),
    ).toBe(false);
    expect(store.credits()).toEqual({ balanceMillicents: 500_000, purchased: true });
    expect(store.creditTransactions().map((t) => t.id)).toEqual(["aigct_1"]);
  });

  it("replaces the balance, the purchase state and the transactions on reset", () => {
    store.ensureCredits({ balanceMillicents: 500_000, purchased: true }, [grant("aigct_1", 500)]);
    store.resetCredits({ balanceMillicents: 0, purchased: false }, []);
    expect(store.credits()).toEqual({ balanceMillicents: 0, purchased: false });
    expect(store.creditTransactions()).toEqual([]);
  });

  it("adds a purchase to the balance, marks the account purchased and lists it newest first", () => {
    store.resetCredits({ balanceMillicents: 0, purchased: false }, []);
    store.purchaseCredits(grant(store.ids.next("aigct_"), 500));
    store.purchaseCredits(grant(store.ids.next("aigct_"), 700));
    expect(store.credits()).toEqual({ balanceMillicents: 1_200_000, purchased: true });
    expect(store.creditTransactions().map((t) => t.amountCents)).toEqual([700, 500]);
  });

  it("takes each recorded attempt's cost from the balance, also before the usage is written", () => {
    store.resetCredits({ balanceMillicents: 1_000, purchased: true }, []);
    store.recordUsage([event(store, "0.00001"), event(store, "0.00250")], USED);
    // Pending, not yet written: the balance already counts it.
    expect(store.credits()).toEqual({ balanceMillicents: 749, purchased: true });
    store.flushUsage();
    expect(store.credits()).toEqual({ balanceMillicents: 749, purchased: true });
    store.recordUsage([event(store, "0.01000")], USED);
    store.flushUsage();
    expect(store.credits().balanceMillicents).toBe(-251);
  });

  it("sets the balance or the purchase state on its own, as admin does", () => {
    store.resetCredits({ balanceMillicents: 5_000, purchased: true }, [grant("aigct_1", 5)]);
    expect(store.setCredits({ balanceMillicents: 0 })).toEqual({
      balanceMillicents: 0,
      purchased: true,
    });
    expect(store.setCredits({ purchased: false })).toEqual({
      balanceMillicents: 0,
      purchased: false,
    });
    expect(store.setCredits({ balanceMillicents: -3_000, purchased: true })).toEqual({
      balanceMillicents: -3_000,
      purchased: true,
    });
    expect(store.creditTransactions()).toHaveLength(1);
  });

  it("takes usage debits without counting them as a change to the account (the revision)", () => {
    store.resetCredits({ balanceMillicents: 5_000, purchased: true }, []);
    const revision = store.revision;
    store.recordUsage([event(store, "0.00100")], USED);
    store.flushUsage();
    expect(store.credits().balanceMillicents).toBe(4_900);
    expect(store.revision).toBe(revision);
  });
});

describe("the credit check's error codes", () => {
  it("are the documented 403 codes of the SDK's table of gateway error codes", () => {
    expect({
      outOfCredit: GATEWAY_ERROR_CODES.outOfCredit,
      prepaidRequired: GATEWAY_ERROR_CODES.prepaidRequired,
    }).toEqual({ outOfCredit: "ERR_NGROK_4026", prepaidRequired: "ERR_NGROK_6033" });
    const statuses = GATEWAY_ERRORS.filter((e) =>
      ["ERR_NGROK_4026", "ERR_NGROK_6033"].includes(e.code),
    ).map((e) => e.status);
    expect(statuses).toEqual([403, 403]);
  });
});
