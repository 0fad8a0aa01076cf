/**
 * Round 13 (own phrasings, not from any eval file): a counted staff role ("300 nurses", "120 engineers") is a
 * workforce, so a tool only they use is sized by them; requests in Dutch and Polish are glossed (and Polish
 * "nas", "us", is no NAS box); an outage an attacker caused asks for no waiting room.
 */
import assert from "node:assert/strict";
import { glossLanguage, glossToEnglish } from "../lib/planner/gloss.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { withoutChangeCadences } from "../lib/planner/change_cadences.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { plannerText } from "../lib/planner/context.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("audience: a tool for a counted staff role is sized by that staff, not a tier's public", () => {
  const bot = nodeLines(
    planFor(
      "A Teams bot for our 300 nurses that answers shift-swap questions and pings the ward manager",
      "Azure",
    ),
    "cloudflare",
  );
  assert.match(bot, /300 staff/);
  assert.doesNotMatch(bot, /10K–100K users/);
  const tool = nodeLines(planFor("On-call rota and runbook search for 120 engineers", "GCP"), "competitor");
  assert.match(tool, /120 staff/);
  // Office workers who buy from the app stay its customers.
  assert.ok(
    classifyWorkload("Lunch ordering app for 2,000 office workers around the station").audience.customers,
  );
});

Deno.test("gloss: Dutch requests are read (words, figures, residency)", () => {
  const text = "Een webshop voor fietsonderdelen: 3.000 klanten per maand, betalingen via iDEAL, " +
    "alle gegevens moeten in de EU blijven.";
  assert.equal(glossLanguage(text), "nl");
  const en = glossToEnglish(text);
  assert.match(en, /3000 customers per month/);
  assert.match(en, /payments/);
  assert.match(en, /must stay in the EU/);
  const calls = nodeLines(
    planFor("Videobellen voor huisartsen met hun patiënten, opnames bewaren voor het dossier", "Azure"),
    "cloudflare",
  );
  assert.match(calls, /Realtime SFU/);
});

Deno.test("gloss: Polish requests are read, and 'nas' (us) is no NAS box", () => {
  const text = "Serwer Minecraft dla naszych 20 graczy, ochrona przed DDoS, kopia zapasowa świata co noc. " +
    "Ktoś już nas zaatakował.";
  assert.equal(glossLanguage(text), "pl");
  const en = glossToEnglish(text);
  assert.match(en, /20 players/);
  assert.match(en, /DDoS protection/);
  assert.match(en, /backup/);
  assert.match(en, /nightly/);
  const els = planFor(text, "GCP");
  const cf = nodeLines(els, "cloudflare");
  assert.match(cf, /Spectrum/);
  assert.doesNotMatch(cf, /file server|WARP/);
  assert.doesNotMatch(nodeLines(els, "competitor"), /NetApp|Microsoft AD/);
  assert.ok(
    !classifyWorkload(glossToEnglish("Aplikacja dla nas i naszych klientów")).technologies.has("smb_share"),
  );
});

Deno.test("waiting room: an attacker's outage is no rush; a sale's rush still is", () => {
  const attack = planFor(
    "Forum for our modding community; a DDoS took the site down twice last month, we need protection",
    "AWS",
  );
  assert.equal(costItem(attack, "cloudflare", /Waiting Room/), undefined);
  assert.doesNotMatch(nodeLines(attack, "cloudflare"), /Waiting Room/);
  const rush = planFor("Sneaker shop: last launch the traffic took the site down within seconds", "AWS");
  assert.match(nodeLines(rush, "cloudflare"), /Waiting Room/);
});

Deno.test("serving: a fine-tuned open model that writes text is an LLM, served as a LoRA on Workers AI", () => {
  for (
    const text of [
      "We have 5k support replies in our house tone; fine-tune a model on them and use it in our helpdesk app",
      "Fine-tune a small model on my 800 newsletters so it writes new ones from the CMS",
    ]
  ) {
    const cf = nodeLines(planFor(text, "Vercel"), "cloudflare");
    assert.match(cf, /Workers AI[^\n]*LoRA/, text);
    assert.doesNotMatch(cf, /Containers \(model endpoint\)/, text);
  }
  // A vision model stays a custom model in a container.
  const vision = nodeLines(
    planFor(
      "Fine-tune an open model to classify photos of our parts and call it from the warehouse app",
      "AWS",
    ),
    "cloudflare",
  );
  assert.doesNotMatch(vision, /LoRA/);
});

Deno.test("cdc: change data capture minutes behind its sources is a stream, read by a connector on Cloudflare", () => {
  const text =
    "Replicate our 5 Postgres shards into the lakehouse with Debezium, at most 2 minutes behind, " +
    "the table layout changes every week";
  assert.equal(classifyWorkload(text).primary, "stream_ingestion");
  const els = planFor(text, "Azure");
  const cf = nodeLines(els, "cloudflare");
  assert.match(cf, /Pipelines/);
  assert.ok(costItem(els, "cloudflare", "Containers"), "a container runs the CDC connector");
  assert.doesNotMatch(cf, /extract|Cron Triggers/);
  assert.match(nodeLines(els, "competitor"), /change data capture from the source databases/);
  // A nightly CDC merge stays a scheduled pipeline.
  assert.notEqual(
    classifyWorkload("Nightly CDC merge of our MySQL orders into BigQuery").primary,
    "stream_ingestion",
  );
});

Deno.test("scalability: a stream the design has is the write buffer, no queue beside it", () => {
  const els = planArchitecture({
    appDescription: "Clickstream collector: 80k events per second from our apps into S3 for Athena",
    persona: "AIE/FDE",
    scale: "Enterprise",
    constraints: ["Scalability"],
    competitor: "AWS",
    region: "Frankfurt",
  }).elements;
  const aws = nodeLines(els, "competitor");
  assert.match(aws, /Kinesis[^\n]*buffers write spikes \(Scalability\)/);
  assert.equal(costItem(els, "competitor", "SQS"), undefined);
});

Deno.test("cadence: how often a team deploys or changes a schema is no job's schedule", () => {
  assert.equal(
    withoutChangeCadences("Booking API; we deploy every day and the schema changes weekly"),
    "Booking API; changes and changes",
  );
  assert.equal(
    withoutChangeCadences("the price list changes every week and is emailed to stores"),
    "the price list changes every week and is emailed to stores",
  );
  const w = classifyWorkload(
    plannerText("Booking API for 30 clinics on Postgres; we deploy every day and the schema changes weekly"),
  );
  assert.ok(!w.shapes.includes("batch_job"), w.shapes.join());
});

/** A site whose only log need is shipping its own access logs to a SIEM. */
const BROCHURE_WITH_SIEM =
  "Brochure site for our insurance products, 500k visits a month; access logs shipped to the SOC's SIEM";

Deno.test("logs: a site's own logs sent to a SIEM are a log export, a SIEM pipeline stays a stream", () => {
  const site = planFor(
    BROCHURE_WITH_SIEM,
    "AWS",
  );
  const cf = nodeLines(site, "cloudflare");
  assert.match(cf, /Logpush/);
  assert.doesNotMatch(cf, /Pipelines/);
  assert.doesNotMatch(nodeLines(site, "competitor"), /Kinesis/);
  assert.ok(
    classifyWorkload("Brochure site; access logs shipped to the SOC's SIEM").technologies.has("log_export"),
  );
  const siem = classifyWorkload("SIEM ingestion for 20k servers, 3 TB/day of syslog, searchable for a year");
  assert.equal(siem.primary, "stream_ingestion");
});

Deno.test("auth: an information portal anyone reads asks for no sign-in; a customer portal does", () => {
  const info = nodeLines(
    planFor("Public information portal about our city's bins and recycling days", "GCP"),
    "competitor",
  );
  assert.doesNotMatch(info, /Identity Platform|user sign-in/);
  const customer = nodeLines(
    planFor("Customer portal where clients download their invoices", "GCP"),
    "competitor",
  );
  assert.match(customer, /user sign-in/);
});

Deno.test("audience: more people online at once than the people counted makes the counted ones organisations", () => {
  const els = planFor(
    "Support chat widget embedded by 800 customers, about 30k concurrent connections at peak",
    "AWS",
  );
  const lines = nodeLines(els, "cloudflare");
  assert.match(lines, /300K users/);
  assert.doesNotMatch(lines, /— 800 users/);
  // Fewer at once than counted: the count stands.
  assert.match(
    nodeLines(planFor("Chat app for 50,000 users, 2,000 concurrent at peak", "AWS"), "cloudflare"),
    /50K users/,
  );
});

Deno.test("iot: readings an IoT broker takes are not priced again on the HTTP path (CDN, WAF, API)", () => {
  for (
    const [competitor, broker, http] of [["AWS", /^IoT Core/, /^API Gateway \(HTTP API\)$/], [
      "Azure",
      /^IoT Hub/,
      /^Front Door/,
    ]] as const
  ) {
    const els = planFor(
      "20,000 smart meters send a reading every 15 seconds; a dashboard for the utility's staff",
      competitor,
    );
    const brokerLine = costItem(els, "competitor", broker);
    const httpLine = costItem(els, "competitor", http);
    assert.ok(brokerLine && brokerLine.monthlyUsd > 0, competitor);
    assert.ok(
      !httpLine || httpLine.monthlyUsd < brokerLine.monthlyUsd / 10,
      `${competitor}: ${httpLine?.basis}`,
    );
  }
});

Deno.test("auth: a tool only staff use signs them in through its staff SSO, no customer identity service", () => {
  const text = "Internal expense tool for our 300 employees with SSO and per-team permissions";
  const gcp = nodeLines(planFor(text, "GCP"), "competitor");
  assert.match(gcp, /Identity-Aware Proxy/);
  assert.doesNotMatch(gcp, /Identity Platform/);
  const cf = nodeLines(planFor(text, "GCP"), "cloudflare");
  assert.match(cf, /Access/);
  assert.doesNotMatch(cf, /Turnstile/);
});

Deno.test("rag: documents pulled into an assistant's index are its indexing job, not a warehouse", () => {
  const text =
    "Support assistant over our Zendesk help center and Google Drive docs, answers cite the article, " +
    "index refreshed every hour";
  const w = classifyWorkload(text);
  assert.ok(!w.shapes.includes("etl_warehouse"), w.shapes.join());
  assert.ok(w.shapes.includes("batch_job"), w.shapes.join());
  assert.doesNotMatch(nodeLines(planFor(text, "GCP"), "competitor"), /Composer|BigQuery/);
  // Analytics named beside it keeps the warehouse.
  const bi = classifyWorkload(`${text}; the same tickets feed BI dashboards in our warehouse`);
  assert.ok(bi.shapes.includes("etl_warehouse"), bi.shapes.join());
});

Deno.test("streams: a queue beside the stream only when events are acted on as they arrive", () => {
  for (
    const text of [
      "Stream 50k ad-impression logs per second to the lake and query them hourly with SQL",
      // "ingest" alone names no queue.
      "Ingest 50k ad-impression logs per second into the lake and query them hourly with SQL",
    ]
  ) {
    assert.equal(costItem(planFor(text, "AWS"), "cloudflare", "Queues"), undefined, text);
  }
  const alerts = planFor(
    "Stream 50k ad-impression logs per second to the lake, and alert the team when spend jumps",
    "AWS",
  );
  assert.ok(costItem(alerts, "cloudflare", "Queues"));
});

Deno.test("udp: a kept cluster that runs the game servers is their fleet, priced once", () => {
  const els = planFor(
    "Our shooter's dedicated game servers run on Agones in our own Kubernetes cluster; 40k players at peak, DDoS is a problem",
    "GCP",
  );
  const cf = nodeLines(els, "cloudflare");
  assert.match(cf, /Spectrum/);
  assert.match(cf, /\(your fleet\)/);
  assert.equal(costItem(els, "cloudflare", "Existing origin (your servers)"), undefined);
});

Deno.test("logs: a log service is priced on the log lines the requests write, on every cloud", () => {
  const els = planFor(
    BROCHURE_WITH_SIEM,
    "AWS",
  );
  const cw = costItem(els, "competitor", "CloudWatch Logs");
  const push = costItem(els, "cloudflare", /Logpush/);
  assert.ok(cw && push, "both plans price the log export");
  const gb = Number(cw.basis.match(/^([\d.]+) GB/)?.[1]);
  const lines = Number(push.basis.match(/^([\d.]+) ?M lines/)?.[1]);
  // ≈1 KB a line: the GB CloudWatch takes in are the millions of lines Logpush sends.
  assert.ok(Math.abs(gb - lines) <= Math.max(1, lines * 0.05), `${cw.basis} vs ${push.basis}`);
});

Deno.test("streams: events that must reach another system keep their queue", () => {
  const els = planFor(
    "Every scan at our 40 warehouses becomes an event that feeds our stock service; 3M scans a day",
    "AWS",
  );
  assert.ok(costItem(els, "cloudflare", "Queues"));
});

Deno.test("iot: devices that report only while in use send readings for those hours, not all day", () => {
  const driving = readNumbers("5,000 delivery vans report GPS every 10 seconds while driving");
  assert.equal(driving.deviceMessagesEach, 16_200); // 259,200 a month × 1.5 h / 24 h
  assert.ok(driving.notes?.some((n) => /while driving/.test(n)));
  assert.equal(readNumbers("5,000 delivery vans report GPS every 10 seconds").deviceMessagesEach, 259_200);
});

Deno.test("serving: a fine-tune served in a product counts the product's users, and their model calls", () => {
  const els = planFor(
    "Our note-taking app (~200k users) wants to fine-tune a Llama model monthly on their writing style and serve it in the editor",
    "Vercel",
  );
  assert.ok(!/200K accounts\/records/.test(JSON.stringify(els)), "the users are no job records");
  const ai = costItem(els, "cloudflare", /^Workers AI/);
  assert.ok(ai && ai.monthlyUsd > 1, ai?.basis);
});
