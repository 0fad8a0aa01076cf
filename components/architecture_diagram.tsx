/**
 * `ArchitectureDiagram`: one platform's architecture as an inline SVG, laid out left to right by
 * `components/graph_layout.ts`. Pure and server-renderable (the studio island and the permalink page both use it);
 * the layout is memoised on the node and edge arrays, so it is recomputed only when graph data changes.
 *
 * Positions are SVG `transform` attributes (no inline styles, CSP-friendly); the stylesheet animates them.
 */
import { useMemo } from "preact/hooks";
import type { EdgeData, NodeData } from "../lib/protocol/events.ts";
import { fitWidth, layoutGraph, measureText, wrapWidth } from "./graph_layout.ts";
import { ICON_PATHS } from "./icons.tsx";

/** Props: the graph, an accessible title, and an id prefix unique on the page (for SVG ids). */
export interface ArchitectureDiagramProps {
  nodes: readonly NodeData[];
  edges: readonly EdgeData[];
  title: string;
  idPrefix: string;
}

/** Name of the performance mark recorded each time a diagram is laid out in the browser. */
export const LAYOUT_MARK = "vibetoprod:layout";

/** Where node text starts, and the room it has (node width minus icon and padding). */
const TEXT_X = 44;
const TEXT_PAD = 8;
const NAME_SIZE = 12.5;
const SUB_SIZE = 10.5;
const measureName = (t: string) => measureText(t, NAME_SIZE, true);
const measureSub = (t: string) => measureText(t, SUB_SIZE);

/** Draws one architecture; renders nothing visible but an empty frame when there are no nodes yet. */
export function ArchitectureDiagram({ nodes, edges, title, idPrefix }: ArchitectureDiagramProps) {
  const layout = useMemo(() => {
    // A User Timing mark per layout run (browser only) lets tests prove typing never triggers one.
    if (typeof document !== "undefined") performance.mark(LAYOUT_MARK);
    return layoutGraph(nodes, edges);
  }, [nodes, edges]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const names = (id: string) => byId.get(id)?.name ?? id;
  const arrow = `${idPrefix}-arrow`;
  return (
    <div class="diagram-scroll" tabindex={0} role="group" aria-label={`${title} (scrolls sideways)`}>
      <svg
        class="diagram-svg"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        role="img"
        aria-labelledby={`${idPrefix}-title ${idPrefix}-desc`}
        data-nodes={layout.nodes.length}
        data-edges={layout.edges.length}
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
            markerWidth="7"
            markerHeight="7"
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
                class={`edge${data?.style === "dashed" ? " edge--dashed" : ""}`}
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
              <g key={e.id} class="edge-label" transform={`translate(${e.label.x} ${e.label.y})`}>
                <rect
                  x={-e.label.width / 2}
                  y={-e.label.height / 2}
                  width={e.label.width}
                  height={e.label.height}
                  rx="4"
                />
                <text text-anchor="middle" y={-(e.label.lines.length - 1) * 6.5} dy="0.35em">
                  {e.label.lines.map((line, i) => (
                    <tspan key={i} x="0" dy={i ? "13" : undefined}>{line}</tspan>
                  ))}
                </text>
              </g>
            )
          )}
        </g>
        <g class="diagram-nodes" aria-hidden="true">
          {layout.nodes.map((p) => {
            const n = byId.get(p.id)!;
            const h = p.height;
            const room = p.width - TEXT_X - TEXT_PAD;
            const names = wrapWidth(n.name, room, measureName, 2);
            return (
              <g
                key={p.id}
                class={`node node--${n.type}`}
                transform={`translate(${p.x} ${p.y})`}
                data-node-id={p.id}
              >
                <title>{n.subtitle ? `${n.name} — ${n.subtitle}` : n.name}</title>
                <rect class="node-box" width={p.width} height={h} rx={n.type === "users" ? h / 2 : 10} />
                {n.type !== "users" && (
                  <rect class="node-accent" x="0" y="10" width="4" height={h - 20} rx="2" fill={n.color} />
                )}
                <circle class="node-icon-bg" cx="23" cy={h / 2} r="14" fill={n.color} />
                <svg
                  class="node-icon"
                  x="13"
                  y={h / 2 - 10}
                  width="20"
                  height="20"
                  viewBox="0 0 24 24"
                  stroke={n.color}
                >
                  <path d={ICON_PATHS[n.type] ?? ICON_PATHS.compute} />
                </svg>
                {names.length > 1
                  ? (
                    <text class="node-name" x={TEXT_X} y={h / 2 - 7} dy="0.35em">
                      <tspan x={TEXT_X}>{names[0]}</tspan>
                      <tspan x={TEXT_X} dy="14">{names[1]}</tspan>
                    </text>
                  )
                  : (
                    <text
                      class="node-name"
                      x={TEXT_X}
                      y={n.subtitle ? h / 2 - 3 : h / 2}
                      dy={n.subtitle ? "0" : "0.35em"}
                    >
                      {names[0]}
                    </text>
                  )}
                {names.length === 1 && n.subtitle && (
                  <text class="node-sub" x={TEXT_X} y={h / 2 + 12}>
                    {fitWidth(n.subtitle, room, measureSub)}
                  </text>
                )}
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
