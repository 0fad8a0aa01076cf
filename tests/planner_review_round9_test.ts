/**
 * Classes from the architect's review of planner 14 (own phrasings, not from any eval file): figures the
 * plan must follow instead of the tier's defaults.
 */
import assert from "node:assert/strict";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("staff: a tool for a counted workforce is used by staff, not by a tier of customers", () => {
  for (
    const text of [
      "internal purchase request app for our 4,500 employees",
      "a leave booking portal used by our 700 staff",
      "internal shift swap tool for all of our 2k nurses and staff",
    ]
  ) {
    const w = classifyWorkload(text);
    assert.equal(w.primary, "internal_tool", text);
    assert.equal(w.audience.customers, false, text);
  }
  const els = planFor("internal purchase request app for our 4,500 employees");
  assert.match(nodeLines(els, "cloudflare"), /^Staff \| 4500 staff/m);
  // A shop's customers stay customers beside its staff.
  assert.equal(
    classifyWorkload("a shop where 9,000 customers order and our staff pack").audience.customers,
    true,
  );
});

Deno.test("calls: professionals who hold sessions with clients are the call minutes, on both plans", () => {
  const els = planFor("a platform where our 300 dietitians meet their clients over video for check-ins");
  // 300 hosts × 4 calls a workday × 40 min × 2 participants × 21 days.
  const chime = costItem(els, "competitor", /Chime/);
  assert.ok(chime);
  assert.match(chime.basis, /^2\.02M attendee-min/);
  // Cloudflare's SFU bills the media those minutes send (≈11 MB a participant-minute), not the site's egress.
  const sfu = costItem(els, "cloudflare", /Realtime/);
  assert.ok(sfu);
  assert.match(sfu.basis, /^22\.68K GB/);
  assert.ok(sfu.monthlyUsd > 1_000, `${sfu.monthlyUsd}`);
});

/** Each cloud's document store and SQL database, as their nodes are named. */
const DOCUMENT_AND_SQL = [["GCP", /Firestore/, /Cloud SQL/], ["Azure", /Cosmos/, /PostgreSQL/]] as const;

Deno.test("one database: live state in Firestore or Cosmos DB holds the app's data when no SQL is asked", () => {
  const text = "a live quiz app for pub nights: hosts run rounds, teams answer on their phones in real time";
  for (
    const [competitor, doc, sql] of DOCUMENT_AND_SQL
  ) {
    const els = planFor(text, competitor);
    const nodes = nodeLines(els, "competitor");
    assert.match(nodes, doc, competitor);
    assert.doesNotMatch(nodes, sql, competitor);
  }
  // Firestore then bills the app's reads and writes, not only the listeners'.
  const els = planFor(text, "GCP");
  const firestore = costItem(els, "competitor", "Firestore");
  assert.ok(firestore && firestore.monthlyUsd > 0);
});

Deno.test("one database: tenant config and sessions live in the Postgres the text asks for", () => {
  const text = "white-label booking SaaS on Postgres: each salon gets its own domain, 300 salons";
  for (
    const [competitor, doc, sql] of DOCUMENT_AND_SQL
  ) {
    const nodes = nodeLines(planFor(text, competitor), "competitor");
    assert.match(nodes, sql, competitor);
    assert.doesNotMatch(nodes, doc, competitor);
  }
});

Deno.test("identity: a device's certificate identity is no user sign-in", () => {
  const els = planFor(
    "50k smart meters, each with its own device identity (X.509), report usage every 15 minutes",
    "Azure",
  );
  assert.doesNotMatch(nodeLines(els, "competitor"), /External ID|user sign-in/);
  // People who sign in keep their sign-in.
  const app = planFor("a members' portal with identity and sign-in for 20k members", "Azure");
  assert.match(nodeLines(app, "competitor"), /user sign-in/);
});
