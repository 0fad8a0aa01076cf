/**
 * Calls counted in the text (own phrasings, not from any eval file): a ratio is no count, and counted visits
 * or consultations of a calling app set its participant-minutes.
 */
import assert from "node:assert/strict";
import { readNumbers } from "../lib/planner/numbers.ts";
import { withoutRatios } from "../lib/planner/figure_text.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("ratios: 1:1 and 1:many describe a call or a class, they count nobody", () => {
  assert.equal(
    withoutRatios("1:1 coaching video and 1:many webinars"),
    "ratio coaching video and ratio webinars",
  );
  assert.equal(readNumbers("1:1 tutor-student video lessons").users, undefined);
  assert.equal(readNumbers("a 1:1 vet-owner video chat").users, undefined);
  // Clock times stay what they were (read before ratios), and plain counts are still read.
  assert.equal(readNumbers("1:1 calls for 3,000 members").users, 3_000);
  assert.equal(readNumbers("reminders go out at 18:30 to 400 students").users, 400);
});

Deno.test("calls: counted visits or consultations are the calls, not recordings or web visitors", () => {
  const n = readNumbers("about 900 video consultations a day");
  assert.equal(n.sessionsMonthly, 27_000);
  assert.equal(n.mediaHours, undefined, "the medium words a session, it is no recording");
  assert.equal(readNumbers("1,500 online lessons per week").sessionsMonthly, Math.round(1_500 * 4.33));
  const els = planFor(
    "video consultations between physiotherapists and patients, about 900 video consultations a day",
  );
  // 27,000 calls × 30 min × 2 participants.
  const chime = costItem(els, "competitor", /Chime/);
  assert.ok(chime);
  assert.match(chime.basis, /^1\.62M attendee-min/);
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /^Callers \| 1 users/m);
});

Deno.test("audience: a counted workforce that names nobody else is who uses it, not a tier of customers", () => {
  for (
    const text of [
      "pixel-streamed 3D design workstations in the browser via WebRTC, 120 seats, Manchester and Leeds studios",
      "low-latency WebRTC desktop streaming of our render boxes, 90 seats in two offices",
    ]
  ) {
    const cf = nodeLines(planFor(text), "cloudflare");
    assert.match(cf, /^Staff \| \d[\d,.K]* staff/m, text);
    assert.doesNotMatch(cf, /10K–100K users/, text);
  }
  // Named customers beside a counted staff stay customers.
  const shop = nodeLines(
    planFor("video shopping calls between our 40 staff and customers of the store"),
    "cloudflare",
  );
  assert.match(shop.split("\n")[0], /^(?:Customers|Callers|Users) \|/);
});

Deno.test("audience: counted workers who order from a marketplace are its customers, not its staff", () => {
  const cf = nodeLines(
    planFor("lunch delivery marketplace: 60 restaurants, ~5,000 office workers order before noon"),
    "cloudflare",
  );
  assert.doesNotMatch(cf.split("\n")[0], /^Staff \|/);
});
