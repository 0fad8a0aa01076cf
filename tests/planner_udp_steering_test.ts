/**
 * UDP servers behind Spectrum: Spectrum proxies to one origin, so a fleet of servers in several places needs
 * health-checked steering between pools (Load Balancing), attached where the UDP traffic enters (Spectrum),
 * not to the Workers that serve the HTTP side.
 */
import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";

function cloudflareGraph(appDescription: string) {
  const els: PlanElement[] = planArchitecture({
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints: [],
    competitor: "GCP",
    region: "Frankfurt",
  }).elements.filter((e) => e.platform === "cloudflare");
  const nodes = els.filter((e) => e.type === "node").map((e) => e.data as { id: string; name: string });
  const edges = els.filter((e) => e.type === "edge").map((e) => e.data as { from: string; to: string });
  const idOf = (name: RegExp) => nodes.find((n) => name.test(n.name))?.id;
  return { nodes, edges, idOf };
}

Deno.test("a UDP server fleet gets Load Balancing, steered from Spectrum with health checks to the servers", () => {
  for (
    const text of [
      "Dedicated servers for our racing game, UDP netcode, server pools in Frankfurt, Virginia and Singapore",
      "Authoritative UDP servers for a battle royale; players join the closest region's fleet",
      "Our VoIP media relays speak RTP over UDP from three data centres; want DDoS protection in front",
    ]
  ) {
    const { edges, idOf } = cloudflareGraph(text);
    const lb = idOf(/^Load Balancing/);
    const spectrum = idOf(/^Spectrum/);
    assert.ok(lb && spectrum, `${text}: Spectrum and Load Balancing`);
    assert.ok(edges.some((e) => e.from === spectrum && e.to === lb), `${text}: Spectrum → Load Balancing`);
    const servers = edges.filter((e) => e.from === lb).map((e) => e.to);
    assert.ok(servers.length > 0, `${text}: Load Balancing health-checks the servers`);
    const workers = idOf(/^Workers$/);
    assert.ok(!edges.some((e) => e.from === workers && e.to === lb), `${text}: not steered from Workers`);
  }
});

Deno.test("a saving next to a contract-priced Spectrum says the gap leaves it out", () => {
  const els = planArchitecture({
    appDescription: "Small UDP voice server for our gaming clan, 40 players, needs DDoS protection, cheapest",
    persona: "Vibe Coder",
    scale: "Startup",
    constraints: ["Cost Optimization"],
    competitor: "AWS",
    region: "London",
  }).elements;
  const cost = els.find((e) => e.type === "priority_value_prop" && e.data.constraint === "Cost Optimization");
  assert.ok(cost && cost.type === "priority_value_prop");
  if (/lower monthly bill/.test(cost.data.title)) {
    assert.match(cost.data.description, /leaves out Spectrum \(contract-priced\)/, cost.data.description);
  }
});
