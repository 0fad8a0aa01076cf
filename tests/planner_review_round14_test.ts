/**
 * Round 14 (own phrasings, not from any eval file): a git push is a deploy and a staff or merchant dashboard
 * is a screen of the app (neither adds live sockets or an event-analytics pipeline); agents who are people
 * and a copilot that answers from documents add no AI-agent runtime; a burst from idle is billed for about an
 * hour a day at its peak; each tenant's data kept in its own region gets a database per region and no
 * replicas between them; a digest sent at a stated hour is a scheduled job.
 */
import assert from "node:assert/strict";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { makeContext } from "../lib/planner/context.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { readRequirements } from "../lib/planner/requirements.ts";
import type { NormalizedRequest } from "../lib/protocol/request_schema.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

/** The capabilities the planner reads from a description (AIE/FDE, Growth, AWS, Frankfurt). */
function caps(appDescription: string): Set<string> {
  const request: NormalizedRequest = {
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints: ["Developer Velocity"],
    competitor: "AWS",
    region: "Frankfurt",
  };
  return makeContext(request).caps as Set<string>;
}

Deno.test("live sockets: a git push deploy and a push notification are no WebSocket app", () => {
  const shop = "Django app for my bakery: customers preorder bread for pickup, I want git push deploys and " +
    "a push notification when the order is ready";
  assert.ok(!classifyWorkload(shop).shapes.includes("realtime_ws"));
  const plan = nodeLines(planFor(shop, "GCP"), "cloudflare");
  assert.doesNotMatch(plan, /WebSocket rooms/);
  // A score pushed to every fan as it changes is still live.
  assert.ok(
    classifyWorkload("Scores are pushed to every fan's phone the moment a goal is scored, 40k fans at once")
      .shapes.includes("realtime_ws"),
  );
});

Deno.test("live sockets: GPS readings from machines are no live map unless someone watches them on one", () => {
  const farm =
    "Our 300 harvesters report GPS and fuel level every 10 s over LTE; we keep a year of history " +
    "for yield reports";
  assert.ok(!classifyWorkload(farm).shapes.includes("realtime_ws"));
  const couriers = "Couriers' phones send GPS every 5 s and dispatchers follow them on a map";
  assert.ok(classifyWorkload(couriers).shapes.includes("realtime_ws"));
});

Deno.test("analytics: a staff or merchant dashboard is a screen of the app, a KPI dashboard is analytics", () => {
  assert.ok(
    !caps("Booking app for a yoga studio, staff get a simple dashboard to see today's classes").has(
      "analytics",
    ),
  );
  assert.ok(
    !caps("Marketplace where each merchant dashboard lists open orders and payouts").has("analytics"),
  );
  assert.ok(!caps("Returns portal with order tracking for our shoppers").has("analytics"));
  assert.ok(
    caps("Sales dashboards for the regional managers, refreshed from the POS every hour").has("analytics"),
  );
  assert.ok(caps("A dashboard of signup conversion per campaign for marketing").has("analytics"));
  const studio = planFor(
    "Booking app for a yoga studio, staff get a little dashboard to see today's classes",
  );
  assert.doesNotMatch(nodeLines(studio, "competitor"), /Firehose|Athena/);
  assert.doesNotMatch(nodeLines(studio, "cloudflare"), /Analytics Engine/);
});

Deno.test("agents: estate agents and a document copilot add no agent runtime; AI agents do", () => {
  const listings = classifyWorkload(
    "Holiday-let listings site, letting agents upload photos and set prices, guests book and pay online",
  );
  assert.ok(!listings.technologies.has("agents"));
  const copilot = classifyWorkload(
    "Support copilot that answers our customers from 3,000 help-centre articles and cites the source",
  );
  assert.ok(!copilot.technologies.has("agents"));
  const plan = nodeLines(
    planFor(
      "Support copilot that answers our customers from 3,000 help-centre articles and cites the source",
    ),
    "competitor",
  );
  assert.doesNotMatch(plan, /agent memory|multi-step agent runs/);
  assert.ok(
    classifyWorkload("AI agents that call our booking API and remember each guest's preferences")
      .technologies.has("agents"),
  );
});

Deno.test("numbers: a burst from idle is billed about an hour a day at its peak, a busy hour at a third", () => {
  const burst = readNumbers(
    "Ticket drops: traffic jumps from ~0 to 20k req/s in seconds when a drop goes live",
  );
  assert.equal(burst.peakPerSecond, 20_000);
  assert.equal(burst.requests, 20_000 * 2_592_000 / 24);
  assert.ok(burst.notes?.some((n) => /burst from idle/.test(n)));
  const steady = readNumbers("An API that peaks at 3k req/s at lunch");
  assert.equal(steady.requests, 3_000 * 2_592_000 / 3);
  const up = readNumbers("Search API, up to 900 req/s");
  assert.equal(up.peakPerSecond, 900);
});

Deno.test("residency: each tenant's data kept in its own region, a store per region and no replicas between", () => {
  const text = "B2B contract-management SaaS; every customer chooses where their data is stored (EU, US or " +
    "APAC) and it may never be copied elsewhere. ~3,000 customer organisations.";
  assert.equal(readRequirements(text).residency, "regional");
  assert.equal(readRequirements("Patient records must stay in the EU").residency, "eu");
  const els = planFor(text, "AWS");
  const aws = nodeLines(els, "competitor");
  assert.doesNotMatch(aws, /cross-region replicas|Global Tables/);
  assert.match(aws, /one per data region|a primary in each of/);
  const cf = nodeLines(els, "cloudflare");
  assert.doesNotMatch(cf, /global read replication/);
  const rds = costItem(els, "competitor", /^RDS/);
  assert.ok(rds, "a relational database is priced");
  assert.match(rds.basis, /data regions/);
});

Deno.test("schedule: a digest sent at a stated hour is a scheduled job", () => {
  assert.ok(
    caps("Members get a daily 6am email with the new jobs that match their filters").has("scheduled"),
  );
  assert.ok(caps("Managers get a weekly Monday 9:00 report of open tickets").has("scheduled"));
});

Deno.test("webrtc: peers that only send data over a data channel get signalling and TURN, no SFU or meetings", () => {
  const drop = "Peer-to-peer file drop between two laptops over a WebRTC data channel, must get through " +
    "hotel wifi";
  const els = planFor(drop, "AWS");
  assert.doesNotMatch(nodeLines(els, "competitor"), /Chime SDK/);
  assert.match(nodeLines(els, "competitor"), /TURN/);
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /group calls/);
  assert.match(nodeLines(planFor(drop, "Azure"), "competitor"), /TURN/);
  // A call with a data channel beside it keeps its SFU.
  const call = nodeLines(
    planFor("Video calls for tutors and students with a data channel for the whiteboard"),
    "competitor",
  );
  assert.match(call, /Chime SDK/);
});
