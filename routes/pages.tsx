/** HTML pages (server-rendered): the studio at `/` and the static assets under `/static/`. */
import { Hono } from "hono";
import { serveStatic } from "hono/deno";
import { renderToString } from "preact-render-to-string";
import { Island } from "../components/island.tsx";
import ArchitectureStudio from "../islands/architecture_studio.tsx";
import type { Config } from "../lib/config.ts";

/** Page routes. */
export function pageRoutes(_deps: { config: Config }) {
  const pages = new Hono();
  pages.use("/static/*", serveStatic({ root: "./" }));
  pages.get("/", (c) => {
    const html = renderToString(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>VibeToProd</title>
        </head>
        <body>
          <h1>VibeToProd</h1>
          <Island name="architecture_studio" component={ArchitectureStudio} props={{}} />
          <script type="module" src="/static/build/islands.js"></script>
        </body>
      </html>,
    );
    return c.html("<!doctype html>" + html);
  });
  return pages;
}
