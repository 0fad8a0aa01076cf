/**
 * Live audiences (own phrasings, not from any eval file): a stated peak audience and the hours on air set
 * what live video bills (viewer-hours), concurrent streamers are inputs rather than viewers, a broadcaster
 * named as a company is no broadcast, and rights territories name the service that blocks other countries.
 */
import assert from "node:assert/strict";
import { makeContext } from "../lib/planner/context.ts";
import { readBroadcastHours, readLiveAudience } from "../lib/planner/live_broadcasts.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

function contextOf(appDescription: string, scale = "Enterprise") {
  return makeContext(parseGenerationBody({ appDescription, scale, competitors: ["AWS"] }).request);
}

Deno.test("live: hours on air are read from a channel that never stops, counted events or a weekly slot", () => {
  assert.equal(readBroadcastHours("a 24/7 jazz channel")?.hours, 730);
  const games = readBroadcastHours("we air around 25 games a week, 90-minute games");
  assert.ok(games);
  assert.equal(Math.round(games.hours), Math.round(25 * 4.33 * 1.5));
  assert.equal(Math.round(readBroadcastHours("a Friday worship stream for our parish")!.hours), 9);
  assert.equal(readBroadcastHours("live 6 hours a day on weekdays")?.hours, 180);
  // A DVR window is no event's length.
  assert.equal(Math.round(readBroadcastHours("3 concerts a month with a 12-hour DVR")!.hours), 6);
  assert.equal(readBroadcastHours("an on-demand course library"), undefined);
});

Deno.test("live: a peak audience stated any way is read, and concurrent streamers are not the audience", () => {
  assert.equal(readLiveAudience("about 60k viewers at peak").peak, 60_000);
  assert.equal(readLiveAudience("~5 mil espectadores no pico").peak, 5_000);
  assert.equal(readLiveAudience("up to 90k concurrent during playoffs").peak, 90_000);
  assert.equal(readLiveAudience("300 creators broadcasting, 40k viewers").peak, undefined);
  assert.equal(readLiveAudience("up to 300 concurrent streamers").concurrentSources, true);
  assert.equal(readLiveAudience("up to 300 concurrent viewers").concurrentSources, false);
});

Deno.test("live: a stated peak over the hours on air sets viewer-hours, and the bill follows them", () => {
  const text =
    "Stream our county's high-school basketball live: about 25 games a week, up to 40k concurrent viewers for the state finals";
  const ctx = contextOf(text);
  assert.ok(ctx.live);
  // 40k × 10% × (25 × 4.33 × 2 h).
  assert.equal(Math.round(ctx.traffic.liveViewerHours), Math.round(40_000 * 0.1 * 25 * 4.33 * 2));
  assert.equal(Math.round(ctx.traffic.liveInputHours), Math.round(25 * 4.33 * 2));
  assert.match(ctx.assumed.join("; "), /live viewer-hours \(40K at peak × 10% average audience/);
  const stream = costItem(planFor(text), "cloudflare", /^Stream$/);
  assert.ok(stream);
  // ≈0.87M viewer-hours ≈ 52M minutes delivered at $1 per 1,000.
  assert.ok(stream.monthlyUsd > 50_000, `Stream ${stream.monthlyUsd}`);
});

Deno.test("live: concurrent streamers are inputs; the viewers counted each watch a few hours", () => {
  const ctx = contextOf("a platform where up to 500 concurrent streamers go live for about 30k viewers");
  assert.ok(ctx.live);
  assert.equal(ctx.traffic.liveInputHours, 500 * 60);
  assert.equal(ctx.traffic.liveViewerHours, 30_000 * 10);
});

Deno.test("live: a sports broadcaster's score feed is no broadcast of video", () => {
  const ctx = contextOf(
    "real-time match scores and commentary for a sports broadcaster, 800k concurrent fans",
  );
  assert.equal(ctx.live, false);
});

Deno.test("live: rights territories are enforced by each cloud's delivery path; geofencing is not", () => {
  const text = "live cycling races streamed to ~50k viewers, geo-blocked to the countries we hold rights in";
  const els = planFor(text);
  assert.match(nodeLines(els, "cloudflare"), /country access rules|country/);
  assert.match(nodeLines(els, "competitor"), /geo restriction|allowed countries/);
  const fleet = planFor("delivery vans send GPS every 30 s; alert dispatch when a van leaves its geofence");
  assert.doesNotMatch(nodeLines(fleet, "competitor"), /rights territories|geo restriction/);
});
