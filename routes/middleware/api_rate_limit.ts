/**
 * General per-client request limit on every `/api/*` route (RATE_LIMIT_API), so scraping cached answers is
 * bounded too. Adds `RateLimit-Policy: "api";q=…;w=…` and `RateLimit: "api";r=…;t=…` to every response; over
 * the limit, answers 429 `rate_limited` (scope `api`) with `Retry-After`. Runs after the client middleware.
 * When KV is unavailable or slow the request passes uncounted (fail open, logged and counted as a KV
 * failure): this limit protects reads; generations stay guarded by the budget, which fails closed.
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import type { ClientIdentity } from "../../lib/access/client_identity.ts";
import { log } from "../../lib/platform/logger.ts";
import { type AppMetrics, metrics as defaultMetrics } from "../../lib/platform/metrics.ts";
import { boundedKv, KV_TIMEOUT_MS } from "../../lib/platform/kv/bounded_kv.ts";
import type { RateLimiter, RateLimitRule } from "../../lib/guards/rate_limit.ts";
import { appendQuotaHeaders, quotaHeaders, refusalResponse } from "../http/rejections.ts";
import { editResponseHeaders } from "./response_headers.ts";

/** Options of the API rate-limit middleware. */
export interface ApiRateLimitOptions {
  limiter: RateLimiter;
  /** The limit; null = unlimited (the middleware passes everything through, without headers). */
  rule: RateLimitRule | null;
  /** Policy name in the headers. Default "api". */
  name?: string;
  /** Where rejections and KV failures are counted (default: the process-wide metrics). */
  metrics?: AppMetrics;
  /** Bound on the KV call (default KV_TIMEOUT_MS). */
  kvTimeoutMs?: number;
}

/** Builds the middleware. */
export function apiRateLimit(options: ApiRateLimitOptions): MiddlewareHandler {
  const { limiter, rule, name = "api", metrics = defaultMetrics, kvTimeoutMs = KV_TIMEOUT_MS } = options;
  return async function apiRateLimitMiddleware(c: Context, next: Next) {
    if (!rule) return await next();
    const client: ClientIdentity = c.get("client") ?? { key: "ip:unknown", plan: "anonymous" };
    let decision;
    try {
      decision = await boundedKv(`rate_limit.${name}`, () => limiter.consume(name, client.key, rule), {
        ms: kvTimeoutMs,
        onFailure: (op, reason) => metrics.kvFailure(op, reason),
      });
    } catch (err) {
      log.warn("API rate limit skipped: KV unavailable", { error: err });
      return await next();
    }
    const quota = { name, rule, decision };
    if (!decision.allowed) {
      metrics.rateLimited(name, client.plan);
      const wait = decision.retryAfterSeconds ?? decision.resetSeconds;
      return refusalResponse(c, {
        kind: "refused",
        reason: "rate_limited",
        message:
          `Too many API requests: at most ${rule.limit} per ${decision.windowSeconds} s. Retry in ${wait} s.`,
        retryAfterSeconds: wait,
        scope: name,
        quota,
      });
    }
    await next();
    editResponseHeaders(c, (target) => appendQuotaHeaders(target, quotaHeaders(quota)));
  };
}
