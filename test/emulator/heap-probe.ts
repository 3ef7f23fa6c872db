// Run by secret-memory.int.test.ts in a process of its own (from the sources, through tsx), whose
// heap is small enough for a snapshot to take well under a second: starts the emulator with its
// built-in stub upstream, creates a provider key whose value it makes itself, sends two chat
// completions through the gateway with it, then searches a heap snapshot of this process (V8
// collects garbage first, so the snapshot holds only what is still referenced). It prints one
// JSON line: the value's digest, the answers' statuses, and whether the snapshot held the value,
// and a control value this script still references (which shows the search works).
import { randomBytes } from "node:crypto";
import { getHeapSnapshot } from "node:v8";
import { request } from "undici";
import { createEmulator } from "../../emulator/emulator";
import { hashToken } from "../../emulator/store/secrets";

const MARKER = "heapprobe";

/**
 * A provider key value no source text holds (`behaviour` is the stub upstream's word), as one
 * flat string: a snapshot lists the text of flat strings only, not of concatenations.
 */
function freshValue(behaviour: string): string {
  const text = `sk-${behaviour}-${MARKER}${randomBytes(16).toString("hex")}`;
  return Buffer.from(text, "latin1").toString("latin1");
}

/** The digests (`hashToken`) of the strings in a heap snapshot shaped like `freshValue`'s. */
async function heapDigests(): Promise<Set<string>> {
  const pattern = new RegExp(`sk-[a-z]+-${MARKER}[0-9a-f]{32}`, "g");
  const digests = new Set<string>();
  // A value may straddle two chunks: each search also covers the end of the previous chunk.
  let tail = "";
  for await (const chunk of getHeapSnapshot()) {
    const text = tail + String(chunk);
    for (const match of text.matchAll(pattern)) digests.add(hashToken(match[0]));
    tail = text.slice(-128);
  }
  return digests;
}

async function main(): Promise<void> {
  const emulator = await createEmulator({ db: ":memory:", masterKey: "0".repeat(64) });
  try {
    const call = async (
      path: string,
      token: string,
      body: unknown,
    ): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await request(`${emulator.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
    };
    const api = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
      const res = await call(path, emulator.apiKey, body);
      if (res.status !== 201) throw new Error(`${path} answered ${res.status}`);
      return res.body;
    };
    // The value lives only inside this function, which returns its digest.
    const { id, digest } = await (async () => {
      const value = freshValue("healthy");
      const key = await api("/provider-keys", { providerId: "openai", name: "probe", value });
      return { id: String(key.id), digest: hashToken(value) };
    })();
    const configuration = await api("/access-key-configurations", {
      name: "probe",
      router: { rules: [{ provider: "openai", steps: [{ type: "user", keys: [{ id }] }] }] },
    });
    const accessKey = await api("/access-keys", { accessKeyConfigurationId: configuration.id });
    const token = String(accessKey.token);
    const statuses: number[] = [];
    for (const model of ["openai:gpt-4o", "openai:gpt-4o-mini"]) {
      const messages = [{ role: "user", content: "Say hello." }];
      statuses.push((await call("/v1/chat/completions", token, { model, messages })).status);
    }
    const kept = freshValue("kept");
    const found = await heapDigests();
    const result = {
      digest,
      statuses,
      valueFound: found.has(digest),
      keptFound: found.has(hashToken(kept)),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
