import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import {
  type Competitor,
  COMPETITORS,
  type Constraint,
  CONSTRAINTS,
  type NormalizedRequest,
} from "../lib/protocol/request_schema.ts";

function req(over: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return {
    appDescription: "A marketplace web app with accounts, listings in a database and photo uploads",
    persona: "Vibe Coder",
    scale: "Growth",
    constraints: [],
    competitor: "AWS",
    region: "Frankfurt",
    ...over,
  };
}

/** Everything a platform's plan shows: nodes, edges and cost lines. */
function signature(els: PlanElement[], platform: "cloudflare" | "competitor"): string {
  return els.flatMap((e) => {
    if (e.platform !== platform) return [];
    if (e.type === "node") return [`N ${e.data.name} | ${e.data.subtitle ?? ""}`];
    if (e.type === "edge") return [`E ${e.data.from}>${e.data.to} ${e.data.label}`];
    if (e.type === "cost") return e.data.items.map((i) => `C ${i.service} ${i.monthlyUsd}`);
    return [];
  }).join("\n");
}

const text = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  els.flatMap((e) =>
    e.platform === platform && e.type === "node"
      ? [`${e.data.name} | ${e.data.subtitle ?? ""}`]
      : e.platform === platform && e.type === "cost"
      ? e.data.items.map((i) => i.service)
      : []
  ).join("\n");

for (const constraint of CONSTRAINTS) {
  Deno.test(`priorities: ${constraint} changes a service, setting or cost on Cloudflare and every competitor`, () => {
    for (const competitor of COMPETITORS) {
      const without = planArchitecture(req({ competitor })).elements;
      const withIt = planArchitecture(req({ competitor, constraints: [constraint as Constraint] })).elements;
      for (const platform of ["cloudflare", "competitor"] as const) {
        assert.notEqual(
          signature(withIt, platform),
          signature(without, platform),
          `${constraint} leaves the ${platform} plan unchanged against ${competitor}`,
        );
      }
    }
  });
}

Deno.test("requirements: EU residency pins jurisdictions and drops global replicas", () => {
  const els = planArchitecture(req({
    appDescription: "Patient portal with records in a database; EU data must never leave the EU",
    region: "Global",
    scale: "Enterprise",
    competitor: "AWS",
  })).elements;
  const cf = text(els, "cloudflare");
  assert.match(cf, /jurisdiction eu/);
  assert.doesNotMatch(cf, /global read replication/);
  const aws = text(els, "competitor");
  assert.match(aws, /eu-central-1/);
  assert.doesNotMatch(aws, /us-east-1/);
});

Deno.test("requirements: HIPAA adds controls, strong consistency picks a consistent store, multi-region spreads", () => {
  const hipaa = planArchitecture(
    req({ appDescription: "Clinic scheduling app, HIPAA applies", competitor: "AWS" }),
  );
  assert.match(text(hipaa.elements, "competitor"), /KMS/);
  assert.match(text(hipaa.elements, "cloudflare"), /Logpush/);
  const strong: Record<Competitor, RegExp> = {
    AWS: /Aurora DSQL/,
    GCP: /Spanner/,
    Azure: /Cosmos DB/,
    Vercel: /Neon/,
  };
  for (const competitor of COMPETITORS) {
    const els = planArchitecture(req({
      appDescription: "Ticket booking: seats must be strongly consistent, no double booking",
      competitor,
    })).elements;
    assert.match(text(els, "cloudflare"), /Durable Objects/, competitor);
    assert.match(text(els, "competitor"), strong[competitor], competitor);
  }
  const multi = planArchitecture(req({
    appDescription: "Payments ledger that must survive the loss of a region, active-active",
    competitor: "GCP",
  }));
  assert.match(text(multi.elements, "competitor"), /europe-west3 \+ /);
});

Deno.test("named technologies: Postgres, Kafka, Kubernetes and WordPress are honoured", () => {
  const pg = planArchitecture(req({ appDescription: "API on our existing Postgres database" })).elements;
  assert.match(text(pg, "cloudflare"), /Hyperdrive/);
  assert.doesNotMatch(text(pg, "cloudflare"), /\bD1\b/);
  assert.match(text(pg, "competitor"), /RDS for PostgreSQL/);
  const kafka =
    planArchitecture(req({ appDescription: "Order events on Kafka topics", competitor: "AWS" })).elements;
  assert.match(text(kafka, "competitor"), /MSK/);
  const k8s =
    planArchitecture(req({ appDescription: "Move our Kubernetes cluster of 40 services", competitor: "GCP" }))
      .elements;
  assert.match(text(k8s, "competitor"), /GKE/);
  assert.match(text(k8s, "cloudflare"), /Tunnel/);
  const wp =
    planArchitecture(req({ appDescription: "Migrate our WordPress blog", competitor: "Azure" })).elements;
  assert.match(text(wp, "cloudflare"), /APO for WordPress/);
  assert.match(text(wp, "cloudflare"), /origin/i);
  assert.match(text(wp, "competitor"), /App Service/);
});

Deno.test("workload shapes: UDP servers get Spectrum and no WebSocket/CDN stand-in; batch jobs start at a schedule", () => {
  const udp = planArchitecture(
    req({ appDescription: "Fast-paced multiplayer shooter, UDP game servers", competitor: "AWS" }),
  )
    .elements;
  assert.match(text(udp, "cloudflare"), /Spectrum/);
  assert.match(text(udp, "cloudflare"), /Workers has no UDP/);
  assert.doesNotMatch(text(udp, "competitor"), /CloudFront/);
  const batch =
    planArchitecture(req({ appDescription: "Nightly batch job that recomputes invoices", competitor: "GCP" }))
      .elements;
  const entry = batch.find((e) => e.type === "node" && e.data.type === "users");
  assert.equal(entry?.type === "node" ? entry.data.name : "", "Schedule");
  assert.doesNotMatch(text(batch, "cloudflare"), /Cloudflare CDN/);
  assert.match(text(batch, "competitor"), /Cloud Scheduler/);
});

Deno.test("audience: staff and customers are separate entry nodes; staff reach SSO, customers the edge", () => {
  const els = planArchitecture(req({
    appDescription: "Online shop for customers with an admin area for staff behind SSO",
    constraints: ["Enterprise Security"],
  })).elements;
  const users = els.filter((e) =>
    e.type === "node" && e.platform === "cloudflare" && e.data.type === "users"
  );
  assert.equal(users.length, 2);
  const edges = els.flatMap((e) => e.type === "edge" && e.platform === "cloudflare" ? [e.data] : []);
  assert.ok(edges.some((e) => e.from === "staff" && e.to === "access"), JSON.stringify(edges));
  assert.ok(!edges.some((e) => e.from === "users" && e.to === "access"));
});
