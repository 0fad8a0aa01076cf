/**
 * Second round of plans sized from the tier instead of the text: record counts of a job read as users,
 * GPU-hours at the tier default when the text states GPUs × a duration, and Spectrum shown at $0 without the
 * assumptions saying it is contract-priced.
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import type { Competitor, Constraint, NormalizedRequest, Scale } from "../lib/protocol/request_schema.ts";

interface Opts {
  competitor?: Competitor;
  scale?: Scale;
  constraints?: Constraint[];
}

function plan(appDescription: string, o: Opts = {}): PlanElement[] {
  const request: NormalizedRequest = {
    appDescription,
    persona: "CIO/CTO",
    scale: o.scale ?? "Enterprise",
    constraints: o.constraints ?? [],
    competitor: o.competitor ?? "AWS",
    region: "London",
  };
  return planArchitecture(request).elements;
}

const cost = (els: PlanElement[], platform: "cloudflare" | "competitor"): CostData =>
  (els.find((e) => e.type === "cost" && e.platform === platform) as { data: CostData }).data;
/** Monthly requests the plan states in its assumptions ("… 900 requests/month at …"). */
function requestsOf(els: PlanElement[]): number {
  const m = cost(els, "cloudflare").assumptions.match(/([\d.]+)([KMB]?) requests\/month/);
  assert.ok(m, "no requests figure in the assumptions");
  return Number(m[1]) * ({ "": 1, K: 1e3, M: 1e6, B: 1e9 }[m[2]] ?? 1);
}

Deno.test("sizing round 2: accounts or customers a nightly job processes are records, not users", () => {
  for (
    const text of [
      "Every night at 02:00 recalculate loyalty tiers for ~1.5M members' point balances held in our Postgres and write the results back; reruns must be idempotent.",
      "Nightly batch: generate monthly statements as PDFs for 600k policyholders' accounts from the Oracle ledger and drop them into object storage.",
      "Once a day, score 2M loan accounts for arrears risk with a Python job reading from Postgres; results go to a table the risk team queries.",
    ]
  ) {
    const els = plan(text, { constraints: ["Enterprise Security"] });
    const requests = requestsOf(els);
    assert.ok(requests <= 5_000_000, `${text}: ${requests} requests for a job with no front door`);
    const aws = cost(els, "competitor");
    assert.ok(!aws.items.some((i) => /Shield Advanced/.test(i.service)), `${text}: Shield Advanced`);
    const cognito = aws.items.find((i) => /Cognito/.test(i.service));
    assert.ok(!cognito || cognito.monthlyUsd < 100, `${text}: Cognito priced for account holders`);
    assert.match(aws.assumptions, /the job processes, not users/, text);
  }
});

Deno.test("sizing round 2: GPU-hours come from GPUs × the stated duration and cadence", () => {
  assert.equal(readNumbers("fine-tune on 8 H100s for about 3 days").gpuHours, 8 * 72);
  assert.equal(readNumbers("a one-off run: 24x A100 for two weeks").gpuHours, 24 * 336);
  assert.equal(readNumbers("retrain weekly on 4 GPUs for ~5 hours").gpuHours, Math.round(4 * 5 * 4.33));
  assert.equal(readNumbers("retrain every month using 2 GPUs for ~6 hours").gpuHours, 12);
  assert.equal(readNumbers("train nightly, 1 GPU for 2 hours each run").gpuHours, 60);
  assert.equal(readNumbers("a web app with 2 GPUs worth of traffic").gpuHours, undefined);
  for (
    const [text, hours] of [
      [
        "Train a speech recognition model for our call centre recordings: 8 H100s for about 3 days, then evaluate and register the model.",
        576,
      ],
      [
        "We retrain our demand forecasting transformer every month on 2 GPUs for ~6 hours from data in our warehouse.",
        12,
      ],
      [
        "Fine-tune a vision model on 4M labelled parts images; 24x A100 for two weeks, with experiment tracking.",
        8064,
      ],
    ] as const
  ) {
    const els = plan(text, { scale: "Global" });
    const all = [cost(els, "cloudflare"), cost(els, "competitor")];
    const gpu = all.flatMap((c) => c.items).filter((i) =>
      /GPU|training|Vertex|SageMaker|Azure ML/i.test(i.service)
    );
    assert.ok(gpu.length > 0, `${text}: no GPU line`);
    const stated = gpu.map((i) => i.basis).join(" ");
    const shown = `${+(hours / 1e3).toFixed(2)}K`;
    assert.ok(
      stated.includes(hours >= 1e4 ? shown : String(hours)) || stated.includes(shown),
      `${text}: GPU lines ${stated}`,
    );
    assert.ok(!/4K (?:GPU|node|instance)/.test(stated), `${text}: tier default 4K GPU-hours`);
  }
});

Deno.test("sizing round 2: Spectrum is named as contract-priced in the assumptions, not a silent $0", () => {
  for (
    const text of [
      "Dedicated servers for our competitive shooter over UDP, ~8k concurrent players across Europe, with a lobby site.",
      "Self-hosted Mumble voice server over UDP for a gaming community of 300, protected from floods.",
      "Cloud SIP trunk for 60 branch offices: RTP over UDP to our Asterisk PBX, shielded from scanning floods.",
    ]
  ) {
    const cf = cost(plan(text, { scale: "Growth" }), "cloudflare");
    const spectrum = cf.items.find((i) => /Spectrum/.test(i.service));
    assert.ok(spectrum, `${text}: no Spectrum line`);
    assert.match(cf.assumptions, /Spectrum[^.]*(?:contract|contact sales)/i, text);
  }
});

/** Gigabytes a cost line's basis states for KV storage ("(200 GB − 1 GB) × $0.50", "12 GB × …"). */
function kvGb(basis: string): number {
  const m = basis.match(/\(?([\d.]+) (GB|TB)(?: − [\d.]+ GB\))? × \$0\.50/) ??
    basis.match(/([\d.]+) (GB|TB) \(within/);
  assert.ok(m, `no KV storage in ${basis}`);
  return Number(m[1]) * (m[2] === "TB" ? 1024 : 1);
}

Deno.test("sizing round 2: KV storage follows the users counted, not ten times the tier's", () => {
  let checked = 0;
  for (
    const text of [
      "My VS Code extension (~60k installs) pings our API when a snippet is used, about 2M pings a day; a public stats page shows the top snippets.",
      "Mobile habit tracker with 90k users: streaks and reminders, sign-in, a small API.",
      "Browser add-on with around 120k installs that syncs a user's reading list; one KV entry a user.",
    ]
  ) {
    const els = plan(text, { scale: "Startup", competitor: "Vercel" });
    const kv = cost(els, "cloudflare").items.find((i) => /Workers KV/.test(i.service));
    if (!kv) continue;
    checked++;
    assert.ok(kvGb(kv.basis) <= 30, `${text}: ${kv.basis}`);
  }
  assert.ok(checked >= 2, "too few plans with a Workers KV line");
});

Deno.test("sizing round 2: pipeline activity runs follow a stated or assumed cadence, not the tier's", () => {
  for (
    const text of [
      "Copy our SAP and Salesforce tables into a lakehouse and build sales marts for Power BI.",
      "Ingest CSV exports from 12 branch systems into a warehouse, dedupe and model them, with lineage.",
      "Move the on-prem SQL Server data warehouse loads to the cloud: 40 source tables into Synapse-style marts.",
    ]
  ) {
    const az = cost(plan(text, { competitor: "Azure" }), "competitor");
    const adf = az.items.find((i) => /Data Factory/.test(i.service));
    assert.ok(adf, `${text}: no Data Factory line`);
    assert.ok(adf.monthlyUsd < 200, `${text}: ${adf.monthlyUsd} ${adf.basis}`);
    assert.match(az.assumptions, /runs\/month/, text);
  }
});

Deno.test("sizing round 2: Memorystore is sized from the users counted, from its smallest instance", () => {
  let checked = 0;
  for (
    const text of [
      "Live trivia nights for 40k players worldwide with a Redis-backed leaderboard and sign-in.",
      "A global recipe-sharing app with 25k users, sessions cached in Redis, photos and comments.",
      "Worldwide booking app for 30k climbing-gym members, Redis cache for slot availability.",
    ]
  ) {
    const gcp = cost(plan(text, { scale: "Global", competitor: "GCP" }), "competitor");
    const redis = gcp.items.find((i) => /Memorystore/.test(i.service));
    if (!redis) continue;
    checked++;
    const gb = Number(redis.basis.match(/^([\d.]+) GB/)?.[1]);
    assert.ok(gb <= 1, `${text}: ${redis.basis}`);
  }
  assert.ok(checked >= 2, "too few plans with a Memorystore line");
});
