import assert from "node:assert/strict";
import { readNumbers } from "../lib/planner/numbers.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { NormalizedRequest } from "../lib/protocol/request_schema.ts";

function req(appDescription: string, over: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return {
    appDescription,
    persona: "CIO/CTO",
    scale: "Enterprise",
    constraints: ["Enterprise Security"],
    competitor: "AWS",
    region: "London",
    ...over,
  };
}

const cost = (r: NormalizedRequest, platform: "cloudflare" | "competitor") =>
  planArchitecture(r).elements.find((e) => e.type === "cost" && e.platform === platform) as {
    data: {
      monthlyUsd: number;
      items: { service: string; monthlyUsd: number; basis: string }[];
      assumptions: string;
    };
  };

Deno.test("numbers: users, seats, devices × interval, data per day, emails per week, retention", () => {
  assert.equal(readNumbers("Zero trust for 5000 employees").staff, 5000);
  const meters = readNumbers("200k smart meters send a reading every 15 min");
  assert.equal(meters.devices, 200_000);
  assert.equal(meters.deviceMessagesEach, 2880);
  assert.equal(readNumbers("~200k emails a week").emails, 866_000);
  assert.equal(readNumbers("docs site, 2k visitors per month").visitors, 2000);
  assert.equal(readNumbers("todo app for 100 users").users, 100);
  const logs = readNumbers("ingest 5 TB/day of logs and retain 30 days");
  assert.equal(logs.ingestGbMonth, 5 * 1024 * 30);
  assert.equal(logs.retentionDays, 30);
  assert.equal(logs.storedGb, undefined, "5 TB/day is an ingest rate, not a stored size");
  assert.equal(readNumbers("an API at 500 rps").requests, 500 * 2_592_000);
  assert.deepEqual(readNumbers("A chat app").read, []);
});

Deno.test("numbers: the figures read replace the tier defaults in the costs and are named in the assumptions", () => {
  const small = cost(req("Internal wiki behind SSO for 50 employees"), "cloudflare");
  const large = cost(req("Internal wiki behind SSO for 50000 employees"), "cloudflare");
  const seats = (c: typeof small) => c.data.items.find((i) => i.service.startsWith("Access"))!.monthlyUsd;
  assert.equal(seats(small), 0);
  // A workforce that size signs in through its own identity provider: seats are the admins'.
  assert.equal(seats(large), 0);
  assert.match(large.data.assumptions, /50K staff sign in through the company's own identity provider/);
  assert.match(large.data.assumptions, /Read from the description: 50000 employees/);
  const vpn = cost(
    req("Replace our VPN concentrators with zero trust access for 5000 employees"),
    "cloudflare",
  );
  assert.equal(seats(vpn), 5000 * 7, "zero-trust access for the workforce is priced per seat");
  const tiny = cost(req("A todo app for 100 users", { scale: "Startup", constraints: [] }), "competitor");
  assert.doesNotMatch(tiny.data.assumptions, /25M requests/);
  assert.match(tiny.data.assumptions, /Assumed|Read from the description: 100 users/);
  const none = cost(req("A todo app", { scale: "Startup", constraints: [] }), "competitor");
  assert.match(none.data.assumptions, /Assumed \(Startup tier defaults\)/);
});

Deno.test("numbers: a line over half of a plan's total is named in the assumptions", () => {
  const c = cost(req("Staff portal behind SSO for 20000 employees"), "cloudflare");
  const top = [...c.data.items].sort((a, b) => b.monthlyUsd - a.monthlyUsd)[0];
  assert.ok(top.monthlyUsd > c.data.monthlyUsd / 2);
  assert.match(
    c.data.assumptions,
    new RegExp(`${top.service.replace(/[()+]/g, "\\$&")} is \\d+% of this plan`),
  );
});

Deno.test("workload shapes: classification by kind of system, several shapes at once", () => {
  const cases: [string, string][] = [
    ["Nightly batch job that exports invoices to the bank", "batch_job"],
    ["Hourly ETL from Shopify and Stripe into a data warehouse for Looker", "etl_warehouse"],
    ["Ship 5 TB/day of application logs to a lake we can query", "stream_ingestion"],
    ["Fast-paced UDP game server for a shooter", "realtime_udp"],
    ["1:1 telehealth video calls in the browser", "webrtc"],
    ["Train a CNN on 2M labelled images every week", "ml_training"],
    ["RAG chatbot over our PDFs", "llm_rag"],
    ["200k smart meters every 15 minutes", "iot"],
    ["Slack bot that files expense approvals", "bot_webhook"],
    ["Store builder where every merchant uses their own custom domain", "saas_custom_domains"],
    ["Migrate our WordPress site", "lift_and_shift"],
    ["Marketing landing page", "static_site"],
    ["Group chat with rooms", "realtime_ws"],
    ["Course platform streaming video lessons", "media"],
    ["Internal admin panel for our staff", "internal_tool"],
    ["An online store", "web_app"],
  ];
  for (const [text, shape] of cases) {
    assert.ok(
      classifyWorkload(text).shapes.includes(shape as never),
      `${text} → ${classifyWorkload(text).shapes}`,
    );
  }
  const both = classifyWorkload("Multi-tenant SaaS on custom domains with a nightly batch job");
  assert.deepEqual(both.shapes, ["saas_custom_domains", "batch_job"]);
  assert.equal(both.primary, "saas_custom_domains");
});

Deno.test("numbers: a count in brackets after what is counted, and tenants in the product's own word", () => {
  const hooks = readNumbers("Carriers POST gate-in webhooks (~400k a day) that must be verified");
  assert.equal(hooks.messages, 400_000 * 30);
  assert.equal(hooks.messagesOverHttp, true);
  assert.equal(readNumbers("we ingest orders (about 3k/day) from the shop").messages, 3_000 * 30);
  const tenants = readNumbers(
    "a small saas: each clinic gets its own booking page and domain, 120 clinics today",
  );
  assert.equal(tenants.tenants, 120);
  const bakeries = readNumbers("each bakery gets a preorder page at name.crumbly.app. ~40 bakeries now");
  assert.equal(bakeries.tenants, 40);
  // Without "each <noun> gets", a count of things is not a tenant count.
  assert.equal(readNumbers("we bake for 40 bakeries across town").tenants, undefined);
});
