/**
 * The permalink page `GET /generations/:id`: a stored generation rendered on the server — the request, both
 * architectures as SVG diagrams (laid out with lib/graph_layout.ts), their monthly costs, the value
 * propositions, and links to the exports. No script: everything is static HTML, and every text from the
 * request or the model goes through Preact's escaping. 400 for a malformed id, 404 for an unknown one.
 */
import { type Context, Hono } from "hono";
import { renderToString } from "preact-render-to-string";
import type { ComponentChildren } from "preact";
import { type GenerationPlans, plansOf, platformName, type PlatformPlan } from "../lib/exports.ts";
import type { GenerationStore, StoredGeneration } from "../lib/generation_store.ts";
import { ULID_PATTERN } from "../lib/generation_store.ts";
import { fitText, layoutGraph } from "../lib/graph_layout.ts";

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;color:#1f2328;background:#f6f7f9}
main{max-width:1200px;margin:0 auto}
.meta{color:#57606a;font-size:.9rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1rem}
section.platform{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem;overflow-x:auto}
svg text{font-family:system-ui,sans-serif}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #eaeef2;padding:.3rem;text-align:left}
td.n{text-align:right}
blockquote{background:#fff;border-left:4px solid #f38020;margin:0 0 1rem;padding:.5rem 1rem;white-space:pre-wrap}
`;

/** An SVG drawing of one platform's nodes and edges. */
export function ArchitectureDiagram(
  { plan, title }: { plan: PlatformPlan; title: string },
): ComponentChildren {
  const layout = layoutGraph(
    plan.nodes.map((n) => ({ id: n.id, type: n.type })),
    plan.edges.map((e) => ({ id: e.id, from: e.from, to: e.to, label: e.label })),
  );
  const nodes = new Map(plan.nodes.map((n) => [n.id, n]));
  const edges = new Map(plan.edges.map((e) => [e.id, e]));
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role="img"
      aria-label={`${title} architecture diagram`}
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="#6e7781" />
        </marker>
      </defs>
      {layout.edges.map((e) => {
        const data = edges.get(e.id);
        return (
          <g key={e.id}>
            <path
              d={e.path}
              fill="none"
              stroke={data?.color ?? "#6e7781"}
              stroke-width="1.6"
              stroke-dasharray={data?.style === "dashed" ? "5 4" : undefined}
              marker-end="url(#arrow)"
            />
            {e.label && (
              <g>
                <rect
                  x={e.label.x - e.label.width / 2}
                  y={e.label.y - e.label.height / 2}
                  width={e.label.width}
                  height={e.label.height}
                  rx="3"
                  fill="#ffffff"
                  opacity="0.9"
                />
                <text x={e.label.x} y={e.label.y + 4} font-size="10" text-anchor="middle" fill="#57606a">
                  {e.label.text}
                </text>
              </g>
            )}
          </g>
        );
      })}
      {layout.nodes.map((p) => {
        const n = nodes.get(p.id);
        if (!n) return null;
        return (
          <g key={p.id}>
            <title>{n.subtitle ? `${n.name}: ${n.subtitle}` : n.name}</title>
            <rect
              x={p.x}
              y={p.y}
              width={p.width}
              height={p.height}
              rx="8"
              fill="#fff"
              stroke={n.color}
              stroke-width="2"
            />
            <text
              x={p.x + p.width / 2}
              y={p.y + (n.subtitle ? 21 : 30)}
              font-size="13"
              text-anchor="middle"
              fill="#1f2328"
            >
              {fitText(n.name, 22)}
            </text>
            {n.subtitle && (
              <text x={p.x + p.width / 2} y={p.y + 38} font-size="10" text-anchor="middle" fill="#57606a">
                {fitText(n.subtitle, 26)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

function usd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function PlatformSection({ plan, title }: { plan: PlatformPlan; title: string }) {
  return (
    <section class="platform">
      <h2>{title}</h2>
      <ArchitectureDiagram plan={plan} title={title} />
      {plan.cost && (
        <div>
          <h3>Monthly cost: {usd(plan.cost.monthlyUsd)}</h3>
          <table>
            <thead>
              <tr>
                <th>Service</th>
                <th>Monthly</th>
                <th>Basis</th>
              </tr>
            </thead>
            <tbody>
              {plan.cost.items.map((item, i) => (
                <tr key={i}>
                  <td>{item.service}</td>
                  <td class="n">{usd(item.monthlyUsd)}</td>
                  <td>{item.basis}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="meta">Assumptions: {plan.cost.assumptions}</p>
        </div>
      )}
    </section>
  );
}

/** The page body of one stored generation. */
export function GenerationView({ stored }: { stored: StoredGeneration }) {
  const { record } = stored;
  const r = record.request;
  const plans: GenerationPlans = plansOf(stored);
  const base = `/api/generations/${record.id}`;
  return (
    <main>
      <h1>VibeToProd architecture</h1>
      <blockquote>{r.appDescription}</blockquote>
      <p class="meta">
        {r.persona} · {r.scale} · {r.constraints.join(", ") || "no constraints"} · {r.region} · compared with
        {" "}
        {r.competitor} · generated{" "}
        <time datetime={new Date(record.createdAt).toISOString()}>
          {new Date(record.createdAt).toISOString()}
        </time>{" "}
        by {record.provider} / {record.model}
      </p>
      <p>
        Export: <a href={`${base}?format=json`}>JSON</a> · <a href={`${base}?format=md`}>Markdown</a> ·{" "}
        <a href={`${base}?format=mermaid`}>Mermaid</a> · <a href="/">New architecture</a>
      </p>
      <div class="grid">
        <PlatformSection plan={plans.cloudflare} title={platformName("cloudflare", r.competitor)} />
        <PlatformSection plan={plans.competitor} title={platformName("competitor", r.competitor)} />
      </div>
      {plans.valueProps.length > 0 && (
        <section>
          <h2>Why Cloudflare</h2>
          <ul>
            {plans.valueProps.map((p, i) => (
              <li key={i}>
                {p.emoji} <strong>{p.title}</strong> ({p.constraint}): {p.description}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

function page(title: string, body: ComponentChildren): string {
  return "<!doctype html>" + renderToString(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>{body}</body>
    </html>,
  );
}

function notice(c: Context, status: 400 | 404, heading: string, message: string) {
  return c.html(
    page(
      heading,
      (
        <main>
          <h1>{heading}</h1>
          <p>{message}</p>
          <p>
            <a href="/">Back to VibeToProd</a>
          </p>
        </main>
      ),
    ),
    status,
  );
}

/** Page routes for `/generations/:id`. */
export function generationPageRoutes(deps: { store: GenerationStore }) {
  const pages = new Hono();
  pages.get("/generations/:id", async function generationPage(c) {
    const id = c.req.param("id").toUpperCase();
    if (!ULID_PATTERN.test(id)) return notice(c, 400, "Invalid link", "This is not a valid generation link.");
    const stored = await deps.store.get(id);
    if (!stored) return notice(c, 404, "Not found", "No architecture is stored under this link.");
    const title = `VibeToProd: ${stored.record.request.appDescription.slice(0, 60)}`;
    return c.html(page(title, <GenerationView stored={stored} />));
  });
  return pages;
}
