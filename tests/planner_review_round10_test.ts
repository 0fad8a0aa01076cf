/**
 * Classes from the architect's review of holdout9's plans (own phrasings, not from any eval file): events
 * named by what they carry are a stream to ingest, and a warehouse a job reads from is not one to build.
 */
import assert from "node:assert/strict";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("streams: events named by what they carry, sent as they happen, are ingested (no WebSocket rooms)", () => {
  for (
    const text of [
      "sales event ingestion for our 300 shops: each sale is published as an event to our ERP within seconds",
      "every parcel scan becomes an event that must reach our tracking system in near real time, ~4 million scans daily",
    ]
  ) {
    const w = classifyWorkload(text);
    assert.equal(w.primary, "stream_ingestion", text);
    const cf = nodeLines(planFor(text, "Azure"), "cloudflare");
    assert.doesNotMatch(cf, /WebSocket rooms/, text);
    assert.match(cf, /^(?:Pipelines|Queues)/m, text);
  }
});

Deno.test("warehouses: a job or a training run that reads from the team's warehouse builds no warehouse", () => {
  for (
    const text of [
      "retrain our price-elasticity models every Sunday on three years of orders pulled from our Snowflake",
      "weekly job scores every customer for churn using history from our data warehouse and emails the list",
    ]
  ) {
    assert.ok(!classifyWorkload(text).shapes.includes("etl_warehouse"), text);
    const comp = nodeLines(planFor(text, "Azure"), "competitor");
    assert.doesNotMatch(comp, /Fabric|Synapse|Data Factory/, text);
  }
  // Loading the warehouse is a warehouse workload.
  assert.ok(
    classifyWorkload(
      "nightly ETL loads our shop's orders into a BigQuery warehouse for the finance dashboards",
    )
      .shapes.includes("etl_warehouse"),
  );
});

Deno.test("jobs: 'every minute' is a cadence, and a job that frequent needs no workflow engine", () => {
  const els = planFor(
    "a cron that checks our 3,000 monitored URLs every minute and posts to Slack when one is down",
  );
  const comp = nodeLines(els, "competitor");
  assert.doesNotMatch(comp, /^Step Functions/m);
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /^Workflows/m);
  assert.match(nodeLines(els, "cloudflare"), /^Cron Triggers/m);
  // A frequent job that says it must resume where it stopped keeps its workflow.
  const resumable = planFor(
    "every 5 minutes a job copies new rows from 40,000 tenant databases and must resume where it stopped",
  );
  assert.match(nodeLines(resumable, "cloudflare"), /^Workflows/m);
});

Deno.test("figures: thousands grouped by spaces, and people named by their trade, are counts", () => {
  assert.equal(readNumbers("intranet search for 7 500 council employees").staff, 7_500);
  assert.equal(readNumbers("2 400 couriers, 1 250 000 parcels a month").messages, 1_250_000);
  for (
    const [text, users] of [
      ["about 12k growers record their yields", 12_000],
      ["4,000 volunteers sign up for shifts", 4_000],
      ["a quoting tool for 900 electricians", 900],
    ] as const
  ) {
    assert.equal(readNumbers(text).users, users, text);
  }
});

Deno.test("capacity: listeners and viewers are the CDN's, only game servers are sized by who they hold", () => {
  const radio = planFor(
    "six internet radio stations streamed 24/7 in HLS audio to ~80k concurrent listeners",
    "GCP",
  );
  const vms = costItem(radio, "competitor", /Compute Engine/);
  assert.ok(!vms || vms.monthlyUsd < 2_000, vms?.basis);
  const game = planFor("dedicated UDP servers for our shooter, 20k concurrent players", "GCP");
  const servers = costItem(game, "competitor", /Compute Engine|Agones|GKE/);
  assert.ok(servers && servers.monthlyUsd > 1_000, servers?.basis);
});

Deno.test("devices: a large fleet's readings are its telemetry, not reads and uploads of the app around it", () => {
  const els = planFor(
    "1.5M smart plugs report power use every 5 minutes over HTTPS; owners see a chart",
    "Azure",
  );
  // The app's database is read by its people, not once per reading (≈13B readings a month).
  const d1 = costItem(els, "cloudflare", "D1");
  assert.ok(!d1 || d1.monthlyUsd < 2_500, d1?.basis);
  const blob = costItem(els, "competitor", "Blob Storage");
  assert.ok(!blob || !/\d[\d.]*B (?:writes|reads)/.test(blob.basis), blob?.basis);
});

Deno.test("multi-tenant: an API sold with keys counts its calls as requests and serves no tenant domains", () => {
  const text =
    "metered REST API for weather data: customers get API keys and usage-based billing, ~25M calls a month";
  assert.equal(readNumbers(text).requests, 25_000_000);
  assert.equal(readNumbers(text).conversations, undefined);
  // Spoken calls stay conversations.
  assert.equal(
    readNumbers("voice line that takes 2,000 calls a day for our API customers").requests,
    undefined,
  );
  const els = planFor(text, "AWS");
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /Cloudflare for SaaS/);
  assert.doesNotMatch(nodeLines(els, "competitor"), /SaaS Manager|custom domains/);
  // Tenants on their own domains keep the custom hostnames.
  const domains = planFor("multi-tenant booking SaaS where each salon uses its own domain", "AWS");
  assert.match(nodeLines(domains, "cloudflare"), /Cloudflare for SaaS/);
});

Deno.test("multi-tenant: code tenants write, sandboxed from each other, runs on Workers for Platforms", () => {
  const els = planFor(
    "tenants of our form builder write small JavaScript snippets that run on submit, sandboxed per tenant",
  );
  assert.match(nodeLines(els, "cloudflare"), /Workers for Platforms/);
});

Deno.test("media: an audio-only broadcast has listeners, not call participants", () => {
  const radio = classifyWorkload(
    "audio only internet radio for our college, streaming 24/7 to ~1k listeners",
  );
  assert.ok(!radio.shapes.includes("webrtc"), radio.shapes.join(","));
  const comp = nodeLines(
    planFor("audio only internet radio for our college, streaming 24/7 to ~1k listeners", "Azure"),
    "competitor",
  );
  assert.doesNotMatch(comp, /Communication Services Calling/);
  // Audio-only calls are calls.
  assert.ok(
    classifyWorkload("telehealth app with audio-only consultations for rural patients").shapes.includes(
      "webrtc",
    ),
  );
});

Deno.test("figures: a rate at the market open or on match days is a peak, billed at its average", () => {
  for (
    const text of [
      "quotes arrive at 80k msg/s at the open, then calm down",
      "ticket scans hit 3,000/s on match days",
    ]
  ) {
    const n = readNumbers(text);
    assert.ok(n.peakPerSecond !== undefined, text);
  }
  assert.equal(readNumbers("a steady 5k events/s all day").peakPerSecond, undefined);
});

Deno.test("multi-tenant: customer companies are tenants, and their employees the product's users", () => {
  assert.equal(readNumbers("200 customer orders a day").users, undefined);
  const els = planFor(
    "expense SaaS: 800 customer companies with ~250k employees between them, SSO per tenant",
    "AWS",
  );
  const access = costItem(els, "cloudflare", /Access/);
  assert.ok(!access || access.monthlyUsd < 5_000, access?.basis);
  assert.match(nodeLines(els, "cloudflare"), /250K users/);
});

Deno.test("live events on a cadence are no job, and hobby boards are devices", () => {
  const w = classifyWorkload(
    "online card-game tournaments every Saturday, 500 players at once, moves in real time",
  );
  assert.ok(!w.shapes.includes("batch_job"), w.shapes.join(","));
  // A job named beside them stays.
  assert.ok(
    classifyWorkload("tournaments every Saturday and a nightly job that recomputes the rankings").shapes
      .includes(
        "batch_job",
      ),
  );
  assert.equal(readNumbers("25 esp8266 boards post readings every 10 minutes").devices, 25);
});
