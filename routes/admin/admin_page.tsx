/** What every admin HTML page shares: the document head, the no-store/no-frame answer, the CSRF field. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ComponentChildren, VNode } from "preact";
import { renderToString } from "preact-render-to-string";

/** The admin document: head (charset, viewport, referrer policy, favicon, admin styles) and an admin body. */
export function AdminDocument({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{title}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/admin.css" />
      </head>
      <body class="admin">{children}</body>
    </html>
  );
}

/** Answers an admin page: never cached, never framed, referrer kept to our origin. */
export function adminHtml(c: Context, status: ContentfulStatusCode, document: VNode): Response {
  c.header("Cache-Control", "no-store");
  c.header("X-Frame-Options", "DENY");
  c.header("Referrer-Policy", "same-origin");
  return c.html("<!doctype html>" + renderToString(document), status);
}

/** The hidden CSRF field every admin form carries. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
