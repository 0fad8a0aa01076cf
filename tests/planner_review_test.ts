/**
 * What reading plans as an architect found wrong, each pinned by a request written for this test: group
 * sizes taken as user totals, seats priced for people who never see an SSO page, services priced twice,
 * services with nothing to do (Argo without an origin, a WAF in front of a pipeline, a vector index for logs),
 * GPUs for tree models, and named stacks (MQTT, MongoDB, Kafka, a Teams bot) without their own service.
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import type { Competitor, Constraint, NormalizedRequest, Scale } from "../lib/protocol/request_schema.ts";

function plan(
  appDescription: string,
  competitor: Competitor = "AWS",
  scale: Scale = "Growth",
  constraints: Constraint[] = [],
): PlanElement[] {
  const request: NormalizedRequest = {
    appDescription,
    persona: "AIE/FDE",
    scale,
    constraints,
    competitor,
    region: "Frankfurt",
  };
  return planArchitecture(request).elements;
}

const names = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  els.flatMap((e) =>
    e.platform === platform && e.type === "node" ? [`${e.data.name} | ${e.data.subtitle ?? ""}`] : []
  )
    .join("\n");
const cost = (els: PlanElement[], platform: "cloudflare" | "competitor"): CostData =>
  (els.find((e) => e.type === "cost" && e.platform === platform) as { data: CostData }).data;
const line = (els: PlanElement[], platform: "cloudflare" | "competitor", service: RegExp) =>
  cost(els, platform).items.find((i) => service.test(i.service));

Deno.test("review: a group size is not a user total; counts in parentheses and hyphens are read", () => {
  const n = readNumbers("Live tutoring: one tutor on camera with 12 pupils who can speak");
  assert.equal(n.users, undefined);
  assert.equal(n.groupSize, 12);
  assert.equal(readNumbers("rooms of up to 8 players, matchmaking by skill").groupSize, 8);
  assert.equal(readNumbers("bike locks (~3k) report their battery every hour").devices, 3000);
  assert.equal(readNumbers("chat assistant for a 4,500-employee insurer").staff, 4500);
});

Deno.test("review: staff who use a bot inside Teams or Slack are not all priced as SSO seats", () => {
  const els = plan(
    "Slack bot for the 3,000-employee company that answers payroll questions",
    "Azure",
    "Enterprise",
  );
  const access = line(els, "cloudflare", /^Access/);
  assert.ok(!access || access.monthlyUsd === 0, `Access priced at ${access?.monthlyUsd}`);
  assert.match(names(els, "cloudflare"), /^Staff \| 3000 staff/m);
  const teams = plan("Microsoft Teams bot that files facilities tickets for our staff", "GCP", "Growth");
  assert.match(names(teams, "cloudflare"), /Azure Bot registration/);
  assert.match(
    names(plan("Teams bot that files facilities tickets for staff", "Azure"), "competitor"),
    /Bot Service/,
  );
});

Deno.test("review: named stacks get their own service (MQTT broker, MongoDB, Kafka)", () => {
  const mqtt = plan("40k e-bike chargers talk MQTT to a Mosquitto broker; we want a managed home", "GCP");
  assert.match(names(mqtt, "cloudflare"), /Spectrum[^\n]*MQTT/);
  assert.match(names(mqtt, "competitor"), /GKE[^\n]*broker/);
  assert.match(
    names(plan("sensors publish over MQTT every minute", "Azure"), "competitor"),
    /Event Grid MQTT/,
  );
  const mongo = plan("Our Express API on MongoDB wants managed hosting, keep the Mongo API");
  assert.doesNotMatch(names(mongo, "cloudflare"), /Hyperdrive/);
  assert.match(names(mongo, "cloudflare"), /MongoDB Atlas/);
  assert.match(names(mongo, "competitor"), /DocumentDB/);
  const kafka = plan("1 TB of clickstream a day from our Kafka cluster into a lake, keep 90 days");
  assert.equal(line(kafka, "competitor", /^Kinesis/), undefined, "Kinesis priced next to MSK");
  assert.ok(line(kafka, "competitor", /MSK/));
});

Deno.test("review: the same compute is not priced twice (heavy batch jobs, managed game fleets)", () => {
  const hpc = plan("For each uploaded sample we run a 16-core variant calling job for 3-5 hours each", "GCP");
  assert.ok(line(hpc, "competitor", /Cloud Batch/));
  assert.equal(line(hpc, "competitor", /Cloud Run jobs/), undefined);
  assert.equal(line(hpc, "cloudflare", /^Containers/), undefined);
  assert.match(names(hpc, "cloudflare"), /Batch compute on a VM cloud/);
  const game = plan("UDP netcode for our arena shooter, 20k CCU, we don't want to manage VMs", "AWS");
  assert.ok(line(game, "competitor", /GameLift/));
  assert.equal(line(game, "competitor", /^EC2/), undefined, "EC2 priced next to GameLift");
  const quiz = plan("multiplayer trivia game in the browser, the leaderboard updates live", "AWS");
  assert.doesNotMatch(names(quiz, "competitor"), /GameLift/);
});

Deno.test("review: services with nothing to do are left out", () => {
  // Argo speeds the path to an origin; without one, Global Performance sets Smart Tiered Cache instead.
  const workersOnly = plan("recipe site with accounts and photo uploads", "AWS", "Growth", [
    "Global Performance",
  ]);
  assert.doesNotMatch(names(workersOnly, "cloudflare"), /Argo/);
  assert.match(names(workersOnly, "cloudflare"), /Smart Tiered Cache/);
  const wp = plan("our WordPress site, 10M pageviews a month", "AWS", "Growth", ["Global Performance"]);
  const argo = line(wp, "cloudflare", /Argo/);
  assert.ok(argo && /origin traffic/.test(argo.basis ?? argo.service + JSON.stringify(argo)));
  // Logs are searched in the lake; a pipeline with no public entry gets no WAF from Enterprise Security.
  const logs = plan("Ship 3 TB of app logs a day, search the last 7 days", "AWS", "Enterprise", [
    "Enterprise Security",
  ]);
  assert.doesNotMatch(names(logs, "cloudflare"), /Vectorize/);
  assert.doesNotMatch(names(logs, "competitor"), /WAF/);
  assert.match(names(logs, "competitor"), /IAM Identity Center/);
  // UDP servers under attack keep network DDoS protection on the competitor.
  const ddos = plan("our Rust game servers get DDoSed, UDP, 300 players", "GCP", "Startup", [
    "Enterprise Security",
  ]);
  assert.match(names(ddos, "competitor"), /Cloud Armor[^\n]*DDoS/);
  // No read-through cache for a few dozen users.
  assert.doesNotMatch(names(plan("booking app for my 30 yoga students"), "competitor"), /ElastiCache/);
  // A utility's billing run is accounting, not a card processor.
  assert.doesNotMatch(
    names(plan("meter readings feed the monthly billing run", "AWS"), "cloudflare"),
    /Stripe/,
  );
});

Deno.test("review: tree models train on CPUs (no GPU rental, no LoRA to serve)", () => {
  const els = plan("XGBoost churn model retrained every week on our usage tables", "GCP");
  const cf = names(els, "cloudflare");
  assert.doesNotMatch(cf, /GPU training|LoRA/);
  assert.match(cf, /vCPU-hours\/month of training/);
  assert.match(names(plan("fine-tune a diffusion model on our product photos", "GCP"), "cloudflare"), /GPU/);
  // Managed training runs on CPU machines, priced per vCPU-hour, and is not priced twice as a job container.
  for (
    const [competitor, service] of [["GCP", /Vertex AI Training/], ["AWS", /SageMaker/], [
      "Azure",
      /Machine Learning/,
    ]] as const
  ) {
    const comp = plan("XGBoost churn model retrained every week on our usage tables", competitor);
    const training = line(comp, "competitor", service);
    assert.ok(training && /vCPU/.test(training.basis), `${competitor}: ${training?.basis}`);
    assert.equal(
      line(comp, "competitor", /Cloud Run jobs|ECS on Fargate|Container Apps/),
      undefined,
      competitor,
    );
  }
});

Deno.test("review: migrating pipelines moves the pipeline, not an app server", () => {
  const els = plan(
    "Migrating our nightly Informatica jobs to the cloud: 30 source tables in Oracle, dbt models after",
  );
  assert.doesNotMatch(names(els, "competitor"), /Load Balancer|containerized app/);
  assert.doesNotMatch(names(els, "cloudflare"), /Existing origin|Cloudflare CDN/);
  assert.match(names(els, "competitor"), /Glue|Step Functions/);
  // A migrated app keeps its host.
  assert.match(
    names(plan("Migrating our Rails app from Heroku, Postgres included"), "competitor"),
    /Fargate|ECS/,
  );
});

Deno.test("review: value props for UDP game servers speak of the edge in front, not of functions neither plan runs", () => {
  for (const competitor of ["AWS", "GCP", "Azure"] as const) {
    const els = plan("UDP netcode for our arena shooter, 20k CCU", competitor, "Growth", [
      "Scalability",
      "Global Performance",
    ]);
    const props = els.flatMap((e) =>
      e.type === "priority_value_prop" ? [`${e.data.title}: ${e.data.description}`] : []
    );
    assert.equal(props.length, 2);
    for (const p of props) {
      assert.doesNotMatch(p, /Lambda|Cloud Run|Azure Functions|WebSocket Hibernation|Isolates warm/, p);
      assert.match(p, /Spectrum/);
    }
  }
});

Deno.test("review: one database where one is enough, the right tool for events, conversions and staff apps", () => {
  const bank = "Ledger API, strongly consistent balances, must survive the loss of a region";
  const gcp = names(plan(bank, "GCP", "Enterprise"), "competitor");
  assert.match(gcp, /Spanner/);
  assert.doesNotMatch(gcp, /Cloud SQL/, "Spanner is the database, not a second one beside Cloud SQL");
  assert.doesNotMatch(
    names(plan(bank, "GCP", "Enterprise"), "cloudflare"),
    /Load Balancing/,
    "no origin to fail over",
  );
  const mail = plan("Newsletter tool sending 500k emails a month with open and click tracking", "Vercel");
  assert.doesNotMatch(names(mail, "competitor"), /Web Analytics/);
  assert.match(names(mail, "cloudflare"), /^Email Sending/m);
  assert.match(
    names(plan("API that converts uploaded spreadsheets to PDF", "AWS"), "cloudflare"),
    /Containers/,
  );
  const receipts = plan(
    "Expense app: employees snap a photo of each receipt and submit it for approval",
    "AWS",
  );
  assert.match(names(receipts, "cloudflare"), /^Staff/m);
  assert.doesNotMatch(names(receipts, "cloudflare"), /^Users/m);
});
