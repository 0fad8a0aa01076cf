/**
 * Parts nobody asked for (the architect's review of holdout plans): a request that says what it does NOT
 * want gets none of it, in any language; jobs, pipelines and device fleets start at their schedule, devices
 * or sources with no CDN, WAF or HTTP API gateway unless people get a dashboard; a static site that runs no
 * code has no functions tier or uploads bucket; a Next.js app on Amplify Hosting is not also served by
 * CloudFront and API Gateway + Lambda. Every request is written for this test (none is in an eval file).
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { makeContext } from "../lib/planner/context.ts";
import { withoutNegated } from "../lib/planner/negation.ts";
import type { Capability } from "../lib/planner/capabilities.ts";
import type { Competitor, NormalizedRequest } from "../lib/protocol/request_schema.ts";

function request(appDescription: string, competitor: Competitor = "AWS"): NormalizedRequest {
  return {
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints: [],
    competitor,
    region: "Frankfurt",
  };
}
const plan = (text: string, competitor: Competitor = "AWS"): PlanElement[] =>
  planArchitecture(request(text, competitor)).elements;
const caps = (text: string): Set<Capability> => makeContext(request(text)).caps;

type Platform = "cloudflare" | "competitor";
const nodes = (els: PlanElement[], platform: Platform) =>
  els.flatMap((e) => e.platform === platform && e.type === "node" ? [e.data] : []);
const names = (els: PlanElement[], platform: Platform) =>
  nodes(els, platform).map((n) => `${n.name} | ${n.subtitle ?? ""}`).join("\n");
const cost = (els: PlanElement[], platform: Platform): CostData =>
  (els.find((e) => e.type === "cost" && e.platform === platform) as { data: CostData }).data;
const COMPETITORS: Competitor[] = ["AWS", "GCP", "Azure", "Vercel"];

/** Requests that negate a part, in several languages, and the capabilities that must not be read. */
const NEGATED: [string, Capability[]][] = [
  ["a slack bot for our running club's kit rota, slash commands only; this is not real-time at all", [
    "realtime",
  ]],
  ["Inventory lookup page for the warehouse crew of our bike shop. We don't need search or payments.", [
    "search",
    "payments",
  ]],
  ["Vereinsseite für unseren Schachclub mit Turnierkalender, kein Login und keine Payments", [
    "auth",
    "payments",
  ]],
  ["Página para la ferretería de mi barrio con el horario y el catálogo, sin login", ["auth"]],
  ["cardápio digital do restaurante da minha tia, sem login e sem WebSockets", ["auth", "realtime"]],
  ["site vitrine pour notre cabinet d'architectes, pas de login, sans uploads", ["auth", "object_storage"]],
  ["Recipe site for my grandmother's cookbook, no user accounts needed", ["auth"]],
];

Deno.test("unasked parts: a negated part is not read, in English, German, Spanish, Portuguese and French", () => {
  for (const [text, negated] of NEGATED) {
    const read = caps(text);
    for (const cap of negated) assert.ok(!read.has(cap), `${cap} read from: ${text}`);
  }
  // What a rule reads with its own negation stays, and so does a negated quality rather than a part.
  assert.ok(caps("our 300 staff reach the admin tools without a VPN").has("zero_trust"));
  assert.ok(caps("the ticket shop must not go down when bots and DDoS attacks hit it").has("bot_protection"));
  assert.equal(withoutNegated("we must never lose an order"), "we must never lose an order");
});

Deno.test("unasked parts: 'not realtime' and 'no chatbot' add no WebSocket rooms or RAG index", () => {
  const bot = plan(
    "discord bot for our chess club: /pairings and /standings, it is not realtime, just commands",
  );
  assert.doesNotMatch(names(bot, "cloudflare"), /Durable Objects/);
  assert.doesNotMatch(names(bot, "competitor"), /WebSocket/);
  const job = plan(
    "Weekly job that re-embeds our 2M support articles into the vector index our search service reads. This is not a chatbot.",
  );
  assert.doesNotMatch(names(job, "competitor"), /Bedrock|Knowledge Bases/);
});

Deno.test("unasked parts: without Kubernetes means no Kubernetes", () => {
  const ctx = makeContext(
    request("Rebuild the booking API of our 30 dental clinics, without Kubernetes this time"),
  );
  assert.ok(!ctx.workload.technologies.has("kubernetes"));
  assert.doesNotMatch(
    names(
      plan("Rebuild the booking API of our 30 dental clinics, without Kubernetes this time"),
      "competitor",
    ),
    /EKS|Kubernetes/,
  );
});

/** Headless workloads with no surface people open. */
const HEADLESS = [
  "Every night at 2am recompute the loyalty points of our 400k members from the day's receipts and write them back to our Postgres.",
  "Every Saturday night a batch job crops, compresses and watermarks the 5,000 product photos in our bucket into three sizes.",
  "3,000 river level gauges report every 5 minutes over LTE; send an SMS alert when a level crosses the flood threshold and keep 5 years of readings.",
];

Deno.test("unasked parts: a job, a pipeline or a device fleet without a UI gets no CDN, WAF or API gateway on any cloud; with a dashboard it does", () => {
  for (const text of HEADLESS) {
    for (const competitor of COMPETITORS) {
      const els = plan(text, competitor);
      for (const platform of ["cloudflare", "competitor"] as Platform[]) {
        const types = nodes(els, platform).map((n) => n.type);
        assert.ok(
          !types.includes("cdn"),
          `${platform} (${competitor}) has a CDN for: ${text}\n${names(els, platform)}`,
        );
        assert.doesNotMatch(
          names(els, platform),
          /WAF|API Gateway|Front Door|CloudFront/,
          `${competitor}: ${text}`,
        );
        assert.ok(
          !cost(els, platform).items.some((i) =>
            /^(?:API Gateway|CloudFront|CDN bandwidth|Cloud CDN|Front Door)/.test(i.service)
          ),
          `${platform} (${competitor}) prices a front door for: ${text}`,
        );
      }
    }
  }
  // The same jobs and fleets whose text asks for a dashboard or a map do get a front door.
  for (
    const text of [
      "Every Saturday night a batch job crops, compresses and watermarks the 5,000 product photos in our bucket; merchandisers review the results in a dashboard.",
      "3,000 river level gauges report every 5 minutes over LTE; the public sees current levels on a live map and gets SMS flood alerts.",
    ]
  ) {
    const els = plan(text, "GCP");
    assert.ok(nodes(els, "cloudflare").some((n) => n.type === "cdn"), `no front door for: ${text}`);
  }
});

Deno.test("unasked parts: a static site with no forms has no functions tier and no bucket for uploads nobody makes", () => {
  const text =
    "Hugo site for our hiking club: 40 pages of trail notes with photos, published when we push to git";
  // GCP and Vercel keep their functions while the diagram would have fewer nodes than a plan needs.
  for (const competitor of ["AWS", "Azure"] as Competitor[]) {
    const els = plan(text, competitor);
    const comp = names(els, "competitor");
    assert.doesNotMatch(
      comp,
      /^(?:API Gateway \+ Lambda|Lambda|Vercel Functions|Cloud Run|Azure Functions) \|/m,
      `${competitor}:\n${comp}`,
    );
    assert.doesNotMatch(`${comp}\n${names(els, "cloudflare")}`, /user uploads/);
    assert.doesNotMatch(comp, /(?:RDS|Cloud SQL|Azure Database|Neon)\b/);
  }
  // A form that is mailed keeps its functions.
  const form = plan("Hugo site for our hiking club with a contact form that emails the committee", "Vercel");
  assert.match(names(form, "competitor"), /Vercel Functions/);
});

Deno.test("unasked parts: a Next.js app on Amplify Hosting is not also fronted by CloudFront and API Gateway + Lambda", () => {
  const els = plan("Next.js booking app for a yoga studio: members book classes and pay for passes");
  const comp = names(els, "competitor");
  assert.match(comp, /Amplify Hosting/);
  assert.doesNotMatch(comp, /API Gateway|CloudFront/);
  assert.ok(!cost(els, "competitor").items.some((i) => /^(?:API Gateway|CloudFront)/.test(i.service)));
});

Deno.test("unasked parts: functions only a schedule calls have no HTTP API gateway", () => {
  const els = plan(
    "Every Monday at 6am build the payroll CSV for our 900 drivers from our Postgres and put it in a bucket for finance",
  );
  assert.doesNotMatch(names(els, "competitor"), /API Gateway/);
  assert.ok(!cost(els, "competitor").items.some((i) => /^API Gateway/.test(i.service)));
});

Deno.test("unasked parts: a pipeline's sources are not its database, its shop is not a web app, its latency is not WebSockets", () => {
  const salon = makeContext(
    request(
      "Every night load the bookings and invoices from our salon software's API into a warehouse so the owner can query margins",
    ),
  );
  assert.equal(salon.workload.primary, "etl_warehouse");
  assert.ok(!salon.caps.has("relational"), [...salon.caps].join(","));
  const shop = makeContext(
    request("Every hour copy the order data from our online shop into a data warehouse for the analysts"),
  );
  assert.ok(!shop.workload.shapes.includes("web_app"), shop.workload.shapes.join(","));
  const logs = makeContext(
    request(
      "Stream 5 TB a day of firewall and proxy logs into one store kept for a year, with near-real-time threat detections",
    ),
  );
  assert.ok(!logs.workload.shapes.includes("realtime_ws"), logs.workload.shapes.join(","));
  assert.doesNotMatch(
    names(
      plan(
        "Stream 5 TB a day of firewall and proxy logs into one store kept for a year, with near-real-time threat detections",
      ),
      "cloudflare",
    ),
    /Durable Objects/,
  );
});

Deno.test("unasked parts: sign-in logs or members a pipeline or a job works on bring no sign-in service", () => {
  for (
    const text of [
      "Every night archive the previous day's sign-in logs of our 2M customer accounts to cold storage for 7 years",
      "Stream the login events of our members from our identity provider into a lake and keep them for audits",
    ]
  ) {
    const read = caps(text);
    assert.ok(!read.has("auth"), `auth read from: ${text}`);
    assert.doesNotMatch(names(plan(text), "competitor"), /Cognito/, text);
  }
});
