/**
 * Client identification middleware: sets `c.var.client` (API key → its plan, else the IP on the anonymous
 * plan). A `vtp_…` bearer key that is unknown or revoked is answered 401 `invalid_api_key`.
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import { getConnInfo } from "hono/deno";
import { identifyClient } from "../../lib/access/client_identity.ts";
import { kvUnavailable } from "../../lib/generation/admission.ts";
import { type KvCall, KvUnavailableError } from "../../lib/platform/kv/bounded_kv.ts";
import { log } from "../../lib/platform/logger.ts";
import { apiError } from "../http_errors.ts";
import { refusalResponse } from "../http/rejections.ts";

/** Options of the client middleware. */
export interface ClientMiddlewareOptions {
  kv: Deno.Kv;
  /** Honour `X-Forwarded-For` (TRUST_PROXY). Default false. */
  trustProxy?: boolean;
  /** Bounded KV calls for the API-key lookup (default: KV_TIMEOUT_MS, lib/platform/kv/bounded_kv.ts). */
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

/** Builds the middleware. */
export function clientMiddleware(options: ClientMiddlewareOptions): MiddlewareHandler {
  const { kv, trustProxy = false } = options;
  return async function identifyClientMiddleware(c: Context, next: Next) {
    let result;
    try {
      result = await identifyClient(kv, {
        authorization: c.req.header("authorization"),
        forwardedFor: c.req.header("x-forwarded-for"),
        remoteAddress: remoteAddress(c),
        trustProxy,
      }, options.kvCall);
    } catch (err) {
      if (!(err instanceof KvUnavailableError)) throw err;
      log.error("API key lookup failed", { error: err });
      return refusalResponse(c, kvUnavailable());
    }
    if (!result.ok) {
      throw apiError(401, result.code, result.message, undefined, {
        "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"',
      });
    }
    c.set("client", result.client);
    await next();
  };
}
