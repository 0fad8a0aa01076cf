/**
 * Impossible edges: every edge's protocol against what its target accepts (lib/planner/edge_protocols.ts). No
 * HTTP-only node (CDN, WAF, gateway, function runtime) receives UDP or raw TCP, no layer-4 front or UDP fleet is
 * anyone's HTTP entry, and a UDP-only audience reaches no WAF. Checked over every plan of the seen eval files
 * and on requests written for this test.
 */
import assert from "node:assert/strict";
import type { EdgeData, PlanElement } from "../lib/protocol/events.ts";
import { design, planArchitecture } from "../lib/planner/planner.ts";
import { makeContext } from "../lib/planner/context.ts";
import { edgeProtocol, impossibleEdges, nodeAccepts, routeEdges } from "../lib/planner/edge_protocols.ts";
import { planView } from "../lib/planner/plan_check.ts";
import { parseCases } from "../tasks/eval_planner.ts";
import type { Competitor, NormalizedRequest } from "../lib/protocol/request_schema.ts";

const SEEN = [
  "planner_cases.jsonl",
  "planner_cases_test.jsonl",
  "planner_cases_holdout.jsonl",
  "planner_cases_holdout2.jsonl",
  "planner_cases_holdout3.jsonl",
  "planner_cases_holdout4.jsonl",
  "planner_cases_holdout5.jsonl",
  "planner_cases_holdout6.jsonl",
];

function request(appDescription: string, competitor: Competitor = "AWS"): NormalizedRequest {
  return {
    appDescription,
    persona: "CIO/CTO",
    scale: "Enterprise",
    constraints: ["Enterprise Security"],
    competitor,
    region: "Frankfurt",
  };
}

const edges = (els: PlanElement[], platform: "cloudflare" | "competitor"): EdgeData[] =>
  els.flatMap((e) => e.type === "edge" && e.platform === platform ? [e.data] : []);
const nodeIds = (els: PlanElement[], platform: "cloudflare" | "competitor", type?: string): string[] =>
  els.flatMap((e) =>
    e.type === "node" && e.platform === platform && (!type || e.data.type === type) ? [e.data.id] : []
  );

Deno.test("edge labels: UDP, raw TCP and HTTP calls are told apart", () => {
  assert.equal(edgeProtocol("UDP"), "udp");
  assert.equal(edgeProtocol("WebRTC (UDP)"), "udp");
  assert.equal(edgeProtocol("MQTT over TLS"), "tcp");
  assert.equal(edgeProtocol("driver (TCP)"), "tcp");
  assert.equal(edgeProtocol("HTTPS"), "http");
  assert.equal(edgeProtocol("presign"), "http");
  assert.equal(edgeProtocol("L3/4 DDoS protection"), "control");
  assert.deepEqual(nodeAccepts(["waf"]), { http: true, udp: false, tcp: false });
  assert.deepEqual(nodeAccepts(["nlb"]), { http: false, udp: true, tcp: true });
  // A node that hosts a folded broker takes what the broker takes.
  assert.equal(nodeAccepts(["lambda", "iot_core"]).tcp, true);
});

Deno.test("routeEdges: UDP into a CDN goes to the layer-4 front, an HTTP call into a UDP fleet to the API", () => {
  const e = (from: string, to: string, label: string): EdgeData => ({
    id: `${from}-${to}`,
    from,
    to,
    label,
    style: "solid",
    color: "#000000",
  });
  const plan = {
    nodes: ["users", "cdn", "nlb", "fleet", "api"].map((id) => ({
      id,
      type: "compute" as const,
      name: id,
      color: "#000000",
    })),
    edges: [e("users", "cdn", "UDP"), e("users", "fleet", "events / API"), e("nlb", "fleet", "UDP")],
    keysOf: new Map([["cdn", ["cloudfront"]], ["nlb", ["nlb"]], ["fleet", ["gamelift"]], ["api", [
      "lambda",
    ]]]),
    computeId: "fleet",
    udpOnly: false,
  };
  assert.equal(impossibleEdges(plan).length, 2);
  const fixed = routeEdges(plan).map((x) => `${x.from}>${x.to}`);
  assert.ok(fixed.includes("users>nlb"), fixed.join(" "));
  assert.ok(fixed.includes("users>api"), fixed.join(" "));
  assert.ok(!fixed.includes("users>cdn") && !fixed.includes("users>fleet"), fixed.join(" "));
});

Deno.test("mechanisms: only Lambda has event source mappings; static hosting is not called as an API", () => {
  const e = (from: string, to: string, label: string): EdgeData => ({
    id: `${from}-${to}`,
    from,
    to,
    label,
    style: "solid",
    color: "#000000",
  });
  const plan = {
    nodes: ["users", "queue", "tasks", "site", "api"].map((id) => ({
      id,
      type: "compute" as const,
      name: id,
      color: "#000000",
    })),
    edges: [
      e("queue", "tasks", "event source mapping"),
      e("api", "site", "API"),
      e("users", "site", "HTTPS"),
    ],
    keysOf: new Map([["queue", ["sqs"]], ["tasks", ["fargate"]], ["site", ["amplify"]], ["api", ["lambda"]]]),
    computeId: "api",
    udpOnly: false,
  };
  assert.equal(impossibleEdges(plan).length, 2);
  const fixed = routeEdges(plan).map((x) => `${x.from}>${x.to} ${x.label}`);
  assert.ok(fixed.includes("queue>tasks consumers poll"), fixed.join(" | "));
  assert.ok(fixed.includes("site>api API calls from the page"), fixed.join(" | "));
  assert.deepEqual(impossibleEdges({ ...plan, edges: routeEdges(plan) }), []);
});

Deno.test("a UDP-only front (DNS, NTP, syslog) gets no WAF or HTTP entry in its path", () => {
  const texts = [
    "We run anycast NTP over UDP for 900 broker-dealers' trading floors; move the stratum-2 front to cloud behind DDoS scrubbing.",
    "Authoritative nameservers for 12k zones on BIND in our racks; put the UDP port 53 front in the cloud, shielded from floods.",
    "Collector for firewall syslog over UDP 514 from 4,000 branch appliances, shielded against floods, must keep up at peak.",
  ];
  for (const text of texts) {
    for (const competitor of ["AWS", "GCP", "Azure"] as Competitor[]) {
      const els = planArchitecture(request(text, competitor)).elements;
      const wafs = nodeIds(els, "competitor", "security");
      const bad = edges(els, "competitor").filter((x) =>
        (x.from === "users" && wafs.includes(x.to)) ||
        (x.from === "users" && edgeProtocol(x.label) === "http")
      );
      assert.deepEqual(bad.map((x) => `${x.from}>${x.to} ${x.label}`), [], `${competitor}: ${text}`);
    }
  }
});

Deno.test("a game with a small REST lobby: players reach the fleet over UDP and the lobby over HTTP", () => {
  const text =
    "Hosting for our Godot arena brawler, UDP netcode, 10 players a match, ~900 matches at peak in EU; " +
    "a little REST service keeps profiles and friend lists.";
  const els = planArchitecture(request(text)).elements;
  const fleet = nodeIds(els, "competitor").filter((id) => /gamelift|game/.test(id));
  for (const x of edges(els, "competitor")) {
    if (x.from === "users" && fleet.includes(x.to)) assert.equal(edgeProtocol(x.label), "udp", x.label);
  }
  assert.ok(edges(els, "competitor").some((x) => x.from === "users" && edgeProtocol(x.label) === "http"));
});

Deno.test("no impossible edge remains in any plan of the seen eval files", async () => {
  let checked = 0;
  const bad: string[] = [];
  for (const file of SEEN) {
    const cases = parseCases(await Deno.readTextFile(new URL(`../eval/${file}`, import.meta.url)));
    for (const c of cases) {
      const ctx = makeContext(c.request);
      for (const cloud of ["cloudflare", ctx.competitor] as const) {
        const d = design(cloud, ctx);
        const found = impossibleEdges(planView(d, d.selections, ctx));
        if (found.length) bad.push(`${c.id} ${cloud}: ${found.join("; ")}`);
        // Every node other than the entry stays connected.
        for (const n of d.nodes) {
          if (!d.edges.some((e) => e.from === n.id || e.to === n.id)) {
            bad.push(`${c.id} ${cloud}: ${n.id} alone`);
          }
        }
        checked++;
      }
    }
  }
  assert.ok(checked > 1000, `${checked} plans`);
  assert.deepEqual(bad, []);
});

Deno.test("edges: a Durable Object without live connections is called over RPC, not a WebSocket upgrade", () => {
  const label = (appDescription: string) => {
    const els = planArchitecture({
      appDescription,
      persona: "AIE/FDE",
      scale: "Growth",
      constraints: [],
      competitor: "AWS",
      region: "Frankfurt",
    }).elements.filter((e) => e.platform === "cloudflare");
    const dobj =
      els.flatMap((e) => e.type === "node" && /^Durable Objects/.test(e.data.name) ? [e.data.id] : [])[0];
    const edge = els.find((e) => e.type === "edge" && e.data.to === dobj);
    return edge?.type === "edge" ? edge.data.label : undefined;
  };
  assert.equal(
    label("Seat reservations for a theatre: each seat must be sold once, strongly consistent"),
    "RPC (stub call)",
  );
  assert.equal(label("Live multiplayer quiz rooms over WebSockets for 2k players"), "WebSocket upgrade");
});
