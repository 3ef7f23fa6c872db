import fc from "fast-check";
import { FaultInjector, globMatcher, seededRandom } from "../../emulator/faults/faults";
import { IdGenerator } from "../../emulator/store/ids";
import {
  MaskedSecret,
  SecretBox,
  hashToken,
  parseMasterKey,
  redact,
} from "../../emulator/store/secrets";

describe("IdGenerator", () => {
  it("makes ids that sort in creation order, even within one millisecond", () => {
    const ids = new IdGenerator();
    const made = Array.from({ length: 2000 }, () => ids.next("aigpk_"));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made[0]).toMatch(/^aigpk_[0-9a-z]{26}$/);
  });

  it("encodes the time and the random bits as a ULID does", () => {
    const random = Buffer.from("0123456789abcdef0123", "hex");
    const ids = new IdGenerator({ now: () => 1_700_000_000_000, random: () => random });
    // Reference: Crockford base32 of the 48-bit time, then of the 80 random bits shifted right by
    // one within the high 40 bits, computed with BigInt.
    const crockford = (value: bigint, length: number): string => {
      let out = "";
      for (let i = 0; i < length; i++) {
        out = "0123456789abcdefghjkmnpqrstvwxyz"[Number((value >> BigInt(5 * i)) & 31n)]! + out;
      }
      return out;
    };
    const high = BigInt(`0x${random.subarray(0, 5).toString("hex")}`) >> 1n;
    const low = BigInt(`0x${random.subarray(5).toString("hex")}`);
    expect(ids.next("aigue_")).toBe(
      `aigue_${crockford(1_700_000_000_000n, 10)}${crockford((high << 40n) | low, 16)}`,
    );
  });

  it("carries the low random half into the high half within one millisecond", () => {
    let calls = 0;
    const ids = new IdGenerator({
      now: () => 5,
      random: () => {
        calls += 1;
        // high = 2^39 - 1 after the shift, low = 2^40 - 1: two increments overflow both halves.
        return Buffer.from("fffffffffeffffffffff", "hex");
      },
    });
    const first = ids.next("x_");
    const second = ids.next("x_");
    const third = ids.next("x_");
    expect(calls).toBe(1);
    expect(first < second && second < third).toBe(true);
    expect(second.slice(2, 12)).toBe(first.slice(2, 12));
    expect(second.slice(20)).toBe("00000000");
    expect(second.slice(12, 20)).toBe("g0000000");
  });

  it("keeps order when the clock goes back", () => {
    const times = [100, 90, 80];
    const ids = new IdGenerator({ now: () => times.shift() ?? 0, random: () => Buffer.alloc(10) });
    const made = [ids.next("x_"), ids.next("x_"), ids.next("x_")];
    expect([...made].sort()).toEqual(made);
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

describe("MaskedSecret", () => {
  it("reveals exactly what it was given, every time, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const secret = new MaskedSecret(text);
        expect(secret.reveal()).toBe(text);
        expect(secret.reveal()).toBe(text);
      }),
    );
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

  it("holds the summed latency to the longest timer Node keeps (2^31 - 1 ms)", () => {
    const half = { path: "*", kind: "latency", latencyMs: 2 ** 30 } as const;
    const faults = new FaultInjector([half, half, half], seededRandom(1));
    expect(faults.decide("GET", "/b")).toEqual({ delayMs: 2 ** 31 - 1, outcome: { type: "none" } });
  });

  it("treats glob metacharacters other than * literally", () => {
    const faults = new FaultInjector([{ path: "/x.y?", kind: "reset" }], seededRandom(1));
    expect(faults.decide("GET", "/x.y?").outcome.type).toBe("reset");
    expect(faults.decide("GET", "/xzy").outcome.type).toBe("none");
  });

  it("matches globs as the regular expression with `.*` for each star would, for any glob and path", () => {
    const glob = fc.stringMatching(/^[ab*/]{0,12}$/);
    const path = fc.stringMatching(/^[ab/]{0,16}$/);
    fc.assert(
      fc.property(glob, path, (g, p) => {
        const reference = new RegExp(`^${g.split("*").join(".*")}$`);
        expect(globMatcher(g)(p)).toBe(reference.test(p));
      }),
      { seed: 16, numRuns: 2000 },
    );
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
