/**
 * A scheduled job's parts follow its own words (lib/planner/job_parts.ts), clock times are no counts
 * (figure_text.ts), emails follow the figures read (usage.ts) and a schedule fires at its cadence. Phrasings
 * are the tests' own, not from any eval file.
 */
import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { withoutClockTimes } from "../lib/planner/figure_text.ts";
import { jobSentences, unaskedJobPart } from "../lib/planner/job_parts.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { costItem, costServices, nodeLines, planFor } from "./planner_fixtures.ts";

const STEPS = "job steps with retries";

function assumptions(els: PlanElement[], platform: "cloudflare" | "competitor"): string {
  const cost = els.find((e) => e.platform === platform && e.type === "cost");
  assert.ok(cost && cost.type === "cost");
  return cost.data.assumptions;
}

Deno.test("clock times: a time of day is not a count of the noun after it", () => {
  assert.equal(readNumbers("at 6 it texts the rota to the volunteers").emails, undefined);
  assert.equal(readNumbers("every evening at 9 it emails a summary").emails, undefined);
  assert.match(withoutClockTimes("the export runs at 02:30 UTC"), /clocktime UTC/);
  assert.match(withoutClockTimes("done by 6am"), /by clocktime/);
  assert.match(withoutClockTimes("täglich um 5 Uhr"), /um clocktime/);
  // Figures that are no times stay.
  assert.equal(readNumbers("it sends 400 emails a day at 8am").emails, 12_000);
  assert.equal(withoutClockTimes("at 10 requests per second"), "at 10 requests per second");
  assert.equal(withoutClockTimes("priced at 2.30 per GB"), "priced at 2.30 per GB");
  assert.equal(withoutClockTimes("a 16:9 player"), "a 16:9 player");
});

Deno.test("job parts: a one-step job has no workflow engine, queue or bucket", () => {
  const text = "every friday afternoon send me a text with the week's takings from the till api";
  for (const role of [STEPS, "fan-out of job items", "job outputs"]) {
    assert.equal(unaskedJobPart(role, text, "batch_job"), true, role);
  }
});

Deno.test("job parts: steps to retry or resume, a long run, or many items keep the workflow engine", () => {
  for (
    const text of [
      "nightly: charge the card on file, and if the bank declines, retry the next day",
      "a weekly close that must pick up where it stopped if the box reboots",
      "monthly run that takes about 3 hours on our server",
      "nightly scoring of 1.2 million accounts",
      "once a week, pull the ledger, then reconcile it, then post adjustments",
      "the nightly load must never post an entry twice",
    ]
  ) assert.equal(unaskedJobPart(STEPS, text, "batch_job"), false, text);
  // A cadence of hours is no long run.
  assert.equal(unaskedJobPart(STEPS, "every 6 hours ping our partners' status pages", "batch_job"), true);
});

Deno.test("job parts: a job beside an app is read from the sentences that schedule it", () => {
  const text = "A tutoring marketplace: 3,000 tutors upload lesson videos and PDFs. Parents book and pay. " +
    "Every Monday morning it mails each tutor a note with last week's bookings.";
  assert.equal(
    jobSentences(text),
    "Every Monday morning it mails each tutor a note with last week's bookings.",
  );
  // The app's uploads are not the job's outputs; its figure is not the job's items.
  assert.equal(unaskedJobPart("job outputs", text, "web_app"), true);
  assert.equal(unaskedJobPart(STEPS, text, "web_app"), true);
  // No sentence schedules anything: the job keeps its parts.
  assert.equal(unaskedJobPart(STEPS, "a portal with a background sync", "web_app"), false);
});

Deno.test("job parts: a booking app with a morning email gets a scheduler, not Workflows, Queues and R2", () => {
  const els = planFor(
    "appointment app for my physio clinic, patients choose a time and pay upfront; each morning at 6 it " +
      "sends me the day's schedule. about 300 appointments a month",
  );
  const cf = nodeLines(els, "cloudflare");
  assert.match(cf, /Cron Triggers/);
  assert.doesNotMatch(cf, /Workflows|Queues|^R2/m);
  const aws = nodeLines(els, "competitor");
  assert.match(aws, /EventBridge Scheduler/);
  assert.doesNotMatch(aws, /Step Functions|SQS|^S3/m);
  // Emails follow the appointments and the daily run, not the tier's 50,000.
  assert.match(assumptions(els, "cloudflare"), /630 emails\/month \(300 items × 2 \+ 30 job runs × 1\)/);
  // The schedule fires once a day.
  assert.ok(costServices(els, "competitor").includes("EventBridge Scheduler"));
  assert.match(
    costItem(els, "competitor", "EventBridge Scheduler")?.basis ?? "",
    /30 invocations \(30 runs × 1 schedules\)/,
  );
});

Deno.test("job compute: a scheduled job on Google Cloud runs as Cloud Run jobs, on Azure as triggered Functions", () => {
  const text = "every night at 1 rebuild the search sitemap from our product table and upload it";
  const gcp = nodeLines(planFor(text, "GCP"), "competitor");
  assert.match(gcp, /^Cloud Run jobs \|/m);
  assert.doesNotMatch(gcp, /^Cloud Run \|/m);
  const azure = nodeLines(planFor(text, "Azure"), "competitor");
  assert.match(azure, /Azure Functions \| Functions on triggers/);
  // An app people call keeps its Cloud Run service beside the nightly job.
  const app = nodeLines(
    planFor("a recipe sharing web app; every night it emails a digest", "GCP"),
    "competitor",
  );
  assert.match(app, /^Cloud Run \|/m);
});
