/**
 * Classes of wrong plans an architect found in held-out plans, each pinned by requests written for this test
 * (never an eval case's text): a product that is only the source or subject of the data (a shop's API, email
 * archives, photos to embed) must not bring the services of hosting it; a secondary shape needs more than
 * one word (amateur radio is no broadcast, a chat-platform bot no WebSocket app); named technologies are kept
 * (Supabase, A100/H100 GPUs, an app already on Vercel).
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import type { Competitor } from "../lib/protocol/request_schema.ts";
import { planWithoutPriorities } from "./planner_fixtures.ts";

const plan = planWithoutPriorities;

type Side = "cloudflare" | "competitor";
/** Node names, subtitles and cost lines (service and basis) of one side, one per line. */
function text(els: PlanElement[], side: Side): string {
  const nodes = els.flatMap((e) =>
    e.platform === side && e.type === "node" ? [`${e.data.name} | ${e.data.subtitle ?? ""}`] : []
  );
  const cost = (els.find((e) => e.type === "cost" && e.platform === side) as { data: CostData }).data;
  return [...nodes, ...cost.items.map((i) => `$ ${i.service} | ${i.basis ?? ""}`)].join("\n");
}

Deno.test("review classes: a shop or CMS whose API a job reads is a source, not a site to host", () => {
  const cases = [
    "Each morning fetch last night's orders from our WooCommerce REST API and put a pick list in a Google Sheet for the warehouse crew",
    "Nightly export of orders from a client's Magento store through its REST API into BigQuery for the finance team",
    "a little script that pulls new comments from my WordPress blog's REST API every hour and posts them to a Slack channel",
  ];
  for (const c of cases) {
    const w = classifyWorkload(c);
    assert.ok(!w.shapes.includes("lift_and_shift"), `${c}: ${w.shapes}`);
    for (const t of ["wordpress", "php_app", "mysql"] as const) {
      assert.ok(!w.technologies.has(t), `${c}: ${t} read as hosted`);
    }
    const els = plan(c, "Vercel", "Startup");
    assert.doesNotMatch(text(els, "cloudflare"), /APO for WordPress|Existing origin|MySQL/, c);
    assert.doesNotMatch(
      text(els, "competitor"),
      /Existing backend|WordPress (?:origin|database|\(PHP\)|on)/,
      c,
    );
  }
  // A WooCommerce shop that moves is still hosted.
  const moving = classifyWorkload(
    "Migrate our WooCommerce shop off a slow shared host, about 2k orders a month",
  );
  assert.ok(moving.technologies.has("wordpress"));
  assert.equal(moving.primary, "lift_and_shift");
});

Deno.test("review classes: amateur or two-way radio over VoIP is not a broadcast", () => {
  const cases = [
    "Our ham radio club wants a cloud-hosted EchoLink-style VoIP link node on UDP so licensed members can talk from anywhere",
    "Two-way radio dispatch for a taxi fleet: the radios bridge to a SIP PBX over RTP, dispatchers use a web console",
    "amateur radio operators send APRS position packets over UDP to our server, which plots them on a map",
  ];
  for (const c of cases) {
    const w = classifyWorkload(c);
    assert.equal(w.primary, "realtime_udp", `${c}: ${w.shapes}`);
    assert.ok(!w.shapes.includes("media"), `${c}: ${w.shapes}`);
    assert.doesNotMatch(text(plan(c, "GCP", "Startup"), "cloudflare"), /^Stream /m, c);
  }
  assert.ok(
    classifyWorkload("internet radio station streaming 24/7 to about 3k listeners").shapes.includes("media"),
  );
});

Deno.test("review classes: a bot inside a chat platform has no WebSocket rooms of its own", () => {
  const cases = [
    "Slack bot for our climbing gym staff: /swap trades a shift, everyone gets a DM when the rota changes",
    "Discord bot for a gaming guild: /lfg posts a group-finder card, members vote on the time, it pings everyone before the raid",
    "Telegram bot for a running club: /join signs you up for Saturday's run and posts the poll results to the group",
  ];
  for (const c of cases) {
    const w = classifyWorkload(c);
    assert.equal(w.primary, "bot_webhook", `${c}: ${w.shapes}`);
    assert.ok(!w.shapes.includes("realtime_ws"), `${c}: ${w.shapes}`);
    const els = plan(c, "Vercel", "Startup");
    assert.doesNotMatch(text(els, "cloudflare"), /WebSocket rooms/, c);
    assert.doesNotMatch(text(els, "competitor"), /Pusher/, c);
  }
});

Deno.test("review classes: emails that are training data or an archive are not mail to send", () => {
  const cases = [
    "Fine-tune a small Mistral on ten years of our support inbox emails so it learns our tone; rent the cheapest GPU",
    "Train a spam classifier on 3M archived emails from our old mail server, retrain it every quarter",
    "Label 200k historical customer emails by topic with a fine-tuned BERT model, batch job on GPUs",
  ];
  for (const c of cases) {
    for (const competitor of ["Vercel", "AWS"] as Competitor[]) {
      const els = plan(c, competitor, "Startup");
      assert.doesNotMatch(text(els, "cloudflare"), /transactional email/, c);
      assert.doesNotMatch(text(els, "competitor"), /transactional email/, c);
    }
  }
  assert.match(
    text(plan("every night email each customer a PDF of their invoice", "AWS", "Startup"), "competitor"),
    /SES|transactional email/,
  );
});

Deno.test("review classes: embeddings for similarity search are a vector index, not an LLM app", () => {
  const cases: [string, Competitor][] = [
    [
      "Train an image-embedding model on 5M catalogue photos for our online store, then serve similar-product lookups at ~500 QPS",
      "GCP",
    ],
    [
      "Nightly batch job: embed all 2M listing photos with a CLIP model and keep the vectors for duplicate-listing detection",
      "AWS",
    ],
    [
      "Compute embeddings for 800k scanned artworks with a fine-tuned ViT and offer visual search to collectors",
      "Azure",
    ],
  ];
  for (const [c, competitor] of cases) {
    const w = classifyWorkload(c);
    assert.ok(!w.shapes.includes("llm_rag"), `${c}: ${w.shapes}`);
    const els = plan(c, competitor, "Growth");
    const both = text(els, "cloudflare") + "\n" + text(els, "competitor");
    assert.doesNotMatch(both, /LLM inference|Vertex AI Search|Gemini|full-text search|Stripe/, c);
    assert.match(text(els, "cloudflare"), /Vectorize/, c);
  }
});

Deno.test("review classes: a named Supabase stays the database and sign-in", () => {
  const cases: [string, Competitor][] = [
    ["Recipe sharing app, Next.js + Supabase for auth and Postgres, ~5k users", "Vercel"],
    ["Our Flutter app already uses Supabase for login and data; we need a backend API for payments", "AWS"],
    ["SvelteKit site on Supabase, members log in; add a nightly job that emails a digest", "GCP"],
  ];
  for (const [c, competitor] of cases) {
    const els = plan(c, competitor, "Startup");
    const cf = text(els, "cloudflare");
    const comp = text(els, "competitor");
    assert.match(cf, /Hyperdrive/, c);
    assert.match(cf, /Supabase \(kept\)/, c);
    assert.match(comp, /Supabase \(kept\)/, c);
    assert.doesNotMatch(comp, /Neon|Clerk|Cognito|Identity Platform|^RDS|Cloud SQL/m, c);
    assert.doesNotMatch(cf, /^D1|Turnstile \+ Workers auth|user sign-in/m, c);
  }
});

Deno.test("review classes: named GPUs are the GPUs priced", () => {
  const cases: [string, Competitor, RegExp][] = [
    ["Fine-tune Llama 3 70B on 8x H100 for three days", "AWS", /H100/],
    ["Train a segmentation model on 4 A100 GPUs for a week", "GCP", /A100/],
    ["Nightly retraining of our ranking model needs 2× A100 80GB, about 6 hours each night", "Azure", /A100/],
    ["Train manipulation policies in simulation on 64 L40S GPUs for runs of 3-5 days", "AWS", /L40S/],
  ];
  for (const [c, competitor, gpu] of cases) {
    const els = plan(c, competitor, "Growth");
    for (const side of ["cloudflare", "competitor"] as Side[]) {
      const costLines = text(els, side).split("\n").filter((l) => /^\$ .*GPU-h\b/.test(l));
      assert.ok(costLines.length, `${c}: no GPU line on ${side}`);
      for (const l of costLines) {
        assert.match(l, gpu, `${c} (${side}): ${l}`);
        assert.doesNotMatch(l, /L4\b|A10G|g5|T4/, `${c} (${side}): ${l}`);
      }
    }
  }
});

Deno.test("review classes: an app already on Vercel is kept, Cloudflare goes beside or in front", () => {
  const cases = [
    "Our Next.js shop runs on Vercel; we want to capture every product view and search (~2k/s) into a lake we can query with SQL",
    "We already run our Remix storefront on Vercel and want a live stock counter that updates for every shopper",
    "Keep our existing Next.js marketing site on Vercel; add a webhook receiver for Stripe events that updates HubSpot",
  ];
  for (const c of cases) {
    const cf = text(plan(c, "Vercel", "Growth"), "cloudflare");
    assert.doesNotMatch(cf, /OpenNext|SPA on Static Assets/, c);
    assert.match(cf, /Your Vercel app \(kept\)/, c);
  }
  // A Next.js app described without a host is built on Workers.
  assert.match(text(plan("booking app in Next.js for a yoga studio", "Vercel"), "cloudflare"), /OpenNext/);
});

Deno.test("review classes: a platform named as where the data or video lives is no workload of its kind", () => {
  const notMedia = [
    "Every night pull YouTube Analytics for our 5 channels into a spreadsheet the team can filter",
    "Daily import of TikTok Ads spend and Meta Ads into Postgres so marketing sees cost per order",
    "poll 40 RSS feeds every 15 minutes and post the new items to a Discord channel",
  ];
  for (const c of notMedia) {
    const w = classifyWorkload(c);
    assert.ok(!w.shapes.includes("media"), `${c}: ${w.shapes}`);
  }
  const w = classifyWorkload(
    "When Sentry sends a webhook for a new error, open a Jira ticket and ping the on-call",
  );
  assert.ok(!w.shapes.includes("stream_ingestion"), `${w.shapes}`);
  assert.ok(
    classifyWorkload("TikTok-style app: users upload short videos, we transcode them").shapes.includes(
      "media",
    ),
  );
});

Deno.test("review classes: speech to train on is a dataset, not a call", () => {
  const cases = [
    "Fine-tune Whisper on 3k hours of our recorded support call audio for Vietnamese speech-to-text",
    "train a speech-to-text model for Welsh from 800 hours of read speech, 4 GPUs",
    "Retrain our speech-to-text model each month on the new call-centre audio and publish the weights",
  ];
  for (const c of cases) {
    const w = classifyWorkload(c);
    assert.equal(w.primary, "ml_training", `${c}: ${w.shapes}`);
    assert.ok(!w.shapes.includes("webrtc"), `${c}: ${w.shapes}`);
  }
});

Deno.test("review classes: a site that is on Vercel is not being migrated", () => {
  const cases = [
    "Our site is on Vercel; add a UDP endpoint that takes drone telemetry at 20 packets a second",
    "the frontend runs on Vercel and we need websocket chat rooms for about 5k users",
    "the store is on Vercel; a nightly job should rebuild the product sitemap and ping search engines",
  ];
  for (const c of cases) {
    const w = classifyWorkload(c);
    assert.ok(!w.shapes.includes("lift_and_shift"), `${c}: ${w.shapes}`);
  }
});

Deno.test("review classes: a product the request already uses for one capability is kept", () => {
  const cases: [string, Competitor, RegExp, RegExp][] = [
    [
      "Our Flutter app uses Auth0 for login; we need an API and a Postgres database for 20k users",
      "AWS",
      /Auth0 \(kept\)/,
      /Cognito|user sign-in/,
    ],
    [
      "We already send all mail through Postmark; build the order-confirmation service for our shop",
      "AWS",
      /Email provider \(kept/,
      /^SES|transactional email/m,
    ],
    [
      "Product search stays on Algolia; we need a storefront backend with carts and checkout",
      "GCP",
      /Algolia \(kept\)/,
      /Vertex AI Search|full-text search/,
    ],
  ];
  for (const [c, competitor, kept, swapped] of cases) {
    const els = plan(c, competitor, "Growth");
    for (const side of ["cloudflare", "competitor"] as Side[]) {
      assert.match(text(els, side), kept, `${c} (${side})`);
      assert.doesNotMatch(text(els, side), swapped, `${c} (${side})`);
    }
  }
  // A product named as a comparison is not one the request uses.
  const like = plan(
    "Site-search SaaS for online shops (Algolia-like): each merchant has its own index",
    "GCP",
  );
  assert.doesNotMatch(text(like, "competitor"), /Algolia \(kept\)/);
});

Deno.test("review classes: things and a cadence beside another workload are not devices that report", () => {
  const cases: [string, string][] = [
    [
      "Monthly gas and water meter exports from 300 shops loaded into one model so finance can report energy in Power BI",
      "etl_warehouse",
    ],
    [
      "Queue app for a ferry port: drivers scan a QR at the station and see their live position in the boarding queue",
      "realtime_ws",
    ],
    [
      "Climbing gym leaderboard: climbers log their tops at the kiosk by each wall, the big screen updates live every few seconds",
      "realtime_ws",
    ],
  ];
  for (const [c, primary] of cases) {
    const w = classifyWorkload(c);
    assert.equal(w.primary, primary, `${c}: ${w.shapes}`);
    assert.ok(!w.shapes.includes("iot"), `${c}: ${w.shapes}`);
  }
  // Devices named outright, or things said to send on a cadence, still report beside the live page.
  assert.ok(
    classifyWorkload("Live map of 400 delivery vans: GPS trackers report every 10 s").shapes.includes("iot"),
  );
  const rowing =
    "Rowing machines in 300 clubs stream stroke rate every second; a live leaderboard ranks everyone";
  assert.ok(classifyWorkload(rowing).shapes.includes("iot"), `${classifyWorkload(rowing).shapes}`);
});

Deno.test("review classes: a phone that is pinged or sent a push gets a push notification", () => {
  for (
    const c of [
      "Ferry queue app: drivers take a ticket by QR at the port and get pinged when their lane is boarding",
      "Clinic waiting list: patients check in on a tablet and get buzzed on their phone when the doctor is ready",
      "Laundromat app where customers get pinged as soon as their machine finishes",
      "Each Monday rebuild every member's training plan for the week and send them a push with the first session",
      "Our fitness app should send each user a push at 7am with today's workout",
      "When a parcel is out for delivery we send a push to the customer's phone",
    ]
  ) assert.match(text(plan(c, "GCP", "Growth"), "competitor"), /Firebase Cloud Messaging|FCM/, c);
});

Deno.test("review classes: a bot whose data a pipeline reads is a source, not a bot to build", () => {
  const cases = [
    "our telegram bot logs every order to postgres (~2M rows); we want a nightly rollup into a small warehouse for Metabase",
    "The Slack bot we run already writes each approval to MySQL. Load it into BigQuery every night so finance can build Looker reports",
    "Discord bot usage events sit in a Postgres table; build a daily ETL into a data lake for the community team",
    // A rollup of the bot's rows into tables made for reading is the pipeline.
    "our slack bot saves every reaction to a neon table (3M rows now); want a nightly rollup so the admin dashboard loads fast",
    "Our Discord bot keeps every vote in Postgres; roll them up into weekly tables each Sunday for the leaderboard page",
    "The WhatsApp bot we run logs each booking to MySQL; roll the rows up into daily tables for the owner's reports",
  ];
  for (const c of cases) {
    const w = classifyWorkload(c);
    assert.ok(!w.shapes.includes("bot_webhook"), `${c}: ${w.shapes}`);
  }
  assert.ok(
    classifyWorkload("Build a Slack bot that posts each night's ETL results from the warehouse to #data")
      .shapes
      .includes("bot_webhook"),
  );
});

Deno.test("review classes: jobs and models that need GPUs are priced on GPUs, not CPU cores", () => {
  const jobs: [string, Competitor][] = [
    [
      "Nightly render queue for our animation studio: ~200 Blender frames per job on GPUs, results by morning",
      "AWS",
    ],
    [
      "Batch job every night: run Whisper over the day's 3,000 call recordings on GPUs and store the transcripts",
      "GCP",
    ],
    [
      "Weekly batch that upscales our back catalogue of product photos with an ESRGAN model, needs CUDA GPUs",
      "Azure",
    ],
  ];
  for (const [c, competitor] of jobs) {
    const lines = text(plan(c, competitor, "Growth"), "competitor").split("\n").filter((l) =>
      /^\$ .*Batch/.test(l)
    );
    assert.ok(lines.length, `${c}: no batch line`);
    for (const l of lines) assert.match(l, /GPU-h/, `${c}: ${l}`);
  }
  const models = [
    "Train an XGBoost ranking model on 4 A100 GPUs every night",
    "LightGBM churn model, but we want it trained with CUDA on GPUs each week",
    "Tabular fraud model trained nightly on 2 H100s",
  ];
  for (const c of models) assert.equal(classifyWorkload(c).cpuTraining, false, c);
  assert.equal(
    classifyWorkload("Retrain our XGBoost churn model every night, no GPUs needed").cpuTraining,
    true,
  );
});

Deno.test("review classes: an app on Vercel is kept by a plan on another cloud too", () => {
  const cases: [string, Competitor][] = [
    [
      "Our Next.js store already runs on Vercel; we need a live auction room where bids show instantly for ~2k bidders",
      "AWS",
    ],
    [
      "Our Remix site is on Vercel and stays there. Add an API that ingests 5k sensor readings a minute from greenhouses",
      "GCP",
    ],
    [
      "Nuxt frontend hosted on Vercel; we want a nightly job that exports orders to SAP as CSV over SFTP",
      "Azure",
    ],
  ];
  for (const [c, competitor] of cases) {
    const els = plan(c, competitor, "Growth");
    for (const side of ["cloudflare", "competitor"] as Side[]) {
      assert.match(text(els, side), /Your Vercel app \(kept\)/, `${c} (${side})`);
      assert.doesNotMatch(
        text(els, side),
        /OpenNext|static origin|Static Web Apps origin|site pages/,
        `${c} (${side})`,
      );
    }
  }
});

Deno.test("review classes: a chat-platform bot's members are signed in by the platform", () => {
  const cases = [
    "Discord bot for our 300-member guild: /raid signs members up for the weekly raid and reminds them an hour before",
    "Telegram bot for our choir members: /absent marks you absent for Thursday's rehearsal",
    "Slack bot where members of our coworking space book meeting rooms with /book",
  ];
  for (const c of cases) {
    const els = plan(c, "Vercel", "Startup");
    assert.doesNotMatch(text(els, "competitor"), /Clerk|user sign-in/, c);
    assert.doesNotMatch(text(els, "cloudflare"), /user sign-in/, c);
  }
  const own = plan(
    "Discord bot for our guild plus a web dashboard where members log in to see raid stats",
    "Vercel",
  );
  assert.match(text(own, "competitor"), /Clerk|sign-in/);
});

Deno.test("review classes: SQL over a lake and a payment provider a pipeline reads are no app database or checkout", () => {
  const cases = [
    "Capture every click and page view from our apps (~5k events/s) into a lake, queryable in SQL within minutes, kept 2 years",
    "Stream our API access logs (2 TB a day) into cheap storage so the security team can query them with SQL",
    "Nightly ETL from Stripe and HubSpot into a lake with SQL access for two analysts",
  ];
  for (const c of cases) {
    const els = plan(c, "Vercel", "Growth");
    assert.doesNotMatch(text(els, "cloudflare"), /^D1|Checkout \+ billing/m, c);
    assert.doesNotMatch(text(els, "competitor"), /Neon|Checkout \+ billing/, c);
  }
});

Deno.test("review classes: a stack the request already runs stays instead of the cloud's look-alike", () => {
  const cases: [string, Competitor, RegExp, RegExp][] = [
    [
      "Our app already uses MongoDB Atlas; add an API for the new mobile client, 20k users",
      "AWS",
      /MongoDB Atlas \(kept\)/,
      /DocumentDB/,
    ],
    [
      "We already stream orders through Confluent Cloud Kafka; add consumers that update stock in real time",
      "GCP",
      /Confluent Cloud \(kept\)/,
      /Managed Service for Apache Kafka/,
    ],
    [
      "Our data already lives in Snowflake; nightly load Shopify and Stripe data into it for the finance dashboards",
      "AWS",
      /Snowflake \/ Databricks \(kept\)/,
      /Redshift/,
    ],
  ];
  for (const [c, competitor, kept, lookAlike] of cases) {
    const comp = text(plan(c, competitor, "Growth"), "competitor");
    assert.match(comp, kept, c);
    assert.doesNotMatch(comp, lookAlike, c);
  }
  // Moving off a stack is not keeping it.
  const off = text(
    plan("Move off Snowflake into our own lakehouse, nightly loads from Postgres", "AWS"),
    "competitor",
  );
  assert.doesNotMatch(off, /Snowflake \/ Databricks \(kept\)/);
});
