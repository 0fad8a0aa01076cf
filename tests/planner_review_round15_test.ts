/**
 * Round 15 (own phrasings, not from any eval file): two device populations with their own cadences are both
 * priced, and "once per second" is a cadence; a product's version or edition ("SQL Server 2016", "Microsoft
 * 365") is no count; an organisation's own Microsoft 365 or Entra tenant is no customer and no mail
 * workflow, and residents or citizens are; a workforce of thousands signs in through its own identity
 * provider, with per-seat SSO for its admins only; lakh and crore are counts.
 */
import assert from "node:assert/strict";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { glossCjk } from "../lib/planner/gloss_cjk.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("fleets: two device populations with their own cadences are added up", () => {
  const text = "Vineyard monitoring: 3,000 leaf-wetness sensors report every 10 minutes over LoRa, and 150 " +
    "harvest trucks stream their position every 2 seconds during the season.";
  const n = readNumbers(text);
  assert.equal(n.devices, 3150);
  const readings = 3000 * 4320 + 150 * 1_296_000;
  assert.equal(Math.round(n.devices! * n.deviceMessagesEach!), readings);
  assert.match(n.notes?.join(" ") ?? "", /2 device populations added up/);
  // One population is read as before.
  const one = readNumbers("40,000 smart meters send a reading every 30 minutes");
  assert.equal(one.devices, 40_000);
  assert.equal(one.deviceMessagesEach, 1440);
});

Deno.test("fleets: 'once per second', 'twice a minute' and '3 times an hour' are cadences", () => {
  assert.equal(readNumbers("600 delivery vans send GPS once per second").deviceMessagesEach, 2_592_000);
  assert.equal(
    readNumbers("900 freezers report their temperature twice a minute").deviceMessagesEach,
    86_400,
  );
  assert.equal(readNumbers("80 weather stations upload 3 times an hour").deviceMessagesEach, 2160);
});

Deno.test("figures: a product's version or edition is not a count", () => {
  assert.equal(readNumbers("Our intranet runs on SQL Server 2016 and IIS for 300 staff").staff, 300);
  assert.equal(readNumbers("Connects to Dynamics 365 and Office 365 for 80 employees").staff, 80);
  assert.equal(readNumbers("Everyone signs in with our Microsoft 365 tenant").tenants, undefined);
  assert.equal(readNumbers("Python 3.12 workers on Ubuntu 24.04 handle 40 tenants").tenants, 40);
  // A size right after a product name is still a size.
  assert.equal(readNumbers("Postgres 500 GB database").databaseGb, 500);
});

Deno.test("audience: our own Microsoft 365 or Entra tenant is no customer and no mail workflow", () => {
  const portal = "Training-video library for our 9,000 employees; they already log in through our Entra ID " +
    "(Microsoft 365 tenant).";
  const w = classifyWorkload(portal);
  assert.equal(w.audience.customers, false);
  assert.ok(!w.technologies.has("mail_workflow"));
  // Mail in Microsoft 365 is still a mail workflow; residents and citizens are customers.
  assert.ok(
    classifyWorkload("Triage every email in our Microsoft 365 shared mailbox").technologies.has(
      "mail_workflow",
    ),
  );
  const permits =
    "Permit portal for 400,000 residents; caseworkers sign in with MFA through our Entra tenant";
  assert.equal(classifyWorkload(permits).audience.customers, true);
});

Deno.test("workforce SSO: thousands of staff sign in through their own identity provider", () => {
  const text = "Expense-claims app for our 12,000 employees, who sign in with Okta today.";
  const els = planFor(text, "Azure");
  const access = costItem(els, "cloudflare", /^Access/);
  assert.ok(access, "the admins' Access seats are still listed");
  assert.equal(access.monthlyUsd, 0);
  assert.ok((costItem(els, "competitor", "Entra ID P1")?.monthlyUsd ?? 0) <= 25 * 6);
  const assumptions = els.flatMap((e) => e.type === "cost" ? [e.data.assumptions] : []).join("\n");
  assert.match(assumptions, /the 12K staff sign in through the company's own identity provider/);
  assert.match(nodeLines(els, "cloudflare"), /^Staff \| 12K staff/m);
  // A VPN replacement sells seats: each one is priced.
  const vpn = planFor("Replace our remote-access VPN with zero trust for 3,000 employees", "Azure");
  assert.equal(costItem(vpn, "cloudflare", /^Access/)?.monthlyUsd, 3000 * 7);
});

Deno.test("figures: lakh and crore are counts, 亿 is a hundred million", () => {
  assert.equal(readNumbers("an OTT app for 5 lakh subscribers").users, 500_000);
  assert.equal(readNumbers("about 1.2 crore users in India").users, 12_000_000);
  assert.match(glossCjk("每月约 2亿 次请求"), /200000000/);
});

Deno.test("regional residency: a data region in each jurisdiction the text names", () => {
  const saas = "Case-management SaaS for law firms; each firm picks where its data lives (EU or US) and it " +
    "must stay there.";
  const els = planFor(saas, "GCP");
  assert.match(nodeLines(els, "competitor"), /one per data region \(europe-west3, us-east4\)/);
  // "us" is a pronoun, not the United States.
  const ctx = planFor("Let us know when a parcel arrives: a tracking page for our shop in Leeds", "Vercel");
  assert.doesNotMatch(nodeLines(ctx, "competitor"), /iad1/);
});

Deno.test("regional residency on Vercel: function regions serve their own data, no failover between them", () => {
  const saas =
    "Survey SaaS: every customer picks where their data is stored (EU or US), never copied across.";
  const lines = nodeLines(planFor(saas, "Vercel"), "competitor");
  assert.match(lines, /Vercel Functions \|[^\n]*each serves its own data region/);
  assert.doesNotMatch(lines, /multi-region failover/);
});
