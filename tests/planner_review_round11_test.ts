/**
 * Round 11 of the architect review (own phrasings, not from any eval file): an app on a server framework is
 * hosted as it is, .NET beside another engine is no SQL Server, per-second abbreviations and a later peak are
 * read, a size per item is multiplied by the items, trade roles are staff, a machine-fed stream gets no
 * waiting room, and a stream's bytes go through Pub/Sub's bill.
 */
import assert from "node:assert/strict";
import { readNumbers } from "../lib/planner/numbers.ts";
import { costItem, costServices, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("round 11: an app built on Django or Rails with no servers of its own runs in Containers", () => {
  const els = planFor("Customer portal for a parcel locker company, Django 5 app with Postgres, 20k users");
  assert.match(nodeLines(els, "cloudflare"), /^Containers/m);
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /Tunnel/);
  // Servers it keeps are fronted where they run, not priced twice.
  const kept = planFor("Our Rails app runs on three VMs at Hetzner; put it behind a CDN and WAF");
  assert.match(nodeLines(kept, "cloudflare"), /Tunnel/);
  assert.ok(!costServices(kept, "cloudflare").some((s) => /^Containers/.test(s)));
});

Deno.test("round 11: .NET beside a named Postgres is no SQL Server, on Azure either", () => {
  const els = planFor("Tenant portal in ASP.NET Core 8 on PostgreSQL for a housing association", "Azure");
  assert.doesNotMatch(nodeLines(els, "competitor"), /Azure SQL/);
  assert.match(nodeLines(els, "competitor"), /PostgreSQL/);
  const mssql = planFor("Line-of-business app in .NET Framework 4.8 for a wholesaler", "Azure");
  assert.match(nodeLines(mssql, "competitor"), /Azure SQL/);
});

Deno.test("round 11: TPS and EPS are per-second rates; a larger rate after the average is the peak", () => {
  const n = readNumbers("card authorisations: about 4k TPS on a normal day, 25k TPS on Black Friday");
  assert.equal(n.messages, 4_000 * 2_592_000);
  assert.equal(n.peakPerSecond, 25_000);
  assert.equal(readNumbers("clickstream of 30k EPS").messages, 30_000 * 2_592_000);
  const api = readNumbers("booking API, around 150 req/s, 1,200 req/s when tickets drop");
  assert.equal(api.peakPerSecond, 1_200);
  // One rate alone is no peak.
  assert.equal(readNumbers("about 400 req/s").peakPerSecond, undefined);
});

Deno.test("round 11: a size per item multiplies the items counted elsewhere in the text", () => {
  const n = readNumbers(
    "roughly 300k inspections a year, each with site photos (about 20 MB per inspection)",
  );
  assert.equal(Math.round(n.storedGb!), Math.round(300_000 * 0.02));
  assert.match(n.notes!.join(";"), /a year kept/);
  assert.equal(Math.round(readNumbers("8,000 manuals; each manual is 5 MB").storedGb!), 40);
  // A quota per user is no item size.
  assert.equal(readNumbers("2 GB per user for 40k users").storedGb, 2);
});

Deno.test("round 11: assessors, adjusters and underwriters are the staff who work the system", () => {
  assert.equal(readNumbers("1,400 loss adjusters handle the files").staff, 1_400);
  assert.equal(readNumbers("our 250 underwriters").staff, 250);
});

Deno.test("round 11: a stream fed by systems gets no waiting room; its bytes are Pub/Sub's bill", () => {
  const text = "Card switch events into the fraud lake: 8k TPS, bursts during holiday sales, exactly once";
  const gcp = planFor(text, "GCP");
  assert.doesNotMatch(nodeLines(planFor(text), "cloudflare"), /Waiting Room/);
  assert.doesNotMatch(nodeLines(gcp, "competitor"), /waiting room/i);
  const pubsub = costItem(gcp, "competitor", /^Pub\/Sub$/);
  assert.ok(pubsub);
  assert.ok(pubsub.monthlyUsd > 100, `Pub/Sub ${pubsub.monthlyUsd}: ${pubsub.basis}`);
  // People rushing a page are still queued.
  assert.match(
    nodeLines(planFor("ticket sale for a stadium tour, 300k fans rush at 10am"), "cloudflare"),
    /Waiting Room/,
  );
});

Deno.test("round 11: people reading results within two hours are no batch job's deadline", () => {
  const els = planFor("Results portal: on results day ~500k students check their grades within 2 hours");
  assert.doesNotMatch(nodeLines(els, "competitor"), /Batch/);
});

Deno.test("round 11: monthly visitors, daily active users and a monthly plan are no job's cadence", () => {
  assert.equal(readNumbers("about 300k monthly visitors").runsMonthly, undefined);
  assert.equal(readNumbers("12k daily active users").runsMonthly, undefined);
  assert.equal(readNumbers("a $9 monthly subscription").runsMonthly, undefined);
  assert.equal(readNumbers("the report is built monthly").runsMonthly, 1);
  assert.equal(readNumbers("refresh daily at 6am").runsMonthly, 30);
});
