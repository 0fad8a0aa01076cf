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
  sessionActive,
  verifySessionToken,
} from "../../lib/access/admin_auth.ts";
import { log } from "../../lib/platform/logger.ts";
import { withTimeout } from "../../lib/platform/with_timeout.ts";
import { type ApiError, apiError } from "../http_errors.ts";

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

/** The 503 `admin_disabled` error (to `throw`) for a disabled admin interface. */
export function adminDisabledError(): ApiError {
  return apiError(503, "admin_disabled", ADMIN_DISABLED_MESSAGE);
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
    if (!adminKeyUsable(adminKey)) throw adminDisabledError();
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
  /** Where sessions are recorded server-side; a token whose record is gone (signed out) is refused. */
  kv?: Deno.Kv;
  /** Bound on the session lookup (default 2 000 ms); past it the request counts as signed out. */
  kvTimeoutMs?: number;
  /** Cookie holding the signed session token (default {@link ADMIN_SESSION_COOKIE}). */
  cookieName?: string;
}

/**
 * Builds the dashboard session middleware: verifies the signed session cookie and, with `kv`, that the
 * session is still recorded server-side; sets `adminSession` (null when absent, forged, expired or signed
 * out; also when KV cannot answer in time — fail closed). It never answers by itself; pages decide what to show.
 */
export function adminSession(options: AdminSessionOptions): MiddlewareHandler<AdminSessionEnv> {
  const { adminKey, cookieName = ADMIN_SESSION_COOKIE, kv, kvTimeoutMs = 2000 } = options;
  return async function adminSession(c, next) {
    let session = await verifySessionToken(adminKey, getCookie(c, cookieName));
    if (session && kv) {
      const active = await withTimeout(sessionActive(kv, session), kvTimeoutMs, "kv admin session")
        .catch((err) => {
          log.warn("admin session lookup failed", { error: err });
          return false;
        });
      if (!active) session = null;
    }
    c.set("adminSession", session);
    await next();
  };
}

export { publicOrigin, sameOriginRequest } from "../middleware/cross_site.ts";
