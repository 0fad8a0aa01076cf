/**
 * `ResultPanel`: the result area of the studio in every state — idle, streaming (live progress), complete,
 * failed (keeps what arrived, offers Retry), served from cache (age + Regenerate), similar answer (the
 * original request and the score), budget spent, rate limited (when it lifts) and queued. Server-renderable;
 * Retry and Regenerate are submit buttons of the studio form, so they work with and without JavaScript.
 */
import type { ResultState } from "../islands/studio_state.ts";
import { progress } from "../islands/studio_state.ts";
import { useEffect, useState } from "preact/hooks";
import { ArchitectureDiagram, type DiagramView, FIT_VIEW } from "./architecture_diagram.tsx";
import { CostComparison } from "./cost_chart.tsx";
import {
  formatAge,
  formatClock,
  formatCountdown,
  formatDuration,
  formatLocalClock,
  formatUsd,
  PLATFORM_STYLE,
} from "./format.ts";
import { ValueProps } from "./value_props.tsx";

/** Props: the state, the clock (for ages), and the diagram arrangement toggle (island only). */
export interface ResultPanelProps {
  result: ResultState;
  now?: number;
  /** Diagrams one above the other at full width instead of side by side. */
  stacked?: boolean;
  onToggleStacked?: () => void;
  /** Without an island: a link to the same page in the other arrangement (the permalink page uses it). */
  toggleStackedHref?: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The clock, ticking every second while `active` (browser only; the server render keeps `initial`). */
function useClock(initial: number, active: boolean): { now: number; live: boolean } {
  const [now, setNow] = useState(initial);
  const [live, setLive] = useState(false);
  useEffect(() => {
    setLive(true);
    setNow(Date.now());
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return { now, live };
}

/** "You can generate again at 14:05 (in 4:59)", ticking; Retry is disabled until then. */
function RateLimited({ at, now: initial }: { at?: string; now: number }) {
  const until = at ? Date.parse(at) : NaN;
  const { now, live } = useClock(initial, Number.isFinite(until));
  const secs = Number.isFinite(until) ? Math.max(0, (until - now) / 1000) : 0;
  const waiting = secs > 0;
  return (
    <>
      <p>
        <strong>You have reached your generation limit for now.</strong> {at
          ? waiting
            ? live
              ? (
                <>
                  You can generate again at {formatLocalClock(at, now)} (in{" "}
                  <span class="countdown" id="countdown">{formatCountdown(secs)}</span>).
                </>
              )
              : `You can generate again at ${formatClock(at)} (in ${formatDuration(secs)}).`
            : "You can generate again now."
          : "Try again shortly."}
      </p>
      <WhatYouCanDo />
      <RetryButton disabled={live && waiting} />
    </>
  );
}

/** What a refused person can still do. */
function WhatYouCanDo({ budget = false }: { budget?: boolean }) {
  return (
    <ul class="can-do">
      <li>Pick a quick start template: templates generated before are answered from the cache, free.</li>
      <li>Describe your app much like an earlier request: a similar stored answer is shown instead.</li>
      <li>Open one of your recent generations or a saved link.</li>
      {!budget && <li>With an API key your plan's own, higher limit applies.</li>}
    </ul>
  );
}

function RetryButton(
  { label = "Retry", force = false, disabled = false }: {
    label?: string;
    force?: boolean;
    disabled?: boolean;
  },
) {
  return (
    <button
      type="submit"
      form="studio-form"
      disabled={disabled}
      class="button button--secondary"
      name={force ? "force" : undefined}
      value={force ? "true" : undefined}
      data-action={force ? "regenerate" : "retry"}
    >
      {label}
    </button>
  );
}

function Notices({ result, now }: { result: ResultState; now: number }) {
  const { start, problem } = result;
  const out = [];
  if (start?.source === "cache") {
    out.push(
      <div class="notice notice--cache" id="cache-badge" key="cache">
        <span class="badge badge--cache">From cache</span>
        <p>
          This answer was generated {formatAge(start.generatedAt, now)}
          {start.stale ? " and is older than the cache keeps answers fresh" : ""}; replaying it spent no
          budget.
        </p>
        <RetryButton label="Regenerate" force />
      </div>,
    );
  }
  if (start?.source === "similar") {
    const m = start.matchedRequest;
    out.push(
      <div class="notice notice--similar" id="similar-notice" key="similar">
        <span class="badge badge--similar">Similar answer</span>
        <div>
          <p>
            <strong>This is a similar architecture made for another request</strong>, shown because new
            generations are not available right now. Similarity score {(start.similarity ?? 0).toFixed(2)}
            {start.generatedAt ? `, generated ${formatAge(start.generatedAt, now)}` : ""}.
          </p>
          {m && (
            <blockquote class="matched-request">
              “{m.appDescription}”
              <footer>{m.persona} · {m.scale} · {m.competitor} · {m.region}</footer>
            </blockquote>
          )}
        </div>
      </div>,
    );
  }
  if (problem) {
    const arrived = result.cloudflare.nodes.length + result.competitor.nodes.length;
    const kept = arrived === 1
      ? " Showing the component that arrived."
      : arrived
      ? ` Showing the ${arrived} components that arrived.`
      : "";
    let body;
    switch (problem.kind) {
      case "stopped":
        body = <p>Stopped.{kept}</p>;
        break;
      case "invalid":
        body = <p>{problem.message} Please fix the highlighted fields.</p>;
        break;
      case "budget": {
        const b = problem.budget;
        const reset = b?.resetsAt ?? problem.retryAt;
        body = (
          <>
            <p>
              <strong>New generations are paused: the shared generation budget is spent</strong>
              {b ? ` (${b.used} of ${b.limit} used)` : ""}. {reset
                ? `It resets at ${formatClock(reset)}.`
                : "It is topped up by the people who run this site; until then you can still:"}
            </p>
            <WhatYouCanDo budget />
          </>
        );
        break;
      }
      case "rate_limited":
        body = <RateLimited at={problem.retryAt} now={now} />;
        break;
      default:
        body = (
          <p>
            <strong>{problem.kind === "network" ? "Connection lost." : "The generation failed."}</strong>{" "}
            {problem.message}
            {kept} <span class="code">({problem.code})</span>
          </p>
        );
    }
    out.push(
      <div
        class={`notice notice--${problem.kind}`}
        role="alert"
        id="problem"
        data-kind={problem.kind}
        key="problem"
      >
        {body}
        {problem.kind !== "invalid" && problem.kind !== "budget" && problem.kind !== "rate_limited" && (
          <RetryButton />
        )}
      </div>,
    );
  }
  return <>{out}</>;
}

function DiagramCard(
  { result, platform, view, onView }: {
    result: ResultState;
    platform: "cloudflare" | "competitor";
    view?: DiagramView;
    onView?: (v: DiagramView) => void;
  },
) {
  const data = result[platform];
  const name = platform === "cloudflare" ? "Cloudflare" : PLATFORM_STYLE[result.competitorName]?.name ??
    result.competitorName;
  const key = platform === "cloudflare" ? "cloudflare" : result.competitorName.toLowerCase();
  const done = Boolean(data.cost) || result.phase === "complete";
  return (
    <figure
      class={`diagram diagram--${key}`}
      id={`diagram-${platform}`}
      data-state={data.nodes.length ? (done ? "complete" : "streaming") : "empty"}
    >
      <figcaption class="diagram-head">
        <span class={`platform-dot platform-dot--${key}`} aria-hidden="true" />
        <span class="diagram-name">{name}</span>
        <span class="diagram-meta">
          {data.nodes.length
            ? `${plural(data.nodes.length, "component")} · ${plural(data.edges.length, "connection")}`
            : ""}
          {data.cost ? ` · ${formatUsd(data.cost.monthlyUsd)}/mo` : ""}
        </span>
      </figcaption>
      {data.nodes.length
        ? (
          <ArchitectureDiagram
            nodes={data.nodes}
            edges={data.edges}
            cost={data.cost}
            title={`${name} architecture`}
            idPrefix={`dg-${platform}`}
            fileName={`vibetoprod-${result.start?.id ?? "draft"}-${key}`}
            view={view}
            onView={onView}
          />
        )
        : (
          <div class="diagram-empty">
            {result.phase === "streaming"
              ? <p class="pulse">Waiting for the first components…</p>
              : <p>The {name} architecture will be drawn here.</p>}
          </div>
        )}
    </figure>
  );
}

/** "Copy link" (browser only): copies the permalink and says so. */
function CopyLink({ href }: { href: string }) {
  const [state, setState] = useState<"" | "copied" | "failed">("");
  return (
    <button
      type="button"
      class="button button--ghost"
      id="copy-link"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(new URL(href, location.href).href);
          setState("copied");
        } catch {
          setState("failed");
        }
        setTimeout(() => setState(""), 2500);
      }}
    >
      {state === "copied"
        ? "Link copied"
        : state === "failed"
        ? "Copy failed: use the Permalink"
        : "Copy link"}
    </button>
  );
}

/** The result area. */
export function ResultPanel(
  { result, now = Date.now(), stacked = false, onToggleStacked, toggleStackedHref }: ResultPanelProps,
) {
  const p = progress(result);
  const streaming = result.phase === "streaming";
  const [mounted, setMounted] = useState(false);
  const [together, setTogether] = useState(false);
  const [shared, setShared] = useState<DiagramView>(FIT_VIEW);
  useEffect(() => setMounted(true), []);
  const permalink = result.start?.id && result.phase === "complete"
    ? `/generations/${result.start.id}`
    : null;
  const both = result.cloudflare.nodes.length > 0 && result.competitor.nodes.length > 0;
  const hasCosts = Boolean(result.cloudflare.cost || result.competitor.cost);
  return (
    <section
      class={`result${stacked ? " result--stacked" : ""}`}
      aria-labelledby="result-heading"
      data-phase={result.phase}
      data-competitor={result.competitorName.toLowerCase()}
    >
      <div class="status-bar">
        <h2 id="result-heading" tabindex={-1}>Architectures</h2>
        <p class="progress" id="progress" role="status" aria-live="polite">
          {result.phase === "idle" ? "Ready when you are." : p.text}
        </p>
        {streaming && (
          <svg class="progress-ring" viewBox="0 0 36 36" width="22" height="22" aria-hidden="true">
            <circle cx="18" cy="18" r="15" class="progress-ring-track" />
            <circle
              cx="18"
              cy="18"
              r="15"
              class="progress-ring-fill"
              stroke-dasharray={`${Math.min(1, p.done / Math.max(1, p.expected)) * 94.2} 94.2`}
            />
          </svg>
        )}
        {result.start && (
          <span class="provenance">
            {result.start.source === "generated"
              ? `Generated by ${result.start.model} (${result.start.provider})`
              : result.start.source === "cache"
              ? "Replayed from cache"
              : "Replayed similar answer"}
          </span>
        )}
        {onToggleStacked && (result.cloudflare.nodes.length > 0 || result.competitor.nodes.length > 0) && (
          <button
            type="button"
            class="button button--ghost toggle-stacked"
            id="toggle-stacked"
            aria-pressed={stacked ? "true" : "false"}
            onClick={onToggleStacked}
          >
            {stacked ? "Side by side" : "Enlarge diagrams"}
          </button>
        )}
        {!onToggleStacked && toggleStackedHref && (
          <a class="button button--ghost toggle-stacked" id="toggle-stacked" href={toggleStackedHref}>
            {stacked ? "Side by side" : "Enlarge diagrams"}
          </a>
        )}
      </div>
      {(permalink || (mounted && both)) && (
        <div class="result-tools">
          {permalink && <a class="button button--ghost" id="permalink" href={permalink}>Permalink</a>}
          {permalink && mounted && <CopyLink href={permalink} />}
          {mounted && both && (
            <label class="check">
              <input
                type="checkbox"
                id="zoom-together"
                checked={together}
                onChange={(e) => {
                  setTogether((e.currentTarget as HTMLInputElement).checked);
                  setShared(FIT_VIEW);
                }}
              />
              Zoom both diagrams together
            </label>
          )}
        </div>
      )}
      <Notices result={result} now={now} />
      <div class="diagrams">
        <DiagramCard
          result={result}
          platform="cloudflare"
          view={together ? shared : undefined}
          onView={together ? setShared : undefined}
        />
        <DiagramCard
          result={result}
          platform="competitor"
          view={together ? shared : undefined}
          onView={together ? setShared : undefined}
        />
      </div>
      {result.valueProps.length > 0 && (
        <section class="panel" aria-labelledby="vp-heading">
          <h3 id="vp-heading">Why Cloudflare for your priorities</h3>
          <ValueProps items={result.valueProps} />
        </section>
      )}
      {hasCosts && (
        <section class="panel" aria-labelledby="cost-heading">
          <h3 id="cost-heading">Estimated monthly cost</h3>
          <CostComparison
            cloudflare={result.cloudflare.cost}
            competitor={result.competitor.cost}
            competitorName={PLATFORM_STYLE[result.competitorName]?.name ?? result.competitorName}
          />
        </section>
      )}
    </section>
  );
}
