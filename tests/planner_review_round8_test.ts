/**
 * Classes from the architect's review of planner 13 (own phrasings, not from any eval file): durations
 * written short, counts per unit, page views, staff-only traffic, items handled a month, documents read for
 * what they say, data at rest worked on a schedule, and the schedules a job names.
 */
import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { plainDurations, plainShorthand } from "../lib/planner/figure_text.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { parseCases } from "../tasks/eval_planner.ts";
import { costServices, isUnseen, nodeLines, planFor } from "./planner_fixtures.ts";

function assumptionsOf(els: PlanElement[], platform: "cloudflare" | "competitor"): string {
  const cost = els.find((e) => e.platform === platform && e.type === "cost");
  assert.ok(cost && cost.type === "cost");
  return cost.data.assumptions;
}

function entryOf(els: PlanElement[]): string {
  const entry = els.find((e) => e.platform === "cloudflare" && e.type === "node" && e.data.type === "users");
  assert.ok(entry && entry.type === "node");
  return `${entry.data.name} | ${entry.data.subtitle ?? ""}`;
}

Deno.test("durations: short units and number words are written plainly for every reader", () => {
  assert.equal(plainDurations("re-run the scoring every 4h"), "re-run the scoring every 4 hours");
  assert.equal(plainDurations("a sync each 30min"), "a sync each 30 minutes");
  assert.equal(plainDurations("poll every twelve hours"), "poll every 12 hours");
  assert.equal(plainDurations("pings every 10s"), "pings every 10 seconds");
  // A rate keeps its slash for the rate readers.
  assert.equal(plainDurations("screens on 3h/day"), "screens on 3h/day");
});

Deno.test("durations: a job every N hours runs 720 / N times a month and is one schedule", () => {
  const n = readNumbers("every 8 hours we rebuild the price index from the supplier feeds");
  assert.equal(n.runsMonthly, 90);
  assert.equal(n.schedules, 1);
  const both = readNumbers("a nightly export and a weekly digest");
  assert.equal(both.schedules, 2);
  const els = planFor("every 8h recalculate the loyalty tier of every member account in our database");
  assert.match(entryOf(els), /90 runs\/month/);
  assert.doesNotMatch(entryOf(els), /20 scheduled runs/);
});

Deno.test("figures: a count per unit is not a count of the unit", () => {
  assert.equal(readNumbers("store the top-20 per customer for the app").users, undefined);
  assert.equal(readNumbers("3 for each member of the club").users, undefined);
  assert.equal(readNumbers("about 800 customers").users, 800);
});

Deno.test("figures: views a day are page views (not video views)", () => {
  // About three pages a visit: page views ÷ 3 are the visitors.
  assert.equal(readNumbers("my recipe blog gets 6k views/day").visitors, 60_000);
  assert.equal(readNumbers("the docs see 12k post views a month").visitors, 4_000);
  assert.equal(readNumbers("90k pageviews per month").visitors, 30_000);
  assert.equal(readNumbers("90k unique visitors per month").visitors, 90_000);
  assert.equal(readNumbers("our clips get 50k video views a day").visitors, undefined);
});

Deno.test("traffic: a staff-only tool is sized for its staff, not a tier's public traffic", () => {
  const els = planFor(
    "Slack bot for our finance team to approve expense claims and look up budgets",
    "Azure",
  );
  const a = assumptionsOf(els, "competitor");
  assert.match(a, /requests\/month \(\d+ staff × 300\)/);
  assert.doesNotMatch(a, /10K–100K users/);
  assert.doesNotMatch(a, /50M requests\/month/);
});

Deno.test("traffic: items handled a month size the requests when nobody is counted", () => {
  const els = planFor(
    "web portal where our suppliers upload invoices, ~3k invoices a month, finance approves them",
  );
  const a = assumptionsOf(els, "cloudflare");
  assert.match(a, /150K requests\/month \(≈50 per item handled\)/);
  assert.doesNotMatch(a, /50M requests\/month/);
});

Deno.test("documents read for what they say: a model, document extraction, no retrieval index", () => {
  const text =
    "Lease review tool: property managers upload signed leases as PDFs, we pull out the break clauses and " +
    "flag unfair ones for a solicitor. Not a chat assistant.";
  assert.ok(classifyWorkload(text).shapes.includes("llm_rag"));
  const els = planFor(text, "GCP");
  const cf = nodeLines(els, "cloudflare");
  const gcp = nodeLines(els, "competitor");
  assert.match(cf, /Workers AI/);
  assert.match(gcp, /Vertex AI/);
  assert.match(gcp, /Document AI/);
  assert.doesNotMatch(cf, /Vectorize|AI Search/);
  assert.doesNotMatch(gcp, /Vector Search/);
  assert.ok(!costServices(els, "competitor").some((s) => /Vector Search/.test(s)));
});

Deno.test("data at rest worked through on a schedule is a batch job, not a stream", () => {
  const text =
    "Twice a day (every 12h) rebuild the 'customers also bought' lists from the order logs exported as " +
    "parquet into our bucket.";
  const w = classifyWorkload(plainDurations(text));
  assert.equal(w.primary, "batch_job");
  assert.ok(!w.shapes.includes("stream_ingestion"));
  // Events taken in as they happen stay a stream beside the job.
  const live = classifyWorkload("we ingest click events in real time and every night build aggregates");
  assert.ok(live.shapes.includes("stream_ingestion"));
});

Deno.test("value props: a security line at Cloudflare's list floor is not sold as a like-for-like saving", () => {
  const { elements } = planArchitecture({
    appDescription: "customer portal for our insurance brokers with bot protection and SSO for our staff",
    persona: "CIO/CTO",
    scale: "Enterprise",
    constraints: ["Enterprise Security"],
    competitor: "GCP",
    region: "London",
  });
  const prop = elements.find((e) =>
    e.type === "priority_value_prop" && e.data.constraint === "Enterprise Security"
  );
  assert.ok(prop && prop.type === "priority_value_prop");
  const cfCost = elements.find((e) => e.platform === "cloudflare" && e.type === "cost");
  assert.ok(cfCost && cfCost.type === "cost");
  // The plan prices Cloudflare's bot management at the Business plan's floor (its tier is contract-priced).
  assert.ok(cfCost.data.items.some((i) => /contract-priced/.test(i.basis) && /WAF/.test(i.service)));
  assert.match(prop.data.description, /list floor: the tier that matches Google Cloud's is contract-priced/);
});

Deno.test("voice: a conversation by voice with a model hears and speaks on every cloud, priced on both", () => {
  const text =
    "phone-free voice concierge for hotel rooms: guests talk to an AI assistant that books spa slots";
  const expected: Record<string, RegExp[]> = {
    AWS: [/^Transcribe/, /^Polly/],
    GCP: [/^Speech-to-Text/, /^Text-to-Speech/],
    Azure: [/^Azure AI Speech$/, /^Azure AI Speech \(neural voices\)/],
    Vercel: [/^Speech models \(model estimate\)/],
  };
  for (const [competitor, lines] of Object.entries(expected)) {
    const els = planFor(text, competitor as "AWS" | "GCP" | "Azure" | "Vercel");
    const cf = costServices(els, "cloudflare");
    assert.ok(cf.some((s) => /speech-to-text/.test(s)), `${competitor}: Cloudflare STT priced`);
    assert.ok(cf.some((s) => /text-to-speech/.test(s)), `${competitor}: Cloudflare TTS priced`);
    const comp = costServices(els, "competitor");
    for (const re of lines) {
      assert.ok(comp.some((s) => re.test(s)), `${competitor}: ${re} in ${comp.join(", ")}`);
    }
    assert.match(assumptionsOf(els, "competitor"), /voice replies: 50% of/);
  }
  // Transcription alone speaks nothing back.
  const notes = planFor("transcribe our recorded board meetings into searchable minutes", "AWS");
  assert.ok(!costServices(notes, "competitor").some((s) => /^Polly/.test(s)));
});

Deno.test("figures: a rate's unit is a whole word ('2 PB on NAS' is stored data, not 2 PB a second)", () => {
  const n = readNumbers("we keep 2 PB on NAS and 30 TB on an old SAN");
  assert.equal(n.ingestGbMonth, undefined);
  assert.ok((n.storedGb ?? 0) >= 2 * 1024 * 1024);
  assert.equal(readNumbers("logs: 5 TB a day").ingestGbMonth, 5 * 1024 * 30);
});

Deno.test("a Q&A panel where people ask a host is no LLM app; Q&A a model answers over documents is", () => {
  const panel = classifyWorkload(
    "town-hall Q&A board: employees submit questions, vote them up, the CEO answers live",
  );
  assert.ok(!panel.shapes.includes("llm_rag"));
  assert.ok(
    classifyWorkload("AI Q&A over our maintenance manuals for field technicians").shapes.includes("llm_rag"),
  );
  assert.ok(classifyWorkload("Q&A over our insurance policies for customers").shapes.includes("llm_rag"));
});

Deno.test("figures: a beacon count a month is events, not devices; a verified phone number is no phone line", () => {
  const n = readNumbers("our sites send around 80M beacons a month");
  assert.equal(n.devices, undefined);
  assert.equal(n.messages, 80_000_000);
  assert.equal(readNumbers("300 beacons in the store").devices, 300);
  const els = planFor("one vote per verified phone number per round, 2M viewers vote from the app", "AWS");
  assert.ok(!costServices(els, "competitor").some((s) => /Connect|Twilio Voice/.test(s)));
  const line = planFor("a local phone number patients call to book appointments", "AWS");
  assert.ok(costServices(line, "competitor").some((s) => /Connect|Twilio/.test(s)));
});

Deno.test("figures: no cost line of a seen case is out of all proportion (a misread figure)", () => {
  // The largest seen workloads (Global video, 20k voice sessions, pretraining on 1,000 H100s for months: ≈$5M
  // of GPU-hours on list) stay below $10M a line; a misread unit (2 PB read as 2 PB a second) gave lines in
  // the billions.
  const files = [...Deno.readDirSync(new URL("../eval/", import.meta.url))].map((e) => e.name)
    .filter((n) => /^planner_cases.*\.jsonl$/.test(n) && !isUnseen(n));
  const over: string[] = [];
  for (const file of files) {
    for (const c of parseCases(Deno.readTextFileSync(new URL(`../eval/${file}`, import.meta.url)))) {
      for (const e of planArchitecture(c.request).elements) {
        if (e.type !== "cost") continue;
        for (const i of e.data.items) if (i.monthlyUsd > 10_000_000) over.push(`${c.id} ${i.service}`);
      }
    }
  }
  assert.deepEqual(over, []);
});

Deno.test("chatting with one's own material is an assistant over it, 'w/' written out", () => {
  assert.equal(plainShorthand("chat w/ my notes, w/o login"), "chat with my notes, without login");
  const els = planFor("chat w/ my grandma's scanned recipe books", "AWS");
  assert.match(nodeLines(els, "competitor"), /Bedrock/);
  assert.match(nodeLines(els, "cloudflare"), /Workers AI/);
  assert.equal(classifyWorkload("talk to our company handbook instead of searching it").primary, "llm_rag");
  assert.notEqual(classifyWorkload("chat with my friends while we play").primary, "llm_rag");
});
