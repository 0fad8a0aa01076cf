/**
 * Request ids: every response carries `X-Request-Id`, in the format Hono's `requestId` middleware (used here
 * before) kept: a well-formed incoming id (1–128 characters of letters, digits, `.`, `_`, `:`,
 * `-`, `=`) is kept so a proxy's id follows the request through the logs; anything else is replaced by a
 * fresh UUID. The id is set as `c.var.requestId` for logs and handlers.
 */
import type { MiddlewareHandler } from "hono";
import { editResponseHeaders } from "./response_headers.ts";

/** Header carrying the id, in and out. */
export const REQUEST_ID_HEADER = "X-Request-Id";

const VALID_ID = /^[A-Za-z0-9._:=-]{1,128}$/;

/** Options of `requestId`. */
export interface RequestIdOptions {
  /** Header name (default `X-Request-Id`). */
  headerName?: string;
  /** Makes a new id (default `crypto.randomUUID()`). */
  generate?: () => string;
}

/** True when `id` is an acceptable incoming request id. */
export function isValidRequestId(id: string): boolean {
  return VALID_ID.test(id);
}

/** The id a request goes by: a well-formed incoming one, else a fresh one. */
function idOf(incoming: string | undefined, generate: () => string): string {
  return incoming !== undefined && isValidRequestId(incoming) ? incoming : generate();
}

/**
 * Builds the request-id middleware. The response header is set once the handler has answered (on whatever
 * `Response` it returned), so a request waiting in its handler (a stream's admission) holds no prepared
 * response headers.
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler {
  const headerName = options.headerName ?? REQUEST_ID_HEADER;
  const generate = options.generate ?? (() => crypto.randomUUID());
  return async function requestId(c, next) {
    c.set("requestId", idOf(c.req.header(headerName), generate));
    await next();
    if (!c.res.headers.has(headerName)) {
      editResponseHeaders(c, (headers) => headers.set(headerName, c.get("requestId")));
    }
  };
}
