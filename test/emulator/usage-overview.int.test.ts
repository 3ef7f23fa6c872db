/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
 * Response bodies are `any` for short reads; each one was checked against the OpenAPI schema
 * before the test sees it. */
import { createEmulator, type Emulator, type UsageEventRecord } from "aigw-emulator";
import { apiFor, useEmulator } from "./api";

const running = useEmulator("test");
const { api } = running;

/** One attempt, as the data plane records it; the fields the overview reads are given. */
interface Attempt {
  readonly at: string;
  readonly requestId: string;
  readonly accessKeyId: string;
  readonly provider: string;
  readonly final: boolean;
  readonly error: boolean;
  readonly totalCost: string;
}

function event(emulator: Emulator, a: Attempt, attemptNumber: number): UsageEventRecord {
  return {
    id: emulator.store.ids.next("aigue_"),
    eventTime: a.at,
    requestId: a.requestId,
    accessKeyId: a.accessKeyId,
    provider: a.provider,
    providerDisplayName: a.provider,
    model: "m",
    modelDisplayName: "m",
    attemptNumber,
    isFinalAttempt: a.final,
    statusCode: a.error ? 500 : 200,
    timedOut: false,
    isError: a.error,
    isStreaming: false,
    stopReason: a.error ? "" : "stop",
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    totalCost: a.totalCost,
    keySource: "ngrok",
    providerKeyId: null,
    providerKeyDisplayName: null,
  };
}

/** Records the attempts of one request (numbered in order) in the emulator's usage store. */
function record(emulator: Emulator, ...attempts: Attempt[]): void {
  emulator.store.recordUsage(
    attempts.map((a, n) => event(emulator, a, n + 1)),
    { accessKeyId: attempts[0]!.accessKeyId, providerKeyIds: [], at: attempts[0]!.at },
  );
}

const WINDOW = "startTime=2026-03-01T00:00:00Z&endTime=2026-03-03T00:00:00Z";

/** Usage on both sides of the window and across two UTC days inside it. */
function seed(emulator: Emulator): void {
  // Before the window: never counted.
  record(emulator, {
    at: "2026-02-28T23:59:59.999Z",
    requestId: "aigreq_before",
    accessKeyId: "aigk_1",
    provider: "openai",
    final: true,
    error: false,
    totalCost: "1.00000",
  });
  // Day 1: a request that failed over (a retry, then a final success).
  record(
    emulator,
    {
      at: "2026-03-01T10:00:00.000Z",
      requestId: "aigreq_a",
      accessKeyId: "aigk_1",
      provider: "openai",
      final: false,
      error: true,
      totalCost: "0.00100",
    },
    {
      at: "2026-03-01T10:00:01.000Z",
      requestId: "aigreq_a",
      accessKeyId: "aigk_1",
      provider: "openai",
      final: true,
      error: false,
      totalCost: "0.00250",
    },
  );
  // Day 1, its last millisecond: a request that failed.
  record(emulator, {
    at: "2026-03-01T23:59:59.999Z",
    requestId: "aigreq_b",
    accessKeyId: "aigk_2",
    provider: "anthropic",
    final: true,
    error: true,
    totalCost: "0.00000",
  });
  // Day 2, its first millisecond.
  record(emulator, {
    at: "2026-03-02T00:00:00.000Z",
    requestId: "aigreq_c",
    accessKeyId: "aigk_2",
    provider: "openai",
    final: true,
    error: false,
    totalCost: "0.01000",
  });
  // After the window.
  record(emulator, {
    at: "2026-03-05T00:00:00.000Z",
    requestId: "aigreq_after",
    accessKeyId: "aigk_1",
    provider: "openai",
    final: true,
    error: false,
    totalCost: "2.00000",
  });
}

function expectValidationError(
  res: { status: number; body: { errorCode?: string; msg: string; details: object } },
  field: string,
  status = 400,
): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({
    errorCode: "ERR_NGROK_27606",
    statusCode: status,
    msg: expect.stringContaining(field),
    details: expect.objectContaining({ field, reason: res.body.msg }),
  });
}

describe("GET /usage/overview", () => {
  it("sums the window's usage by UTC day and provider (the default), ordered by day then provider", async () => {
    seed(running.emulator);

    const res = await api("GET", `/usage/overview?${WINDOW}`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      uri: `${running.emulator.url}/usage/overview?${WINDOW}`,
      buckets: [
        {
          bucketStart: "2026-03-01T00:00:00.000Z",
          groupKey: "anthropic",
          cost: "0.00000",
          requests: 1,
          errors: 1,
        },
        // Cost is every attempt's (the retry's too); requests and errors count final attempts.
        {
          bucketStart: "2026-03-01T00:00:00.000Z",
          groupKey: "openai",
          cost: "0.00350",
          requests: 1,
          errors: 0,
        },
        {
          bucketStart: "2026-03-02T00:00:00.000Z",
          groupKey: "openai",
          cost: "0.01000",
          requests: 1,
          errors: 0,
        },
      ],
      totals: { cost: "0.01350", requests: 3, errors: 1 },
    });
    const explicit = await api("GET", `/usage/overview?${WINDOW}&groupBy=provider`);
    expect(explicit.body.buckets).toEqual(res.body.buckets);
  });

  it("groups by access key with groupBy=accessKey", async () => {
    seed(running.emulator);

    const res = await api("GET", `/usage/overview?${WINDOW}&groupBy=accessKey`);

    expect(res.status).toBe(200);
    expect(
      (res.body.buckets as { bucketStart: string; groupKey: string; cost: string }[]).map((b) => [
        b.bucketStart.slice(0, 10),
        b.groupKey,
        b.cost,
      ]),
    ).toEqual([
      ["2026-03-01", "aigk_1", "0.00350"],
      ["2026-03-01", "aigk_2", "0.00000"],
      ["2026-03-02", "aigk_2", "0.01000"],
    ]);
    expect(res.body.totals).toEqual({ cost: "0.01350", requests: 3, errors: 1 });
  });

  it("filters events by their own time: a window starting mid-day keeps the day's bucket start", async () => {
    seed(running.emulator);

    const res = await api(
      "GET",
      "/usage/overview?startTime=2026-03-01T12:00:00Z&endTime=2026-03-02T00:00:00Z",
    );

    expect(res.body.buckets).toEqual([
      {
        bucketStart: "2026-03-01T00:00:00.000Z",
        groupKey: "anthropic",
        cost: "0.00000",
        requests: 1,
        errors: 1,
      },
      {
        bucketStart: "2026-03-02T00:00:00.000Z",
        groupKey: "openai",
        cost: "0.01000",
        requests: 1,
        errors: 0,
      },
    ]);
  });

  it("counts a retry in the window whose final attempt falls outside it as cost without a request", async () => {
    record(
      running.emulator,
      {
        at: "2026-03-02T23:59:59.500Z",
        requestId: "aigreq_late",
        accessKeyId: "aigk_1",
        provider: "openai",
        final: false,
        error: true,
        totalCost: "0.00005",
      },
      {
        at: "2026-03-03T00:00:00.500Z",
        requestId: "aigreq_late",
        accessKeyId: "aigk_1",
        provider: "openai",
        final: true,
        error: false,
        totalCost: "0.00020",
      },
    );

    const res = await api("GET", `/usage/overview?${WINDOW}`);

    expect(res.body.buckets).toEqual([
      {
        bucketStart: "2026-03-02T00:00:00.000Z",
        groupKey: "openai",
        cost: "0.00005",
        requests: 0,
        errors: 0,
      },
    ]);
    expect(res.body.totals).toEqual({ cost: "0.00005", requests: 0, errors: 0 });
  });

  it("answers an empty series with zero totals when nothing happened in the window", async () => {
    const res = await api("GET", `/usage/overview?${WINDOW}`);

    expect(res.status).toBe(200);
    expect(res.body.buckets).toEqual([]);
    expect(res.body.totals).toEqual({ cost: "0.00000", requests: 0, errors: 0 });
  });

  it("adds up costs exactly, with no floating-point drift", async () => {
    for (let i = 0; i < 10; i++) {
      record(running.emulator, {
        at: `2026-03-01T01:00:0${i}.000Z`,
        requestId: `aigreq_${i}`,
        accessKeyId: "aigk_1",
        provider: "openai",
        final: true,
        error: false,
        totalCost: "0.10001",
      });
    }

    const res = await api("GET", `/usage/overview?${WINDOW}`);

    expect(res.body.totals).toEqual({ cost: "1.00010", requests: 10, errors: 0 });
  });

  it("defaults endTime to now, so past usage is included", async () => {
    for (const [at, requestId] of [
      ["2001-01-01T00:00:00.000Z", "aigreq_old"],
      ["2001-06-30T12:00:00.000Z", "aigreq_older"],
    ] as const) {
      record(running.emulator, {
        at,
        requestId,
        accessKeyId: "aigk_1",
        provider: "openai",
        final: true,
        error: false,
        totalCost: "0.00002",
      });
    }

    const res = await api("GET", "/usage/overview?startTime=2001-01-01T00:00:00Z");

    expect(res.status).toBe(200);
    expect(res.body.buckets).toHaveLength(2);
    expect(res.body.totals).toEqual({ cost: "0.00004", requests: 2, errors: 0 });
  });

  it("aggregates what the data plane records", async () => {
    const created = await api("POST", "/access-keys", { name: "overview" });
    const token = created.body.token as string;
    const answer = await fetch(`${running.emulator.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "openai:gpt-4o",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(answer.status).toBe(200);
    await answer.text();
    const events = await api("GET", "/usage?startTime=2000-01-01T00:00:00Z&includeRetries=true");
    const cost = (events.body.aiGatewayUsage as { totalCost: string }[])[0]!.totalCost;

    const res = await api(
      "GET",
      "/usage/overview?startTime=2000-01-01T00:00:00Z&groupBy=accessKey",
    );

    expect(res.body.buckets).toEqual([
      {
        bucketStart: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/),
        groupKey: created.body.id,
        cost,
        requests: 1,
        errors: 0,
      },
    ]);
  });

  it("answers HEAD with the status and no body", async () => {
    const head = await api("HEAD", `/usage/overview?${WINDOW}`, undefined, { unchecked: true });
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
    const bad = await api("HEAD", "/usage/overview", undefined, { unchecked: true });
    expect(bad.status).toBe(400);
    expect(bad.body).toBeUndefined();
  });

  it("requires startTime, naming it and the format to use", async () => {
    for (const query of ["", "?endTime=2026-03-03T00:00:00Z", "?startTime="]) {
      const res = await api("GET", `/usage/overview${query}`);
      expectValidationError(res, "startTime");
      expect(res.body.msg).toContain("RFC 3339");
    }
  });

  it("rejects timestamps that are not RFC 3339, naming the parameter", async () => {
    for (const [query, field] of [
      ["startTime=yesterday", "startTime"],
      ["startTime=2026-03-01", "startTime"],
      ["startTime=2026-03-01T00:00:00Z&endTime=1709251200", "endTime"],
      ["startTime=2026-13-01T00:00:00Z", "startTime"],
    ] as const) {
      const res = await api("GET", `/usage/overview?${query}`);
      expectValidationError(res, field);
      expect(res.body.msg).toContain("2026-01-02T15:04:05Z");
    }
  });

  it("rejects an endTime before startTime, naming endTime", async () => {
    const res = await api(
      "GET",
      "/usage/overview?startTime=2026-03-02T00:00:00Z&endTime=2026-03-01T00:00:00Z",
    );
    expectValidationError(res, "endTime");
    expect(res.body.msg).toContain("startTime");
  });

  it("rejects a groupBy other than provider or accessKey, saying which values it takes", async () => {
    for (const groupBy of ["model", "Provider", "access_key", ""]) {
      const res = await api("GET", `/usage/overview?${WINDOW}&groupBy=${groupBy}`);
      expectValidationError(res, "groupBy");
      expect(res.body.msg).toContain("provider or accessKey");
    }
  });

  it("sends validation errors with the configured validation status", async () => {
    const strict = await createEmulator({ db: ":memory:", validationStatus: 422 });
    try {
      const res = await apiFor(strict)("GET", "/usage/overview?groupBy=provider");
      expectValidationError(res, "startTime", 422);
    } finally {
      await strict.close();
    }
  });

  it("answers 401 without an API key and 405 for another method", async () => {
    const anonymous = await api("GET", `/usage/overview?${WINDOW}`, undefined, { token: null });
    expect([anonymous.status, anonymous.body.errorCode]).toEqual([401, "ERR_NGROK_27007"]);
    const post = await api("POST", "/usage/overview", {});
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });
});
