/**
 * What the generation pipeline answers for one request: an event stream, or a refusal. Both are domain
 * values: a refusal says why (`reason`), how long to wait and where the client's quota stands, never an HTTP
 * status; routes/http/rejections.ts is the one place that turns them into statuses, bodies and headers.
 */
import type { GenerationEvent } from "../protocol/events.ts";
import type { RateLimitDecision, RateLimitRule } from "../guards/rate_limit.ts";

/** Where the client's generation quota stands after this request (shown to the client with every answer). */
export interface QuotaState {
  /** Policy name (`gen`). */
  name: string;
  rule: RateLimitRule;
  decision: RateLimitDecision;
}

/** A request answered with an event stream. */
export interface StreamAdmission {
  kind: "stream";
  events: AsyncIterable<GenerationEvent>;
  /** The client's quota, when one was counted or checked for this request. */
  quota?: QuotaState;
}

/** Why a request was refused before any event. */
export type RefusalReason =
  | "rate_limited"
  | "budget_exhausted"
  | "budget_invalid"
  | "spend_exhausted"
  | "spend_invalid"
  | "queue_full"
  | "kv_unavailable";

/** A request refused before any event (nothing was generated or spent for it). */
export interface Refusal {
  kind: "refused";
  reason: RefusalReason;
  /** A sentence for the person, saying what happened and what to do. */
  message: string;
  /** When trying again makes sense, in seconds. */
  retryAfterSeconds?: number;
  /** The client's quota as it stood when the request was refused. */
  quota?: QuotaState;
  /** `rate_limited`: which limit (`gen`). */
  scope?: string;
  /** `budget_exhausted`: the budget snapshot shown to the client. */
  budget?: { used: number | null; limit: number | null; remaining: number | null; resetsAt: string | null };
  /** `spend_*`: the period's spend and cap. */
  spend?: { spentUsd: number | null; limitUsd: number | null };
}

/** What `begin` answers. */
export type Admission = StreamAdmission | Refusal;

/** The refusal for a KV failure in the admission path: fail closed, never a free generation. */
export function kvUnavailable(quota?: QuotaState): Refusal {
  return {
    kind: "refused",
    reason: "kv_unavailable",
    message: "The data store is unavailable right now; try again shortly.",
    retryAfterSeconds: 5,
    quota,
  };
}

/** Whether a refusal may be answered from storage instead (stale exact answer, then a similar one). */
export function isExhaustion(refusal: Refusal): boolean {
  return refusal.reason === "budget_exhausted" || refusal.reason === "rate_limited";
}
