import type { PlannedAttempt } from "pulumi-ngrok-ai/routing";
import type { WholeResult } from "./upstream";
import type { MeteredUsage } from "./usage-meter";

/** One finished upstream attempt, before it becomes a usage event. */
export interface AttemptOutcome {
  readonly attempt: PlannedAttempt;
  readonly at: string;
  readonly statusCode: number;
  readonly timedOut: boolean;
  readonly isError: boolean;
  readonly usage: MeteredUsage;
}

/** An upstream's whole answer. */
export type UpstreamAnswer = Extract<WholeResult, { readonly kind: "response" }>;

/**
 * What running a plan's attempts came to, with the outcome of every attempt made, in order: a
 * 2xx stream already piped to the client, a whole answer to give it (2xx, or a status that does
 * not fail over), or no answer (every attempt failed over, or the total timeout ran out).
 */
export type AttemptsResult =
  | {
      readonly kind: "streamed";
      readonly status: number;
      readonly outcomes: readonly AttemptOutcome[];
    }
  | {
      readonly kind: "answered";
      readonly attempt: PlannedAttempt;
      readonly answer: UpstreamAnswer;
      readonly outcomes: readonly AttemptOutcome[];
    }
  | {
      readonly kind: "exhausted";
      readonly totalTimedOut: boolean;
      /** The last attempt's error, labelled with its model and key; "" when none was made. */
      readonly lastError: string;
      readonly outcomes: readonly AttemptOutcome[];
    };
