import { createCipheriv, createDecipheriv, hash, randomBytes, randomInt } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { redactSecret } from "pulumi-ngrok-ai/core";
import { EmulatorError } from "../errors";

/** The environment variable that holds the master key (hex or base64 of 32 bytes). */
export const MASTER_KEY_ENV = "AIGW_EMULATOR_MASTER_KEY";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Parses a 32-byte AES-256 key written as 64 hex digits or as base64.
 * @throws EmulatorError `AIGW_EMULATOR_MASTER_KEY_INVALID` for anything else (the message never
 * repeats the key).
 */
export function parseMasterKey(text: string | Buffer): Buffer {
  if (Buffer.isBuffer(text)) {
    if (text.length === 32) return Buffer.from(text);
  } else {
    const trimmed = text.trim();
    if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
    if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
      const bytes = Buffer.from(trimmed, "base64");
      if (bytes.length === 32) return bytes;
    }
  }
  throw new EmulatorError(
    "AIGW_EMULATOR_MASTER_KEY_INVALID",
    `the emulator master key must be 32 bytes written as 64 hex digits or base64 (set ${MASTER_KEY_ENV} or the masterKey option)`,
  );
}

/**
 * Finds the master key: the explicit option, else `AIGW_EMULATOR_MASTER_KEY`, else the key file
 * next to a file database (`<db>.key`, created with mode 0600 on first use), else (for an
 * in-memory database) a fresh random key.
 */
export function resolveMasterKey(
  option: string | Buffer | undefined,
  env: NodeJS.ProcessEnv,
  dbPath: string,
): Buffer {
  if (option !== undefined) return parseMasterKey(option);
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return parseMasterKey(fromEnv);
  if (dbPath === ":memory:") return randomBytes(32);
  const keyFile = `${dbPath}.key`;
  if (existsSync(keyFile)) return parseMasterKey(readFileSync(keyFile, "utf8"));
  mkdirSync(dirname(keyFile), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyFile, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(keyFile, 0o600);
  return key;
}

/**
 * AES-256-GCM under the master key. Each value gets a random 96-bit IV; the row id is the
 * additional authenticated data, so a ciphertext copied onto another row does not decrypt.
 * Layout: iv (12) | tag (16) | ciphertext.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = Buffer.from(key);
  }

  /** Encrypts `plaintext`, bound to `aad` (the owning row's id). */
  seal(plaintext: string, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(aad, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /**
   * Decrypts what `seal` made for the same `aad`.
   * @throws EmulatorError `AIGW_EMULATOR_DECRYPT_FAILED` when the key or the data is wrong.
   */
  open(sealed: Buffer, aad: string): string {
    try {
      const iv = sealed.subarray(0, IV_BYTES);
      const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv("aes-256-gcm", this.#key, iv);
      decipher.setAAD(Buffer.from(aad, "utf8"));
      decipher.setAuthTag(tag);
      return (
        decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES), undefined, "utf8") +
        decipher.final("utf8")
      );
    } catch (err) {
      throw new EmulatorError(
        "AIGW_EMULATOR_DECRYPT_FAILED",
        "could not decrypt a stored secret: wrong master key or corrupted database",
        { cause: err },
      );
    }
  }
}

/**
 * A secret kept in memory between uses, encrypted with a one-time pad: its UTF-8 bytes XORed
 * with random bytes of the same length, drawn for this secret alone. `reveal` decrypts it for one
 * use; nothing keeps the plaintext. Against someone who can read the process's memory this
 * protects as much as a `SecretBox` does (whose master key is in the same memory), and no more:
 * the point is that the plaintext is never resident, never in a heap snapshot, and that decrypting
 * costs an XOR instead of a cipher context (AES-GCM through `createDecipheriv` costs tens of
 * microseconds per call in a busy process, most of a gateway request's own work).
 */
export class MaskedSecret {
  readonly #masked: Buffer;
  readonly #pad: Buffer;

  constructor(plaintext: string) {
    const bytes = Buffer.from(plaintext, "utf8");
    this.#pad = randomBytes(bytes.length);
    for (let i = 0; i < bytes.length; i++) bytes[i]! ^= this.#pad[i]!;
    this.#masked = bytes;
  }

  /** The plaintext, for one use. */
  reveal(): string {
    const n = this.#masked.length;
    const bytes = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) bytes[i] = this.#masked[i]! ^ this.#pad[i]!;
    const text = bytes.toString("utf8");
    bytes.fill(0);
    return text;
  }
}

/** The SHA-256 of a token, hex; tokens are stored only this way. */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `length` uniformly random base62 characters. */
export function randomBase62(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)]!;
  return out;
}

/** A new access key token, `ng-<10>-g1-<32>` (the documented `ng-…-g1-…` shape). */
export function newAccessKeyToken(): string {
  return `ng-${randomBase62(10)}-g1-${randomBase62(32)}`;
}

/** A new management API key token. INFERRED format: `aigw_<48 base62>` (undocumented upstream). */
export function newApiKeyToken(): string {
  return `aigw_${randomBase62(48)}`;
}

/**
 * The redacted display form of a secret, `first<head>***last4` (provider keys 10, access and API
 * keys 8). It is the SDK's function, so the emulator and the drift check cannot disagree.
 */
export const redact: (secret: string, head: number) => string = redactSecret;
