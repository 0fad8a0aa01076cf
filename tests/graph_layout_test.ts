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

Deno.test("graph layout: edges point left to right and users sit in the first layer", () => {
  const layout = layoutGraph(WEB_APP.nodes, WEB_APP.edges);
  const byId = new Map(layout.nodes.map((p) => [p.id, p]));
  assert.equal(byId.get("users")!.layer, 0);
  for (const edge of WEB_APP.edges) {
    assert.ok(byId.get(edge.from)!.layer < byId.get(edge.to)!.layer, `${edge.from} → ${edge.to}`);
    assert.ok(byId.get(edge.from)!.x < byId.get(edge.to)!.x);
  }
  // No empty layers: layers are numbered 0..k-1 and every one holds a node.
  const used = new Set(layout.nodes.map((p) => p.layer));
  assert.equal(used.size, layout.layers);
});

Deno.test("graph layout: no node or label overlaps, everything inside the drawing", () => {
  assertNoOverlaps(layoutGraph(WEB_APP.nodes, WEB_APP.edges));
  // A fan-out with long labels from one node: labels share a gap and must be pushed apart.
  const nodes = [n("users", "users"), ...Array.from({ length: 7 }, (_, i) => n(`s${i}`, "database"))];
  const edges = nodes.slice(1).map((x) => e("users", x.id, "a rather long edge label text"));
  const layout = layoutGraph(nodes, edges);
  assertNoOverlaps(layout);
  for (const edge of layout.edges) {
    assert.ok([...edge.label!.text].length <= 28);
    assert.ok(
      edge.label!.lines.length <= 2 && edge.label!.lines.every((l) => measureText(l, 10.5) <= 84),
      "wrapped",
    );
  }
});

Deno.test("graph layout: edges start on the source's right side and end on the target's left side", () => {
  const layout = layoutGraph(WEB_APP.nodes, WEB_APP.edges);
  const byId = new Map(layout.nodes.map((p) => [p.id, p]));
  for (const edge of layout.edges) {
    const from = byId.get(edge.from)!, to = byId.get(edge.to)!;
    const first = edge.points[0], last = edge.points.at(-1)!;
    assert.equal(first.x, from.x + from.width);
    assert.ok(first.y > from.y && first.y < from.y + from.height);
    assert.equal(last.x, to.x);
    assert.ok(last.y > to.y && last.y < to.y + to.height);
    assert.match(edge.path, /^M[\d.]+,[\d.]+( [LC][\d., ]+)+$/);
  }
  // A long edge (users → storage spans layers) routes through dummy points, not through nodes.
  const long = layout.edges.find((x) => x.id === "users-storage")!;
  assert.ok(long.points.length > 2);
  for (const p of long.points.slice(1, -1)) {
    for (const node of layout.nodes) {
      const inside = p.x > node.x && p.x < node.x + node.width && p.y > node.y && p.y < node.y + node.height;
      assert.ok(!inside, `dummy point inside ${node.id}`);
    }
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
  assert.equal(back.points.at(-1)!.x, a.x + a.width);
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
          const byId = new Map(layout.nodes.map((p) => [p.id, p]));
          assert.equal(byId.get("users")?.layer, 0, `${preset.label}/${competitor}/${platform}: users first`);
        }
      }
    }
  } finally {
    await t.close();
  }
});
