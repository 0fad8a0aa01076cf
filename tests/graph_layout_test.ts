import assert from "node:assert/strict";
import {
  fitText,
  type GraphLayout,
  layoutCrossings,
  type LayoutEdgeInput,
  layoutGraph,
  type LayoutNodeInput,
  measureText,
  wrapText,
  wrapWidth,
} from "../components/graph_layout.ts";

const n = (id: string, type = "compute"): LayoutNodeInput => ({ id, type });
const e = (from: string, to: string, label = "calls"): LayoutEdgeInput => ({
  id: `${from}-${to}`,
  from,
  to,
  label,
});

function overlaps(a: { x: number; y: number; w: number; h: number }, b: typeof a): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function assertNoOverlaps(layout: GraphLayout) {
  const boxes = layout.nodes.map((p) => ({ id: p.id, x: p.x, y: p.y, w: p.width, h: p.height }));
  const labels = layout.edges.filter((x) => x.label).map((x) => ({
    id: `label:${x.id}`,
    x: x.label!.x - x.label!.width / 2,
    y: x.label!.y - x.label!.height / 2,
    w: x.label!.width,
    h: x.label!.height,
  }));
  const all = [...boxes, ...labels];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      assert.ok(!overlaps(all[i], all[j]), `${all[i].id} overlaps ${all[j].id}`);
    }
  }
  for (const b of all) {
    assert.ok(
      b.x >= 0 && b.y >= 0 && b.x + b.w <= layout.width && b.y + b.h <= layout.height,
      `${b.id} inside`,
    );
  }
}

const WEB_APP = {
  nodes: [
    n("users", "users"),
    n("cdn", "cdn"),
    n("waf", "security"),
    n("api", "compute"),
    n("db", "database"),
    n("kv", "kv"),
    n("storage", "storage"),
    n("queue", "queue"),
  ],
  edges: [
    e("users", "cdn", "HTTPS"),
    e("cdn", "waf", "filtered"),
    e("waf", "api", "requests"),
    e("api", "db", "SQL queries"),
    e("api", "kv", "sessions"),
    e("api", "storage", "uploads"),
    e("api", "queue", "jobs"),
    e("users", "storage", "signed downloads via CDN"),
  ],
};

/** Points along an edge path (M / L / C segments as the layout writes them), every ~2 px. */
function samplePath(path: string): { x: number; y: number }[] {
  const tokens = path.match(/[MLC]|-?[\d.]+/g)!;
  const pts: { x: number; y: number }[] = [];
  let i = 0, cur = { x: 0, y: 0 };
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    const cmd = tokens[i++];
    if (cmd === "M") {
      cur = { x: num(), y: num() };
      pts.push(cur);
    } else if (cmd === "L") {
      const q = { x: num(), y: num() };
      const steps = Math.max(1, Math.ceil(Math.hypot(q.x - cur.x, q.y - cur.y) / 2));
      for (let s = 1; s <= steps; s++) {
        pts.push({ x: cur.x + (q.x - cur.x) * s / steps, y: cur.y + (q.y - cur.y) * s / steps });
      }
      cur = q;
    } else {
      const c1 = { x: num(), y: num() }, c2 = { x: num(), y: num() }, q = { x: num(), y: num() };
      for (let s = 1; s <= 40; s++) {
        const t = s / 40, u = 1 - t;
        pts.push({
          x: u * u * u * cur.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * q.x,
          y: u * u * u * cur.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * q.y,
        });
      }
      cur = q;
    }
  }
  return pts;
}

/** No edge enters another edge's label box or a node it does not touch; no two edges share a stretch. */
function assertCleanEdges(layout: GraphLayout) {
  const samples = layout.edges.map((x) => ({ edge: x, pts: samplePath(x.path) }));
  for (const { edge, pts } of samples) {
    for (const other of layout.edges) {
      if (other === edge || !other.label) continue;
      const l = other.label;
      const under = pts.some((q) =>
        Math.abs(q.x - l.x) < l.width / 2 - 1 && Math.abs(q.y - l.y) < l.height / 2 - 1
      );
      assert.ok(!under, `${edge.id} runs under the label of ${other.id}`);
    }
    for (const node of layout.nodes) {
      if (node.id === edge.from || node.id === edge.to) continue;
      const through = pts.some((q) =>
        q.x > node.x + 1 && q.x < node.x + node.width - 1 && q.y > node.y + 1 &&
        q.y < node.y + node.height - 1
      );
      assert.ok(!through, `${edge.id} runs through ${node.id}`);
    }
  }
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      let run = 0, worst = 0;
      for (const q of samples[i].pts) {
        run = samples[j].pts.some((r) => Math.hypot(r.x - q.x, r.y - q.y) < 2) ? run + 1 : 0;
        worst = Math.max(worst, run);
      }
      assert.ok(worst <= 6, `${samples[i].edge.id} and ${samples[j].edge.id} drawn on top of each other`);
    }
  }
}

Deno.test("graph layout: edges point top to bottom and users sit in the first row", () => {
  const layout = layoutGraph(WEB_APP.nodes, WEB_APP.edges);
  const byId = new Map(layout.nodes.map((p) => [p.id, p]));
  assert.equal(byId.get("users")!.layer, 0);
  for (const edge of WEB_APP.edges) {
    assert.ok(byId.get(edge.from)!.layer < byId.get(edge.to)!.layer, `${edge.from} → ${edge.to}`);
    assert.ok(byId.get(edge.from)!.y + byId.get(edge.from)!.height < byId.get(edge.to)!.y);
  }
  // No empty rows: rows are numbered 0..k-1 and every one holds a node.
  const used = new Set(layout.nodes.map((p) => p.layer));
  assert.equal(used.size, layout.layers);
  // It fits the width it was given.
  assert.ok(layout.width <= 580);
  assertCleanEdges(layout);
});

Deno.test("graph layout: no node or label overlaps, everything inside the drawing", () => {
  assertNoOverlaps(layoutGraph(WEB_APP.nodes, WEB_APP.edges));
  // A fan-out with long labels from one node: labels get boxes of their own, in two lanes when needed.
  const nodes = [n("users", "users"), ...Array.from({ length: 7 }, (_, i) => n(`s${i}`, "database"))];
  const edges = nodes.slice(1).map((x) => e("users", x.id, "a rather long edge label text"));
  const layout = layoutGraph(nodes, edges);
  assertNoOverlaps(layout);
  assertCleanEdges(layout);
  for (const edge of layout.edges) {
    assert.ok([...edge.label!.text].length <= 40);
    assert.ok(
      edge.label!.lines.length <= 2 && edge.label!.lines.every((l) => measureText(l, 11.5) <= 100),
      "wrapped",
    );
  }
  // Seven stores do not fit one 580 px row: they take two rows, and the drawing stays inside its width.
  assert.ok(layout.layers >= 3);
  assert.ok(layout.width <= 580, `width ${layout.width}`);
});

Deno.test("graph layout: edges leave the source's bottom and enter the target's top; opposite edges apart", () => {
  const layout = layoutGraph(WEB_APP.nodes, WEB_APP.edges);
  const byId = new Map(layout.nodes.map((p) => [p.id, p]));
  for (const edge of layout.edges) {
    const from = byId.get(edge.from)!, to = byId.get(edge.to)!;
    const first = edge.points[0], last = edge.points.at(-1)!;
    assert.equal(first.y, from.y + from.height);
    assert.ok(first.x > from.x && first.x < from.x + from.width);
    assert.equal(last.y, to.y);
    assert.ok(last.x > to.x && last.x < to.x + to.width);
    assert.match(edge.path, /^M[\d.]+,[\d.]+( [LC][\d., ]+)+$/);
  }
  // Two edges between the same pair, one each way, and two parallel ones: never on top of each other.
  const pair = layoutGraph(
    [n("users", "users"), n("api"), n("db", "database")],
    [e("users", "api", "HTTPS"), e("api", "db", "writes"), {
      id: "db-api",
      from: "db",
      to: "api",
      label: "change feed",
    }, {
      id: "api-db-2",
      from: "api",
      to: "db",
      label: "reads",
    }],
  );
  assertNoOverlaps(pair);
  assertCleanEdges(pair);
  const back = pair.edges.find((x) => x.id === "db-api")!;
  assert.equal(back.reversed, true);
  const api = pair.nodes.find((p) => p.id === "api")!;
  assert.equal(back.points.at(-1)!.y, api.y + api.height, "the reversed edge ends at its real target");
});

Deno.test("graph layout: a dozen nodes per platform with long names fit the width and stay clean", () => {
  const types = [
    "cdn",
    "security",
    "gateway",
    "auth",
    "compute",
    "compute",
    "realtime",
    "database",
    "kv",
    "queue",
    "storage",
    "search",
    "ai",
  ];
  const nodes = [n("users", "users"), ...types.map((t, i) => n(`svc${i}`, t))];
  const edges: LayoutEdgeInput[] = [
    e("users", "svc0", "HTTPS requests from browsers and apps"),
    e("svc0", "svc1", "filtered traffic"),
    e("svc1", "svc2", "API calls"),
    e("svc2", "svc3", "token checks"),
    e("svc2", "svc4", "invoke"),
    e("svc2", "svc5", "invoke batch"),
    e("svc4", "svc6", "WebSocket upgrade"),
    ...[7, 8, 9, 10, 11, 12].map((i) => e("svc4", `svc${i}`, `reads and writes ${i}`)),
    e("svc9", "svc5", "consumes jobs"),
    e("svc5", "svc10", "stores results"),
  ];
  for (const maxWidth of [580, 660, 340]) {
    const layout = layoutGraph(nodes, edges, { maxWidth });
    assertNoOverlaps(layout);
    assertCleanEdges(layout);
    assert.ok(layout.width <= maxWidth, `width ${layout.width} fits ${maxWidth}`);
  }
});

Deno.test("graph layout: crossing reduction untangles a crossed bipartite graph", () => {
  // Arrival order puts a1 above a2 but their targets the other way round: a naive order crosses.
  const nodes = [n("u", "users"), n("a1"), n("a2"), n("b2", "database"), n("b1", "database")];
  const edges = [e("u", "a1"), e("u", "a2"), e("a1", "b1"), e("a2", "b2")];
  const layout = layoutGraph(nodes, edges);
  assert.equal(layoutCrossings(layout), 0);
  assertNoOverlaps(layout);
});

Deno.test("graph layout: deterministic, and stable while a plan streams in", () => {
  const a = layoutGraph(WEB_APP.nodes, WEB_APP.edges);
  const b = layoutGraph(WEB_APP.nodes.map((x) => ({ ...x })), WEB_APP.edges.map((x) => ({ ...x })));
  assert.deepEqual(a, b);
  // Nodes arrive before their edges: the type tiers already put the columns in their final order, so when
  // the edges arrive columns may split but two nodes never swap sides.
  const partial = layoutGraph(WEB_APP.nodes, []);
  const layerById = (l: GraphLayout) => Object.fromEntries(l.nodes.map((p) => [p.id, p.layer]));
  const before = layerById(partial), after = layerById(a);
  for (const p of WEB_APP.nodes) {
    for (const q of WEB_APP.nodes) {
      if (before[p.id] < before[q.id]) assert.ok(after[p.id] < after[q.id], `${p.id} stays left of ${q.id}`);
    }
  }
  assert.equal(before.users, 0);
  assert.ok(before.cdn < before.api && before.api < before.db);
  // Adding one more node of a known tier keeps everyone else's layer.
  const grown = layoutGraph([...WEB_APP.nodes, n("search", "search")], WEB_APP.edges);
  for (const p of a.nodes) assert.equal(layerById(grown)[p.id], p.layer);
});

Deno.test("graph layout: cycles, self-loops, duplicates and dangling edges do not break it", () => {
  const nodes = [n("users", "users"), n("a"), n("b"), n("a"), n("db", "database")];
  const edges = [e("users", "a"), e("a", "b"), e("b", "a"), e("a", "a"), e("a", "ghost"), e("b", "db")];
  const layout = layoutGraph(nodes, edges);
  assert.equal(layout.nodes.length, 4);
  assert.equal(layout.edges.length, 4);
  const back = layout.edges.find((x) => x.id === "b-a")!;
  assert.equal(back.reversed, true);
  // A reversed edge still ends at its real target.
  const a = layout.nodes.find((p) => p.id === "a")!;
  assert.equal(back.points.at(-1)!.y, a.y + a.height);
  assertNoOverlaps(layout);
  assert.deepEqual(layoutGraph([], []).nodes, []);
});

Deno.test("graph layout: wrapText balances two lines at spaces and cuts the rest", () => {
  assert.deepEqual(wrapText("Workers", 14), ["Workers"]);
  assert.deepEqual(wrapText("API Gateway WebSocket API", 14), ["API Gateway", "WebSocket API"]);
  assert.deepEqual(wrapText("RDS for PostgreSQL", 14), ["RDS for", "PostgreSQL"]);
  assert.deepEqual(wrapText("Supercalifragilistic expialidocious", 14), ["Supercalifrag…", "expialidocious"]);
  assert.deepEqual(wrapText("one two three four five six seven", 10), ["one two", "three fou…"]);
});

Deno.test("graph layout: width-aware wrapping fits text in the room it has", () => {
  const m = (t: string) => measureText(t, 12.5, true);
  // Estimates err wide of DejaVu Sans Bold as measured in Chromium (Cloudflare CDN: 106.6 px).
  assert.ok(m("Cloudflare CDN") >= 106.6 && m("Cloudflare CDN") < 115);
  assert.ok(measureText("iiii", 12) < measureText("MMMM", 12));
  assert.deepEqual(wrapWidth("Cloudflare CDN", 112, m), ["Cloudflare CDN"]);
  assert.deepEqual(wrapWidth("API Gateway WebSocket API", 112, m), ["API Gateway", "WebSocket API"]);
  for (const text of ["ElastiCache Serverless for Redis OSS", "Azure Front Door Premium with WAF policies"]) {
    const lines = wrapWidth(text, 112, m);
    assert.ok(lines.length <= 2 && lines.every((l) => m(l) <= 112), lines.join(" | "));
  }
});

Deno.test("graph layout: fitText cuts long text with an ellipsis", () => {
  assert.equal(fitText("short", 10), "short");
  assert.equal(fitText("a very long label indeed", 10), "a very lo…");
  assert.equal([...fitText("a very long label indeed", 10)].length, 10);
});

Deno.test("graph layout: every preset × competitor plan from the planner lays out without overlaps", async () => {
  const { makeTestApp, readEvents } = await import("./helpers.ts");
  const { PRESETS } = await import("../lib/protocol/presets.ts");
  const t = await makeTestApp({
    LOG_LEVEL: "error",
    RATE_LIMIT_ANONYMOUS: "unlimited",
    GENERATION_LIMIT: "1000",
  });
  try {
    for (const preset of PRESETS) {
      for (const competitor of ["AWS", "GCP", "Azure", "Vercel"]) {
        const events = await readEvents(
          await t.generate({ preset: preset.label, competitors: [competitor] }),
        );
        assert.equal(events.at(-1)?.type, "complete", `${preset.label} vs ${competitor}`);
        for (const platform of ["cloudflare", "competitor"]) {
          const nodes = events.flatMap((e) => e.type === "node" && e.platform === platform ? [e.data] : []);
          const edges = events.flatMap((e) => e.type === "edge" && e.platform === platform ? [e.data] : []);
          const layout = layoutGraph(nodes, edges);
          assert.equal(layout.nodes.length, nodes.length);
          assertNoOverlaps(layout);
          assertCleanEdges(layout);
          const byId = new Map(layout.nodes.map((p) => [p.id, p]));
          assert.equal(byId.get("users")?.layer, 0, `${preset.label}/${competitor}/${platform}: users first`);
        }
      }
    }
  } finally {
    await t.close();
  }
});
