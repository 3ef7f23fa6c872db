import fc from "fast-check";
import { FaultInjector, seededRandom } from "../../emulator/faults/faults";
import { IdGenerator } from "../../emulator/store/ids";
import { SecretBox, hashToken, parseMasterKey, redact } from "../../emulator/store/secrets";

describe("IdGenerator", () => {
  it("makes ids that sort in creation order, even within one millisecond", () => {
    const ids = new IdGenerator();
    const made = Array.from({ length: 2000 }, () => ids.next("aigpk_"));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made[0]).toMatch(/^aigpk_[0-9a-z]{26}$/);
  });
});

describe("redact", () => {
  it("shows first10***last4 for provider key values", () => {
    expect(redact("sk-proj-abcdefghijklmnopqrstuvwxyz", 10)).toBe("sk-proj-ab***wxyz");
  });

  it("always hides at least min(8, half) of a secret", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.constantFrom(8, 10),
        (secret, head) => {
          const shown = redact(secret, head).replace("***", "");
          const length = [...secret].length;
          expect(length - [...shown].length).toBeGreaterThanOrEqual(
            Math.min(8, Math.ceil(length / 2)),
          );
        },
      ),
    );
  });
});

describe("SecretBox", () => {
  it("round-trips a value bound to its row id and refuses another id or key", () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal("sk-secret", "aigpk_1");
    expect(sealed.includes(Buffer.from("sk-secret"))).toBe(false);
    expect(box.open(sealed, "aigpk_1")).toBe("sk-secret");
    expect(() => box.open(sealed, "aigpk_2")).toThrow(/could not decrypt/);
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, "aigpk_1")).toThrow();
  });

  it("parses 32-byte keys in hex or base64 and rejects others without echoing them", () => {
    const key = Buffer.alloc(32, 9);
    expect(parseMasterKey(key.toString("hex"))).toEqual(key);
    expect(parseMasterKey(key.toString("base64"))).toEqual(key);
    expect(() => parseMasterKey("abcd")).toThrow(/must be 32 bytes/);
    try {
      parseMasterKey("secret-looking-value");
    } catch (err) {
      expect((err as Error).message).not.toContain("secret-looking-value");
    }
    expect(hashToken("t")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("FaultInjector", () => {
  it("matches method and path globs and sums latency before the first terminal fault", () => {
    const faults = new FaultInjector(
      [
        { path: "/a/*", kind: "latency", latencyMs: 10 },
        { method: "POST", path: "/a/*/rotate", kind: "503" },
        { path: "*", kind: "latency", latencyMs: 5 },
      ],
      seededRandom(1),
    );
    expect(faults.decide("POST", "/a/x/rotate")).toEqual({
      delayMs: 10,
      outcome: { type: "status", status: 503 },
    });
    expect(faults.decide("GET", "/a/x/rotate")).toEqual({ delayMs: 15, outcome: { type: "none" } });
    expect(faults.decide("GET", "/b")).toEqual({ delayMs: 5, outcome: { type: "none" } });
  });

  it("treats glob metacharacters other than * literally", () => {
    const faults = new FaultInjector([{ path: "/x.y?", kind: "reset" }], seededRandom(1));
    expect(faults.decide("GET", "/x.y?").outcome.type).toBe("reset");
    expect(faults.decide("GET", "/xzy").outcome.type).toBe("none");
  });

  it("gives the same decisions for the same seed", () => {
    const rules = [{ path: "*", kind: "429" as const, probability: 0.3 }];
    const run = (): string[] => {
      const f = new FaultInjector(rules, seededRandom(77));
      return Array.from({ length: 50 }, () => f.decide("GET", "/p").outcome.type);
    };
    expect(run()).toEqual(run());
  });
});
