/**
 * Top-to-bottom layered graph layout (Sugiyama style, labels as layout items) for the architecture diagrams:
 * a pure function from nodes and edges to positions, edge paths and label boxes, run on the server (first
 * paint, permalinks) and in the browser (live streaming, relaid to the width the diagram has) alike.
 *
 * Steps: break cycles (DFS in arrival order); assign layers by longest path with a lower bound per node type
 * (users on top, edge network next, compute, then data); split a layer wider than `maxWidth` into rows;
 * give every gap between two node rows two "lanes" of items, where each edge gets its label box (a layout
 * item of its own, like dagre's label nodes) and long edges get thin pass-through points; reduce crossings
 * with alternating barycenter sweeps; place items in each rank by least squares towards their neighbours
 * with order and spacing kept (pool-adjacent-violators), inside `maxWidth` when the row fits.
 *
 * What that guarantees: items never overlap, so no edge runs under another edge's label (an edge only
 * enters a rank band at its own item and curves between bands stay between them), and two edges between
 * the same pair of nodes (also opposite ones) get separate items, so they are never drawn on top of each
 * other. Deterministic: the same input gives the same output.
 *
 * Why not a library: dagre would cost more than all islands together, and this layout keeps a stable
 * width (`maxWidth`) while a plan streams in, so the diagram never shrinks as nodes arrive.
 */

/** A node to place; `type` picks its default layer bound; `height` overrides the default node height. */
export interface LayoutNodeInput {
  id: string;
  type: string;
  height?: number;
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
  /** Horizontal space between two nodes of one row. */
  nodeGap: number;
  /** Vertical space between two rank bands. */
  rankGap: number;
  /** Margin around the drawing. */
  padding: number;
  /** The width the drawing should fit in (rows wider than this are split). */
  maxWidth: number;
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
  /** Row of the drawing, top to bottom (layers wider than the drawing take several rows). */
  layer: number;
  /** Position inside its row, left to right. */
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
  /** True when the edge closes a cycle and is drawn against the layer direction (upwards). */
  reversed: boolean;
}

/** The whole drawing. */
export interface GraphLayout {
  width: number;
  height: number;
  nodes: PositionedNode[];
  edges: PositionedEdge[];
  /** Node rows. */
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
  nodeWidth: 148,
  nodeHeight: 56,
  nodeGap: 16,
  rankGap: 12,
  padding: 10,
  maxWidth: 580,
  maxLabelChars: 40,
  labelMaxLineWidth: 100,
  labelFontSize: 11.5,
  labelHeight: 14,
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
  const table = bold ? EM_BOLD : EM_REGULAR;
  let em = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) em += table[code];
    else if (code >= 0xd800 && code < 0xdc00) em += charEm(text.slice(i, ++i + 1), bold); // a surrogate pair
    else em += charEm(text[i], bold);
  }
  return em * fontSize;
}

/** Width of one character in em (the rules behind the ASCII tables below). */
function charEm(ch: string, bold: boolean): number {
  if (ch === " ") return bold ? 0.35 : 0.32;
  if (/[ijlft.,:;'|!]/.test(ch)) return bold ? 0.4 : 0.34;
  if (/[mwMW@%]/.test(ch)) return bold ? 1.03 : 0.93;
  if (/[A-Z]/.test(ch)) return bold ? 0.77 : 0.69;
  if (/[0-9]/.test(ch)) return bold ? 0.71 : 0.65;
  if (/[a-z]/.test(ch)) return bold ? 0.65 : 0.58;
  return bold ? 0.72 : 0.66;
}

// Per ASCII code, so measuring (called for every wrap candidate of every label) is a table lookup.
const EM_REGULAR = Array.from({ length: 128 }, (_, c) => charEm(String.fromCharCode(c), false));
const EM_BOLD = Array.from({ length: 128 }, (_, c) => charEm(String.fromCharCode(c), true));

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

/** Rank bands between two node rows that may hold labels (unused ones are dropped). */
const LANES = 3;
const STEP = LANES + 1;
const POINT_WIDTH = 2;

interface Item {
  key: string;
  /** Index of the real node; -1 for a pass-through point, -2 for a label. */
  node: number;
  rank: number;
  /** Arrival rank used to break ties. */
  tie: number;
  up: Item[];
  down: Item[];
  pos: number;
  x: number;
  width: number;
  height: number;
}

/**
 * Lays out a graph top to bottom, within `maxWidth` whenever the rows allow it (when pass-through points
 * and labels make a row too wide, it retries with fewer nodes per row). Edges with unknown endpoints and
 * self-loops are ignored.
 */
export function layoutGraph(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: Partial<LayoutOptions> = {},
): GraphLayout {
  const o: LayoutOptions = { ...DEFAULT_LAYOUT_OPTIONS, ...options };
  let layout = layoutOnce(nodes, edges, o);
  for (let limit = layout.perRow - 1; layout.width > o.maxWidth && limit >= 1; limit--) {
    const next = layoutOnce(nodes, edges, o, limit);
    if (next.width < layout.width) layout = next;
  }
  const { perRow: _, ...out } = layout;
  return out;
}

function layoutOnce(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  o: LayoutOptions,
  rowLimit?: number,
): GraphLayout & { perRow: number } {
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

  // 2. Layers: longest path from the sources, never above the node type's tier.
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

  // 3. Rows: each used layer is one row, or several balanced rows when it has more nodes than fit.
  const inner = o.maxWidth - 2 * o.padding;
  const perRow = rowLimit ?? Math.max(1, Math.floor((inner + o.nodeGap) / (o.nodeWidth + o.nodeGap)));
  const row = new Array<number>(unique.length).fill(0);
  let rowCount = 0;
  for (const l of [...new Set(raw)].sort((a, b) => a - b)) {
    const members = unique.map((_, v) => v).filter((v) => raw[v] === l);
    // Rows fill in arrival order, so a node arriving later never moves the ones already drawn.
    members.forEach((v, i) => (row[v] = rowCount + Math.floor(i / perRow)));
    rowCount += Math.ceil(members.length / perRow);
  }

  // 4. Labels: text, wrapped lines and box; each goes into the least crowded lane its edge crosses.
  const measureLabel = (t: string) => measureText(t, o.labelFontSize);
  const labels = dag.map((d) => {
    const text = d.edge.label ? fitText(d.edge.label.trim().replace(/\s+/g, " "), o.maxLabelChars) : "";
    if (!text) return null;
    const lines = wrapWidth(text, o.labelMaxLineWidth, measureLabel);
    return {
      text,
      lines,
      width: Math.ceil(Math.max(...lines.map(measureLabel)) + 12),
      height: lines.length * o.labelHeight + 6,
    };
  });
  const load = new Map<number, number>();
  const labelRank = dag.map((d, k) => {
    const label = labels[k];
    if (!label) return -1;
    const first = row[d.from] * STEP, last = row[d.to] * STEP;
    const lanes: number[] = [];
    for (let r = first + 1; r < last; r++) if (r % STEP) lanes.push(r);
    const fits = lanes.find((r) => (load.get(r) ?? 0) + label.width <= inner - 40);
    const chosen = fits ?? lanes.reduce((a, b) => ((load.get(b) ?? 0) < (load.get(a) ?? 0) ? b : a));
    load.set(chosen, (load.get(chosen) ?? 0) + label.width + 10);
    return chosen;
  });
  // Ranks that exist: every node row and the lanes holding a label.
  const rankList = [...new Set([...row.map((r) => r * STEP), ...labelRank.filter((r) => r >= 0)])]
    .sort((a, b) => a - b);
  const rankOf = new Map(rankList.map((r, i) => [r, i]));
  const ranks: Item[][] = rankList.map(() => []);
  const items: Item[] = unique.map((n, v) => {
    const item: Item = {
      key: n.id,
      node: v,
      rank: rankOf.get(row[v] * STEP)!,
      tie: v,
      up: [],
      down: [],
      pos: 0,
      x: 0,
      width: o.nodeWidth,
      height: Math.max(16, n.height ?? o.nodeHeight),
    };
    ranks[item.rank].push(item);
    return item;
  });

  // 5. Chains: every edge passes each rank between its ends at an item of its own (its label or a point).
  const chains: Item[][] = dag.map((d, k) => {
    const chain = [items[d.from]];
    const labelAt = labelRank[k] >= 0 ? rankOf.get(labelRank[k])! : -1;
    for (let r = items[d.from].rank + 1; r < items[d.to].rank; r++) {
      const isLabel = r === labelAt;
      const it: Item = {
        key: `${d.edge.id}~${r}`,
        node: isLabel ? -2 : -1,
        rank: r,
        tie: d.from + (k + 1) / (dag.length + 1),
        up: [],
        down: [],
        pos: 0,
        x: 0,
        width: isLabel ? labels[k]!.width : POINT_WIDTH,
        height: isLabel ? labels[k]!.height : 0,
      };
      ranks[r].push(it);
      chain.push(it);
    }
    chain.push(items[d.to]);
    for (let i = 0; i + 1 < chain.length; i++) {
      chain[i].down.push(chain[i + 1]);
      chain[i + 1].up.push(chain[i]);
    }
    return chain;
  });

  // 6. Crossing reduction: barycenter sweeps, down then up, keeping the best ordering seen.
  for (const rank of ranks) {
    rank.sort((a, b) => a.tie - b.tie);
    rank.forEach((it, i) => (it.pos = i));
  }
  let best = ranks.map((l) => [...l]);
  let bestCrossings = countCrossings(ranks);
  for (let sweep = 0; sweep < 8 && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const order = downward ? [...ranks.keys()].slice(1) : [...ranks.keys()].reverse().slice(1);
    for (const r of order) {
      const rank = ranks[r];
      const bary = new Map<Item, number>();
      for (const it of rank) {
        const nb = downward ? it.up : it.down;
        bary.set(it, nb.length ? nb.reduce((s, n) => s + n.pos, 0) / nb.length : it.pos);
      }
      rank.sort((a, b) => bary.get(a)! - bary.get(b)! || a.pos - b.pos);
      rank.forEach((it, i) => (it.pos = i));
    }
    const c = countCrossings(ranks);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = ranks.map((l) => [...l]);
    }
  }
  best.forEach((rank) => rank.forEach((it, i) => (it.pos = i)));

  // 7. x: each item moves towards the mean of its neighbours, keeping its rank's order and spacing.
  const gapBetween = (a: Item, b: Item) => a.node >= 0 && b.node >= 0 ? o.nodeGap : 10;
  const packed = (rank: Item[]) =>
    rank.reduce((s, it, i) => s + it.width + (i ? gapBetween(rank[i - 1], it) : 0), 0);
  const width = Math.max(o.maxWidth, ...best.map((r) => packed(r) + 2 * o.padding));
  for (const rank of best) {
    let x = (width - packed(rank)) / 2;
    rank.forEach((it, i) => {
      if (i) x += gapBetween(rank[i - 1], it);
      it.x = x + it.width / 2;
      x += it.width;
    });
  }
  const placeRank = (rank: Item[], pick: (it: Item) => Item[]) => {
    const want = rank.map((it) => {
      const nb = pick(it);
      return nb.length ? nb.reduce((s, n) => s + n.x, 0) / nb.length : it.x;
    });
    const xs = placeInOrder(
      want,
      rank.map((it) => it.width),
      rank.map((it, i) => (i ? gapBetween(rank[i - 1], it) : 0)),
      o.padding,
      width - o.padding,
    );
    rank.forEach((it, i) => (it.x = xs[i]));
  };
  for (let iter = 0; iter < 6; iter++) {
    for (let r = 1; r < best.length; r++) {
      placeRank(best[r], (it) => iter < 2 ? it.up : [...it.up, ...it.down]);
    }
    for (let r = best.length - 2; r >= 0; r--) placeRank(best[r], (it) => [...it.up, ...it.down]);
  }

  // 8. y: rank bands stacked top to bottom; nodes align to their band's top, labels to its middle.
  const top: number[] = [];
  const bandHeight = best.map((rank) => Math.max(0, ...rank.map((it) => it.height)));
  // A gap grows with the sideways travel of the edges crossing it, so curves never run flat and close.
  const gapBelow = best.map((rank) =>
    Math.max(
      o.rankGap,
      Math.min(110, 0.35 * Math.max(0, ...rank.flatMap((it) => it.down.map((d) => Math.abs(d.x - it.x))))),
    )
  );
  let y = o.padding;
  for (let r = 0; r < best.length; r++) {
    top.push(y);
    y += bandHeight[r] + (r + 1 < best.length ? gapBelow[r] : 0);
  }
  const height = best.length ? y + o.padding : 2 * o.padding;
  const itemTop = (it: Item) =>
    it.node >= 0 ? top[it.rank] : top[it.rank] + (bandHeight[it.rank] - it.height) / 2;

  // 9. Edge routes: ports spread over a node's bottom (outgoing) and top (incoming) side, in the order of
  // where the edges go, vertical through every band, curves with vertical tangents between bands.
  const portOffset = new Map<string, number>();
  const spread = (it: Item, list: { k: number; other: Item }[], side: "out" | "in") => {
    list.sort((a, b) => a.other.x - b.other.x || a.other.pos - b.other.pos);
    const step = list.length > 1 ? Math.min(18, (it.width - 28) / (list.length - 1)) : 0;
    list.forEach(({ k }, i) => portOffset.set(`${side}${k}`, (i - (list.length - 1) / 2) * step));
  };
  const outs = items.map(() => [] as { k: number; other: Item }[]);
  const ins = items.map(() => [] as { k: number; other: Item }[]);
  chains.forEach((c, k) => {
    outs[c[0].node].push({ k, other: c[1] });
    ins[c[c.length - 1].node].push({ k, other: c[c.length - 2] });
  });
  items.forEach((it, v) => {
    spread(it, outs[v], "out");
    spread(it, ins[v], "in");
  });
  const positioned: PositionedEdge[] = dag.map((d, k) => {
    const chain = chains[k];
    const pts: { x: number; y: number }[] = [];
    const src = chain[0], dst = chain[chain.length - 1];
    const sx = src.x + portOffset.get(`out${k}`)!;
    pts.push({ x: sx, y: top[src.rank] + src.height });
    if (src.height < bandHeight[src.rank]) pts.push({ x: sx, y: top[src.rank] + bandHeight[src.rank] });
    let label: PositionedLabel | null = null;
    for (const it of chain.slice(1, -1)) {
      pts.push({ x: it.x, y: top[it.rank] }, { x: it.x, y: top[it.rank] + bandHeight[it.rank] });
      if (it.node === -2) {
        const l = labels[k]!;
        label = {
          text: l.text,
          lines: l.lines,
          x: round(it.x),
          y: round(itemTop(it) + it.height / 2),
          width: l.width,
          height: l.height,
        };
      }
    }
    pts.push({ x: dst.x + portOffset.get(`in${k}`)!, y: top[dst.rank] });
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

  // 10. Trim: the drawing is as wide as what it holds (never wider than needed, centred by the page).
  let minX = Infinity, maxX = -Infinity;
  for (const rank of best) {
    for (const it of rank) {
      minX = Math.min(minX, it.x - it.width / 2);
      maxX = Math.max(maxX, it.x + it.width / 2);
    }
  }
  const shift = Number.isFinite(minX) ? o.padding - minX : 0;
  const shiftEdge = (e: PositionedEdge): PositionedEdge => {
    const points = e.points.map((p) => ({ x: round(p.x + shift), y: p.y }));
    return {
      ...e,
      points,
      path: pathThrough(points),
      label: e.label ? { ...e.label, x: round(e.label.x + shift) } : null,
    };
  };
  return {
    perRow,
    width: Number.isFinite(minX) ? Math.ceil(maxX - minX + 2 * o.padding) : 2 * o.padding,
    height: Math.ceil(height),
    layers: rowCount,
    nodes: items.map((it) => ({
      id: it.key,
      x: round(it.x - it.width / 2 + shift),
      y: round(top[it.rank]),
      width: it.width,
      height: it.height,
      layer: row[it.node],
      order: it.pos,
    })),
    edges: positioned.map(shiftEdge),
  };
}

/**
 * Least-squares positions for items kept in order with at least `gaps[i]` between item i-1 and i (edge to
 * edge), inside [lo, hi] when they fit: pool-adjacent-violators on the wanted centres minus the packed
 * offsets, then clamped.
 */
function placeInOrder(want: number[], widths: number[], gaps: number[], lo: number, hi: number): number[] {
  const n = want.length;
  if (!n) return [];
  const offset = [0];
  for (let i = 1; i < n; i++) offset.push(offset[i - 1] + (widths[i - 1] + widths[i]) / 2 + gaps[i]);
  const blocks: { sum: number; count: number }[] = [];
  for (let i = 0; i < n; i++) {
    blocks.push({ sum: want[i] - offset[i], count: 1 });
    while (
      blocks.length > 1 &&
      blocks[blocks.length - 2].sum / blocks[blocks.length - 2].count >
        blocks[blocks.length - 1].sum / blocks[blocks.length - 1].count
    ) {
      const b = blocks.pop()!;
      blocks[blocks.length - 1].sum += b.sum;
      blocks[blocks.length - 1].count += b.count;
    }
  }
  const low = lo + widths[0] / 2;
  const high = Math.max(low, hi - widths[n - 1] / 2 - offset[n - 1]);
  const out: number[] = [];
  for (const b of blocks) {
    const v = Math.min(high, Math.max(low, b.sum / b.count));
    for (let j = 0; j < b.count; j++) out.push(v + offset[out.length]);
  }
  return out;
}

/** Crossings between adjacent ranks (segments compared pairwise; graphs here are small). */
function countCrossings(ranks: Item[][]): number {
  let total = 0;
  for (let l = 0; l + 1 < ranks.length; l++) {
    const segs: [number, number][] = [];
    for (const it of ranks[l]) for (const d of it.down) segs.push([it.pos, d.pos]);
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

/** Counts crossings of a finished layout's segments between rank bands (used by tests and benches). */
export function layoutCrossings(layout: GraphLayout): number {
  const segs: [number, number, number, number][] = [];
  for (const e of layout.edges) {
    for (let i = 0; i + 1 < e.points.length; i++) {
      const a = e.points[i], b = e.points[i + 1];
      if (a.y !== b.y) segs.push(a.y < b.y ? [a.y, a.x, b.y, b.x] : [b.y, b.x, a.y, a.x]);
    }
  }
  let n = 0;
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const [ay1, ax1, ay2, ax2] = segs[i];
      const [by1, bx1, by2, bx2] = segs[j];
      if (ay1 !== by1 || ay2 !== by2) continue;
      if ((ax1 - bx1) * (ax2 - bx2) < 0) n++;
    }
  }
  return n;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Straight within a band, a curve with vertical tangents between bands. */
function pathThrough(pts: { x: number; y: number }[]): string {
  let d = `M${round(pts[0].x)},${round(pts[0].y)}`;
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i - 1], q = pts[i];
    if (Math.abs(q.x - p.x) < 0.5 || Math.abs(q.y - p.y) < 1) {
      d += ` L${round(q.x)},${round(q.y)}`;
    } else {
      const my = round((p.y + q.y) / 2);
      d += ` C${round(p.x)},${my} ${round(q.x)},${my} ${round(q.x)},${round(q.y)}`;
    }
  }
  return d;
}
