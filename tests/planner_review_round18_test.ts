/**
 * Round 18 (own phrasings, not from any eval file): an existing relational database that moves with its app
 * into the competitor's managed database is moved by the cloud's database migration service (full load,
 * then change data capture until the cut-over), however the move is worded; not a new app's database and
 * not a kept one. Documents the system renders as PDFs, and pages rendered by JavaScript, need a headless
 * browser (Browser Rendering), in five more languages too; PDFs read or searched do not. "A link emailed"
 * asks for an email service. A rehosted server estate that asks for disaster recovery gets the cloud's
 * replication service (Elastic Disaster Recovery, Site Recovery). A per-key order named by its field ("per
 * order_id") is read, and on Google Cloud it moves a design's messages from Cloud Tasks to Pub/Sub ordering
 * keys. A heavy batch job keeps its inputs and results in object storage. Things the system does on a period
 * ("every few hours"), pings ahead of a time and bots that watch something and tell people when it changes
 * run on a schedule. An app on its own boxes that moves "to a big cloud" runs in Containers on Cloudflare. A
 * game keeps its players' accounts, ranks and match history in D1 beside the lobbies' Durable Objects. Things
 * claimed, booked or won once only ("no double-claims", "first 50k win") ask for strong consistency. Media
 * uploads each worked on (transcoded, given versions or a preview) go through a queue.
 */
import assert from "node:assert/strict";
import { glossedText } from "../lib/planner/context.ts";
import { detectCapabilities } from "../lib/planner/capabilities.ts";
import { orderingKey } from "../lib/planner/core_requirements.ts";
import { readRequirements } from "../lib/planner/requirements.ts";
import { costItem, nodeLines, planFor, techs } from "./planner_fixtures.ts";

const DMS = /Database Migration Service/;

Deno.test("database move: a moved app's existing database is replicated by the cloud's migration service", () => {
  const cases: [string, "AWS" | "GCP" | "Azure"][] = [
    [
      "We run a Laravel shop on two old servers in our office, MySQL about 300 GB. Move it to the cloud before the lease ends, no rewrite.",
      "AWS",
    ],
    [
      "Our Postgres (1.2 TB) and a Java monolith sit in a colo in Frankfurt; move everything to Google Cloud with under an hour of downtime.",
      "GCP",
    ],
    [
      "Rehost 30 Windows servers and their SQL Server 2016 databases (4 TB) to Azure; the datacenter closes in March.",
      "Azure",
    ],
    ["Datacenter exit: WebLogic apps and Oracle 19c (8 TB) move to AWS as they are, modernise later.", "AWS"],
  ];
  for (const [text, competitor] of cases) {
    const plan = planFor(text, competitor);
    assert.match(nodeLines(plan, "competitor"), DMS, `${competitor}: ${text}`);
    assert.ok(costItem(plan, "competitor", DMS), `${competitor} prices it: ${text}`);
    // Cloudflare runs no such service; its plan does not name one.
    assert.doesNotMatch(nodeLines(plan, "cloudflare"), DMS);
  }
});

Deno.test("database move: not for a new app or a kept database", () => {
  assert.doesNotMatch(
    nodeLines(
      planFor("A new booking app for yoga studios on Postgres, about 5,000 members.", "AWS"),
      "competitor",
    ),
    DMS,
  );
  const kept = "Move our Django app off the old VPS to AWS; we're keeping the database where it is for now.";
  assert.doesNotMatch(nodeLines(planFor(kept, "AWS"), "competitor"), DMS);
});

Deno.test("documents rendered as PDFs and JavaScript-rendered pages need a headless browser", () => {
  const browser = [
    "Every quarter we render about 60k personalised PDF tax summaries from HTML templates for our members.",
    "We generate weekly sales reports as PDF and email them to 40 managers.",
    "Our PDF statements are generated every night and a link is sent to each account holder.",
    "We scrape 300 JS-heavy listing pages each morning and keep the prices in a sheet.",
    "Monitor 80 supplier portals that are client-side rendered, plain fetch doesn't work on them.",
    // The verb in other languages.
    "Todo mês geramos 5.000 faturas em PDF para os clientes e mandamos por email.",
    "Cada mes generamos unas 3.000 facturas en PDF y las enviamos por correo.",
    "Jede Nacht werden 90.000 PDF-Lohnzettel erzeugt.",
    "Chaque mois nous générons 8 000 factures PDF pour nos abonnés.",
    "Ogni mese generiamo 5.000 fatture in PDF per i clienti.",
  ];
  for (const text of browser) assert.ok(techs(text).has("browser"), glossedText(text));
  const plan = planFor(
    "At month end we produce 12,000 PDF certificates for our learners and email each a link.",
    "Azure",
  );
  assert.match(nodeLines(plan, "cloudflare"), /Browser Rendering/);
  // PDFs read, searched or uploaded are no rendering job.
  const reading = [
    "A chatbot over 2,000 uploaded PDFs of our policies.",
    "Creators upload PDFs and sell them to their followers.",
    "We index product PDFs from suppliers for search.",
    "Generate monthly reports. Users upload PDFs too.",
    "Create embeddings for 10k PDFs and answer questions with citations.",
    "Produce summaries of the contracts in PDF for the legal team.",
    "Turn 50k scanned invoice PDFs into structured data.",
  ];
  for (const text of reading) assert.ok(!techs(text).has("browser"), text);
});

Deno.test("mail the system sends: 'a link emailed' asks for an email service; mail sent in does not", () => {
  const text =
    "Each night ~20k members get their statement as a PDF, stored for 7 years, and a link emailed.";
  assert.match(nodeLines(planFor(text, "AWS"), "competitor"), /SES/);
  assert.match(nodeLines(planFor(text, "AWS"), "cloudflare"), /Email Sending/);
  assert.ok(detectCapabilities("The PDFs are emailed.").includes("email"));
  assert.ok(!detectCapabilities("Farmers emailed us photos of their fields for years.").includes("email"));
});

Deno.test("disaster recovery: a rehosted estate that asks for DR gets the cloud's replication service", () => {
  const dr =
    "Rehost our 45 VMware VMs (Windows and RHEL) before the datacenter lease ends; DR in a second region, RPO 15 minutes.";
  assert.match(nodeLines(planFor(dr, "Azure"), "competitor"), /Azure Site Recovery/);
  const outage =
    "Lift and shift 20 Linux servers from our colo as they are; they must survive a region outage.";
  const aws = planFor(outage, "AWS");
  assert.match(nodeLines(aws, "competitor"), /Elastic Disaster Recovery/);
  // Priced per replicated server: 20 servers at $0.028 an hour.
  const drs = costItem(aws, "competitor", /Elastic Disaster Recovery/);
  assert.ok(drs && drs.monthlyUsd > 300 && drs.monthlyUsd < 520, JSON.stringify(drs));
  // No DR asked, none added; a new app asking for DR is no rehosted estate.
  assert.doesNotMatch(
    nodeLines(planFor("Rehost 30 VMs to Azure, nothing else.", "Azure"), "competitor"),
    /Site Recovery/,
  );
  const fresh = "A new booking API for clinics with disaster recovery in a second region.";
  assert.doesNotMatch(nodeLines(planFor(fresh, "AWS"), "competitor"), /Elastic Disaster Recovery/);
});

Deno.test("per-key order named by its field, and Cloud Tasks giving way to Pub/Sub ordering keys", () => {
  assert.equal(orderingKey("Webhooks must be processed in order per order_id."), "order");
  assert.equal(orderingKey("Readings are applied in sequence per device id."), "device");
  const text =
    "We receive order status webhooks from 5 POS integrations, ~250/sec at lunch peak; they must be processed in order per order_id.";
  const gcp = nodeLines(planFor(text, "GCP"), "competitor");
  assert.match(gcp, /^Pub\/Sub .*ordering key/m);
  assert.doesNotMatch(gcp, /Cloud Tasks/);
  assert.match(nodeLines(planFor(text, "AWS"), "competitor"), /SQS FIFO/);
  // Without an order asked, the task queue stays.
  const unordered =
    "We receive order status webhooks from 5 POS integrations, ~250/sec at lunch peak, and store them.";
  assert.doesNotMatch(nodeLines(planFor(unordered, "GCP"), "competitor"), /ordering key/);
});

Deno.test("a heavy batch job keeps its inputs and results in object storage on every cloud", () => {
  const job =
    "Nightly Monte Carlo risk run for a brokerage: ~5,000 vCPU-hours per night, containerised C++ engine, must finish by 06:00.";
  assert.match(nodeLines(planFor(job, "AWS"), "competitor"), /S3/);
  assert.match(nodeLines(planFor(job, "GCP"), "competitor"), /Cloud Storage/);
  assert.match(nodeLines(planFor(job, "Azure"), "competitor"), /Blob Storage/);
  assert.match(nodeLines(planFor(job, "AWS"), "cloudflare"), /R2/);
});

Deno.test("things done on a period, pings ahead of a time and watch-and-tell bots need a schedule", () => {
  const scheduled = [
    "telegram bot that checks the tram API and pings me when my tram is 3 min away",
    "discord bot that posts game deals to my server every few hours",
    "a slack bot for the office with a weekly leaderboard post",
    "it pings everyone 1h before the weekly session",
    "an election results page updated every five minutes from the JSON feed",
  ];
  for (const text of scheduled) assert.ok(detectCapabilities(text).includes("scheduled"), text);
  const unscheduled = [
    "A chat app where users message each other.",
    "We track orders and email customers when they ship.",
    "Our team posts updates every day in the channel.",
  ];
  for (const text of unscheduled) assert.ok(!detectCapabilities(text).includes("scheduled"), text);
  const bot = "telegram bot that checks the tram API and pings me when my tram is 3 min away";
  assert.match(nodeLines(planFor(bot, "Vercel"), "competitor"), /Cron Jobs/);
  assert.match(nodeLines(planFor(bot, "Vercel"), "cloudflare"), /Cron Triggers/);
});

Deno.test("an app that moves 'to a big cloud' off its own boxes runs in Containers; a move to the competitor named keeps Tunnel", () => {
  const generic =
    "Our Flask API, Celery workers, Postgres and Redis run on 4 Hetzner boxes; we need to move to a big cloud with minimal changes.";
  const cf = nodeLines(planFor(generic, "GCP"), "cloudflare");
  assert.match(cf, /^Containers/m);
  assert.doesNotMatch(cf, /Existing origin/);
  const named =
    "A Laravel monolith and MySQL on 3 Hetzner boxes; we want to move to GCP mostly as-is with a CDN and WAF in front.";
  assert.match(nodeLines(planFor(named, "GCP"), "cloudflare"), /Tunnel/);
});

Deno.test("a game's players keep accounts, ranks and match history in a database beside the lobbies", () => {
  const game =
    "Arena shooter with dedicated UDP servers, 10 players per match, ~6k CCU in Europe, ranked matchmaking.";
  const cf = nodeLines(planFor(game, "AWS"), "cloudflare");
  assert.match(cf, /^Durable Objects/m);
  assert.match(cf, /^D1 .*match history/m);
  // Voice servers named by their software are no game.
  const voice = "Mumble voice servers for our guild of 300 people, low latency in Europe.";
  assert.doesNotMatch(nodeLines(planFor(voice, "AWS"), "cloudflare"), /match history/);
});

Deno.test("things claimed, booked or won once only ask for strong consistency", () => {
  const strong = [
    "Users claim limited coupons right after a push (first 50k win), no double-claims.",
    "A rotable part must never be double-booked across the hangars.",
    "Sneaker raffle: one entry per person, winners drawn after close.",
  ];
  for (const text of strong) assert.ok(readRequirements(text).strongConsistency, text);
  for (
    const text of ["We rent double rooms and suites by the night.", "A shop for limited edition prints."]
  ) {
    assert.ok(!readRequirements(text).strongConsistency, text);
  }
  const coupons =
    "LINE bot for a retailer: users claim limited coupons after each push (first 50k win), no double-claims.";
  assert.match(nodeLines(planFor(coupons, "Azure"), "cloudflare"), /Durable Objects/);
});

Deno.test("media uploads each worked on go through a queue", () => {
  const upload =
    "Audiobook platform: narrators upload FLAC chapters up to 1 GB; we create 64k and 128k AAC versions and a sample clip. ~3k uploads a day.";
  assert.match(nodeLines(planFor(upload, "GCP"), "cloudflare"), /^Queues/m);
  const play = "A site where our choir's recorded concerts can be listened to, about 40 MP3 files.";
  assert.doesNotMatch(nodeLines(planFor(play, "GCP"), "cloudflare"), /^Queues/m);
});
