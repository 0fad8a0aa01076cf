/**
 * The permalink page `GET /generations/:id`: a stored generation rendered on the server with the studio's own
 * components, so it looks like the studio's completed result — the shared layout (header with the budget
 * gauge, /static/styles.css), the request and where the answer came from (source, provider, model, created
 * time), export links (JSON, Markdown, Mermaid), "Open in studio" / "Regenerate", and the result panel: both
 * diagrams (`ArchitectureDiagram`), the value propositions and the cost comparison.
 *
 * The stored event sequence is folded through the studio's reducer (`applyEvent`), so the page and a live
 * stream can never disagree about what a generation shows. No inline script or style (strict CSP); every
 * text from the request or the model goes through Preact's escaping. "Open in studio" and "Regenerate" are
 * a plain form posting the stored request to `POST /` (the studio's no-JavaScript path): the first replays
 * the cached answer when it is still fresh, the second (`force=true`) makes a new one and spends budget.
 * `?view=stacked` draws the diagrams one above the other at full width (the studio's "Enlarge diagrams",
 * as a link). 400 for a malformed id, 404 for an unknown one, both as HTML pages.
 */
import { type Context, Hono } from "hono";
import { renderToString } from "preact-render-to-string";
import { formatAge, formatTimestamp, PLATFORM_STYLE } from "../components/format.ts";
import { Page } from "../components/layout.tsx";
import { Island } from "../components/island.tsx";
import ResultView from "../islands/result_view.tsx";
import { applyEvent, idleResult, type ResultState, type WireEvent } from "../islands/studio_state.ts";
import type { Budget } from "../lib/guards/budget.ts";
import type { KvCall } from "../lib/platform/kv/bounded_kv.ts";
import { EXPORT_FORMATS, type ExportFormat } from "../lib/store/exports.ts";
import {
  eventsOf,
  type GenerationStore,
  type StoredGeneration,
  ULID_PATTERN,
} from "../lib/store/generation_store.ts";
import { budgetViewOf } from "./pages.tsx";

/** What the page needs; with `budget` the header gauge is server-rendered, otherwise loaded in the browser. */
export interface GenerationPageDeps {
  store: GenerationStore;
  budget?: Budget;
  /** Bounds the budget snapshot's reads (lib/app_services.ts; default `boundedKv`). */
  kvCall?: KvCall;
}

/** Link text per export format. */
const EXPORT_LABELS: Record<ExportFormat, string> = { json: "JSON", md: "Markdown", mermaid: "Mermaid" };

/** How each generation source is described. */
const SOURCE_LABELS: Record<string, string> = {
  generated: "Generated for this request",
  cache: "Replayed from the cache",
  similar: "Replayed from a similar request",
};

/** The result a stored generation shows: its events folded through the studio's reducer. */
export function storedResult(stored: StoredGeneration): ResultState {
  let result = idleResult(stored.record.request.competitor);
  for (const event of eventsOf(stored)) result = applyEvent(result, event as unknown as WireEvent);
  return result;
}

/** The request's facts and where the answer came from (source, provider, model, created time, engine). */
function RequestFacts({ stored, now }: { stored: StoredGeneration; now: number }) {
  const { record } = stored;
  const r = record.request;
  const created = new Date(record.createdAt).toISOString();
  return (
    <dl class="facts">
      <div>
        <dt>Persona</dt>
        <dd>{r.persona}</dd>
      </div>
      <div>
        <dt>Scale</dt>
        <dd>{r.scale}</dd>
      </div>
      <div>
        <dt>Priorities</dt>
        <dd>{r.constraints.join(", ") || "none"}</dd>
      </div>
      <div>
        <dt>Users in</dt>
        <dd>{r.region}</dd>
      </div>
      <div>
        <dt>Source</dt>
        <dd>{SOURCE_LABELS[record.start.source] ?? record.start.source}</dd>
      </div>
      <div>
        <dt>Provider · model</dt>
        <dd>
          {record.provider} · <span class="code">{record.model}</span>
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <time datetime={created}>{formatTimestamp(created)}</time> ({formatAge(created, now)})
        </dd>
      </div>
      <div>
        <dt>Engine</dt>
        <dd class="code">{record.engineVersion}</dd>
      </div>
    </dl>
  );
}

/** "Open in studio" / "Regenerate" (a form posting the stored request to `POST /`), the exports, the id. */
function PermalinkSide({ stored }: { stored: StoredGeneration }) {
  const { record } = stored;
  const r = record.request;
  const base = `/api/generations/${record.id}`;
  return (
    <div class="permalink-side">
      <form class="permalink-actions" method="post" action="/">
        <input type="hidden" name="persona" value={r.persona} />
        <input type="hidden" name="appDescription" value={r.appDescription} />
        <input type="hidden" name="scale" value={r.scale} />
        {r.constraints.map((c) => <input key={c} type="hidden" name="constraints" value={c} />)}
        <input type="hidden" name="competitor" value={r.competitor} />
        <input type="hidden" name="region" value={r.region} />
        <button type="submit" class="button button--primary" id="open-in-studio">Open in studio</button>
        <button
          type="submit"
          class="button button--secondary"
          id="regenerate"
          name="force"
          value="true"
          aria-describedby="actions-hint"
        >
          Regenerate
        </button>
        <p class="hint" id="actions-hint">
          Open in studio shows this request in the form, answered from the cache while it is fresh. Regenerate
          always makes a new architecture and uses one generation of the shared budget.
        </p>
      </form>
      <nav class="exports" aria-label="Export this architecture">
        <span class="exports-label">Export</span>
        {EXPORT_FORMATS.map((f) => (
          <a
            key={f}
            class="button button--ghost"
            href={`${base}?format=${f}`}
            data-format={f}
            download
          >
            {EXPORT_LABELS[f]}
          </a>
        ))}
      </nav>
      <p class="permalink-id">
        Permalink id <span class="code">{record.id}</span>
      </p>
    </div>
  );
}

/** The request, its provenance, exports and actions, above the result panel. */
function PermalinkSummary({ stored, now }: { stored: StoredGeneration; now: number }) {
  const r = stored.record.request;
  const competitor = PLATFORM_STYLE[r.competitor]?.name ?? r.competitor;
  return (
    <section class="permalink panel" aria-labelledby="permalink-heading">
      <div class="permalink-request">
        <p class="permalink-kicker">Saved architecture</p>
        <h1 id="permalink-heading">Cloudflare vs {competitor}</h1>
        <blockquote class="permalink-description">{r.appDescription}</blockquote>
        <RequestFacts stored={stored} now={now} />
      </div>
      <PermalinkSide stored={stored} />
    </section>
  );
}

/** Props of the page body: the generation, the clock (for its age), and the diagram arrangement. */
export interface GenerationViewProps {
  stored: StoredGeneration;
  now?: number;
  /** Diagrams one above the other at full width (`?view=stacked`) instead of side by side. */
  stacked?: boolean;
}

/** The page body of one stored generation. */
export function GenerationView({ stored, now = Date.now(), stacked = false }: GenerationViewProps) {
  const path = `/generations/${stored.record.id}`;
  return (
    <>
      <PermalinkSummary stored={stored} now={now} />
      <Island
        name="result_view"
        component={ResultView}
        props={{
          result: storedResult(stored),
          now,
          stacked,
          toggleStackedHref: stacked ? path : `${path}?view=stacked`,
        }}
      />
      <div data-island="generation_history" data-props="{}" />
    </>
  );
}

function notice(c: Context, status: 400 | 404 | 409, heading: string, message: string) {
  const html = renderToString(
    <Page title={`${heading} — VibeToProd`} budget={false} skipLabel="Skip to the message">
      <div class="intro">
        <h1>{heading}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Back to the studio</a>
        </p>
      </div>
    </Page>,
  );
  return c.html("<!doctype html>" + html, status, { "cache-control": "no-store" });
}

/** Page routes for `/generations/:id`. */
export function generationPageRoutes(deps: GenerationPageDeps) {
  const pages = new Hono();
  pages.get("/generations/:id", async function generationPage(c) {
    const id = c.req.param("id").toUpperCase();
    if (!ULID_PATTERN.test(id)) return notice(c, 400, "Invalid link", "This is not a valid generation link.");
    const [found, budget] = await Promise.all([deps.store.read(id), budgetViewOf(deps.budget, deps.kvCall)]);
    if (found.status === "missing") {
      return notice(c, 404, "Not found", "No architecture is stored under this link.");
    }
    if (found.status === "corrupt") {
      return notice(
        c,
        409,
        "Damaged entry",
        "The architecture stored under this link is damaged and cannot be shown (code corrupt_entry).",
      );
    }
    const stored = found.stored;
    const r = stored.record.request;
    const description = r.appDescription.replace(/\s+/g, " ");
    const short = description.length > 60 ? `${description.slice(0, 59)}…` : description;
    const html = renderToString(
      <Page
        title={`${short} — VibeToProd`}
        description={`Cloudflare vs ${r.competitor} architecture for: ${description.slice(0, 150)}`}
        budget={budget}
        skipLabel="Skip to the architecture"
      >
        <GenerationView stored={stored} stacked={c.req.query("view") === "stacked"} />
      </Page>,
    );
    // The age shown changes, and a deleted generation must not linger in caches.
    return c.html("<!doctype html>" + html, 200, { "cache-control": "no-cache" });
  });
  return pages;
}
