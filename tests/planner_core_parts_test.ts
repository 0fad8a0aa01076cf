/**
 * Core parts no capability covered, kept in both plans (lib/planner/core_parts.ts, inbound_email.ts,
 * catalog/core_parts_services.ts, named_products.ts): texts people receive and WhatsApp, a phone line, incoming
 * mail, a low-downtime database migration, an archive kept for years, and well-known SaaS APIs the app calls.
 * Every request is written for this test (none is in an eval file).
 */
import assert from "node:assert/strict";
import { costServices, nodeLines, planFor } from "./planner_fixtures.ts";
import { detectCapabilities } from "../lib/planner/capabilities.ts";
import { coreParts, retentionYears } from "../lib/planner/core_parts.ts";
import { INBOUND_EMAIL } from "../lib/planner/inbound_email.ts";

const plan = planFor;
const text = nodeLines;
const costs = costServices;

Deno.test("texts people receive and WhatsApp read as SMS; text as content does not", () => {
  assert.ok(
    detectCapabilities("Pet grooming bookings; owners get a text when their dog is ready.").includes("sms"),
  );
  assert.ok(detectCapabilities("Bakery pre-orders, pickup reminders go out on WhatsApp.").includes("sms"));
  assert.ok(
    detectCapabilities("A courier app that texts the driver the next drop-off address.").includes("sms"),
  );
  assert.ok(detectCapabilities("Guests are notified by SMS when their table is free.").includes("sms"));
  assert.ok(!detectCapabilities("Full-text search over 2M product descriptions.").includes("sms"));
  assert.ok(!detectCapabilities("The model gets text and returns a summary.").includes("sms"));
});

Deno.test("a text people get lands on each cloud's SMS service; WhatsApp notes Meta's per-conversation fees", () => {
  const els = plan(
    "Pet grooming bookings; owners get a text when their dog is ready, or a WhatsApp if they prefer.",
    "Azure",
  );
  assert.match(text(els, "cloudflare"), /Twilio SMS/);
  assert.match(text(els, "competitor"), /Communication Services SMS/);
  assert.match(text(els, "competitor"), /WhatsApp via ACS Advanced Messaging \(Meta per-conversation fees\)/);
  assert.match(text(els, "cloudflare"), /WhatsApp via Twilio/);
});

Deno.test("coreParts reads a phone line and a low-downtime database move, not API calls or a schema migration", () => {
  assert.deepEqual(
    coreParts("A voice bot picks up the clinic's phone line after hours and books appointments."),
    [
      "phone_line",
    ],
  );
  assert.deepEqual(coreParts("Callers ring our shop number and an IVR routes them."), ["phone_line"]);
  assert.deepEqual(coreParts("Partners make 3M API calls a day to our pricing endpoint."), []);
  assert.deepEqual(
    coreParts("Migrating our 800 GB Postgres out of our on-prem data centre, cutover under ten minutes."),
    ["db_migration"],
  );
  assert.deepEqual(coreParts("We run database migrations with Prisma on every deploy."), []);
});

Deno.test("a phone line gets a PSTN service on each cloud, never a WebRTC SFU", () => {
  const desc =
    "A voice bot picks up the clinic's phone line after hours, answers questions and books appointments.";
  const aws = plan(desc, "AWS");
  assert.match(text(aws, "cloudflare"), /Twilio Voice/);
  assert.match(text(aws, "cloudflare"), /one Durable Object per call/);
  assert.doesNotMatch(text(aws, "cloudflare"), /Realtime SFU/);
  assert.match(text(aws, "competitor"), /Amazon Connect/);
  assert.doesNotMatch(text(aws, "competitor"), /Chime SDK meetings/);
  assert.ok(costs(aws, "cloudflare").some((s) => /Twilio Voice/.test(s)));
  assert.match(text(plan(desc, "Azure"), "competitor"), /Communication Services \(PSTN calling\)/);
  assert.match(text(plan(desc, "GCP"), "competitor"), /Twilio Voice/);
});

Deno.test("incoming mail reaches the app on every cloud (Google and Vercel through an inbound-parse webhook)", () => {
  assert.ok(INBOUND_EMAIL.test("Landlords forward tenant invoices to an inbox and we extract the totals."));
  assert.ok(INBOUND_EMAIL.test("Staff reply by email to approve each expense."));
  assert.ok(!INBOUND_EMAIL.test("We send a weekly email digest to every member."));
  const desc = "Landlords forward tenant invoices to an inbox and we extract the totals into a ledger.";
  const gcp = plan(desc, "GCP");
  assert.match(text(gcp, "cloudflare"), /Email Routing/);
  assert.match(text(gcp, "competitor"), /SendGrid Inbound Parse/);
  // Mail only received is not priced as a sending service.
  assert.doesNotMatch(text(gcp, "competitor"), /transactional email/);
  assert.doesNotMatch(text(gcp, "cloudflare"), /Email Sending/);
  assert.match(text(plan(desc, "Vercel"), "competitor"), /SendGrid Inbound Parse/);
  assert.match(text(plan(desc, "AWS"), "competitor"), /SES/);
});

Deno.test("a low-downtime database move gets each cloud's migration service; Cloudflare keeps the database", () => {
  const desc =
    "Migrating our 800 GB Postgres out of our on-prem data centre with a cutover under ten minutes.";
  assert.match(text(plan(desc, "GCP"), "competitor"), /Database Migration Service/);
  const aws = plan(desc, "AWS");
  assert.match(text(aws, "competitor"), /AWS Database Migration Service \(DMS\)/);
  assert.match(text(aws, "cloudflare"), /Hyperdrive \|[^\n]*DB stays put/);
  assert.match(text(plan(desc, "Azure"), "competitor"), /Azure Database Migration Service/);
});

Deno.test("a retention of years names the archive tier of each cloud's object storage", () => {
  assert.equal(retentionYears("Bank statements must be retained for ten years."), "ten");
  assert.equal(retentionYears("scans kept on file for 6+ years"), "6");
  assert.equal(retentionYears("a 12-year archive of drawings"), "12");
  assert.equal(retentionYears("Sessions expire after 30 minutes."), undefined);
  const desc = "Accounting firm: clients upload bank statement PDFs, which must be retained for ten years.";
  const aws = plan(desc, "AWS");
  assert.match(text(aws, "cloudflare"), /R2 Infrequent Access for the ten-year archive/);
  assert.match(text(aws, "competitor"), /S3 Glacier Deep Archive/);
  assert.match(text(plan(desc, "GCP"), "competitor"), /Archive storage class/);
  assert.match(text(plan(desc, "Azure"), "competitor"), /Archive access tier/);
});

Deno.test("well-known SaaS APIs stay as external nodes on both plans, billed by the vendor", () => {
  const els = plan(
    "Support form for our app: each submission opens a Jira ticket and posts to Slack.",
    "GCP",
  );
  for (const platform of ["cloudflare", "competitor"] as const) {
    assert.match(text(els, platform), /Jira Cloud API/);
    assert.match(text(els, platform), /Slack API/);
    assert.match(text(els, platform), /billed by the vendor/);
  }
  const plain = plan(
    "A pricing engine that scales linearly; shoppers pay on a square grid of offers.",
    "AWS",
  );
  assert.doesNotMatch(text(plain, "cloudflare"), /Linear API|Square API/);
});
