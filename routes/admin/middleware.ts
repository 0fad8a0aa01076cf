/**
 * Admin authentication middleware for the HTTP admin API: the key comes in `X-Admin-Key` or
 * `Authorization: Bearer <key>` and is compared in constant time with `ADMIN_API_KEY`.
 *  - no usable admin key configured (unset or shorter than 32 characters) → 503 `admin_disabled`;
 *  - key missing or wrong → 401 `unauthorized`, the same body either way (no hint which);
 *  - otherwise the request goes on. Keys are never echoed or logged.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import {
  adminKeyMatches,
  adminKeyUsable,
  type AdminSession,
  MIN_ADMIN_KEY_LENGTH,
  verifySessionToken,
} from "../../lib/access/admin_auth.ts";
import { apiError } from "../http_errors.ts";

/** Options of {@link adminAuth}. */
export interface AdminAuthOptions {
  /** The configured admin key (`ADMIN_API_KEY`); unset or short disables admin routes. */
  adminKey: string | undefined;
  /** Header carrying the key besides `Authorization: Bearer` (default `X-Admin-Key`). */
  headerName?: string;
}

/** Message of the 503 answered while admin access is disabled. */
export const ADMIN_DISABLED_MESSAGE =
  `Admin access is disabled: set ADMIN_API_KEY (${MIN_ADMIN_KEY_LENGTH}+ characters) to enable it.`;

/** The 503 JSON answer for a disabled admin interface. */
export function adminDisabledResponse(c: Context): Response {
  return c.json(apiError(503, "admin_disabled", ADMIN_DISABLED_MESSAGE).body, 503);
}

/** The key presented in `X-Admin-Key` (or the configured header) or `Authorization: Bearer`. */
export function presentedAdminKey(c: Context, headerName = "X-Admin-Key"): string | undefined {
  const direct = c.req.header(headerName);
  if (direct !== undefined && direct !== "") return direct;
  const auth = c.req.header("Authorization");
  const match = auth?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i);
  return match?.[1];
}

/** Builds the admin authentication middleware. */
export function adminAuth(options: AdminAuthOptions): MiddlewareHandler {
  const { adminKey, headerName = "X-Admin-Key" } = options;
  return async function adminAuth(c, next) {
    if (!adminKeyUsable(adminKey)) throw apiError(503, "admin_disabled", ADMIN_DISABLED_MESSAGE);
    if (!(await adminKeyMatches(adminKey, presentedAdminKey(c, headerName)))) {
      throw apiError(401, "unauthorized", "Admin authentication required.", undefined, {
        "WWW-Authenticate": 'Bearer realm="admin"',
        "Cache-Control": "no-store",
      });
    }
    c.header("Cache-Control", "no-store");
    await next();
  };
}

/** Name of the dashboard session cookie. */
export const ADMIN_SESSION_COOKIE = "vtp_admin_session";

/** Variables set by {@link adminSession}. */
export type AdminSessionEnv = { Variables: { adminSession: AdminSession | null } };

/** Options of {@link adminSession}. */
export interface AdminSessionOptions {
  adminKey: string | undefined;
  /** Cookie holding the signed session token (default {@link ADMIN_SESSION_COOKIE}). */
  cookieName?: string;
}

/**
 * Builds the dashboard session middleware: verifies the signed session cookie and sets `adminSession` (null
 * when absent, forged or expired). It never answers by itself; pages decide what to show.
 */
export function adminSession(options: AdminSessionOptions): MiddlewareHandler<AdminSessionEnv> {
  const { adminKey, cookieName = ADMIN_SESSION_COOKIE } = options;
  return async function adminSession(c, next) {
    c.set("adminSession", await verifySessionToken(adminKey, getCookie(c, cookieName)));
    await next();
  };
}

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
