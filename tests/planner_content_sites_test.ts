/**
 * Classes from the architect's review of holdout9's plans (own phrasings, not from any eval file): a content
 * site is sized by the people who read it, its form is guarded by a bot check, and its spikes are the CDN's.
 */
import assert from "node:assert/strict";
import { costItem, costServices, nodeLines, planWithoutPriorities } from "./planner_fixtures.ts";

const SITES = [
  "one-page site for my pottery studio with opening hours, a map and a contact form",
  "Hugo site for a local choir: concert dates, a photo gallery, and an enquiry form that mails the secretary",
  "marketing site for our dental practice built with Astro, with a form to request an appointment",
];

Deno.test("content sites: visitors reading pages, not a tier of app users making API calls", () => {
  for (const text of SITES) {
    const els = planWithoutPriorities(text, "Vercel", "Startup");
    // The Startup tier's 5,000 people read as visitors: ≈6 page requests each, not 25M requests.
    assert.match(
      nodeLines(els, "cloudflare"),
      /^Visitors \| 5000 visitors\/month.*· 30K requests\/month/m,
      text,
    );
    const workers = costItem(els, "cloudflare", "Workers (Paid plan)");
    assert.ok(workers && workers.monthlyUsd === 5, `${text}: ${workers?.basis}`);
    // Its mail is what its forms send: 2 % of visitors, within Resend's free plan on Vercel.
    const resend = costItem(els, "competitor", /Resend/);
    if (resend) assert.equal(resend.monthlyUsd, 0, `${text}: ${resend.basis}`);
    const email = costItem(els, "cloudflare", "Email Sending");
    if (email) assert.match(email.basis, /^100 emails/, text);
  }
  // A stated audience still wins over the tier's.
  const counted = planWithoutPriorities("static docs site, about 40k visitors a month", "AWS", "Startup");
  assert.match(nodeLines(counted, "cloudflare"), /^Visitors \| 40K visitors\/month.* 240K requests/m);
});

Deno.test("content sites: a form's spam gets Turnstile on Cloudflare, not a WAF plan or a sign-in", () => {
  for (const text of SITES) {
    const els = planWithoutPriorities(text, "AWS", "Startup");
    const cf = nodeLines(els, "cloudflare");
    assert.match(cf, /^Turnstile \| Invisible bot check on forms/m, text);
    assert.doesNotMatch(cf, /WAF|Workers auth|OIDC/, text);
    assert.ok(!costServices(els, "cloudflare").some((s) => /WAF/.test(s)), text);
  }
  // Bots beyond the form (scrapers, DDoS) still get the WAF.
  const scraped = planWithoutPriorities(
    "docs site with a contact form; scrapers copy our pages every night",
    "AWS",
    "Startup",
  );
  assert.match(nodeLines(scraped, "cloudflare"), /^WAF/m);
  // An app with a form keeps its WAF: the app behind it is what bots go for.
  const product = planWithoutPriorities(
    "booking app for a chain of salons: client accounts, card payments, staff calendars and a contact form",
    "AWS",
    "Growth",
  );
  assert.ok(costServices(product, "cloudflare").some((s) => /WAF/.test(s)));
});

Deno.test("content sites: the site's own photos are site assets, not user uploads", () => {
  const els = planWithoutPriorities(SITES[1], "GCP", "Startup");
  assert.match(nodeLines(els, "cloudflare"), /^R2 \|.*site images and assets/m);
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /user uploads/);
  assert.doesNotMatch(nodeLines(els, "competitor"), /user uploads/);
  // A site people send files to keeps its uploads bucket.
  const uploads = planWithoutPriorities(
    "portfolio site with a form where clients upload reference photos for a commission",
    "GCP",
    "Startup",
  );
  assert.match(nodeLines(uploads, "cloudflare"), /user uploads/);
});

Deno.test("content sites: a launch-day spike of readers is served from cache, without a waiting room", () => {
  const els = planWithoutPriorities(
    "static microsite for our museum's new exhibition; launch day will bring a rush from the TV spot",
    "AWS",
    "Growth",
  );
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /Waiting Room/);
  assert.ok(!costServices(els, "cloudflare").some((s) => /Business plan/.test(s)));
  // A shop's sale day still queues buyers in front of checkout.
  const shop = planWithoutPriorities(
    "ticket shop for a festival: checkout and seat picking; on-sale day brings 80k fans at once",
    "AWS",
    "Growth",
  );
  assert.match(nodeLines(shop, "cloudflare"), /Waiting Room/);
});

Deno.test("content sites: the technology a docs site is about is its subject, not its stack", () => {
  for (
    const text of [
      "docs site for our open-source Helm charts, built with MkDocs",
      "documentation portal for our Kafka connector: guides, API reference, a changelog",
      "Guides and tutorials for our GraphQL SDK, static pages with a search box",
    ]
  ) {
    const els = planWithoutPriorities(text, "AWS", "Growth");
    const comp = nodeLines(els, "competitor");
    assert.doesNotMatch(comp, /EKS|MSK|Kafka|AppSync|EC2/, text);
    assert.doesNotMatch(nodeLines(els, "cloudflare"), /Existing origin|Tunnel/, text);
  }
  // The same words outside the subject still name the stack.
  const hosted = planWithoutPriorities(
    "internal wiki for our platform team, we run Kafka and want the wiki to show consumer lag from it",
    "AWS",
    "Growth",
  );
  assert.match(nodeLines(hosted, "competitor"), /MSK|Kafka/);
});

Deno.test("content sites: search that ships with the pages, and content from a CMS, need no servers of their own", () => {
  const els = planWithoutPriorities(
    "static handbook for our volunteers, 300 pages generated by Eleventy with Pagefind for search",
    "GCP",
    "Growth",
  );
  assert.doesNotMatch(nodeLines(els, "competitor"), /Vertex AI Search|Elastic|Cloud SQL/);
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /Vectorize|AI Search|D1/);
  const cms = planWithoutPriorities(
    "brochure site for a boutique hotel group built with Next.js static export from our Sanity headless CMS",
    "Azure",
    "Growth",
  );
  assert.doesNotMatch(nodeLines(cms, "competitor"), /Azure SQL|PostgreSQL|Cosmos/);
  assert.doesNotMatch(nodeLines(cms, "cloudflare"), /^D1/m);
  // A site whose pages are built each night renders them in one run: no queue or workflow.
  const nightly = planWithoutPriorities(
    "static events site: 12,000 event pages regenerated every night from our partners' XML feeds",
    "GCP",
    "Growth",
  );
  assert.doesNotMatch(nodeLines(nightly, "cloudflare"), /^(?:Queues|Workflows)/m);
  assert.doesNotMatch(nodeLines(nightly, "competitor"), /^(?:Cloud Tasks|Workflows|Pub\/Sub)/m);
  assert.match(nodeLines(nightly, "cloudflare"), /^Cron Triggers/m);
});

Deno.test("content sites: a waitlist or newsletter signup keeps an email address, it opens no account", () => {
  for (
    const text of [
      "launch page with a waitlist sign-up, we expect 200k visits on launch day",
      "coming-soon page: sign up for early access, about 50k visitors expected",
    ]
  ) {
    const els = planWithoutPriorities(text, "Azure", "Growth");
    assert.ok(!costServices(els, "competitor").some((s) => /External ID|B2C/.test(s)), text);
    assert.doesNotMatch(nodeLines(els, "cloudflare"), /Workers auth|OIDC/, text);
    // The addresses are kept somewhere.
    assert.match(nodeLines(els, "cloudflare"), /^(?:D1|Workers KV) \|/m, text);
  }
  // An app people sign up to is an account.
  const app = planWithoutPriorities("app where people sign up and log their runs", "Azure", "Growth");
  assert.ok(costServices(app, "competitor").some((s) => /External ID/.test(s)));
});

Deno.test("content sites: a form whose entries are mailed keeps no database", () => {
  const els = planWithoutPriorities(
    "website for our ramen bar: menu, photos, hours and a table reservation form that just emails the manager",
    "GCP",
    "Startup",
  );
  assert.doesNotMatch(nodeLines(els, "competitor"), /Cloud SQL|Firestore/);
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /^D1/m);
  // Entries kept to be seen later need their store.
  const kept = planWithoutPriorities(
    "site for our B&B with a booking form, we review the requests in a list",
    "GCP",
    "Startup",
  );
  assert.match(nodeLines(kept, "cloudflare"), /^(?:D1|Workers KV) \|/m);
});

Deno.test("content sites: a signup list or comments are kept in a store, whatever the site mails", () => {
  for (
    const text of [
      "coming-soon page for my app with a mailing list signup that sends a welcome email",
      "hugo blog about sourdough with comments under each post and an email to me for each new comment",
    ]
  ) {
    const els = planWithoutPriorities(text, "Vercel", "Startup");
    assert.match(nodeLines(els, "cloudflare"), /^(?:D1|Workers KV) \|/m, text);
    assert.match(nodeLines(els, "competitor"), /Neon|Supabase|Upstash|Edge Config/, text);
  }
});
