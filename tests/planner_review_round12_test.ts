/**
 * Round 12 (own phrasings, not from any eval file): a job that mails every person of its records sends one
 * message each a run; Azure's relational default is Azure SQL Database (Postgres when named); training
 * on Cloudflare's side is said to run on external GPUs.
 */
import assert from "node:assert/strict";
import { mailsEachRecord } from "../lib/planner/mail_recipients.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { glossLanguage } from "../lib/planner/gloss.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";
import { readNumbers } from "../lib/planner/numbers.ts";

Deno.test("mail: a job that mails each member sends members × runs, one a run otherwise", () => {
  const each = planFor(
    "Every Monday pull the gym's 12,000 members from our booking system and email each member their weekly class summary",
    "AWS",
  );
  const line = costItem(each, "competitor", /SES/);
  assert.ok(line, "an email line");
  assert.match(line.basis, /\b5[12](?:\.\d+)?K emails/);
  const once = planFor(
    "Every Monday pull the gym's 12,000 members from our booking system and email the manager a weekly report",
    "AWS",
  );
  const lone = costItem(once, "competitor", /SES/);
  assert.ok(!lone || lone.monthlyUsd < line.monthlyUsd, lone?.basis);
});

Deno.test("mail: who a job mails, read from the wording", () => {
  assert.ok(mailsEachRecord("send each one a reminder email"));
  assert.ok(mailsEachRecord("email all 40k subscribers their renewal notice"));
  assert.ok(mailsEachRecord("every policyholder gets a statement by email"));
  assert.ok(!mailsEachRecord("send an email every morning to the owner"));
  assert.ok(!mailsEachRecord("email me a report every week"));
});

Deno.test("azure: an app's relational data is Azure SQL Database; a named Postgres stays Postgres", () => {
  const plain = nodeLines(
    planFor("A ticketing system for a 40-person IT helpdesk with SLAs and reports", "Azure"),
    "competitor",
  );
  assert.match(plain, /^Azure SQL Database \|.*DTU/m);
  assert.doesNotMatch(plain, /Database for PostgreSQL/);
  const pg = nodeLines(
    planFor("A ticketing system for a 40-person IT helpdesk on our existing Postgres schema", "Azure"),
    "competitor",
  );
  assert.match(pg, /Azure Database for PostgreSQL/);
  const els = planFor("A ticketing system for a 40-person IT helpdesk with SLAs and reports", "Azure");
  const sql = costItem(els, "competitor", "Azure SQL Database");
  assert.ok(sql && sql.monthlyUsd >= 29 && sql.monthlyUsd < 200, sql?.basis);
});

Deno.test("training: Cloudflare's plan says the GPUs are external (a partner GPU cloud)", () => {
  const cf = nodeLines(
    planFor("Fine-tune a vision model on 2M labelled product photos every month on 8 H100s", "GCP"),
    "cloudflare",
  );
  assert.match(cf, /^External GPU training \(partner GPU cloud\)/m);
});

Deno.test("moves: an app leaving a failing box runs in Containers, its files in R2, no Tunnel to the old box", () => {
  const els = planFor(
    "our rails app and its postgres live on a single hetzner box that keeps crashing; we need it somewhere stable, minimal code changes",
    "GCP",
  );
  const cf = nodeLines(els, "cloudflare");
  assert.match(cf, /^Containers \|/m);
  assert.match(cf, /R2[^\n]*uploads \+ static files/);
  assert.doesNotMatch(cf, /Tunnel/);
  assert.match(nodeLines(els, "competitor"), /Cloud Storage[^\n]*uploads \+ static files/);
  // An app that stays on its own servers keeps them, and the link to them.
  const kept = nodeLines(
    planFor(
      "put a CDN and WAF in front of our rails app, which stays on our own servers in our data centre",
      "GCP",
    ),
    "cloudflare",
  );
  assert.doesNotMatch(kept, /uploads \+ static files/);
  assert.match(kept, /Tunnel/);
});

Deno.test("training: a model used in the asker's app is served; its training set is no scheduled job", () => {
  const w = classifyWorkload(
    "want to train a model that recognises 40 bird species from my 15k pictures, then use it in our field-guide app",
  );
  assert.deepEqual(w.shapes, ["ml_training"]);
  const cf = nodeLines(
    planFor(
      "want to train a model that recognises 40 bird species from my 15k pictures, then use it in our field-guide app",
      "AWS",
    ),
    "cloudflare",
  );
  assert.match(cf, /serve the trained model/);
  assert.doesNotMatch(cf, /Cron Triggers/);
  // A retrain on a schedule keeps its schedule.
  assert.ok(
    classifyWorkload("every sunday night retrain the churn model on the week's 2M events").shapes.includes(
      "ml_training",
    ),
  );
});

Deno.test("video: broadcast-grade live on AWS is MediaLive + MediaPackage (+ MediaTailor for ads), not IVS", () => {
  const els = planFor(
    "Live coverage of our regional basketball league on a 24/7 channel with Widevine and FairPlay DRM, a 4-hour DVR window and server-side ad insertion, ~80k concurrent at tip-off",
    "AWS",
  );
  const aws = nodeLines(els, "competitor");
  assert.match(aws, /Elemental MediaLive/);
  assert.match(aws, /Elemental MediaPackage[^\n]*|[^\n]*Elemental MediaPackage/);
  assert.match(aws, /Elemental MediaTailor/);
  assert.doesNotMatch(aws, /^IVS/m);
  const pkg = costItem(els, "competitor", "Elemental MediaPackage");
  assert.ok(pkg && pkg.monthlyUsd > 0 && /regional caches/.test(pkg.basis), pkg?.basis);
  // A creator's interactive stream stays on IVS.
  const ivs = nodeLines(
    planFor("let our 300 yoga teachers stream live classes to their students from a phone", "AWS"),
    "competitor",
  );
  assert.match(ivs, /\bIVS\b/);
  assert.doesNotMatch(ivs, /MediaLive/);
});

Deno.test("jobs: cadences of weeks, quarters and years, and the CPU-hours a job states, size its compute", () => {
  assert.equal(readNumbers("we rerun the risk model quarterly").runsMonthly, 1 / 3);
  assert.equal(readNumbers("every January we close the books").runsMonthly, 1 / 12);
  assert.equal(readNumbers("retrain it fortnightly").runsMonthly, 2.17);
  assert.equal(readNumbers("billed annually; the export runs nightly").runsMonthly, 30);
  assert.equal(readNumbers("~6k core-hours per run, twice a year").cpuHoursMonth, 1_000);
  assert.equal(readNumbers("1,200 contracts a night, about 3 min per contract").cpuHoursMonth, 60);
  const els = planFor(
    "Twice a year we rerun a seismic simulation for 1,800 bridges, roughly 2 hours of CPU per bridge, results kept for audits",
    "AWS",
  );
  // Two hours an item: containers on both plans (past a function's limit, short of a multi-core VM).
  const jobs = costItem(els, "competitor", /Fargate|AWS Batch/);
  assert.ok(jobs && /\b600 vCPU-h/.test(jobs.basis), jobs?.basis);
  const cf = costItem(els, "cloudflare", "Containers");
  assert.ok(cf && /\b600 vCPU-h/.test(cf.basis), cf?.basis);
  // Thousands of CPU-hours a run, no time per item: a batch service.
  const big = planFor("every quarter a Monte Carlo run of ~8k CPU-hours over our loan book", "AWS");
  assert.match(nodeLines(big, "competitor"), /^AWS Batch/m);
  assert.ok(costItem(big, "cloudflare", "Batch compute on a VM cloud")!.monthlyUsd > 0);
});

Deno.test("sources: a warehouse a job only reads its inputs from is not a warehouse to build", () => {
  const w = classifyWorkload(
    "Each quarter re-score 3M insurance policies with our actuarial model; inputs come from the corporate data warehouse",
  );
  assert.ok(!w.shapes.includes("etl_warehouse"), w.shapes.join(","));
  assert.ok(
    classifyWorkload("nightly ETL from Postgres and Salesforce into a BigQuery warehouse for dashboards")
      .shapes.includes(
        "etl_warehouse",
      ),
  );
});

Deno.test("games: a MOBA or battle royale with UDP netcode is a game; its fleet names the game-server hosts", () => {
  const w = classifyWorkload("5v5 MOBA, UDP netcode, ~12k CCU across Latin America");
  assert.ok(w.technologies.has("game"), [...w.technologies].join(","));
  const cf = nodeLines(planFor("battle royale with UDP netcode, 100 players a match", "GCP"), "cloudflare");
  assert.match(cf, /^Game servers \(your fleet\) \|[^\n]*GameLift, Agones/m);
});

Deno.test("streams: rules or counters kept per key as events arrive are stateful stream processing", () => {
  const els = planFor(
    "Card transactions stream in from 3 processors, ~8k/s; run velocity checks per card and fraud rules on the stream, land everything in the lake",
    "GCP",
  );
  assert.match(nodeLines(els, "cloudflare"), /Durable Objects/);
  assert.match(nodeLines(els, "competitor"), /Dataflow/);
  const caps = planFor("impression logs at 400k/s; enforce per-advertiser budget caps in real time", "AWS");
  assert.match(nodeLines(caps, "competitor"), /Flink/);
});

Deno.test("networks: moving remote access reaches the internal apps where they run; no app, database or backups to move", () => {
  const els = planFor(
    "Replace our OpenVPN appliances for 9,000 remote staff; they only need to reach internal apps and on-prem systems",
    "AWS",
  );
  const cf = nodeLines(els, "cloudflare");
  assert.match(cf, /Access/);
  assert.doesNotMatch(cf, /^D1/m);
  const aws = nodeLines(els, "competitor");
  assert.doesNotMatch(aws, /^RDS|AWS Backup/m);
});

Deno.test("calls: 1:1 video sessions, and French or German video consultations, are WebRTC calls", () => {
  assert.ok(
    classifyWorkload("1:1 video coaching for 150 language teachers, 45-minute sessions").shapes.includes(
      "webrtc",
    ),
  );
  assert.equal(
    glossLanguage("Nous voulons une application de visio pour nos conseillers, sans enregistrement"),
    "fr",
  );
  const fr = planFor(
    "Téléconsultation pour 120 kinés : vidéo patient-kiné, partage d'écran, données hébergées en France",
    "Azure",
  );
  assert.match(nodeLines(fr, "cloudflare"), /Realtime SFU/);
  const de = planFor("Videosprechstunde für 60 Tierärzte, Bildschirmfreigabe, Daten in der EU", "AWS");
  assert.match(nodeLines(de, "cloudflare"), /Realtime SFU/);
  assert.match(nodeLines(de, "cloudflare"), /jurisdiction "eu"/);
});

Deno.test("bots: a post on a clock or a feed checked for news runs on a cron; RSS feeds are no data stream", () => {
  const quiz = planFor(
    "telegram bot that posts a daily trivia question at 9:00 and keeps a leaderboard",
    "Vercel",
  );
  assert.match(nodeLines(quiz, "cloudflare"), /Cron Triggers/);
  assert.match(nodeLines(quiz, "competitor"), /Vercel Cron Jobs/);
  const rss = planFor("slack bot that shares new posts from 15 rss feeds of engineering blogs", "GCP");
  const shapes =
    classifyWorkload("slack bot that shares new posts from 15 rss feeds of engineering blogs").shapes;
  assert.ok(!shapes.includes("stream_ingestion"), shapes.join(","));
  assert.doesNotMatch(nodeLines(rss, "cloudflare"), /Pipelines/);
});

Deno.test("webhooks: an event carried through several systems, exactly once, is a durable workflow", () => {
  const els = planFor(
    "Partners send order webhooks (~20k a day); we ack fast, then update 4 downstream systems (ERP, WMS, CRM, billing) and each order must be handled exactly once",
    "AWS",
  );
  assert.match(nodeLines(els, "cloudflare"), /Workflows/);
  assert.match(nodeLines(els, "competitor"), /Step Functions/);
});

Deno.test("jobs: hours of runtime go to containers, more memory than a container has to a batch VM; fraud scoring is stateful", () => {
  const w = classifyWorkload("weekly pricing job in R, ~3 hours runtime, reads the warehouse export");
  assert.ok(w.technologies.has("containers"), [...w.technologies].join(","));
  const big = classifyWorkload("nightly genome alignment that needs 128 GB of RAM per sample");
  assert.ok(big.technologies.has("hpc_batch"), [...big.technologies].join(","));
  const fraud = classifyWorkload("payment events at 2k/s, each scored for fraud within 100 ms");
  assert.ok(fraud.technologies.has("stream_state"), [...fraud.technologies].join(","));
});

Deno.test("read: a thousand-plus GPUs of a class for months; live audio rooms are calls; a docs site's database is its subject", () => {
  assert.equal(readNumbers("pretraining on 2,000+ H100-class GPUs for ~3 weeks").gpuHours, 1_008_000);
  assert.ok(
    classifyWorkload("audio rooms for a podcast community: 2 speakers and up to 300 listeners per room")
      .shapes
      .includes("webrtc"),
  );
  const docs = planFor("docs site for our open-source graph DB, 1,200 pages, previews per PR", "Vercel");
  assert.doesNotMatch(nodeLines(docs, "competitor"), /Web Analytics/);
  assert.doesNotMatch(nodeLines(docs, "cloudflare"), /Analytics Engine/);
});

Deno.test("estates and gateways: Kafka moved with an estate is no stream; tenants' own JS runs isolated; a multi-provider support bot has a gateway", () => {
  const w = classifyWorkload(
    "OpenShift cluster with 60 microservices, Kafka and Postgres to move to the cloud, minimal changes",
  );
  assert.ok(!w.shapes.includes("stream_ingestion"), w.shapes.join(","));
  assert.ok(w.technologies.has("kubernetes"));
  assert.ok(
    classifyWorkload("mirror 25 Kafka topics (~80 MB/s) from on-prem to the cloud for analytics").shapes
      .includes(
        "stream_ingestion",
      ),
  );
  const wfp = nodeLines(
    planFor(
      "storefront builder where 5k sellers add their own JavaScript for pricing rules, isolated per seller",
      "AWS",
    ),
    "cloudflare",
  );
  assert.match(wfp, /Workers for Platforms/);
  const bot = nodeLines(
    planFor(
      "customer-service bot answering ~200k questions a month; fail over between model providers",
      "GCP",
    ),
    "cloudflare",
  );
  assert.match(bot, /AI Gateway/);
});

Deno.test("live streaming said as 'live … streaming' is live; minute aggregates for pacing are stateful", () => {
  const els = planFor("Live rugby streaming to 400k concurrent fans, DVR window and ad insertion", "AWS");
  assert.match(nodeLines(els, "competitor"), /Elemental MediaLive/);
  assert.ok(
    classifyWorkload("click events at 30k/s from partner sites; 5-minute aggregates for budget pacing")
      .technologies
      .has("stream_state"),
  );
});

Deno.test("tenants: a database per tenant is said on every plan's relational service", () => {
  const text = "scheduling saas for 400 dental clinics, each clinic's data isolated in its own database";
  assert.match(
    nodeLines(planFor(text, "Azure"), "competitor"),
    /Azure SQL Database[^\n]*elastic pool: one database per tenant/,
  );
  assert.match(nodeLines(planFor(text, "AWS"), "cloudflare"), /^D1 \|[^\n]*one D1 database per tenant/m);
  assert.match(nodeLines(planFor(text, "GCP"), "competitor"), /Cloud SQL[^\n]*a database per tenant/);
  assert.doesNotMatch(
    nodeLines(planFor("scheduling saas for 400 dental clinics", "Azure"), "competitor"),
    /per tenant/,
  );
});
