/**
 * `ArchitectureDiagram`: one platform's architecture as an inline SVG, laid out top to bottom by
 * `components/graph_layout.ts` to the width the diagram has, drawn at its natural size (the scale never
 * changes while a plan streams in). Server-renderable (first paint, permalinks and the no-JavaScript page);
 * once mounted in the browser it measures its width, relays out to fit it, and becomes explorable:
 *  - Zoom in / Zoom out / Fit buttons, wheel zoom (Ctrl/⌘ + wheel and trackpad pinch anywhere; a plain
 *    wheel once the diagram is clicked or focused, or in full screen — otherwise it scrolls the page and a
 *    hint says "Ctrl + scroll to zoom"), two-finger pinch on touch, drag to pan, keys + / − / 0 and arrows
 *    on the focused diagram, full screen, and SVG / PNG downloads;
 *  - every node is a button: click, tap or Enter opens its details (full subtitle, its cost lines, its
 *    connections) in a panel under the drawing; hovering or focusing a node highlights its connections.
 *
 * Zooming changes the SVG `viewBox` only (no inline styles, CSP-friendly); the view can be controlled from
 * outside (`view` / `onView`) so two diagrams zoom together.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { CostData, EdgeData, NodeData } from "../lib/protocol/events.ts";
import { DEFAULT_LAYOUT_OPTIONS, layoutGraph, measureText, wrapWidth } from "./graph_layout.ts";
import { formatUsd } from "./format.ts";
import { ICON_PATHS } from "./icons.tsx";
import { downloadDiagram } from "../islands/diagram_export.ts";

/** Zoom and centre of a diagram: `scale` 1 shows the whole drawing; `fx`/`fy` are fractions of its size. */
export interface DiagramView {
  scale: number;
  fx: number;
  fy: number;
}

/** The whole drawing. */
export const FIT_VIEW: DiagramView = { scale: 1, fx: 0.5, fy: 0.5 };
/** Whether the modifier for wheel zoom is ⌘ (Apple keyboards) rather than Ctrl. */
const MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const MIN_SCALE = 0.5;
const MAX_SCALE = 5;
const STEP = 1.25;

/** Props: the graph, an accessible title, an id prefix unique on the page, and optional extras. */
export interface ArchitectureDiagramProps {
  nodes: readonly NodeData[];
  edges: readonly EdgeData[];
  title: string;
  idPrefix: string;
  /** The platform's cost estimate: its lines show in a node's details. */
  cost?: CostData;
  /** Controlled view (both diagrams zoom together); without it the diagram keeps its own. */
  view?: DiagramView;
  onView?: (view: DiagramView) => void;
  /** File name stem for downloads. */
  fileName?: string;
}

/** Name of the performance mark recorded each time a diagram is laid out in the browser. */
export const LAYOUT_MARK = "vibetoprod:layout";

/** Node geometry (see the `.node-*` rules in static/styles.css). Nodes widen to three a row when room allows. */
const NODE_MIN_WIDTH = 148;
const NODE_MAX_WIDTH = 196;
const TEXT_X = 38;
const TEXT_PAD = 8;
const NAME_SIZE = 13;
const NAME_LINE = 16;
const SUB_SIZE = 11.5;
const SUB_LINE = 14;
const PAD_Y = 10;
const measureName = (t: string) => measureText(t, NAME_SIZE, true);
const measureSub = (t: string) => measureText(t, SUB_SIZE);

/** Node width for a drawing `maxWidth` wide: three nodes a row when they can be at least the minimum. */
export function nodeWidthFor(maxWidth: number): number {
  const three = Math.floor((maxWidth - 2 * 10 - 2 * 16) / 3);
  return Math.max(NODE_MIN_WIDTH, Math.min(NODE_MAX_WIDTH, three));
}

/** Node text as drawn: the name on up to two lines, the subtitle on up to two (the rest is in the details). */
export function nodeText(
  n: NodeData,
  width = NODE_MIN_WIDTH,
): { name: string[]; sub: string[]; height: number } {
  const room = width - TEXT_X - TEXT_PAD;
  const name = wrapWidth(n.name, room, measureName, 2);
  const sub = n.subtitle ? wrapWidth(n.subtitle, room, measureSub, 2) : [];
  const height = PAD_Y * 2 + name.length * NAME_LINE + (sub.length ? 4 + sub.length * SUB_LINE : 0);
  return { name, sub, height: Math.max(48, height) };
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/**
 * The cost lines that belong to a node: a line whose service (without a trailing "(…)") equals one of the
 * node name's " + " parts, else starts with one (the longest part wins; "Cloudflare " prefixes are ignored).
 */
export function costLinesOf(node: NodeData, nodes: readonly NodeData[], cost?: CostData) {
  if (!cost) return [];
  const parts = (n: NodeData) =>
    n.name.split(/\s+\+\s+/).map((p) => norm(p).replace(/^cloudflare /, "")).filter(Boolean);
  return cost.items.filter((item) => {
    const base = norm(item.service.replace(/\s*\(.*\)\s*$/, "")).replace(/^cloudflare /, "");
    let bestNode: NodeData | null = null, bestScore = 0;
    for (const n of nodes) {
      for (const p of parts(n)) {
        const score = base === p ? 1000 : base.startsWith(p + " ") ? p.length : 0;
        if (score > bestScore) {
          bestScore = score;
          bestNode = n;
        }
      }
    }
    return bestNode?.id === node.id;
  });
}

function clampView(v: DiagramView): DiagramView {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale));
  const half = 0.5 / scale;
  // At or below the whole drawing, keep it centred; zoomed in, keep the view inside the drawing.
  const fit = (f: number) => scale <= 1 ? 0.5 : Math.min(1 - half, Math.max(half, f));
  return { scale, fx: fit(v.fx), fy: fit(v.fy) };
}

/** Draws one architecture. */
export function ArchitectureDiagram(
  { nodes, edges, title, idPrefix, cost, view: controlled, onView, fileName }: ArchitectureDiagramProps,
) {
  const [mounted, setMounted] = useState(false);
  const [width, setWidth] = useState(0);
  const [own, setOwn] = useState<DiagramView>(FIT_VIEW);
  const [hover, setHover] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [fullscreen, setFullscreen] = useState(false);
  const viewport = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const view = controlled ?? own;
  // The latest view, also between renders (a gesture sends several moves before the next render).
  const latest = useRef(view);
  latest.current = view;
  const setView = (v: DiagramView) => {
    const next = clampView(v);
    latest.current = next;
    if (onView) onView(next);
    else setOwn(next);
  };

  useEffect(() => {
    setMounted(true);
    const el = viewport.current;
    if (!el) return;
    const measure = () => {
      const cs = getComputedStyle(el);
      setWidth(Math.floor(el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    const onFs = () => setFullscreen(document.fullscreenElement === figure.current);
    document.addEventListener("fullscreenchange", onFs);
    return () => {
      ro.disconnect();
      document.removeEventListener("fullscreenchange", onFs);
    };
  }, []);

  const maxWidth = width >= 200 && !fullscreen ? width : DEFAULT_LAYOUT_OPTIONS.maxWidth;
  const nodeWidth = nodeWidthFor(maxWidth);
  const texts = useMemo(() => new Map(nodes.map((n) => [n.id, nodeText(n, nodeWidth)])), [nodes, nodeWidth]);
  const layout = useMemo(() => {
    // A User Timing mark per layout run (browser only) lets tests prove typing never triggers one.
    if (typeof document !== "undefined") performance.mark(LAYOUT_MARK);
    return layoutGraph(
      nodes.map((n) => ({ id: n.id, type: n.type, height: texts.get(n.id)!.height })),
      edges,
      { maxWidth, nodeWidth },
    );
  }, [nodes, edges, maxWidth, nodeWidth, texts]);

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const names = (id: string) => byId.get(id)?.name ?? id;
  const arrow = `${idPrefix}-arrow`;
  const focus = selected ?? hover;
  const linked = new Set<string>();
  if (focus) {
    linked.add(focus);
    for (const e of edges) {
      if (e.from === focus || e.to === focus) linked.add(e.from).add(e.to).add(`edge:${e.id}`);
    }
  }
  const W = layout.width, H = layout.height;
  const vw = W / view.scale, vh = H / view.scale;
  const vx = view.fx * W - vw / 2, vy = view.fy * H - vh / 2;
  const r1 = (n: number) => Math.round(n * 10) / 10;

  // Pointer gestures: drag pans, two pointers pinch. A press that does not move stays a click.
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ moved: boolean; dist: number } | null>(null);
  const frame = (v: DiagramView) => {
    const w = W / v.scale, h = H / v.scale;
    return { x: v.fx * W - w / 2, y: v.fy * H - h / 2, w, h };
  };
  const zoomAt = (factor: number, clientX?: number, clientY?: number) => {
    const v = latest.current;
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
    if (clientX === undefined || clientY === undefined || !svgRef.current) return setView({ ...v, scale });
    const rect = svgRef.current.getBoundingClientRect();
    const f = frame(v);
    const px = (clientX - rect.left) / rect.width, py = (clientY - rect.top) / rect.height;
    const ux = f.x + px * f.w, uy = f.y + py * f.h;
    const nw = W / scale, nh = H / scale;
    setView({ scale, fx: (ux - px * nw + nw / 2) / W, fy: (uy - py * nh + nh / 2) / H });
  };
  const panBy = (dxPx: number, dyPx: number) => {
    const v = latest.current;
    const rect = svgRef.current!.getBoundingClientRect();
    const k = frame(v).w / Math.max(1, rect.width);
    setView({ ...v, fx: v.fx - (dxPx * k) / W, fy: v.fy - (dyPx * k) / H });
  };

  const handlers = mounted
    ? {
      onWheel: (e: WheelEvent) => {
        // Pinch on a trackpad arrives as a wheel with ctrlKey. A plain wheel zooms only a diagram the reader
        // is in (clicked or focused, or full screen); elsewhere it scrolls the page and a hint says how.
        const inside = fullscreen || !!viewport.current?.contains(document.activeElement);
        if (!e.ctrlKey && !e.metaKey && !inside) return showHint();
        e.preventDefault();
        if (hint) setHint(false);
        const px = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
        const dx = e.deltaX * px, dy = e.deltaY * px;
        if (!e.ctrlKey && !e.metaKey && Math.abs(dx) > Math.abs(dy)) return panBy(-dx, 0);
        zoomAt(Math.exp(-dy / 300), e.clientX, e.clientY);
      },
      onPointerDown: (e: PointerEvent) => {
        if (e.button !== 0) return;
        pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
        const pts = [...pointers.current.values()];
        gesture.current = {
          moved: false,
          dist: pts.length === 2 ? Math.hypot(pts[0].x - pts[1].x, pts[0].y - pts[1].y) : 0,
        };
      },
      onPointerMove: (e: PointerEvent) => {
        const prev = pointers.current.get(e.pointerId);
        const g = gesture.current;
        if (!prev || !g) return;
        const pts = [...pointers.current.values()];
        if (pts.length === 2) {
          pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
          const [a, b] = [...pointers.current.values()];
          const dist = Math.hypot(a.x - b.x, a.y - b.y);
          if (g.dist > 0 && dist > 0) zoomAt(dist / g.dist, (a.x + b.x) / 2, (a.y + b.y) / 2);
          g.dist = dist;
          g.moved = true;
          return;
        }
        const dx = e.clientX - prev.x, dy = e.clientY - prev.y;
        if (!g.moved && Math.hypot(dx, dy) < 4) return;
        // A touch drag on the whole drawing scrolls the page; zoomed in, it pans.
        if (e.pointerType === "touch" && view.scale <= 1) return;
        if (!g.moved) (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
        g.moved = true;
        pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
        panBy(dx, dy);
      },
      onPointerUp: (e: PointerEvent) => {
        pointers.current.delete(e.pointerId);
        if (!pointers.current.size) setTimeout(() => (gesture.current = null), 0);
      },
      onPointerCancel: (e: PointerEvent) => {
        pointers.current.delete(e.pointerId);
        gesture.current = null;
      },
      onKeyDown: (e: KeyboardEvent) => {
        if (e.altKey || e.ctrlKey || e.metaKey) return;
        const k = e.key;
        const pan = 40;
        if (k === "+" || k === "=") zoomAt(STEP);
        else if (k === "-" || k === "_" || k === "−") zoomAt(1 / STEP);
        else if (k === "0") setView(FIT_VIEW);
        else if (k === "Escape" && selected) setSelected(null);
        else if (view.scale > 1 && k === "ArrowLeft") panBy(pan, 0);
        else if (view.scale > 1 && k === "ArrowRight") panBy(-pan, 0);
        else if (view.scale > 1 && k === "ArrowUp") panBy(0, pan);
        else if (view.scale > 1 && k === "ArrowDown") panBy(0, -pan);
        else return;
        e.preventDefault();
      },
    }
    : {};

  const [hint, setHint] = useState(false);
  const hintTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const showHint = () => {
    setHint(true);
    clearTimeout(hintTimer.current);
    hintTimer.current = setTimeout(() => setHint(false), 1800);
  };
  useEffect(() => () => clearTimeout(hintTimer.current), []);

  const choose = (id: string) => {
    if (gesture.current?.moved) return;
    setSelected(selected === id ? null : id);
  };
  const sel = selected ? byId.get(selected) : undefined;
  const stem = fileName ?? idPrefix;

  async function download(kind: "svg" | "png") {
    if (svgRef.current) {
      await downloadDiagram(svgRef.current, { width: W, height: H }, `${stem}.${kind}`, kind);
    }
  }
  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else figure.current?.requestFullscreen?.();
  }

  return (
    <div class={`diagram-viewer${fullscreen ? " is-fullscreen" : ""}`} ref={figure}>
      {mounted && (
        <div class="diagram-toolbar" role="toolbar" aria-label={`${title}: view and download`}>
          <button
            type="button"
            class="tool"
            aria-label="Zoom in"
            title="Zoom in (+)"
            onClick={() => zoomAt(STEP)}
          >
            +
          </button>
          <button
            type="button"
            class="tool"
            aria-label="Zoom out"
            title="Zoom out (−)"
            onClick={() => zoomAt(1 / STEP)}
          >
            −
          </button>
          <button
            type="button"
            class="tool"
            title="Fit the whole diagram (0)"
            onClick={() => setView(FIT_VIEW)}
          >
            Fit
          </button>
          <span class="tool-zoom" aria-live="polite">{Math.round(view.scale * 100)}%</span>
          <button
            type="button"
            class="tool"
            aria-pressed={fullscreen ? "true" : "false"}
            onClick={toggleFullscreen}
          >
            Full screen
          </button>
          <button type="button" class="tool" aria-label="Download SVG" onClick={() => download("svg")}>
            SVG
          </button>
          <button type="button" class="tool" aria-label="Download PNG" onClick={() => download("png")}>
            PNG
          </button>
        </div>
      )}
      <div
        class={`diagram-scroll${view.scale > 1 ? " is-zoomed" : ""}`}
        ref={viewport}
        tabindex={0}
        role="group"
        aria-label={`${title}. ${
          mounted
            ? "Plus and minus zoom, 0 fits, arrow keys pan when zoomed; Tab reaches each component."
            : ""
        }`}
        data-scale={r1(view.scale)}
        {...handlers}
      >
        <svg
          ref={svgRef}
          class={`diagram-svg${focus ? " has-focus" : ""}`}
          viewBox={`${r1(vx)} ${r1(vy)} ${r1(vw)} ${r1(vh)}`}
          width={W}
          height={H}
          role="group"
          aria-labelledby={`${idPrefix}-title`}
          aria-describedby={`${idPrefix}-desc`}
          data-nodes={layout.nodes.length}
          data-edges={layout.edges.length}
          data-width={W}
          data-height={H}
        >
          <title id={`${idPrefix}-title`}>{title}</title>
          <desc id={`${idPrefix}-desc`}>
            {nodes.length} components: {nodes.map((n) => n.name).join(", ")}. {edges.length
              ? `Connections: ${
                edges.map((e) => `${names(e.from)} to ${names(e.to)} (${e.label})`).join("; ")
              }.`
              : ""}
          </desc>
          <defs>
            <marker
              id={arrow}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="11"
              markerHeight="11"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M0 1L10 5L0 9z" class="diagram-arrow" />
            </marker>
          </defs>
          <g class="diagram-edges">
            {layout.edges.map((e) => {
              const data = edges.find((x) => x.id === e.id);
              return (
                <path
                  key={e.id}
                  class={`edge${data?.style === "dashed" ? " edge--dashed" : ""}${
                    linked.has(`edge:${e.id}`) ? " is-linked" : ""
                  }`}
                  d={e.path}
                  stroke={data?.color}
                  marker-end={`url(#${arrow})`}
                  data-edge-id={e.id}
                />
              );
            })}
          </g>
          <g class="diagram-labels" aria-hidden="true">
            {layout.edges.map((e) =>
              e.label && (
                <g
                  key={e.id}
                  class={`edge-label${linked.has(`edge:${e.id}`) ? " is-linked" : ""}`}
                  transform={`translate(${e.label.x} ${e.label.y})`}
                  data-edge-id={e.id}
                >
                  <rect
                    x={-e.label.width / 2}
                    y={-e.label.height / 2}
                    width={e.label.width}
                    height={e.label.height}
                    rx="4"
                  />
                  <text text-anchor="middle" y={-(e.label.lines.length - 1) * 7} dy="0.35em">
                    {e.label.lines.map((line, i) => (
                      <tspan key={i} x="0" dy={i ? "14" : undefined}>{line}</tspan>
                    ))}
                  </text>
                </g>
              )
            )}
          </g>
          <g class="diagram-nodes">
            {layout.nodes.map((p) => {
              const n = byId.get(p.id)!;
              const t = texts.get(p.id)!;
              const subTop = PAD_Y + t.name.length * NAME_LINE + 4;
              return (
                <g
                  key={p.id}
                  class={`node node--${n.type}${linked.has(p.id) ? " is-linked" : ""}${
                    selected === p.id ? " is-selected" : ""
                  }`}
                  transform={`translate(${p.x} ${p.y})`}
                  data-node-id={p.id}
                  tabindex={mounted ? 0 : undefined}
                  role={mounted ? "button" : undefined}
                  aria-label={mounted ? `${[...t.name, ...t.sub].join(" ")} (details)` : undefined}
                  aria-expanded={mounted ? (selected === p.id ? "true" : "false") : undefined}
                  aria-controls={mounted ? `${idPrefix}-details` : undefined}
                  onClick={mounted ? () => choose(p.id) : undefined}
                  onKeyDown={mounted
                    ? (e: KeyboardEvent) => {
                      if (e.key === "Enter" || e.key === " ") {
                        e.preventDefault();
                        choose(p.id);
                      }
                    }
                    : undefined}
                  onMouseEnter={mounted ? () => setHover(p.id) : undefined}
                  onMouseLeave={mounted ? () => setHover(null) : undefined}
                  onFocus={mounted ? () => setHover(p.id) : undefined}
                  onBlur={mounted ? () => setHover(null) : undefined}
                >
                  <title>{n.subtitle ? `${n.name} — ${n.subtitle}` : n.name}</title>
                  <rect
                    class="node-box"
                    width={p.width}
                    height={p.height}
                    rx={n.type === "users" ? 16 : 10}
                  />
                  {n.type !== "users" && (
                    <rect
                      class="node-accent"
                      x="0"
                      y="10"
                      width="4"
                      height={p.height - 20}
                      rx="2"
                      fill={n.color}
                    />
                  )}
                  <circle class="node-icon-bg" cx="20" cy="22" r="13" fill={n.color} />
                  <svg
                    class="node-icon"
                    x="11"
                    y="13"
                    width="18"
                    height="18"
                    viewBox="0 0 24 24"
                    stroke={n.color}
                  >
                    <path d={ICON_PATHS[n.type] ?? ICON_PATHS.compute} />
                  </svg>
                  <text class="node-name" x={TEXT_X} y={PAD_Y + 12}>
                    {t.name.map((line, i) => (
                      <tspan key={i} x={TEXT_X} dy={i ? String(NAME_LINE) : undefined}>{`${line} `}</tspan>
                    ))}
                  </text>
                  {t.sub.length > 0 && (
                    <text class="node-sub" x={TEXT_X} y={subTop + 10}>
                      {t.sub.map((line, i) => (
                        <tspan key={i} x={TEXT_X} dy={i ? String(SUB_LINE) : undefined}>{`${line} `}</tspan>
                      ))}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      {hint && (
        <p class="wheel-hint" aria-hidden="true">
          {MAC ? "⌘" : "Ctrl"} + scroll to zoom, or click the diagram first
        </p>
      )}
      <div class="node-details-slot" id={`${idPrefix}-details`} aria-live="polite">
        {sel && (
          <NodeDetails
            node={sel}
            nodes={nodes}
            edges={edges}
            cost={cost}
            onClose={() => setSelected(null)}
            onPick={(id) => setSelected(id)}
          />
        )}
      </div>
    </div>
  );
}

function NodeDetails(
  { node, nodes, edges, cost, onClose, onPick }: {
    node: NodeData;
    nodes: readonly NodeData[];
    edges: readonly EdgeData[];
    cost?: CostData;
    onClose: () => void;
    onPick: (id: string) => void;
  },
) {
  const name = (id: string) => nodes.find((n) => n.id === id)?.name ?? id;
  const lines = costLinesOf(node, nodes, cost);
  const out = edges.filter((e) => e.from === node.id);
  const inc = edges.filter((e) => e.to === node.id);
  return (
    <section class="node-details" aria-label={`${node.name} details`}>
      <div class="node-details-head">
        <h3>{node.name}</h3>
        <span class="node-details-type">{node.type}</span>
        <button type="button" class="tool" onClick={onClose}>Close</button>
      </div>
      {node.subtitle && <p class="node-details-sub">{node.subtitle}</p>}
      {lines.length > 0 && (
        <ul class="node-details-cost">
          {lines.map((l) => (
            <li key={l.service}>
              <strong>{formatUsd(l.monthlyUsd)}/mo</strong> {l.service} <span class="muted">— {l.basis}</span>
            </li>
          ))}
        </ul>
      )}
      {(out.length > 0 || inc.length > 0) && (
        <ul class="node-details-links">
          {inc.map((e) => (
            <li key={`i${e.id}`}>
              from{" "}
              <button type="button" class="link-button" onClick={() => onPick(e.from)}>{name(e.from)}</button>
              : {e.label}
            </li>
          ))}
          {out.map((e) => (
            <li key={`o${e.id}`}>
              to <button type="button" class="link-button" onClick={() => onPick(e.to)}>{name(e.to)}</button>:
              {" "}
              {e.label}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
