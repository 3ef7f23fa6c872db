/** Options of {@link sendDemoRequests}. */
export interface DemoRequestsOptions {
  /** The emulator's base URL (data plane and management API share it). */
  readonly url: string;
  /** An access key token (`ng-…-g1-…`) whose configuration routes `failoverModel`. */
  readonly accessKey: string;
  /** A model routed to a rate-limited key first, then a healthy one. */
  readonly failoverModel: string;
  /** A model the access key's scope does not allow. */
  readonly disallowedModel: string;
  /** The management API key; when given, each request's attempts are read back from `/usage`. */
  readonly apiKey?: string;
}

/** One attempt of a demo request, from its usage event. */
export interface DemoAttempt {
  readonly attemptNumber: number;
  readonly statusCode: number;
  readonly keySource: string;
  readonly providerKeyId?: string;
  readonly providerKeyDisplayName?: string;
  readonly isFinalAttempt: boolean;
}

/** What one demo request got back. */
export interface DemoRequestResult {
  readonly title: string;
  readonly model: string;
  readonly status: number;
  readonly requestId: string | null;
  /** `Ngrok-AIG-Attempts` (null when the request failed before any attempt). */
  readonly attempts: number | null;
  /** `Ngrok-AIG-Model`: the model that answered. */
  readonly answeredBy: string | null;
  /** The gateway error code, for an error answer. */
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** Each upstream attempt (empty without `apiKey`, or when none was made). */
  readonly usage: readonly DemoAttempt[];
}

async function send(
  options: DemoRequestsOptions,
  title: string,
  model: string,
): Promise<DemoRequestResult> {
  const res = await fetch(`${options.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.accessKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "Say hello." }] }),
  });
  const body = (await res.json()) as { error?: { code?: string; message?: string } };
  const attempts = res.headers.get("ngrok-aig-attempts");
  return {
    title,
    model,
    status: res.status,
    requestId: res.headers.get("ngrok-aig-request-id"),
    attempts: attempts === null ? null : Number(attempts),
    answeredBy: res.headers.get("ngrok-aig-model"),
    errorCode: body.error?.code ?? null,
    errorMessage: body.error?.message ?? null,
    usage: [],
  };
}

async function attemptsOf(
  options: DemoRequestsOptions & { apiKey: string },
  since: string,
  requestId: string,
): Promise<DemoAttempt[]> {
  const query = new URLSearchParams({ startTime: since, includeRetries: "true", limit: "100" });
  const res = await fetch(`${options.url}/usage?${query.toString()}`, {
    headers: { authorization: `Bearer ${options.apiKey}` },
  });
  if (!res.ok) return [];
  const page = (await res.json()) as { aiGatewayUsage: (DemoAttempt & { requestId: string })[] };
  return page.aiGatewayUsage
    .filter((e) => e.requestId === requestId)
    .sort((a, b) => a.attemptNumber - b.attemptNumber)
    .map((e) => ({
      attemptNumber: e.attemptNumber,
      statusCode: e.statusCode,
      keySource: e.keySource,
      isFinalAttempt: e.isFinalAttempt,
      ...(e.providerKeyId === undefined ? {} : { providerKeyId: e.providerKeyId }),
      ...(e.providerKeyDisplayName === undefined
        ? {}
        : { providerKeyDisplayName: e.providerKeyDisplayName }),
    }));
}

/** A few lines describing a demo result, for a terminal. */
export function formatDemoResult(r: DemoRequestResult): string {
  const lines = [`${r.title}: POST /v1/chat/completions model=${r.model} → ${r.status}`];
  if (r.errorCode !== null) lines.push(`  ${r.errorCode} ${r.errorMessage ?? ""}`);
  lines.push(
    r.attempts === null
      ? "  rejected before routing: no upstream was called"
      : `  ${r.attempts} upstream attempt${r.attempts === 1 ? "" : "s"}, answered by ${r.answeredBy ?? "none"}`,
  );
  for (const a of r.usage) {
    const key =
      a.keySource === "ngrok"
        ? "ngrok inference"
        : `provider key ${a.providerKeyId ?? ""} (${a.providerKeyDisplayName ?? ""})`;
    lines.push(`  attempt ${a.attemptNumber}: ${key} → ${a.statusCode}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The demo's two gateway requests: one that fails over from a rate-limited key to a healthy one,
 * and one for a disallowed model that is rejected before routing. Returns what each got back,
 * with its attempts read from `/usage` when `apiKey` is given.
 */
export async function sendDemoRequests(options: DemoRequestsOptions): Promise<DemoRequestResult[]> {
  const since = new Date(Date.now() - 1000).toISOString();
  const results = [
    await send(options, "Failover", options.failoverModel),
    await send(options, "Disallowed model", options.disallowedModel),
  ];
  const apiKey = options.apiKey;
  if (apiKey === undefined) return results;
  return Promise.all(
    results.map(async (r) =>
      r.requestId === null
        ? r
        : { ...r, usage: await attemptsOf({ ...options, apiKey }, since, r.requestId) },
    ),
  );
}
