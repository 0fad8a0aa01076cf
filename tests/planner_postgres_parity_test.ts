/**
 * The Postgres a Cloudflare plan reaches through Hyperdrive is sized like the competitor's database (compute by
 * the scale tier, billed for the hours it runs), not one flat small instance whatever the load; a database the
 * team keeps on its host is billed there on both platforms.
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { Scale } from "../lib/protocol/request_schema.ts";

function postgresLine(appDescription: string, scale: Scale) {
  const els: PlanElement[] = planArchitecture({
    appDescription,
    persona: "CIO/CTO",
    scale,
    constraints: [],
    competitor: "AWS",
    region: "London",
  }).elements;
  const cost = (els.find((e) => e.type === "cost" && e.platform === "cloudflare") as { data: CostData }).data;
  return cost.items.find((i) => /^Postgres \(existing/.test(i.service));
}

Deno.test("the Postgres behind Hyperdrive grows with the tier, instead of a flat $19", () => {
  for (
    const text of [
      "Order management API on Postgres for our wholesale customers, with nightly invoicing",
      "A Django + PostgreSQL booking system for physiotherapy clinics",
      "Inventory service backed by a Postgres database, used by our warehouse scanners all day",
    ]
  ) {
    const small = postgresLine(text, "Startup");
    const big = postgresLine(text, "Enterprise");
    assert.ok(small && big, `${text}: a Postgres line on Cloudflare`);
    assert.ok(big.monthlyUsd > small.monthlyUsd * 4, `${text}: ${small.monthlyUsd} → ${big.monthlyUsd}`);
    assert.match(big.basis, /CU/, "priced by compute units, with its basis");
  }
});

Deno.test("a Postgres the team keeps on its host is billed there ($0 in the Cloudflare plan)", () => {
  for (
    const text of [
      "New Postgres-backed API for the mobile app; we are keeping the database on RDS",
      "Move our Express app off Heroku, keeping our Postgres where it is; the db stays on Aurora",
      "GraphQL layer over our Postgres; the database lives on Cloud SQL and stays there",
    ]
  ) {
    const line = postgresLine(text, "Growth");
    assert.ok(line, `${text}: the kept Postgres is in the Cloudflare plan`);
    assert.equal(line.monthlyUsd, 0, text);
  }
});

Deno.test("the Postgres behind Hyperdrive is sized like the competitor's RDS instance, by memory", () => {
  // t4g.micro 1 GB, t4g.medium 4 GB, r6g.large 16 GB, r6g.xlarge 32 GB; Neon's CU is 4 GB.
  const expected: Array<[Scale, number]> = [["Startup", 0.25], ["Growth", 1], ["Enterprise", 4], [
    "Global",
    8,
  ]];
  for (const [scale, cu] of expected) {
    const line = postgresLine("Order management API on Postgres for our wholesale customers", scale);
    assert.ok(line, scale);
    assert.match(line.basis, new RegExp(`^${cu} CU ×`), `${scale}: ${line.basis}`);
  }
});

Deno.test("a database the text sizes is priced at that size, and past D1's 10 GB it is Postgres via Hyperdrive", () => {
  const plan = (appDescription: string) =>
    planArchitecture({
      appDescription,
      persona: "CIO/CTO",
      scale: "Growth",
      constraints: [],
      competitor: "AWS",
      region: "London",
    }).elements;
  const big = plan("Parts catalogue and orders for our dealers; the database is about 300 GB");
  const cf = (big.find((e) => e.type === "cost" && e.platform === "cloudflare") as { data: CostData }).data;
  const comp = (big.find((e) => e.type === "cost" && e.platform === "competitor") as { data: CostData }).data;
  assert.ok(!cf.items.some((i) => i.service === "D1"), "no D1 past its 10 GB limit");
  assert.ok(cf.items.some((i) => i.service === "Hyperdrive"), "Hyperdrive to a Postgres");
  assert.match(cf.items.map((i) => i.basis).join(" "), /300 GB ×/);
  assert.match(comp.items.find((i) => /RDS/.test(i.service))!.basis, /300 GB gp3/);
  const small = plan("Booking app for a yoga studio; the database is about 2 GB");
  const cfSmall =
    (small.find((e) => e.type === "cost" && e.platform === "cloudflare") as { data: CostData }).data;
  assert.ok(cfSmall.items.some((i) => i.service === "D1"), "a small database stays on D1");
});
