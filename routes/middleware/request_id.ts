/**
 * Request ids: every response carries `X-Request-Id`. Hono's `requestId` middleware does the work; these
 * options keep our format: a well-formed incoming id (1–128 characters of letters, digits, `.`, `_`, `:`,
 * `-`, `=`) is kept so a proxy's id follows the request through the logs; anything else is replaced by a
 * fresh UUID. The id is set as `c.var.requestId` for logs and handlers.
 */
import type { Context, MiddlewareHandler } from "hono";
import { requestId as honoRequestId } from "hono/request-id";
import { editResponseHeaders } from "./response_headers.ts";

/** Header carrying the id, in and out. */
export const REQUEST_ID_HEADER = "X-Request-Id";

const MAX_LENGTH = 128;
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

/** Builds the request-id middleware. */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler {
  const headerName = options.headerName ?? REQUEST_ID_HEADER;
  const generate = options.generate ?? (() => crypto.randomUUID());
  const hono = honoRequestId({
    headerName,
    limitLength: MAX_LENGTH,
    // Hono keeps ids of word characters, `-` and `=`; it asks here about the rest, and ids with `.` or `:`
    // (common in proxies' ids) are kept too.
    generator: (c: Context) => {
      const incoming = c.req.header(headerName);
      return incoming !== undefined && isValidRequestId(incoming) ? incoming : generate();
    },
  });
  return async function requestId(c, next) {
    await hono(c, next);
    // Hono sets the header before the handler runs; a handler that returns its own `Response` (an event
    // stream) drops it, so it is put back here.
    if (!c.res.headers.has(headerName)) {
      editResponseHeaders(c, (headers) => headers.set(headerName, c.get("requestId")));
    }
  };
}
