/**
 * Parts added by default without a reason in the text (the architect's review of fresh plans): a read cache
 * only when the request asks for one, when the app runs with one (a Redis job framework, a moved Magento or
 * Moodle), when live state is shared across connections, or when stated read traffic is high; a video or
 * audio platform only read for its text brings no video hosting; a job that works for a shop or a site gets
 * no front door. Every request is written for this test (none is in an eval file).
 */
import assert from "node:assert/strict";
import type { Competitor } from "../lib/protocol/request_schema.ts";
import { makeContext } from "../lib/planner/context.ts";
import { maskMediaSources } from "../lib/planner/data_sources.ts";
import { nodeLines, planWithoutPriorities } from "./planner_fixtures.ts";

const planOf = planWithoutPriorities;

/** A competitor's managed Redis/Valkey/Memcached cache, by its node names. */
const CACHE = /ElastiCache|Memorystore|Managed Redis|Azure Cache|Upstash Redis/;
/** Cloudflare's KV copy in front of D1. */
const CF_HOT_READ = /hot-read cache/;
/** Video hosting, encoding or live streaming. */
const VIDEO = /\b(?:Stream|MediaConvert|IVS|Transcoder|Media Services|Mux|Live Stream)\b/;
/** A front door people reach (CDN / WAF). */
const FRONT = /Cloudflare CDN|CloudFront|Cloud CDN|Front Door|WAF/;

const COMPETITORS: Competitor[] = ["AWS", "GCP", "Azure", "Vercel"];

Deno.test("an app with no store of that kind and modest traffic gets no read cache", () => {
  for (
    const text of [
      "booking app for a dog groomer: clients pick a slot, pay a deposit, get an SMS reminder. about 2k clients",
      "inventory web app for our three bakeries, staff log in and record what was baked and sold",
      "a REST API for our plant nursery's orders, Postgres, ~15k orders a month",
    ]
  ) {
    for (const c of COMPETITORS) {
      const els = planOf(text, c);
      assert.doesNotMatch(nodeLines(els, "competitor"), CACHE, `${c}: ${text}`);
      assert.doesNotMatch(nodeLines(els, "cloudflare"), CF_HOT_READ, text);
    }
  }
});

Deno.test("a cache the text asks for stays", () => {
  const text =
    "product catalogue API for our garden shop with a cache in front of the database for the hot items";
  for (const c of COMPETITORS) assert.match(nodeLines(planOf(text, c), "competitor"), CACHE, c);
  const sessions = "member portal for a climbing gym, login, we keep sessions in a session store";
  assert.match(nodeLines(planOf(sessions, "GCP"), "competitor"), /Memorystore/);
});

Deno.test("the CDN's own cache is no application cache", () => {
  const text =
    "brochure site for our architecture studio with a contact form; the CDN cache should hold the pages";
  assert.doesNotMatch(nodeLines(planOf(text, "AWS"), "competitor"), CACHE);
});

Deno.test("a moved app keeps the Redis its job framework or platform runs with", () => {
  for (
    const text of [
      "our Ruby on Rails shop with Sidekiq workers moves from Linode to managed containers, ~40k customers",
      "we move a Laravel app with Horizon queues off our own VPS, about 25k users",
      "Python Django site with Celery for the e-mails, moving off a single droplet",
    ]
  ) {
    assert.match(nodeLines(planOf(text, "AWS"), "competitor"), /ElastiCache/, text);
  }
  const magento = "migrate our Magento 2 shop from a dedicated box to Azure, ~30k SKUs";
  assert.match(nodeLines(planOf(magento, "Azure"), "competitor"), /Managed Redis/);
  const moodle = "lift our Moodle for a college (4k students) from the on-prem server to GCP";
  assert.match(nodeLines(planOf(moodle, "GCP"), "competitor"), /Memorystore/);
});

Deno.test("a framework where Redis is optional brings none, and Celery on RabbitMQ keeps its broker", () => {
  const rails = "move our Rails app for a florist (8k customers) from a VPS to managed hosting";
  assert.doesNotMatch(nodeLines(planOf(rails, "AWS"), "competitor"), CACHE);
  const rabbit = "Django app with Celery on RabbitMQ, moving from our own servers, 9k users";
  assert.doesNotMatch(nodeLines(planOf(rabbit, "AWS"), "competitor"), CACHE);
});

Deno.test("a Magento store only read through its API brings no Redis", () => {
  const text = "every hour pull the new orders from our Magento store's REST API into a Google Sheet";
  assert.doesNotMatch(nodeLines(planOf(text, "GCP"), "competitor"), CACHE);
});

Deno.test("live state shared across connections is held in Redis", () => {
  const text = "quiz night app for pubs: teams answer on their phones, a live leaderboard on the pub TV";
  assert.match(nodeLines(planOf(text, "AWS"), "competitor"), /ElastiCache.*live state/);
});

Deno.test("high stated read traffic on a read-heavy app gets a cache, modest stated traffic none", () => {
  const busy =
    "marketplace web app for used bikes: listings, search and messages, about 60M requests a month";
  assert.match(nodeLines(planOf(busy, "GCP"), "competitor"), /Memorystore/);
  const quiet =
    "marketplace web app for used bikes: listings, search and messages, about 400k requests a month";
  assert.doesNotMatch(nodeLines(planOf(quiet, "GCP"), "competitor"), CACHE);
});

Deno.test("the Growth tier's default traffic is no reason for a cache", () => {
  const text = "a web app where tenants of our buildings report repairs and track them, with login";
  assert.doesNotMatch(nodeLines(planOf(text, "Azure", "Growth"), "competitor"), CACHE);
});

Deno.test("a video platform's content only read for its text brings no video hosting", () => {
  for (
    const text of [
      "a chat assistant that answers fans' questions from the transcripts of our Vimeo showcase",
      "semantic search over my podcast episodes on Spotify, using their show notes",
      "a bot that answers questions from the captions of our cooking channel's YouTube videos",
    ]
  ) {
    for (const c of ["AWS", "Vercel"] as Competitor[]) {
      const els = planOf(text, c);
      assert.doesNotMatch(nodeLines(els, "cloudflare"), VIDEO, `${c}: ${text}`);
      assert.doesNotMatch(nodeLines(els, "competitor"), VIDEO, `${c}: ${text}`);
    }
    assert.equal(
      makeContext({
        appDescription: text,
        persona: "AIE/FDE",
        scale: "Growth",
        constraints: [],
        competitor: "AWS",
        region: "Frankfurt",
      }).caps.has("video"),
      false,
      text,
    );
  }
});

Deno.test("a platform the system replaces or streams to is still video", () => {
  const text = "a course platform like Vimeo where instructors upload lessons and students stream them";
  assert.equal(maskMediaSources(text), text);
  assert.match(nodeLines(planOf(text, "AWS"), "competitor"), /MediaConvert|IVS/);
});

Deno.test("a job that works for a shop or a site gets no front door", () => {
  for (
    const text of [
      "every night a job recomputes the shipping rates of our shop's products from the carrier price lists",
      "a weekly job that totals our site's bookings per venue and emails the sheet to the owners",
      "every night resize the new photos uploaded to our website into thumbnails",
    ]
  ) {
    for (const c of ["AWS", "GCP"] as Competitor[]) {
      const els = planOf(text, c);
      assert.doesNotMatch(nodeLines(els, "cloudflare"), FRONT, `${c}: ${text}`);
      assert.doesNotMatch(nodeLines(els, "competitor"), FRONT, `${c}: ${text}`);
    }
  }
});

Deno.test("a shop people use beside its nightly job keeps its front door", () => {
  const text = "an online shop where customers browse and buy garden tools, plus a nightly stock sync job";
  assert.match(nodeLines(planOf(text, "AWS"), "competitor"), /CloudFront/);
});

Deno.test("one job taken out of an app that runs Sidekiq gets the cloud's queue, not the app's Redis", () => {
  const text =
    "our Rails app on Render runs a monthly invoice run in Sidekiq that keeps failing; move just that job to a managed schedule";
  assert.doesNotMatch(nodeLines(planOf(text, "GCP"), "competitor"), CACHE);
});

Deno.test("a job that works through no set of items and writes no files gets no queue and no bucket", () => {
  for (
    const text of [
      "nightly job that deletes guest accounts older than 30 days from our Postgres",
      "every Monday at 9 call our CRM's API to close stale deals and post a count to Slack",
    ]
  ) {
    for (const c of ["AWS", "GCP"] as Competitor[]) {
      const els = planOf(text, c);
      for (const side of ["cloudflare", "competitor"] as const) {
        assert.doesNotMatch(
          nodeLines(els, side),
          /fan-out of job items|job outputs/,
          `${c} ${side}: ${text}`,
        );
      }
    }
  }
});

Deno.test("a job over many items keeps its fan-out queue, and one that writes files keeps its bucket", () => {
  const many = "once a week re-price each of our 12,000 listings against the market feed";
  const aws = nodeLines(planOf(many, "AWS"), "competitor");
  assert.match(aws, /SQS.*fan-out of job items/);
  const files = "every night render a PDF statement for our landlord and email it";
  assert.match(nodeLines(planOf(files, "AWS"), "competitor"), /S3.*job outputs/);
  const volume = "reproject 40 TB of satellite scenes into map tiles, then weekly for the new ones";
  assert.match(nodeLines(planOf(volume, "GCP"), "competitor"), /fan-out of job items/);
});

Deno.test("a check that reports what dropped since the last run keeps the last values", () => {
  const text = "every hour look at the rents of 20 flats I follow and text me if one dropped";
  assert.ok(
    makeContext({
      appDescription: text,
      persona: "AIE/FDE",
      scale: "Growth",
      constraints: [],
      competitor: "AWS",
      region: "Frankfurt",
    }).caps.has("kv"),
  );
});

Deno.test("sessions people attend are no session store; sign-in sessions and a live match's sessions are", () => {
  const ctx = (appDescription: string) =>
    makeContext({
      appDescription,
      persona: "AIE/FDE",
      scale: "Growth",
      constraints: [],
      competitor: "AWS",
      region: "Frankfurt",
    });
  const booked = "web app where clients of my physio practice book treatment sessions and pay online";
  assert.equal(ctx(booked).caps.has("kv"), false);
  assert.doesNotMatch(nodeLines(planOf(booked, "AWS"), "competitor"), /DynamoDB/);
  assert.ok(ctx("internal wiki, keep user sessions for 30 days").caps.has("kv"));
  assert.ok(ctx("co-op puzzle game: 2-4 players per session share moves over websockets").caps.has("kv"));
});

Deno.test("a threshold on the current reading is no comparison with the last run", () => {
  const text = "six soil sensors post moisture every 10 minutes; alert me when moisture drops below 20%";
  assert.doesNotMatch(
    JSON.stringify([
      ...makeContext({
        appDescription: text,
        persona: "AIE/FDE",
        scale: "Growth",
        constraints: [],
        competitor: "AWS",
        region: "Frankfurt",
      }).caps,
    ]),
    /"kv"/,
  );
});
