/**
 * Content sites (own phrasings, not from any eval file): what a docs site documents is not its stack, a chat
 * app a page links to is no bot, a rebuild on a CMS publish is the host's build (no schedule, no queue) and
 * is named with previews per pull request, and a job nothing in the text runs is not added.
 */
import assert from "node:assert/strict";
import { costServices, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("sites: a docs site for a database, an API or a message broker gets none of them", () => {
  for (
    const text of [
      "Documentation site for our open-source time-series database, MkDocs, 1,200 pages",
      "Developer docs for our payments API, built with Docusaurus, about 800 pages",
      "docs for our message broker, Hugo, 400 pages in 3 languages",
    ]
  ) {
    const cf = nodeLines(planFor(text, "AWS"), "cloudflare");
    const aws = nodeLines(planFor(text, "AWS"), "competitor");
    assert.doesNotMatch(cf, /^D1|^Queues|^Hyperdrive/m, text);
    assert.doesNotMatch(aws, /^RDS|^SQS|usage plans/m, text);
  }
});

Deno.test("sites: a WhatsApp button on a page is a link, no bot and no messaging API", () => {
  const els = planFor(
    "one-page site for my empanada stand with the menu and a WhatsApp button for orders",
    "Vercel",
  );
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /SMS|WhatsApp Business|Queues/);
  assert.ok(!costServices(els, "competitor").some((s) => /Twilio|SMS/.test(s)));
});

Deno.test("sites: a rebuild on a CMS publish is the host's build, named, with no schedule or queue", () => {
  const text =
    "Static Astro site for a ski resort, content in Sanity; rebuild when editors publish via a webhook. Preview URLs for each pull request.";
  for (const competitor of ["GCP", "Vercel"] as const) {
    const els = planFor(text, competitor);
    const cf = nodeLines(els, "cloudflare");
    assert.match(cf, /Workers Builds: deploy hook on CMS publish \+ preview URL per PR/);
    assert.doesNotMatch(cf, /^Cron Triggers|^Queues|^Workflows/m);
    const other = nodeLines(els, "competitor");
    assert.match(
      other,
      competitor === "GCP" ? /Cloud Build: trigger on CMS publish/ : /Vercel: deploy hook on CMS publish/,
    );
    assert.doesNotMatch(other, /^Cloud Scheduler|^Cloud Tasks|^Vercel Cron/m);
  }
  // A nightly rebuild is still a schedule.
  assert.match(
    nodeLines(planFor("Astro site rebuilt every night from our product feed", "GCP"), "competitor"),
    /Scheduler/,
  );
});

Deno.test("sites: Vercel's CDN says it was the Edge Network; images are Vercel Image Optimization", () => {
  const els = planFor("photo-heavy travel blog, Astro, resize images on request", "Vercel");
  assert.match(nodeLines(els, "competitor"), /formerly Vercel Edge Network/);
  assert.ok(costServices(els, "competitor").includes("Vercel Image Optimization"));
});

Deno.test("sites: a rush onto prerendered pages is served from cache; a rush to buy is queued", () => {
  const text =
    "members web app with accounts and saved favourites; pages are prerendered; 40k members, everyone hits it at the same moment when the fixtures drop";
  assert.doesNotMatch(nodeLines(planFor(text), "cloudflare"), /Waiting Room/);
  assert.match(nodeLines(planFor(`${text} and season tickets go on sale`), "cloudflare"), /Waiting Room/);
});
