/**
 * `Page`: the HTML shell of the public pages — head (stylesheet, favicon), skip link, header with the brand
 * and the live budget gauge island, main content, footer, and the one islands bundle (no inline scripts, so a
 * strict CSP can be applied).
 */
import type { ComponentChildren } from "preact";
import BudgetGauge, { type BudgetView } from "../islands/budget_gauge.tsx";
import { Island } from "./island.tsx";
import { DIAGRAM_FONT_URL } from "../islands/diagram_export.ts";

/** Props of the shell. */
export interface PageProps {
  title: string;
  description?: string;
  /** Server snapshot for the gauge; null → loaded in the browser; false → no gauge. */
  budget?: BudgetView | null | false;
  /** Text of the skip link to the main content (default "Skip to the form", the studio's). */
  skipLabel?: string;
  children: ComponentChildren;
}

/** The brand mark: a stylised cloud with an upward arrow. */
export function BrandMark() {
  return (
    <svg class="brand-mark" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" class="brand-mark-bg" />
      <path
        d="M9.5 22.5h13a4.5 4.5 0 0 0 .6-9A6.5 6.5 0 0 0 10.6 12 5.3 5.3 0 0 0 9.5 22.5z"
        class="brand-mark-cloud"
      />
      <path d="M16 20v-7m-3 3l3-3 3 3" class="brand-mark-arrow" />
    </svg>
  );
}

/** The site header. */
export function Header({ budget }: { budget?: BudgetView | null | false }) {
  return (
    <header class="site-header">
      <div class="site-header-inner">
        <a class="brand" href="/">
          <BrandMark />
          <span class="brand-name">VibeToProd</span>
        </a>
        <p class="tagline">
          Your app idea, as a production architecture on Cloudflare and on the competition.
        </p>
        {budget !== false && (
          <Island name="budget_gauge" component={BudgetGauge} props={{ initial: budget ?? null }} />
        )}
      </div>
    </header>
  );
}

/** The page shell. */
export function Page(
  { title, description, budget, skipLabel = "Skip to the form", children }: PageProps,
) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title}</title>
        {description && <meta name="description" content={description} />}
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/styles.css" />
        {/* The diagrams' font (static/styles.css): fetched with the stylesheet, so diagrams draw in it at once. */}
        <link rel="preload" href={DIAGRAM_FONT_URL} as="font" type="font/woff2" crossorigin="anonymous" />
        <script type="module" src="/static/build/islands.js" />
      </head>
      <body>
        <a class="skip-link" href="#main">{skipLabel}</a>
        <Header budget={budget} />
        <main id="main" class="site-main">{children}</main>
        <footer class="site-footer">
          <p>
            Estimates use list prices and the traffic assumptions shown with each cost. Architectures are
            starting points, not audits.
          </p>
        </footer>
      </body>
    </html>
  );
}
