import type { ServerResponse } from "node:http";
import { StringDecoder } from "node:string_decoder";
import type { PlannedAttempt } from "pulumi-ngrok-ai/routing";
import type { AttemptOutcome } from "./attempt-outcome";
import { isoNow } from "./clock";
import {
  type UpstreamClient,
  type UpstreamResponse,
  type WholeCall,
  type WholeResult,
  readResponse,
} from "./upstream";
import { UsageMeter } from "./usage-meter";

/**
 * Streams a committed 2xx answer to the client while metering it, and resolves with the attempt's
 * outcome when the stream ends (an upstream that breaks off mid-stream is an error attempt).
 */
function pipeStream(
  out: ServerResponse,
  response: UpstreamResponse,
  attempt: PlannedAttempt,
  headers: Record<string, string>,
): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const meter = new UsageMeter();
    const decoder = new StringDecoder("utf8");
    let finished = false;
    let ended = false;
    const finish = (complete: boolean): void => {
      if (finished) return;
      finished = true;
      resolve({
        attempt,
        at: isoNow(),
        statusCode: response.status,
        timedOut: false,
        isError: !complete,
        usage: meter.usage,
      });
    };
    out.writeHead(response.status, {
      ...headers,
      "content-type": response.contentType ?? "text/event-stream",
      "cache-control": "no-cache",
    });
    const body = response.body;
    body.on("data", (chunk: Buffer) => meter.write(decoder.write(chunk)));
    body.on("end", () => {
      ended = true;
      meter.write(decoder.end());
      finish(true);
    });
    body.on("error", () => undefined);
    body.on("close", () => {
      if (!ended) {
        out.destroy();
        finish(false);
      }
    });
    out.on("close", () => {
      if (!ended) body.destroy();
    });
    body.pipe(out);
  });
}

/**
 * One attempt of a streaming request: a 2xx answer is committed and piped to the client as it
 * arrives (no failover and no attempt timeout from its first byte on); any other answer is read
 * whole, as `UpstreamClient.exchange` would, so the caller can fail over.
 */
export async function streamOrRead(
  upstream: UpstreamClient,
  call: WholeCall,
  out: ServerResponse,
  attempt: PlannedAttempt,
  headers: Record<string, string>,
): Promise<WholeResult | { readonly kind: "streamed"; readonly outcome: AttemptOutcome }> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, call.timeoutMs);
  try {
    const result = await upstream.send({ ...call, signal: controller.signal });
    if (result.kind === "failure") {
      return { kind: "failure", message: timedOut ? "timed out" : result.message, timedOut };
    }
    const response = result.response;
    if (response.status >= 200 && response.status < 300) {
      clearTimeout(timer);
      return { kind: "streamed", outcome: await pipeStream(out, response, attempt, headers) };
    }
    try {
      return {
        kind: "response",
        status: response.status,
        contentType: response.contentType,
        retryAfter: response.retryAfter,
        body: await readResponse(response.body),
      };
    } catch {
      return {
        kind: "failure",
        message: timedOut ? "timed out" : "the upstream connection failed mid-answer",
        timedOut,
      };
    }
  } finally {
    clearTimeout(timer);
  }
}
