/**
 * Request ids: every response carries `X-Request-Id`. A well-formed incoming id (1–128 characters of
 * letters, digits, `.`, `_`, `:`, `-`) is kept so a proxy's id follows the request through the logs;
 * anything else is replaced by a fresh one. The id is set as `c.var.requestId` for logs and handlers.
 */
import type { MiddlewareHandler } from "hono";
import { editResponseHeaders } from "./response_headers.ts";

/** Header carrying the id, in and out. */
export const REQUEST_ID_HEADER = "X-Request-Id";

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Options of `requestId`. */
export interface RequestIdOptions {
  /** Header name (default `X-Request-Id`). */
  headerName?: string;
  /** Makes a new id (default `crypto.randomUUID()`). */
  generate?: () => string;
  /** Whether an incoming id is kept (default: when it matches the format above). */
  accept?: (incoming: string) => boolean;
}

/** True when `id` is an acceptable incoming request id. */
export function isValidRequestId(id: string): boolean {
  return VALID_ID.test(id);
}

/** Builds the request-id middleware. */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler {
  const headerName = options.headerName ?? REQUEST_ID_HEADER;
  const generate = options.generate ?? (() => crypto.randomUUID());
  const accept = options.accept ?? isValidRequestId;
  return async function requestId(c, next) {
    const incoming = c.req.header(headerName);
    const id = incoming !== undefined && accept(incoming) ? incoming : generate();
    c.set("requestId", id);
    await next();
    editResponseHeaders(c, (headers) => headers.set(headerName, id));
  };
}
