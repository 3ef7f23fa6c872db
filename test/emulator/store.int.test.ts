/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
 * Response bodies are `any` for short reads; each one was checked against the OpenAPI schema
 * before the test sees it. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulator, EmulatorError, type Emulator } from "aigw-emulator";
import { apiFor } from "./api";

const PROVIDER_VALUE = "sk-proj-PLAINTEXT-provider-key-value-0123456789";
const INLINE_VALUE = "sk-ant-api03-INLINE-provider-key-value-abcdef";
const ROTATED_VALUE = "sk-proj-ROTATED-provider-key-value-9876543210";
const API_KEY = "aigw_test_bootstrap_key_0123456789abcdefABCDEF";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "aigw-emulator-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function dbFiles(): string[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith("emulator.db") && !f.endsWith(".key"))
    .map((f) => join(dir, f));
}

function expectAbsent(secrets: readonly string[]): void {
  const files = dbFiles();
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const secret of secrets) {
      expect({ file, found: bytes.includes(Buffer.from(secret, "utf8")) }).toEqual({
        file,
        found: false,
      });
      expect({ file, found: bytes.includes(Buffer.from(secret, "utf16le")) }).toEqual({
        file,
        found: false,
      });
    }
  }
}

describe("emulator storage", () => {
  it("keeps objects across a restart with a file database, and the same API key still works", async () => {
    const db = join(dir, "emulator.db");
    let emulator: Emulator = await createEmulator({ db, apiKey: API_KEY });
    let api = apiFor(emulator);
    const pk = await api("POST", "/provider-keys", {
      providerId: "openai",
      name: "k",
      value: PROVIDER_VALUE,
    });
    const config = await api("POST", "/access-key-configurations", {
      name: "c",
      access: { models: { allow: ["openai:gpt-4o"] } },
      router: {
        rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id: pk.body.id }] }] }],
      },
    });
    const ak = await api("POST", "/access-keys", { accessKeyConfigurationId: config.body.id });
    await api("PATCH", "/gateway-config", { totalTimeout: "90s" });
    await emulator.close();

    emulator = await createEmulator({ db, apiKey: API_KEY });
    try {
      api = apiFor(emulator);
      const again = await api("GET", `/access-key-configurations/${config.body.id}`);
      expect(again.status).toBe(200);
      expect(again.body.router).toEqual(
        JSON.parse(
          JSON.stringify(config.body.router).replaceAll(
            new URL(config.body.uri).origin,
            emulator.url,
          ),
        ),
      );
      expect((await api("GET", "/gateway-config")).body.totalTimeout).toBe("90s");
      expect(emulator.store.decryptProviderKeyValue(pk.body.id)).toBe(PROVIDER_VALUE);
      expect(emulator.store.findAccessKeyByToken(ak.body.token)?.accessKeyConfigurationId).toBe(
        config.body.id,
      );
      const keys = await api("GET", "/api-keys");
      expect(keys.body.aiGatewayApiKeys).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });

  it("stores no provider key value, access key token or API key in plaintext (db and wal)", async () => {
    const db = join(dir, "emulator.db");
    const emulator = await createEmulator({ db, apiKey: API_KEY });
    const secrets: string[] = [PROVIDER_VALUE, INLINE_VALUE, ROTATED_VALUE, API_KEY];
    try {
      const api = apiFor(emulator);
      const pk = await api("POST", "/provider-keys", {
        providerId: "openai",
        name: "k",
        value: PROVIDER_VALUE,
      });
      await api("POST", "/access-key-configurations", {
        name: "inline",
        router: {
          rules: [
            {
              provider: "anthropic",
              steps: [{ type: "user", keys: [{ name: "i", value: INLINE_VALUE }] }],
            },
          ],
        },
      });
      await api("POST", `/provider-keys/${pk.body.id}/rotate`, { name: "k", value: ROTATED_VALUE });
      for (let i = 0; i < 3; i++)
        secrets.push((await api("POST", "/access-keys", {})).body.token as string);
      secrets.push((await api("POST", "/api-keys", {})).body.token as string);
      expect(dbFiles().some((f) => f.endsWith("-wal"))).toBe(true);
      expectAbsent(secrets);
    } finally {
      await emulator.close();
    }
    expectAbsent(secrets);
  });

  it("writes the generated master key file with mode 0600 and refuses a different master key", async () => {
    const db = join(dir, "emulator.db");
    const first = await createEmulator({ db, env: {} });
    await first.close();
    expect(statSync(`${db}.key`).mode & 0o777).toBe(0o600);
    const other = "11".repeat(32);
    await expect(
      createEmulator({ db, env: { AIGW_EMULATOR_MASTER_KEY: other } }),
    ).rejects.toMatchObject({
      name: "EmulatorError",
      code: "AIGW_EMULATOR_MASTER_KEY_MISMATCH",
    });
    expect(readFileSync(`${db}.key`, "utf8")).not.toContain(other);
  });

  it("accepts a master key from the environment in hex or base64 and rejects a malformed one", async () => {
    const key = Buffer.alloc(32, 7);
    const db = join(dir, "emulator.db");
    const a = await createEmulator({ db, env: { AIGW_EMULATOR_MASTER_KEY: key.toString("hex") } });
    await a.close();
    const b = await createEmulator({
      db,
      env: { AIGW_EMULATOR_MASTER_KEY: key.toString("base64") },
    });
    await b.close();
    const err: unknown = await createEmulator({
      db,
      env: { AIGW_EMULATOR_MASTER_KEY: "short" },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmulatorError);
    expect((err as EmulatorError).code).toBe("AIGW_EMULATOR_MASTER_KEY_INVALID");
    expect(readdirSync(dir).some((f) => f.endsWith(".key"))).toBe(false);
  });

  it("rejects a corrupted master key file with a clear error", async () => {
    const db = join(dir, "emulator.db");
    writeFileSync(`${db}.key`, "not a key\n");
    await expect(createEmulator({ db, env: {} })).rejects.toMatchObject({
      code: "AIGW_EMULATOR_MASTER_KEY_INVALID",
    });
  });
});
