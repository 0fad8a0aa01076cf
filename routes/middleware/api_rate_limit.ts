/**
 * General per-client request limit on every `/api/*` route (RATE_LIMIT_API), so scraping cached answers is
 * bounded too. Adds `RateLimit-Policy: "api";q=…;w=…` and `RateLimit: "api";r=…;t=…` to every response; over
 * the limit, answers 429 `rate_limited` (scope `api`) with `Retry-After`. Runs after the client middleware.
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import type { ClientIdentity } from "../../lib/generation_service.ts";
import {
  appendRateLimitHeaders,
  type RateLimiter,
  rateLimitHeaders,
  type RateLimitRule,
} from "../../lib/rate_limit.ts";

/** Options of the API rate-limit middleware. */
export interface ApiRateLimitOptions {
  limiter: RateLimiter;
  /** The limit; null = unlimited (the middleware passes everything through, without headers). */
  rule: RateLimitRule | null;
  /** Policy name in the headers. Default "api". */
  name?: string;
}

/** Builds the middleware. */
export function apiRateLimit(options: ApiRateLimitOptions): MiddlewareHandler {
  const { limiter, rule, name = "api" } = options;
  return async function apiRateLimitMiddleware(c: Context, next: Next) {
    if (!rule) return await next();
    const client: ClientIdentity = c.get("client") ?? { key: "ip:unknown", plan: "anonymous" };
    const decision = await limiter.consume(name, client.key, rule);
    const headers = rateLimitHeaders(name, rule, decision);
    if (!decision.allowed) {
      return c.json(
        {
          error: {
            code: "rate_limited",
            message:
              `Too many API requests: at most ${rule.limit} per ${decision.windowSeconds} s. Retry in ${decision.retryAfterSeconds} s.`,
            scope: name,
          },
        },
        429,
        headers,
      );
    }
    await next();
    try {
      appendRateLimitHeaders(c.res.headers, headers);
    } catch {
      // Immutable headers (a fetched Response): copy it.
      const res = new Response(c.res.body, c.res);
      appendRateLimitHeaders(res.headers, headers);
      c.res = res;
    }
  };
}
