/**
 * Access log and HTTP metrics: one structured line per request (`msg: "request"`, request id, method,
 * route pattern, status, duration to the response headers) and `vtp_http_requests_total` /
 * `vtp_http_request_duration_seconds` by route pattern — never by raw path, so ids in URLs do not grow the
 * metric's cardinality. Unmatched paths are reported as route `unmatched`. Query strings are not logged.
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { log as defaultLogger, type Logger, type LogLevel } from "../../lib/platform/logger.ts";
import { type AppMetrics, metrics as defaultMetrics } from "../../lib/platform/metrics.ts";

/** Options of `accessLog`. */
export interface AccessLogOptions {
  logger?: Logger;
  metrics?: AppMetrics;
  /** Paths not logged (still counted), e.g. health probes. Default: `/healthz`, `/readyz`, `/metrics`. */
  quietPaths?: string[];
}

/** The route pattern that answered `c` (after `next()`), or `unmatched`. */
export function routeLabel(c: Context): string {
  try {
    const routes = matchedRoutes(c);
    const route = routes.at(c.req.routeIndex);
    if (!route) return "unmatched";
    if (c.res.status === 404 && route.method === "ALL" && route.path.includes("*")) return "unmatched";
    return route.path;
  } catch {
    return "unmatched";
  }
}

/** Builds the access-log middleware. */
export function accessLog(options: AccessLogOptions = {}): MiddlewareHandler {
  const logger = options.logger ?? defaultLogger;
  const metrics = options.metrics ?? defaultMetrics;
  const quiet = new Set(options.quietPaths ?? ["/healthz", "/readyz", "/metrics"]);
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    const durationMs = performance.now() - started;
    const status = c.res.status;
    const route = routeLabel(c);
    metrics.httpRequest(c.req.method, route, status, durationMs);
    const level: LogLevel = status >= 500 ? "error" : "info";
    if (quiet.has(c.req.path) && status < 400) return;
    if (!logger.enabled(level)) return;
    logger[level]("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      route,
      path: c.req.path.length > 200 ? c.req.path.slice(0, 200) + "…" : c.req.path,
      status,
      durationMs: Math.round(durationMs * 10) / 10,
      client: (c.get("client") as { key?: string } | undefined)?.key,
      stream: (c.res.headers.get("content-type") ?? "").startsWith("text/event-stream") || undefined,
    });
  };
}
