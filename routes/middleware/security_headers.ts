/**
 * Security headers on every response (built on `hono/secure-headers`):
 *  - Content-Security-Policy: `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;
 *    connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none';
 *    form-action 'self'` — the islands bundle is a same-origin module script, so it runs; inline scripts,
 *    inline `<style>` blocks and style attributes in server HTML do not;
 *  - X-Content-Type-Options: nosniff, Referrer-Policy: strict-origin-when-cross-origin, X-Frame-Options:
 *    DENY, Cross-Origin-Opener-Policy / Resource-Policy: same-origin, a Permissions-Policy that turns off
 *    camera, microphone, geolocation, payment, USB and browsing topics;
 *  - Strict-Transport-Security only when the request came over https (directly, or via a trusted proxy's
 *    `X-Forwarded-Proto` when `trustProxy`).
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { editResponseHeaders } from "./response_headers.ts";

/** Options of `securityHeaders`. */
export interface SecurityHeadersOptions {
  /** Honour `X-Forwarded-Proto` when deciding on HSTS (TRUST_PROXY). */
  trustProxy?: boolean;
  /** HSTS max-age in seconds (default one year). */
  hstsMaxAge?: number;
}

/** The CSP directives, in header order. */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
};

/** Builds the security-headers middleware. */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const hsts = `max-age=${options.hstsMaxAge ?? 31_536_000}; includeSubDomains`;
  const base = secureHeaders({
    contentSecurityPolicy: CSP_DIRECTIVES,
    xFrameOptions: "DENY",
    referrerPolicy: "strict-origin-when-cross-origin",
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      browsingTopics: [],
    },
  });
  // Not async itself (the request decides HSTS up front): a request waiting in its handler (a stream's
  // admission) holds Hono's frame only.
  return function securityHeaders(c, next) {
    const proto = options.trustProxy
      ? (c.req.header("x-forwarded-proto") ?? "").split(",")[0].trim().toLowerCase()
      : "";
    const answered = base(c, next);
    if (!c.req.url.startsWith("https:") && proto !== "https") return answered;
    return answered.then(() => {
      editResponseHeaders(c, (headers) => headers.set("Strict-Transport-Security", hsts));
    });
  };
}
