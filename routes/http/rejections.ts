/**
 * The one place where refusals become HTTP: the status of each refusal reason, its JSON body
 * `{error:{code, message, scope?}, budget?, spend?}` and its headers (`Retry-After`, `Cache-Control: no-store`,
 * and the IETF draft `RateLimit-Policy` / `RateLimit` headers of the client's quota). The generation pipeline
 * and the guards answer domain values (lib/generation/admission.ts); nothing in lib/ knows a status.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { QuotaState, Refusal, RefusalReason } from "../../lib/generation/admission.ts";

/** HTTP status per refusal reason: 429 for a spent allowance, 503 for "the service cannot take it now". */
export const REFUSAL_STATUS: Record<RefusalReason, 429 | 503> = {
  rate_limited: 429,
  budget_exhausted: 429,
  spend_exhausted: 429,
  budget_invalid: 503,
  spend_invalid: 503,
  queue_full: 503,
  kv_unavailable: 503,
};

/** A refusal as HTTP: status, JSON body and headers. */
export interface HttpRefusal {
  status: 429 | 503;
  body: { error: { code: string; message: string; scope?: string }; budget?: unknown; spend?: unknown };
  headers: Record<string, string>;
}

/** Maps a refusal to its HTTP answer (also used by the no-JavaScript page, which renders it). */
export function httpRefusal(refusal: Refusal): HttpRefusal {
  const body: HttpRefusal["body"] = {
    error: {
      code: refusal.reason,
      message: refusal.message,
      ...(refusal.scope !== undefined ? { scope: refusal.scope } : {}),
    },
  };
  if (refusal.budget) body.budget = refusal.budget;
  if (refusal.spend) body.spend = refusal.spend;
  const headers: Record<string, string> = {
    ...(refusal.quota ? quotaHeaders(refusal.quota) : {}),
    "Cache-Control": "no-store",
  };
  if (refusal.retryAfterSeconds !== undefined) headers["Retry-After"] = String(refusal.retryAfterSeconds);
  return { status: REFUSAL_STATUS[refusal.reason], body, headers };
}

/** Answers a refusal as JSON. */
export function refusalResponse(c: Context, refusal: Refusal): Response {
  const { status, body, headers } = httpRefusal(refusal);
  return c.json(body, status as ContentfulStatusCode, headers);
}

/**
 * The quota headers for one policy, e.g. `RateLimit-Policy: "gen";q=5;w=600` and `RateLimit: "gen";r=2;t=31`
 * (no `Retry-After`: a refusal adds it, a stream answered from storage does not need it).
 */
export function quotaHeaders(quota: QuotaState): Record<string, string> {
  const { name, rule, decision } = quota;
  return {
    "RateLimit-Policy": `"${name}";q=${rule.limit};w=${Math.ceil(rule.windowMs / 1000)}`,
    "RateLimit": `"${name}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}

/** Adds quota headers to a response's headers, appending to policies already there (a list per RFC 9651). */
export function appendQuotaHeaders(target: Headers, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name === "Retry-After") {
      const existing = Number(target.get(name) ?? "0");
      target.set(name, String(Math.max(existing, Number(value))));
    } else {
      target.append(name, value);
    }
  }
}
