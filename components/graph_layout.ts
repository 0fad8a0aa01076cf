/**
 * Left-to-right layered graph layout (Sugiyama style) for the architecture diagrams: a pure function from
 * nodes and edges to positions, edge paths and label boxes, run on the server (first paint, permalinks) and in
 * the browser (live streaming) alike.
 *
 * Steps: break cycles (DFS in arrival order), assign layers by longest path with a lower bound per node type
 * (users left, edge network next, compute, then data), drop empty layers, insert dummy points on edges that
 * span several layers, reduce crossings with alternating barycenter sweeps (keeping the best ordering seen),
 * then assign coordinates. Gaps between layers widen to fit their edge labels; labels in one gap are pushed
 * apart so none overlap, and nodes never overlap.
 *
 * Why not a library: the layout must stay stable while a plan streams in (nodes arrive before their edges),
 * which the type-based layer bounds give for free; dagre relays out from scratch and its bundle would cost
 * more than all islands together. Everything here is deterministic: the same input gives the same output.
 */

/** A node to place; `type` picks its default layer bound. */
export interface LayoutNodeInput {
  id: string;
  type: string;
}

/** A directed, labelled edge between two node ids. */
export interface LayoutEdgeInput {
  id: string;
  from: string;
  to: string;
  label?: string;
}

/** Sizes and spacing (pixels). */
export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Vertical space between two items of one layer. */
  rowGap: number;
  /** Smallest horizontal gap between layers (widened to fit labels). */
  minLayerGap: number;
  /** Margin around the drawing. */
  padding: number;
  /** Labels longer than this are cut with an ellipsis. */
  maxLabelChars: number;
  /** Label lines wider than this (pixels) wrap onto a second line. */
  labelMaxLineWidth: number;
  /** Label font size (pixels), for width estimates. */
  labelFontSize: number;
  /** Height of one label line. */
  labelHeight: number;
  /** Lower bound of a node's layer; defaults to `typeTier`. */
  tierOf: (node: LayoutNodeInput) => number;
}

/** A placed node: top-left corner and size. */
export interface PositionedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
  /** Position inside its layer, top to bottom. */
  order: number;
}

/** A label box, centred on (x, y); `lines` is the text wrapped as drawn. */
export interface PositionedLabel {
  text: string;
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A routed edge: its polyline points, an SVG path through them and its label. */
export interface PositionedEdge {
  id: string;
  from: string;
  to: string;
  points: { x: number; y: number }[];
  path: string;
  label: PositionedLabel | null;
  /** True when the edge closes a cycle and is drawn against the layer direction. */
  reversed: boolean;
}

/** The whole drawing. */
export interface GraphLayout {
  width: number;
  height: number;
  nodes: PositionedNode[];
  edges: PositionedEdge[];
  layers: number;
}

/** Default layer bound per node type: where a kind of service sits in a request's path. */
export const TYPE_TIERS: Readonly<Record<string, number>> = {
  users: 0,
  dns: 1,
  cdn: 1,
  security: 1,
  auth: 2,
  gateway: 2,
  iot: 2,
  compute: 3,
  realtime: 3,
  scheduler: 3,
  ai: 3,
  images: 3,
  video: 3,
  database: 4,
  kv: 4,
  cache: 4,
  storage: 4,
  queue: 4,
  vector: 4,
  search: 4,
  analytics: 4,
  email: 4,
  payments: 4,
  external: 4,
};

/** The layer bound of a node type (unknown types sit with compute). */
export function typeTier(node: LayoutNodeInput): number {
  return TYPE_TIERS[node.type] ?? 3;
}

/** Defaults used by the diagrams. */
export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = {
  nodeWidth: 164,
  nodeHeight: 50,
  rowGap: 18,
  minLayerGap: 44,
  padding: 12,
  maxLabelChars: 28,
  labelMaxLineWidth: 84,
  labelFontSize: 10.5,
  labelHeight: 13,
  tierOf: typeTier,
};

/** Cuts `text` to at most `max` characters, ending with an ellipsis when cut. */
export function fitText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(1, max - 1)).join("").trimEnd() + "…";
}

/**
 * Wraps text onto at most `maxLines` lines of at most `maxChars` characters, breaking at spaces (two lines are
 * balanced); what does not fit is cut with an ellipsis.
 */
export function wrapText(text: string, maxChars: number, maxLines = 2): string[] {
  return wrapWidth(text, maxChars, (s) => [...s].length, maxLines);
}

/**
 * Estimated rendered width (pixels) of `text` at `fontSize`, erring wide: per-character classes measured on
 * DejaVu Sans, the widest common fallback, so text sized with it fits in any sans-serif the browser picks.
 */
export function measureText(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (ch === " ") em += bold ? 0.35 : 0.32;
    else if (/[ijlft.,:;'|!]/.test(ch)) em += bold ? 0.4 : 0.34;
    else if (/[mwMW@%]/.test(ch)) em += bold ? 1.03 : 0.93;
    else if (/[A-Z]/.test(ch)) em += bold ? 0.77 : 0.69;
    else if (/[0-9]/.test(ch)) em += bold ? 0.71 : 0.65;
    else if (/[a-z]/.test(ch)) em += bold ? 0.65 : 0.58;
    else em += bold ? 0.72 : 0.66;
  }
  return em * fontSize;
}

/** Cuts `text` with an ellipsis so that `measure(text)` fits in `maxWidth`. */
export function fitWidth(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const chars = [...text];
  let n = chars.length - 1;
  while (n > 1 && measure(chars.slice(0, n).join("").trimEnd() + "…") > maxWidth) n--;
  return chars.slice(0, n).join("").trimEnd() + "…";
}

/**
 * Wraps text onto at most `maxLines` lines that each fit `maxWidth` under `measure`, breaking at spaces (two
 * lines are balanced); what does not fit is cut with an ellipsis.
 */
export function wrapWidth(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
  maxLines = 2,
): string[] {
  const t = text.trim().replace(/\s+/g, " ");
  if (measure(t) <= maxWidth || maxLines <= 1) return [fitWidth(t, maxWidth, measure)];
  const words = t.split(" ");
  if (maxLines === 2 && words.length > 1) {
    let best: [string, string] | null = null;
    let bestWorst = Infinity;
    for (let i = 1; i < words.length; i++) {
      const a = words.slice(0, i).join(" "), b = words.slice(i).join(" ");
      const worst = Math.max(measure(a), measure(b));
      if (measure(a) <= maxWidth && worst < bestWorst) {
        best = [a, b];
        bestWorst = worst;
      }
    }
    if (best) return [best[0], fitWidth(best[1], maxWidth, measure)];
  }
  const lines: string[] = [];
  let rest = words;
  while (rest.length && lines.length < maxLines - 1) {
    let n = 1;
    while (n < rest.length && measure(rest.slice(0, n + 1).join(" ")) <= maxWidth) n++;
    lines.push(fitWidth(rest.slice(0, n).join(" "), maxWidth, measure));
    rest = rest.slice(n);
  }
  if (rest.length) lines.push(fitWidth(rest.join(" "), maxWidth, measure));
  return lines;
}

const DUMMY_HEIGHT = 10;

interface Item {
  key: string;
  /** Index of the real node, or -1 for a dummy point of a long edge. */
  node: number;
  layer: number;
  /** Arrival rank used to break ties. */
  rank: number;
  up: Item[];
  down: Item[];
  pos: number;
  y: number;
  height: number;
}

/** Lays out a graph left to right. Edges with unknown endpoints and self-loops are ignored. */
export function layoutGraph(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: Partial<LayoutOptions> = {},
): GraphLayout {
  const o: LayoutOptions = { ...DEFAULT_LAYOUT_OPTIONS, ...options };
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!index.has(n.id)) index.set(n.id, i);
  });
  const unique = nodes.filter((n, i) => index.get(n.id) === i);
  const idx = new Map(unique.map((n, i) => [n.id, i]));
  const usable = edges.filter((e) => idx.has(e.from) && idx.has(e.to) && e.from !== e.to);

  // 1. Break cycles: a DFS in arrival order; an edge into a node still on the stack is reversed.
  const out: number[][] = unique.map(() => []);
  usable.forEach((e, k) => out[idx.get(e.from)!].push(k));
  const state = new Uint8Array(unique.length); // 0 new, 1 on stack, 2 done
  const reversed = new Set<number>();
  const visit = (v: number) => {
    state[v] = 1;
    for (const k of out[v]) {
      const w = idx.get(usable[k].to)!;
      if (state[w] === 1) reversed.add(k);
      else if (state[w] === 0) visit(w);
    }
    state[v] = 2;
  };
  for (let v = 0; v < unique.length; v++) if (state[v] === 0) visit(v);
  const dag = usable.map((e, k) => {
    const [a, b] = reversed.has(k) ? [e.to, e.from] : [e.from, e.to];
    return { edge: e, from: idx.get(a)!, to: idx.get(b)!, reversed: reversed.has(k) };
  });

  // 2. Layers: longest path from the sources, never below the node type's tier; then drop empty layers.
  const preds: number[][] = unique.map(() => []);
  for (const d of dag) preds[d.to].push(d.from);
  const raw = new Array<number>(unique.length).fill(-1);
  const layerOf = (v: number, guard: number): number => {
    if (raw[v] >= 0) return raw[v];
    let l = Math.max(0, Math.floor(o.tierOf(unique[v])));
    if (guard < unique.length) { for (const p of preds[v]) l = Math.max(l, layerOf(p, guard + 1) + 1); }
    return (raw[v] = l);
  };
  unique.forEach((_, v) => layerOf(v, 0));
  const used = [...new Set(raw)].sort((a, b) => a - b);
  const compress = new Map(used.map((l, i) => [l, i]));
  const layerCount = used.length;
  const layers: Item[][] = Array.from({ length: layerCount }, () => []);
  const items: Item[] = unique.map((n, v) => {
    const item: Item = {
      key: n.id,
      node: v,
      layer: compress.get(raw[v])!,
      rank: v,
      up: [],
      down: [],
      pos: 0,
      y: 0,
      height: o.nodeHeight,
    };
    layers[item.layer].push(item);
    return item;
  });

  // 3. Dummy points so every segment joins adjacent layers.
  const chains: Item[][] = dag.map((d, k) => {
    const chain = [items[d.from]];
    for (let l = items[d.from].layer + 1; l < items[d.to].layer; l++) {
      const dummy: Item = {
        key: `${d.edge.id}~${l}`,
        node: -1,
        layer: l,
        rank: d.from + (k + 1) / (dag.length + 1),
        up: [],
        down: [],
        pos: 0,
        y: 0,
        height: DUMMY_HEIGHT,
      };
      layers[l].push(dummy);
      chain.push(dummy);
    }
    chain.push(items[d.to]);
    for (let i = 0; i + 1 < chain.length; i++) {
      chain[i].down.push(chain[i + 1]);
      chain[i + 1].up.push(chain[i]);
    }
    return chain;
  });

  // 4. Crossing reduction: barycenter sweeps, down then up, keeping the best ordering seen.
  for (const layer of layers) {
    layer.sort((a, b) => a.rank - b.rank);
    layer.forEach((it, i) => (it.pos = i));
  }
  let best = layers.map((l) => [...l]);
  let bestCrossings = countCrossings(layers);
  for (let sweep = 0; sweep < 8 && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const order = downward ? [...layers.keys()].slice(1) : [...layers.keys()].reverse().slice(1);
    for (const l of order) {
      const layer = layers[l];
      const bary = new Map<Item, number>();
      for (const it of layer) {
        const nb = downward ? it.up : it.down;
        bary.set(it, nb.length ? nb.reduce((s, n) => s + n.pos, 0) / nb.length : it.pos);
      }
      layer.sort((a, b) => bary.get(a)! - bary.get(b)! || a.pos - b.pos);
      layer.forEach((it, i) => (it.pos = i));
    }
    const c = countCrossings(layers);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = layers.map((l) => [...l]);
    }
  }
  best.forEach((layer) => layer.forEach((it, i) => (it.pos = i)));

  // 5. Coordinates. Each gap is wide enough for the longest label that starts in it.
  const labelText = dag.map((d) => d.edge.label ? fitText(d.edge.label.trim(), o.maxLabelChars) : "");
  const measureLabel = (t: string) => measureText(t, o.labelFontSize);
  const labelLines = labelText.map((t) => t ? wrapWidth(t, o.labelMaxLineWidth, measureLabel) : []);
  const labelWidth = (k: number) =>
    labelLines[k].length ? Math.ceil(Math.max(...labelLines[k].map(measureLabel)) + 10) : 0;

  const gaps = new Array<number>(Math.max(0, layerCount - 1)).fill(o.minLayerGap);
  dag.forEach((d, k) => {
    const first = Math.min(items[d.from].layer, items[d.to].layer);
    if (first < gaps.length) gaps[first] = Math.max(gaps[first], labelWidth(k) + 20);
  });
  const layerX: number[] = [];
  let x = o.padding;
  for (let l = 0; l < layerCount; l++) {
    layerX.push(x);
    x += o.nodeWidth + (gaps[l] ?? 0);
  }
  const columnHeight = (layer: Item[]) =>
    layer.reduce((s, it) => s + it.height, 0) + Math.max(0, layer.length - 1) * o.rowGap;
  const tallest = Math.max(o.nodeHeight, ...best.map(columnHeight));
  for (const layer of best) {
    let y = o.padding + (tallest - columnHeight(layer)) / 2;
    for (const it of layer) {
      it.y = y;
      y += it.height + o.rowGap;
    }
  }

  // 6. Edge routes: spread ports over a node's side, curves across gaps, straight through dummies.
  const portOffset = new Map<string, number>();
  const spread = (it: Item, list: { k: number; other: Item }[], side: "out" | "in") => {
    list.sort((a, b) => a.other.y - b.other.y || a.other.pos - b.other.pos);
    const step = list.length > 1 ? Math.min(10, (it.height - 16) / (list.length - 1)) : 0;
    list.forEach(({ k }, i) => portOffset.set(`${side}${k}`, (i - (list.length - 1) / 2) * step));
  };
  for (const it of items) {
    const outs: { k: number; other: Item }[] = [];
    const ins: { k: number; other: Item }[] = [];
    chains.forEach((c, k) => {
      if (c[0] === it) outs.push({ k, other: c[1] });
      if (c[c.length - 1] === it) ins.push({ k, other: c[c.length - 2] });
    });
    spread(it, outs, "out");
    spread(it, ins, "in");
  }
  const positioned: PositionedEdge[] = dag.map((d, k) => {
    const chain = chains[k];
    const pts: { x: number; y: number }[] = [];
    chain.forEach((it, i) => {
      const cy = it.y + it.height / 2;
      if (i === 0) pts.push({ x: layerX[it.layer] + o.nodeWidth, y: cy + portOffset.get(`out${k}`)! });
      else if (i === chain.length - 1) pts.push({ x: layerX[it.layer], y: cy + portOffset.get(`in${k}`)! });
      else pts.push({ x: layerX[it.layer], y: cy }, { x: layerX[it.layer] + o.nodeWidth, y: cy });
    });
    const text = labelText[k];
    const label = text
      ? {
        text,
        lines: labelLines[k],
        x: (pts[0].x + pts[1].x) / 2,
        y: (pts[0].y + pts[1].y) / 2,
        width: labelWidth(k),
        height: labelLines[k].length * o.labelHeight + 4,
      }
      : null;
    const ordered = d.reversed ? [...pts].reverse() : pts;
    return {
      id: d.edge.id,
      from: d.edge.from,
      to: d.edge.to,
      points: ordered.map((p) => ({ x: round(p.x), y: round(p.y) })),
      path: pathThrough(ordered),
      label,
      reversed: d.reversed,
    };
  });

  // 7. Labels sharing a gap are pushed apart vertically.
  const byGap = new Map<number, PositionedLabel[]>();
  for (const e of positioned) {
    if (!e.label) continue;
    const key = Math.round(e.label.x);
    byGap.set(key, [...(byGap.get(key) ?? []), e.label]);
  }
  for (const group of byGap.values()) {
    group.sort((a, b) => a.y - b.y);
    for (let i = 1; i < group.length; i++) {
      const min = group[i - 1].y + (group[i - 1].height + group[i].height) / 2 + 2;
      if (group[i].y < min) group[i].y = min;
    }
    for (const l of group) l.y = round(l.y);
  }

  let height = tallest + 2 * o.padding;
  for (const e of positioned) {
    if (e.label) height = Math.max(height, e.label.y + e.label.height / 2 + o.padding);
  }
  const width = layerCount ? x - (gaps[layerCount - 1] ?? 0) + o.padding : 2 * o.padding;
  return {
    width: Math.ceil(width),
    height: Math.ceil(height),
    layers: layerCount,
    nodes: items.map((it) => ({
      id: it.key,
      x: round(layerX[it.layer]),
      y: round(it.y),
      width: o.nodeWidth,
      height: o.nodeHeight,
      layer: it.layer,
      order: it.pos,
    })),
    edges: positioned,
  };
}

/** Crossings between adjacent layers (segments compared pairwise; graphs here are small). */
function countCrossings(layers: Item[][]): number {
  let total = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const segs: [number, number][] = [];
    for (const it of layers[l]) for (const d of it.down) segs.push([it.pos, d.pos]);
    for (let i = 0; i < segs.length; i++) {
      for (let j = i + 1; j < segs.length; j++) {
        const [a1, b1] = segs[i];
        const [a2, b2] = segs[j];
        if ((a1 - a2) * (b1 - b2) < 0) total++;
      }
    }
  }
  return total;
}

/** Counts crossings of a finished layout's straight segments between layers (used by tests and benches). */
export function layoutCrossings(layout: GraphLayout): number {
  const segs: [number, number, number, number][] = [];
  for (const e of layout.edges) {
    for (let i = 0; i + 1 < e.points.length; i++) {
      const a = e.points[i], b = e.points[i + 1];
      if (a.x !== b.x) segs.push(a.x < b.x ? [a.x, a.y, b.x, b.y] : [b.x, b.y, a.x, a.y]);
    }
  }
  let n = 0;
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const [ax1, ay1, ax2, ay2] = segs[i];
      const [bx1, by1, bx2, by2] = segs[j];
      if (ax1 !== bx1 || ax2 !== bx2) continue;
      if ((ay1 - by1) * (ay2 - by2) < 0) n++;
    }
  }
  return n;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function pathThrough(pts: { x: number; y: number }[]): string {
  let d = `M${round(pts[0].x)},${round(pts[0].y)}`;
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i - 1], q = pts[i];
    if (Math.abs(q.y - p.y) < 0.5 || Math.abs(q.x - p.x) < 1) {
      d += ` L${round(q.x)},${round(q.y)}`;
    } else {
      const mx = round((p.x + q.x) / 2);
      d += ` C${mx},${round(p.y)} ${mx},${round(q.y)} ${round(q.x)},${round(q.y)}`;
    }
  }
  return d;
}
