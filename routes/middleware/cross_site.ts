/**
 * Cross-site request checks for state-changing form routes (the no-JavaScript studio form `POST /`, the
 * admin dashboard's sign-in and forms). A request must prove it comes from one of our own pages:
 * `Sec-Fetch-Site: same-origin`; a browser that sends no `Sec-Fetch-Site` must send an `Origin` (else a
 * `Referer`) equal to the public origin. Anything else is answered 403 `cross_site_request` — an HTML page
 * for browsers (`Accept: text/html`), JSON otherwise — before the body is read or anything is spent. The JSON
 * API keeps its CORS rules instead (routes/middleware/cors.ts): a cross-site page cannot send it JSON.
 */
import type { Context, MiddlewareHandler } from "hono";
import { apiError } from "../http_errors.ts";

/** The origin the browser sees: the request URL's, or the forwarded one when the proxy is trusted. */
export function publicOrigin(c: Context, trustProxy = false): string {
  const url = new URL(c.req.url);
  if (trustProxy) {
    const proto = c.req.header("X-Forwarded-Proto")?.split(",")[0].trim();
    const host = c.req.header("X-Forwarded-Host")?.split(",")[0].trim();
    if (proto === "http" || proto === "https") return `${proto}://${host || url.host}`;
  }
  return url.origin;
}

/**
 * Whether a state-changing request comes from our own pages: `Sec-Fetch-Site: same-origin`, or an `Origin`
 * (else `Referer`) equal to the public origin. Requests that prove neither are refused.
 */
export function sameOriginRequest(c: Context, trustProxy = false): boolean {
  const site = c.req.header("Sec-Fetch-Site");
  if (site !== undefined && site !== "same-origin") return false;
  const expected = publicOrigin(c, trustProxy);
  const origin = c.req.header("Origin");
  if (origin !== undefined && origin !== "null") return origin === expected;
  const referer = c.req.header("Referer");
  if (referer) {
    try {
      return new URL(referer).origin === expected;
    } catch {
      return false;
    }
  }
  return site === "same-origin";
}

/** Options of {@link crossSiteGuard}. */
export interface CrossSiteGuardOptions {
  /** Honour `X-Forwarded-Proto`/`-Host` for the public origin (TRUST_PROXY). Default false. */
  trustProxy?: boolean;
  /** Methods checked (default: every method but GET, HEAD, OPTIONS). */
  methods?: readonly string[];
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

const MESSAGE = "Cross-site form submissions are refused: submit the form from this site's own page.";

/** Builds the middleware. */
export function crossSiteGuard(options: CrossSiteGuardOptions = {}): MiddlewareHandler {
  const { trustProxy = false } = options;
  const checked = options.methods ? new Set(options.methods.map((m) => m.toUpperCase())) : null;
  return async function crossSiteGuard(c, next) {
    const method = c.req.method.toUpperCase();
    const applies = checked ? checked.has(method) : !SAFE.has(method);
    if (!applies || sameOriginRequest(c, trustProxy)) return await next();
    c.header("Cache-Control", "no-store");
    if (/\btext\/html\b/.test(c.req.header("Accept") ?? "")) {
      return c.html(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forbidden</title>` +
          `<link rel="stylesheet" href="/static/styles.css"></head><body><main><h1>Forbidden</h1>` +
          `<p role="alert">${MESSAGE}</p><p><a href="/">Back to the studio</a></p></main></body></html>`,
        403,
      );
    }
    throw apiError(403, "cross_site_request", MESSAGE, undefined, { "Cache-Control": "no-store" });
  };
}
