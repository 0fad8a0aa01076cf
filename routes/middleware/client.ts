/**
 * Client identification middleware: sets `c.var.client` (API key → its plan, else the address group on the
 * anonymous plan) and, for anonymous browsers, the signed client cookie (`vtp_client`, HttpOnly,
 * SameSite=Lax) that makes them the owner `anon:<clientId>` of what they generate. Runs once per request
 * (a second mount is a no-op).
 *  - A `vtp_…` bearer key that is unknown or revoked is answered 401 `invalid_api_key`, and counted against
 *    the sender's address with a stricter limit (`RATE_LIMIT_INVALID_KEY`, default 20/1m): past it, 429
 *    `rate_limited` (scope `invalid_key`) with `Retry-After`, so keys cannot be guessed at speed.
 *  - The key lookup is bounded (`kvTimeoutMs`): past it, 503 `kv_unavailable`.
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import { getCookie } from "hono/cookie";
import { serialize } from "hono/utils/cookie";
import { getConnInfo } from "hono/deno";
import {
  CLIENT_COOKIE,
  CLIENT_COOKIE_MAX_AGE_S,
  newClientCookie,
  verifyClientCookie,
} from "../../lib/access/client_cookie.ts";
import { clientIp, identifyClient, trustedProxiesOf } from "../../lib/access/client_identity.ts";
import type { TrustedProxies } from "../../lib/platform/ip_address.ts";
import type { RateLimiter, RateLimitRule } from "../../lib/guards/rate_limit.ts";
import { log } from "../../lib/platform/logger.ts";
import { metrics } from "../../lib/platform/metrics.ts";
import { kvUnavailable } from "../../lib/generation/admission.ts";
import { boundedKv, KV_TIMEOUT_MS, type KvCall, kvCall } from "../../lib/platform/kv/bounded_kv.ts";
import { apiError } from "../http_errors.ts";
import { refusalResponse } from "../http/rejections.ts";
import { editResponseHeaders } from "./response_headers.ts";

/** Options of the client middleware. */
export interface ClientMiddlewareOptions {
  kv: Deno.Kv;
  /** `TRUST_PROXY`: which proxies may append to `X-Forwarded-For` (a boolean: none or one hop). Default none. */
  trustProxy?: TrustedProxies | boolean;
  /** Bits of an IPv6 address that make one client (`IPV6_CLIENT_PREFIX`, default 64). */
  ipv6Prefix?: number;
  /** Counts requests with an unknown or revoked key per sender address (with `invalidKeyRule`). */
  limiter?: RateLimiter;
  /** Limit on unknown/revoked-key requests per address (default 20 per minute; null = none). */
  invalidKeyRule?: RateLimitRule | null;
  /** Bound on each KV call (default KV_TIMEOUT_MS). */
  kvTimeoutMs?: number;
  /** Bounded KV calls for the API-key lookup (default: `kvTimeoutMs`, lib/platform/kv/bounded_kv.ts). */
  kvCall?: KvCall;
}

/** The socket peer address, or null when the app is called in-process (tests). */
function remoteAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** The rate-limit key of the request's sender address (`ip:<address or /64>`), per the trust setting. */
export function clientAddressKey(c: Context, trust?: TrustedProxies | boolean, ipv6Prefix?: number): string {
  return `ip:${
    clientIp({
      forwardedFor: c.req.header("x-forwarded-for"),
      remoteAddress: remoteAddress(c),
      trustProxy: trustedProxiesOf(trust),
      ipv6Prefix,
    })
  }`;
}

/**
 * The anonymous caller's owner id from the signed client cookie, or a fresh cookie (its value to set) when it
 * has none. Without the cookie secret the caller is simply anonymous without an owner id this time.
 */
async function anonymousCookie(
  kv: Deno.Kv,
  c: Context,
  kvTimeoutMs: number,
): Promise<{ anonymousId: string | null; newCookie: string | null }> {
  try {
    const anonymousId = await verifyClientCookie(kv, getCookie(c, CLIENT_COOKIE), kvTimeoutMs);
    if (anonymousId) return { anonymousId, newCookie: null };
    const fresh = await newClientCookie(kv, kvTimeoutMs);
    return { anonymousId: fresh.clientId, newCookie: fresh.value };
  } catch (err) {
    log.warn("client cookie unavailable", { error: err });
    return { anonymousId: null, newCookie: null };
  }
}

/** The 429 once an address sent too many unknown API keys; null while it may still try (or KV fails). */
async function invalidKeyRefusal(
  c: Context,
  limiter: RateLimiter,
  invalidKeyRule: RateLimitRule,
  ipKey: string,
  kvTimeoutMs: number,
): Promise<Response | null> {
  const decision = await boundedKv(
    "rate_limit.invalid_key",
    () => limiter.consume("invalid_key", ipKey, invalidKeyRule),
    { ms: kvTimeoutMs },
  ).catch(() => null);
  if (!decision || decision.allowed) return null;
  metrics.rateLimited("invalid_key", "anonymous");
  const wait = decision.retryAfterSeconds ?? decision.resetSeconds;
  return refusalResponse(c, {
    kind: "refused",
    reason: "rate_limited",
    message: `Too many requests with an unknown API key: at most ${invalidKeyRule.limit} per ${
      Math.round(invalidKeyRule.windowMs / 1000)
    } s. Retry in ${wait} s.`,
    retryAfterSeconds: wait,
    scope: "invalid_key",
    quota: { name: "invalid_key", rule: invalidKeyRule, decision },
  });
}

/** Sets the new client cookie on the final response (a handler may return its own Response, e.g. a stream). */
function setClientCookie(c: Context, trust: TrustedProxies, newCookie: string): void {
  const proto = trust.kind !== "none" ? c.req.header("x-forwarded-proto")?.split(",")[0].trim() : undefined;
  const secure = (proto ?? new URL(c.req.url).protocol.replace(":", "")) === "https";
  const cookie = serialize(CLIENT_COOKIE, newCookie, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure,
    maxAge: CLIENT_COOKIE_MAX_AGE_S,
  });
  editResponseHeaders(c, (headers) => {
    if (!headers.getSetCookie().some((v) => v.startsWith(`${CLIENT_COOKIE}=`))) {
      headers.append("Set-Cookie", cookie);
    }
  });
}

/** Builds the middleware. */
export function clientMiddleware(options: ClientMiddlewareOptions): MiddlewareHandler {
  const { kv, limiter, kvTimeoutMs = KV_TIMEOUT_MS } = options;
  const bounded = options.kvCall ??
    kvCall({ ms: kvTimeoutMs, onFailure: (op, reason) => metrics.kvFailure(op, reason) });
  const trust = trustedProxiesOf(options.trustProxy);
  const invalidKeyRule = options.invalidKeyRule === undefined
    ? { limit: 20, windowMs: 60_000 }
    : options.invalidKeyRule;
  return async function identifyClientMiddleware(c: Context, next: Next) {
    if (c.get("client")) return await next();
    const authorization = c.req.header("authorization");
    const bearerKey = /^Bearer\s+vtp_/i.test(authorization ?? "");
    // Anonymous callers get (or keep) the signed client cookie; its id makes them an owner.
    const { anonymousId, newCookie } = bearerKey
      ? { anonymousId: null, newCookie: null }
      : await anonymousCookie(kv, c, kvTimeoutMs);
    const result = await identifyClient(kv, {
      authorization,
      forwardedFor: c.req.header("x-forwarded-for"),
      remoteAddress: remoteAddress(c),
      trustProxy: trust,
      ipv6Prefix: options.ipv6Prefix,
      anonymousId,
    }, bounded);
    if (!result.ok && result.code === "kv_unavailable") {
      log.error("API key lookup failed", { path: c.req.path });
      return refusalResponse(c, kvUnavailable());
    }
    if (!result.ok) {
      if (limiter && invalidKeyRule) {
        const refused = await invalidKeyRefusal(c, limiter, invalidKeyRule, result.ipKey, kvTimeoutMs);
        if (refused) return refused;
      }
      throw apiError(401, result.code, result.message, undefined, {
        "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"',
      });
    }
    c.set("client", result.client);
    await next();
    if (newCookie) setClientCookie(c, trust, newCookie);
  };
}
