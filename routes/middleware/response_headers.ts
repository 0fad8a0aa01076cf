/** Editing the headers of a response a middleware got back from `next()`. */
import type { Context } from "hono";

/**
 * Applies `edit` to `c.res.headers`. A response with immutable headers (e.g. a fetched one passed through)
 * is copied first and the copy edited.
 */
export function editResponseHeaders(c: Context, edit: (headers: Headers) => void): void {
  try {
    edit(c.res.headers);
  } catch {
    c.res = new Response(c.res.body, c.res);
    edit(c.res.headers);
  }
}
