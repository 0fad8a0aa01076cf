/**
 * CORS (built on `hono/cors`): only origins listed in `CORS_ORIGINS` (comma-separated, exact
 * `scheme://host[:port]`, or `*`) get `Access-Control-Allow-Origin`; by default the list is empty and only
 * same-origin pages can read responses. Credentials are never allowed cross-origin. Preflights are answered
 * for allowed origins; for others the response carries no CORS headers, so the browser refuses.
 */
import type { MiddlewareHandler } from "hono";
import { cors as honoCors } from "hono/cors";
import { ConfigError } from "../../lib/platform/config.ts";

/** Options of `cors`. */
export interface CorsOptions {
  /** Allowed origins (exact match) or `["*"]`. Empty = same-origin only. */
  origins: string[];
  /** Preflight cache in seconds (default 600). */
  maxAge?: number;
}

/**
 * Parses `CORS_ORIGINS`: comma-separated origins, each `http(s)://host[:port]` without a path, or `*`.
 * Throws ConfigError naming CORS_ORIGINS for anything else.
 */
export function parseCorsOrigins(value: string): string[] {
  const out: string[] = [];
  for (const raw of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (raw === "*") {
      out.push("*");
      continue;
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError({ CORS_ORIGINS: `"${raw}" is not an origin like https://example.com` });
    }
    if (!/^https?:$/.test(url.protocol) || url.origin !== raw.replace(/\/$/, "")) {
      throw new ConfigError({ CORS_ORIGINS: `"${raw}" is not an origin like https://example.com (no path)` });
    }
    out.push(url.origin);
  }
  return out;
}

/** Builds the CORS middleware. */
export function cors(options: CorsOptions): MiddlewareHandler {
  const allowed = new Set(options.origins);
  const any = allowed.has("*");
  const inner = honoCors({
    origin: (origin) => (origin && (any || allowed.has(origin)) ? origin : null),
    allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE"],
    allowHeaders: ["Content-Type", "Authorization", "Cache-Control", "X-Request-Id"],
    exposeHeaders: ["X-Request-Id", "RateLimit", "RateLimit-Policy", "Retry-After"],
    maxAge: options.maxAge ?? 600,
    credentials: false,
  });
  // Not async itself: a request waiting in its handler (a stream's admission) holds no frame of this one.
  return function cors(c, next) {
    return allowed.size === 0 ? next() : inner(c, next);
  };
}
