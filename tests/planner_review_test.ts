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
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
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
      line(comp, "competitor", /Cloud Run jobs|ECS Fargate|Container Apps/),
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

// Second review (planner 5): classes of failure found on a held-out set, each pinned by new phrasings.

/** Node names, subtitles and cost lines of one platform, one per line. */
const everything = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  [
    names(els, platform),
    ...cost(els, platform).items.map((i) => i.service),
  ].join("\n");

Deno.test("review 2: an app described by where it runs today is lifted, not rewritten", () => {
  const laravel = classifyWorkload(
    "Our Laravel shop and its MariaDB live on two Hetzner VMs; we want managed hosting without a rewrite",
  );
  assert.equal(laravel.primary, "lift_and_shift");
  assert.equal(
    classifyWorkload("A Drupal site for our choir on a shared hosting plan").primary,
    "lift_and_shift",
  );
  assert.equal(
    classifyWorkload("side project api runs on 1 droplet with docker compose, ~500 users").primary,
    "lift_and_shift",
  );
  // Dedicated servers for a game are UDP servers; a web app that merely mentions one box is lifted.
  assert.equal(
    classifyWorkload("Dedicated servers for our co-op shooter, 16 players a match").primary,
    "realtime_udp",
  );
  assert.equal(classifyWorkload("Nightly backups of the database on our VM at work").primary, "batch_job");
  const els = plan(
    "CakePHP booking site with MariaDB on a single dedicated server; it is slow and keeps getting contact form spam",
    "AWS",
  );
  const cf = everything(els, "cloudflare");
  assert.match(cf, /Tunnel/);
  assert.match(cf, /WAF/);
  assert.match(cf, /Turnstile/);
  const aws = everything(els, "competitor");
  assert.match(aws, /RDS for MySQL/);
  assert.doesNotMatch(
    aws,
    /RDS for PostgreSQL/,
    "the framework's default database is not added next to MariaDB",
  );
});

Deno.test("review 2: traffic-spike events get a virtual waiting room", () => {
  for (
    const text of [
      "University enrolment portal that collapses every semester when registration opens",
      "WooCommerce store on a VPS; Cyber Monday took the site down last year",
      "Concert promoter's site where fans rush in when presale drops at 10am",
    ]
  ) {
    assert.match(everything(plan(text, "GCP", "Global"), "cloudflare"), /Waiting Room/, text);
  }
});

Deno.test("review 2: compliance adds controls and keeps the workload's core services", () => {
  const text =
    "Night-shift nurses open the cameras in patients' rooms and speak with caregivers; PHI, HIPAA, nothing is recorded";
  const w = classifyWorkload(text);
  assert.equal(w.primary, "webrtc");
  assert.ok(!w.shapes.includes("media"), `shapes ${w.shapes.join(",")}`);
  const els = plan(text, "Azure", "Enterprise", ["Enterprise Security"]);
  const cf = everything(els, "cloudflare");
  assert.match(cf, /Realtime/);
  assert.match(cf, /Logpush/);
  assert.doesNotMatch(cf, /\bStream\b/);
  const az = everything(els, "competitor");
  assert.match(az, /Communication Services/);
  assert.match(az, /Key Vault/);
});

Deno.test("review 2: residency in a country outside the EU/US is region-local, with Regional Services", () => {
  assert.equal(
    classifyWorkload("Loan files must remain within Australia under APRA rules").requirements.residency,
    "local",
  );
  // The pronoun "us" names no jurisdiction.
  assert.equal(
    classifyWorkload("Claims data must be stored in Japan; brokers send us scans").requirements.residency,
    "local",
  );
  const els = plan(
    "Telehealth intake forms for clinics in India; RBI-style rule: data stays in India",
    "GCP",
  );
  assert.match(everything(els, "cloudflare"), /Data Localization Suite/);
  assert.doesNotMatch(names(els, "cloudflare"), /global read replication/);
});

Deno.test("review 2: widgets served on tenants' own domains are multi-tenant SaaS", () => {
  const text =
    "Clients embed our booking widget on their websites and serve it from book.clientdomain.com; bots spam the forms";
  assert.equal(classifyWorkload(text).primary, "saas_custom_domains");
  const els = plan(text, "Azure");
  assert.match(everything(els, "cloudflare"), /Cloudflare for SaaS|Custom Hostnames/);
  assert.match(everything(els, "cloudflare"), /Turnstile/);
  assert.match(everything(els, "competitor"), /Front Door/);
});

Deno.test("review 2: footage, class recordings and archives land in object storage", () => {
  const yoga = plan(
    "Small-group yoga classes on camera, 8 people each, the coach can record for those who missed it",
    "GCP",
  );
  assert.match(everything(yoga, "cloudflare"), /\bR2\b/);
  assert.match(everything(yoga, "competitor"), /Cloud Storage/);
  const ledger = plan("Ledger API for a credit union; 10 years of history kept for the regulator", "AWS");
  assert.match(everything(ledger, "competitor"), /\bS3\b/);
});

Deno.test("review 2: windowed aggregations over a stream need stateful stream processing", () => {
  const text = "Payment events at 5k TPS; sliding windows per account over 10 minutes feed a risk score";
  const aws = plan(text, "AWS", "Global");
  assert.match(everything(aws, "competitor"), /Managed Service for Apache Flink/);
  assert.match(everything(aws, "competitor"), /DynamoDB/);
  assert.match(everything(aws, "cloudflare"), /Durable Objects/);
});

Deno.test("review 2: data movement and governance services are named (CDC, masking, SFTP)", () => {
  const cdc = plan(
    "Mirror every change in our MySQL orders table into BigQuery within a minute using change data capture; redact PII columns and keep lineage",
    "GCP",
  );
  assert.match(everything(cdc, "competitor"), /Datastream/);
  assert.match(everything(cdc, "competitor"), /Dataplex/);
  const sftp = plan(
    "Banks drop reconciliation files over SFTP each night; load them into a warehouse",
    "AWS",
  );
  assert.match(everything(sftp, "competitor"), /Transfer Family/);
});

Deno.test("review 2: speech, mailbox workflows and many apps behind one gateway get their services", () => {
  const captions = plan("Auto-generate subtitles for our 5,000 recorded training webinars", "Azure");
  assert.match(everything(captions, "competitor"), /AI Speech/);
  assert.match(everything(captions, "cloudflare"), /Workers AI/);
  const mail = plan(
    "Our shared mailbox receives vendor invoices as PDF attachments; a bot extracts totals and files them",
    "Azure",
  );
  assert.match(everything(mail, "competitor"), /Logic Apps/);
  assert.match(everything(mail, "competitor"), /Document Intelligence/);
  assert.match(everything(mail, "cloudflare"), /Email Routing/);
  const gateway = plan(
    "One gateway for the 12 internal apps that call OpenAI: per-team quotas, prompt logging, PII redaction",
    "Azure",
  );
  assert.match(everything(gateway, "competitor"), /API Management/);
  assert.match(everything(gateway, "competitor"), /Azure Monitor/);
  assert.match(everything(gateway, "cloudflare"), /Firewall for AI/);
});

Deno.test("review 2: industrial IoT, OTA rollouts and MQTT on Google Cloud", () => {
  const plant = plan(
    "PLC tags from a bottling plant over OPC UA every second; the OT network stays closed",
    "AWS",
  );
  assert.match(everything(plant, "competitor"), /SiteWise/);
  assert.match(everything(plant, "competitor"), /VPN/);
  assert.match(everything(plant, "cloudflare"), /Tunnel/);
  const ota = plan(
    "Push firmware updates to 50k e-bikes in staged rollouts; bikes report battery every minute",
  );
  assert.match(everything(ota, "competitor"), /IoT Device Management/);
  const managed = plan("20k parking sensors publish over MQTT every 5 minutes", "GCP");
  assert.match(everything(managed, "competitor"), /MQTT broker/);
  const named = plan("20k parking sensors publish to our self-hosted HiveMQ every 5 minutes", "GCP");
  assert.match(everything(named, "competitor"), /GKE|Kubernetes/);
});

Deno.test("review 2: GPU cluster training gets a parallel file system, and Cloudflare names a GPU cloud", () => {
  const text = "Pre-train a 3B model on 16x H100 for two weeks with 50 TB of text in object storage";
  assert.equal(classifyWorkload(text).primary, "ml_training");
  assert.match(everything(plan(text, "AWS"), "competitor"), /FSx for Lustre/);
  assert.match(everything(plan(text, "GCP"), "competitor"), /Managed Lustre/);
  assert.match(everything(plan(text, "AWS"), "cloudflare"), /GPU cloud/);
  // A web app that mentions its 2 TB of data is no GPU cluster.
  assert.doesNotMatch(everything(plan("Photo sharing app with 2 TB of data", "AWS"), "competitor"), /Lustre/);
});

Deno.test("review 2: browser front ends are Static Assets, domains get DNS, payment pages Page Shield", () => {
  const spa = plan("a Vue dashboard for my chess club, 30 members, log in to see standings", "Vercel");
  assert.match(names(spa, "cloudflare"), /Static Assets/);
  const domain = plan("portfolio site, I want to buy a domain for it", "AWS");
  assert.match(everything(domain, "cloudflare"), /DNS \+ Registrar/);
  assert.match(everything(domain, "competitor"), /Route 53/);
  const pci = plan("Checkout for our ferry tickets; PCI DSS, third-party scripts on the payment page", "GCP");
  assert.match(everything(pci, "cloudflare"), /Page Shield/);
});

Deno.test("review 2: third-party products the request names stay in both plans as externals", () => {
  const tides = plan("Every morning post the tide table for 12 beaches to a Telegram channel", "GCP");
  assert.match(everything(tides, "cloudflare"), /Telegram/);
  assert.match(everything(tides, "competitor"), /Telegram/);
  const geo = plan("Backfill lat/long for 3M store addresses with a geocoding API, 100 req/s limit", "AWS");
  assert.match(everything(geo, "competitor"), /Geocoding/);
  const none = plan("A todo app for my family", "AWS");
  assert.doesNotMatch(everything(none, "cloudflare"), /Telegram|Shopify|Geocoding/);
});

Deno.test("review 2: a conversation recorded on one device and transcribed is no call and retrieves nothing", () => {
  const text =
    "Vets record the consultation on a tablet; it is transcribed and an LLM drafts the visit summary for the record";
  const w = classifyWorkload(text);
  assert.equal(w.primary, "llm_rag");
  assert.ok(!w.shapes.includes("webrtc"), `shapes ${w.shapes.join(",")}`);
  const els = plan(text, "AWS");
  assert.match(everything(els, "competitor"), /Transcribe/);
  assert.doesNotMatch(everything(els, "cloudflare"), /Realtime|Vectorize/);
});

Deno.test("review 2: a Postgres the team keeps stays on its host, with a replica near far-away users", () => {
  const els = plan(
    "Our Remix app runs on Vercel and our Postgres is on RDS in Oregon, we are keeping the database; pages are slow for users in Asia",
    "Vercel",
    "Growth",
    ["Global Performance"],
  );
  const v = everything(els, "competitor");
  assert.match(v, /Existing Postgres/);
  assert.match(v, /read replica/);
  assert.doesNotMatch(v, /Neon|Existing backend/);
});

Deno.test("review 2: live channels, always-on encoders, peer data channels and game APIs", () => {
  const live = plan("A presenter streams cooking demos to ~8k viewers who can buy the ingredients", "AWS");
  assert.match(everything(live, "competitor"), /Interactive Video Service|IVS/);
  const radio = plan(
    "A 24/7 jazz radio channel with a playlist that never stops, listeners on the web",
    "Azure",
  );
  assert.match(everything(radio, "competitor"), /always-on encoder/);
  assert.match(everything(radio, "cloudflare"), /Containers/);
  const files = plan(
    "send files browser to browser over data channels; only signaling and a TURN relay",
    "AWS",
  );
  assert.match(everything(files, "competitor"), /coturn|TURN/);
  const shooter = plan(
    "Arena shooter for 6k concurrent players over UDP, servers in São Paulo and Bogotá",
    "AWS",
  );
  assert.match(everything(shooter, "competitor"), /Lambda/);
});

Deno.test("review 2: probes written after the fixes (crash at seasonal sales, video KYC calls, dictation)", () => {
  const rails = plan("Our Rails app and Postgres sit on a Linode box; Christmas sales crash it every year");
  assert.equal(classifyWorkload("Our Rails app and Postgres sit on a Linode box").primary, "lift_and_shift");
  assert.match(everything(rails, "cloudflare"), /Waiting Room/);
  assert.equal(classifyWorkload("Video KYC calls for a Brazilian bank").primary, "webrtc");
  const notes = plan("Nurses dictate handover notes; an LLM turns them into structured summaries; HIPAA");
  assert.doesNotMatch(everything(notes, "cloudflare"), /Vectorize/);
  assert.match(everything(notes, "competitor"), /Transcribe/);
  const site = plan("Landing page on a new domain they'll buy, Astro build", "GCP");
  assert.match(everything(site, "competitor"), /Cloud DNS/);
});

Deno.test("review 2: a lifted app server is priced once on Cloudflare (origin, not origin + Containers)", () => {
  const els = plan("Laravel app with MySQL on two VMs at Hetzner, we want it faster and safer");
  const items = cost(els, "cloudflare").items.map((i) => i.service);
  assert.ok(items.some((s) => /Existing origin/.test(s)), items.join(", "));
  assert.ok(!items.some((s) => /^Containers/.test(s)), items.join(", "));
});

Deno.test("review 2: a waiting room is priced with the Business zone plan it needs, once", () => {
  for (const competitor of ["AWS", "Vercel"] as const) {
    const els = plan(
      "Concert promoter's site where fans rush in when presale drops at 10am",
      competitor,
      "Growth",
    );
    const items = cost(els, "cloudflare").items;
    const business = items.filter((i) => /Business plan/.test(i.service));
    assert.equal(business.length, 1, items.map((i) => i.service).join(", "));
    assert.ok(business[0].monthlyUsd >= 200, `Business plan priced ${business[0].monthlyUsd}`);
  }
});

Deno.test("review 3: one device sending its camera live to another, direct or through NAT, is a call", () => {
  const probes = [
    "pet cam: a spare tablet at home streams video to my phone while I'm at work, peer-to-peer if it can",
    "Grandma's kitchen tablet sends live video and audio to our laptops; most of us are on 4G behind carrier-grade NAT",
    "dashcam app that beams the camera feed live to a second phone in the car, p2p over the hotspot",
  ];
  for (const text of probes) {
    const w = classifyWorkload(text);
    assert.equal(w.primary, "webrtc", text);
    assert.ok(!w.shapes.includes("media"), `${text}: ${w.shapes.join(",")}`);
    const els = plan(text, "AWS", "Startup");
    assert.match(everything(els, "cloudflare"), /TURN/, text);
    assert.doesNotMatch(names(els, "cloudflare"), /^Stream \|/m, text);
  }
  // A library of guided sessions people stream or download is media, not a call.
  const library = "sleep stories app: 800 guided audio sessions to stream or keep offline, adaptive bitrate";
  assert.equal(classifyWorkload(library).primary, "media");
});

Deno.test("review 3: pages made ahead of time and archives of documents are a static site, not a stream", () => {
  const probes = [
    "Parliament debates archive: 600k pre-generated HTML pages and 3 TB of scanned PDFs since 1920, content rarely changes, search runs on a static index shipped with the pages",
    "free printable maths worksheets for teachers, about 5000 PDFs, ~1M page views a month",
    "Static museum catalogue site, 40,000 object pages rebuilt every night from our collections database export",
  ];
  for (const text of probes) {
    const w = classifyWorkload(text);
    assert.equal(w.primary, "static_site", `${text}: ${w.shapes.join(",")}`);
    assert.ok(!w.shapes.includes("stream_ingestion"), `${text}: ${w.shapes.join(",")}`);
    const els = plan(text, "GCP");
    assert.match(everything(els, "cloudflare"), /Static Assets/, text);
    assert.match(everything(els, "competitor"), /Cloud CDN/, text);
    assert.doesNotMatch(everything(els, "competitor"), /Pub\/Sub|Dataflow|Vertex AI Search/, text);
  }
});

Deno.test("review 3: tables built from sources for analysts and history queryable in SQL are a warehouse", () => {
  const probes = [
    "Each night pull shifts from our rostering MySQL and the payroll API, build overtime tables for ~40 analysts in finance",
    "Card transaction files from the processor land every 15 minutes; 3 years must stay queryable in SQL, about 2 TB/day",
    "Every day we collect ~150 spreadsheets from regional offices and give auditors a SQL endpoint to query them",
  ];
  for (const text of probes) {
    assert.equal(classifyWorkload(text).primary, "etl_warehouse", text);
    const els = plan(text, "GCP");
    assert.match(everything(els, "competitor"), /BigQuery/, text);
  }
});

Deno.test("review 3: an app on a box in the office or on EC2 boxes that should move is a lift-and-shift", () => {
  const probes = [
    "our ERPNext runs on a tower PC in the office closet, 40 staff use it; we want it in the cloud but private",
    "we self-host a Django shop on three EC2 boxes behind HAProxy and want to move the app to managed hosting",
    "The clinic's booking system sits on a server under the reception desk... er, in our back room; get it to the cloud",
  ];
  for (const text of probes) assert.equal(classifyWorkload(text).primary, "lift_and_shift", text);
});

Deno.test("review 3: logs shipped from clusters and training burst off on-prem GPUs are not a lift-and-shift", () => {
  const probes: [string, string][] = [
    [
      "Forward audit and app logs from our 30 on-prem k8s clusters (~400 GB/day) into WORM storage, 7 years",
      "stream_ingestion",
    ],
    [
      "Ship container logs from all clusters in our datacenter, ~2 TB/day, searchable for 14 days",
      "stream_ingestion",
    ],
    [
      "Our on-prem Slurm box has 8 V100s; we want to burst fine-tuning runs of our models to cloud GPUs",
      "ml_training",
    ],
  ];
  for (const [text, shape] of probes) {
    const w = classifyWorkload(text);
    assert.equal(w.primary, shape, `${text}: ${w.shapes.join(",")}`);
  }
});

Deno.test("review 3: subscriptions, many open connections and a shared room are live state, not a plain web app", () => {
  const probes = [
    "GraphQL subscriptions for a horse-racing tips app: odds move live, ~80k concurrent connections on Saturdays",
    "quiz night for our pub league, up to 30 people answering in the same room from their phones",
    "election-night results site with live standings per constituency, server-sent events to ~200k open clients",
  ];
  for (const text of probes) {
    const w = classifyWorkload(text);
    assert.equal(w.primary, "realtime_ws", `${text}: ${w.shapes.join(",")}`);
    assert.match(everything(plan(text, "AWS"), "cloudflare"), /Durable Objects/, text);
  }
});

Deno.test("review 3: thousands of things in the field that send events are IoT devices", () => {
  const probes = [
    "25k smart locks send open/close events and the owner must get a push alert within 2s",
    "Our 3,000 vending kiosks report stock levels and faults; ops want a live map",
    "12k connected pumps publish pressure readings; alert a technician when one fails",
  ];
  for (const text of probes) {
    assert.equal(classifyWorkload(text).primary, "iot", text);
  }
});

Deno.test("review 4: live video between the people in a call is not also a media workload", () => {
  for (
    const text of [
      "baby monitor: an old phone at home streams live video to my phone, must work over 4G",
      "an app so grandparents can video chat with the kids from their tablet, works on bad wifi",
      "field technicians show a remote expert what they see through the phone camera, live, two-way audio",
    ]
  ) {
    const w = classifyWorkload(text);
    assert.equal(w.primary, "webrtc", text);
    assert.ok(!w.shapes.includes("media"), `${text}: ${w.shapes.join(",")}`);
    assert.doesNotMatch(everything(plan(text, "GCP", "Startup"), "cloudflare"), /\bStream\b/, text);
  }
  // An audience to broadcast to keeps the media side.
  for (
    const text of [
      "panel talk: four speakers on a video call, streamed live to 2,000 viewers who watch on the site",
      "a phone streams live video of the match to the coach, and the whole game is broadcast to parents",
    ]
  ) assert.ok(classifyWorkload(text).shapes.includes("media"), text);
});

Deno.test("review 4: a video library people watch is media, not a call; calls stay calls", () => {
  for (
    const text of [
      "yoga studio selling a video library of classes to about 3,000 students",
      "cooking school: students buy a video course and watch it at home",
      "members stream our 120 hours of pilates classes on the web and phones, paid videos only",
    ]
  ) assert.equal(classifyWorkload(text).primary, "media", text);
  for (
    const text of [
      "tutoring app: a tutor and a student talk over video and share a whiteboard",
      "telehealth: doctors see patients on video calls, 2k visits a day",
    ]
  ) assert.equal(classifyWorkload(text).primary, "webrtc", text);
});

Deno.test("review 9: the shape with clearly more evidence leads, not the first in a fixed order", () => {
  const lead = (d: string) => classifyWorkload(d).primary;
  // Listeners around the clock are a station; a caller on air does not make it a call app.
  assert.equal(
    lead(
      "Internet radio station streaming around the clock to 3,000 listeners; the evening show takes callers live on air",
    ),
    "media",
  );
  // A log lake that names a lake format is a stream first.
  assert.equal(
    lead("Ship 4 TB/day of Kafka clickstream events into an Iceberg data lake and keep them for 13 months"),
    "stream_ingestion",
  );
  // A schedule says when, not what: a training run on a schedule stays a training run.
  assert.equal(
    lead("Retrain our churn model every Sunday night on the week's events and publish the scores"),
    "ml_training",
  );
});

Deno.test("review 9: a model run over a corpus or a schedule is a job; it leads only when people talk to it", () => {
  const w = classifyWorkload(
    "We have 2 million scanned land-title deeds; OCR them into searchable text over the next quarter",
  );
  assert.equal(w.primary, "batch_job");
  assert.equal(
    classifyWorkload(
      "Summarise every support ticket closed that day and email the digest to the team leads each evening",
    ).primary,
    "batch_job",
  );
  assert.equal(
    classifyWorkload(
      "An assistant that answers staff questions from our policy PDFs, each evening re-indexed",
    ).primary,
    "llm_rag",
  );
  // Pages generated ahead of time are a site to serve, not a job.
  assert.ok(
    !classifyWorkload(
      "Archive of 600k pre-generated HTML pages and 2 million scanned letters, served as a static site",
    ).shapes.includes("batch_job"),
  );
});

Deno.test("review 9: a product people use leads over the monthly job it runs; a job on a site stays a job", () => {
  const lead = (d: string) => classifyWorkload(d).primary;
  assert.equal(
    lead(
      "App for our climbing gym: members book belay classes, pay monthly and get an invoice at the end of each month",
    ),
    "web_app",
  );
  assert.equal(
    lead("cron every saturday that crawls our 20k page shop for dead links and rebuilds the sitemap"),
    "batch_job",
  );
});

Deno.test("review 9: classes of request the fixed phrasings missed", () => {
  const w = (d: string) => classifyWorkload(d);
  // A voice-assistant skill is a webhook its platform calls.
  assert.ok(
    w("A Google Assistant action that reads the school lunch menu to parents").shapes.includes("bot_webhook"),
  );
  assert.ok(w("An Alexa skill that tells you when the next ferry leaves").shapes.includes("bot_webhook"));
  // A camera one household watches live and talks through is a call, not a stream to viewers.
  assert.equal(
    w("Pet cam: the camera at home sends video and sound to my phone so I can talk to the dog").primary,
    "webrtc",
  );
  assert.equal(
    w("Video doorbell: the owner sees and talks to whoever rings, from their phone").primary,
    "webrtc",
  );
  // A library measured in hours, on demand, is media even without the word "video".
  assert.equal(
    w("Yoga app with 900 hours of on-demand classes that subscribers follow on their TVs").primary,
    "media",
  );
  // A publication is a site to serve, unless readers have accounts.
  assert.equal(
    w("Online newspaper for our valley, 300,000 page views a month, new articles daily").primary,
    "static_site",
  );
  assert.notEqual(w("Paywalled magazine: readers subscribe and log in to read").primary, "static_site");
  // A warehouse full of pickers is a building, not a data warehouse.
  assert.ok(
    !w("Tablet app for our warehouse pickers to see today's orders").shapes.includes("etl_warehouse"),
  );
});

Deno.test("review 9: page impressions, sessions and an audience at peak are read", () => {
  // Page impressions are pages: about three a visit (the visitors were once read 1:1 with them).
  assert.equal(readNumbers("3 million page impressions per month on the magazine").visitors, 1_000_000);
  assert.equal(readNumbers("marketing site, ~15k sessions per month").visitors, 15_000);
  assert.equal(readNumbers("radio station, about 3,000 listeners at peak").concurrent, 3000);
});

Deno.test("review 9: an event in one business tool that acts in others is an integration worker", () => {
  const shapes = (d: string) => classifyWorkload(d).shapes;
  assert.ok(
    shapes("When BambooHR adds a new starter, create their Google account and ping IT in Slack").includes(
      "bot_webhook",
    ),
  );
  assert.ok(
    shapes(
      "Once a Typeform is submitted, create the deal in Pipedrive and remind the rep an hour before the call",
    ).includes("bot_webhook"),
  );
});

Deno.test("review 9: Enterprise Security keeps keys in the vault; live lectures and audio streams are live", () => {
  const els = plan(
    "Patient portal for a clinic chain, 40k patients book and see their results",
    "Azure",
    "Enterprise",
    [
      "Enterprise Security",
    ],
  );
  assert.ok(line(els, "competitor", /^Key Vault/), "no Key Vault under Enterprise Security");
  const lectures = plan(
    "Our academy streams live lectures to 5k students each evening, recordings kept 30 days",
  );
  assert.match(names(lectures, "competitor"), /IVS/);
  const radio = plan(
    "Community station: live audio stream 24/7 to a few thousand listeners, shows on demand after",
    "GCP",
  );
  assert.match(names(radio, "competitor"), /Live Stream/);
});

Deno.test("review 9: data about a game is no game server; GPUs alone are no training run; an audit trail is no stream", () => {
  const w = (d: string) => classifyWorkload(d);
  const telemetry = w(
    "Gameplay telemetry from our mobile game, 20k events per second, dashboards with 1 min lag for live-ops",
  );
  assert.equal(telemetry.primary, "stream_ingestion");
  assert.ok(!telemetry.shapes.includes("realtime_udp"));
  const render = w(
    "Render farm for our animation studio: overnight jobs of Blender frames on GPUs, results by morning",
  );
  assert.equal(render.primary, "batch_job");
  assert.ok(!render.shapes.includes("ml_training"));
  assert.match(
    names(
      plan("Render farm for our animation studio: overnight jobs of Blender frames on GPUs"),
      "cloudflare",
    ),
    /GPU/,
  );
  assert.ok(
    w("pre-train a small GPT from scratch on our forum posts with rented GPUs").shapes.includes(
      "ml_training",
    ),
  );
  assert.equal(
    w("Every night re-check our 1.5 million clients against the new watchlists; hits to a review queue, audit trail kept 10 years")
      .primary,
    "batch_job",
  );
  // Event rates written as "25k/sec" or "a second" are a stream's volume.
  assert.ok(
    w("Order events from our delivery app (~30k/sec at peak) fan out to pricing and a data lake").shapes
      .includes("stream_ingestion"),
  );
});

Deno.test("review 9: mail sent by the app and named job frameworks are read", () => {
  const els = plan("django app on a VPS, celery sends mails to 30k users, we want managed hosting");
  assert.match(names(els, "competitor"), /SES/);
  assert.ok(line(els, "cloudflare", /^Queues/) || /Queues/.test(names(els, "cloudflare")));
});

Deno.test("review 9: a voice-assistant skill leads as a webhook even when it plays media", () => {
  assert.equal(
    classifyWorkload("Alexa skill for our podcast network: 'play the latest episode', 'skip'").primary,
    "bot_webhook",
  );
});

Deno.test("review 9: read as an architect — no WAF for a job, no lobbies for telemetry, a stated event rate sizes the lake", () => {
  const job = plan(
    "Nightly re-check of 900k customers against sanctions lists for compliance; hits to a review queue",
    "Azure",
  );
  assert.doesNotMatch(names(job, "cloudflare"), /^WAF/m);
  assert.doesNotMatch(names(job, "competitor"), /^Azure WAF/m);
  const telemetry = plan(
    "Performance telemetry from our console game, about 30k events per second, for analysts",
    "GCP",
  );
  assert.doesNotMatch(names(telemetry, "cloudflare"), /lobbies/);
  assert.equal(
    line(telemetry, "cloudflare", /Analytics Engine/),
    undefined,
    "every event priced as an Analytics Engine point",
  );
  assert.match(cost(telemetry, "cloudflare").assumptions, /≈1 KB per event/);
  const gb = Number(/([\d.]+) TB ingested\/month/.exec(cost(telemetry, "competitor").assumptions)?.[1]);
  assert.ok(gb > 50, `ingest ${gb} TB/month for 30k events/s`);
  const npc = plan(
    "LLM-driven shopkeeper NPCs that remember what each player told them across sessions",
    "Vercel",
  );
  assert.match(names(npc, "cloudflare"), /Durable Objects[^\n]*memory/);
});

Deno.test("review 9: push notifications are a capability, not a live socket; lifting to the cloud and one VPS are a move", () => {
  const w = (d: string) => classifyWorkload(d);
  assert.equal(
    w("REST backend for our recipe app, 50k users, weekly push notifications with new recipes").primary,
    "web_app",
  );
  assert.ok(
    w("Lift our .NET services and SQL Server to Azure without a rewrite").shapes.includes("lift_and_shift"),
  );
  assert.ok(
    w("django shop and postgres, all on one cheap VPS; we want it to stop going down").shapes.includes(
      "lift_and_shift",
    ),
  );
});

Deno.test("review 9: people who see each other live are on a call; a back catalogue transcoded once is a job", () => {
  const w = (d: string) => classifyWorkload(d);
  assert.equal(
    w("Remote interpreting: the customer and the interpreter see each other live in the browser").primary,
    "webrtc",
  );
  assert.ok(
    w("Transcode our back catalogue of 8,000 training recordings into smaller files, one time").shapes
      .includes("batch_job"),
  );
});

Deno.test("review 9: Magento runs on MySQL; firewall logs need no WAF; hours of audio to train on are a dataset", () => {
  const shop = plan("Our PrestaShop store on one dedicated server falls over at every sale, move it");
  assert.match(names(shop, "competitor"), /RDS for MySQL/);
  assert.doesNotMatch(names(shop, "competitor"), /RDS for PostgreSQL/);
  const logs = plan(
    "Firewall and VPN logs from 9 sites, 1 TB a day, kept a year for the SOC",
    "Azure",
    "Enterprise",
  );
  assert.doesNotMatch(names(logs, "cloudflare"), /^WAF/m);
  const asr = classifyWorkload("Fine-tune a speech model on 3,000 hours of our support-call audio");
  assert.ok(asr.shapes.includes("ml_training"));
  assert.ok(!asr.shapes.includes("media"), asr.shapes.join(","));
});

Deno.test("review 9: a call carries its signalling; devices' cadence is no schedule; Spectrum guards UDP servers", () => {
  const call = classifyWorkload(
    "Remote interpreting: the customer and the interpreter see each other live in the browser",
  );
  assert.ok(!call.shapes.includes("realtime_ws"), call.shapes.join(","));
  const probes = classifyWorkload("400 soil probes push moisture every 2 minutes; valves get commands back");
  assert.ok(!probes.shapes.includes("batch_job"), probes.shapes.join(","));
  assert.equal(readNumbers("400 soil probes push moisture every 2 minutes").devices, 400);
  // Polling vendors' clouds on a timer is a scheduled job.
  assert.ok(
    classifyWorkload("we poll 5k heat pumps' vendor API every 5 minutes and store the readings").shapes
      .includes("batch_job"),
  );
  const cs2 = plan(
    "we host Counter-Strike 2 servers for our league, need good tickrate and anti-DDoS",
    "Azure",
    "Startup",
  );
  assert.doesNotMatch(names(cs2, "cloudflare"), /^WAF/m);
  assert.match(names(cs2, "cloudflare"), /Spectrum/);
});

Deno.test("review 9: the entry is named for who reaches the system (listeners, voice assistants)", () => {
  assert.match(
    names(plan("Internet radio playing our DJs' mixes 24/7 to a few thousand listeners"), "cloudflare"),
    /^Listeners \|/,
  );
  assert.match(
    names(plan("An Alexa skill that tells you the tide times"), "competitor"),
    /^Voice assistants \|/,
  );
  assert.match(names(plan("Live stream our football matches to 20k viewers"), "cloudflare"), /^Viewers \|/);
});

Deno.test("review 9: an audience voting or betting along with a broadcast makes the live layer lead", () => {
  assert.equal(
    classifyWorkload(
      "Second-screen app for a live TV talent show: 300k viewers vote in real time and see results live",
    ).primary,
    "realtime_ws",
  );
});

Deno.test("review: a moved server estate gets the cloud's migration service, VMs, a site link and backups", () => {
  const azure = plan(
    "We are closing our colocation cage: about 120 VMs on Hyper-V, mostly Windows Server 2016, rehost them as they are and modernise later",
    "Azure",
    "Enterprise",
  );
  const az = names(azure, "competitor");
  assert.match(az, /Azure Migrate/);
  assert.match(az, /Virtual Machines/);
  assert.match(az, /Azure Backup/);
  const aws = plan("Rehost our 30 vSphere servers in the cloud with as little change as possible", "AWS");
  assert.match(names(aws, "competitor"), /Application Migration Service/);
  assert.match(names(aws, "competitor"), /AWS Backup/);
  // A new app that merely runs on servers is not an estate to migrate.
  assert.doesNotMatch(
    names(plan("A booking site for 3 servers' worth of traffic", "AWS"), "competitor"),
    /Migration Service/,
  );
});

Deno.test("review: a desktop app reached over RDP moves to hosted desktops, not to a web host", () => {
  const els = plan(
    "Our stock control is a VB6 desktop application; 25 staff in three branch offices use it over remote desktop to an old server in the back office. Move it to the cloud unchanged.",
    "AWS",
    "Startup",
  );
  assert.match(names(els, "competitor"), /WorkSpaces/);
  assert.match(names(els, "competitor"), /VPN/);
  assert.match(names(els, "cloudflare"), /Access/);
  const azure = plan(
    "Move our terminal server with the accounting desktop app (40 users, RDP) to the cloud",
    "Azure",
  );
  assert.match(names(azure, "competitor"), /Azure Virtual Desktop/);
});

Deno.test("review: a multi-tenant SaaS stores tenants' files, signs their users in and isolates them", () => {
  const els = plan(
    "Multi-tenant SaaS for veterinary clinics: every clinic gets its own isolated database, vets upload x-rays and lab PDFs",
    "GCP",
  );
  const gcp = names(els, "competitor");
  assert.match(gcp, /Cloud Storage/);
  assert.match(gcp, /Identity Platform/);
  assert.match(names(els, "cloudflare"), /R2/);
  const aws = plan(
    "Each agency's portal lives on their own domain (portal.agencyname.com), about 900 agencies",
    "AWS",
  );
  assert.match(names(aws, "competitor"), /ACM/);
});

Deno.test("review: a webhook worker keeps its third-party tokens in the cloud's secret store", () => {
  const text =
    "When a Typeform response is submitted, create the customer in HubSpot and post a Slack message";
  assert.match(names(plan(text, "AWS"), "competitor"), /Secrets Manager/);
  assert.match(names(plan(text, "GCP"), "competitor"), /Secret Manager/);
  assert.match(names(plan(text, "Azure"), "competitor"), /Key Vault/);
  assert.match(names(plan(text, "AWS"), "cloudflare"), /Secrets Store/);
});

Deno.test("review: heavy or spot batch runs use the cloud's batch service and Containers", () => {
  const els = plan(
    "Every weekend re-score all 3M loan accounts with our CPU-heavy Python model in Docker; it can run on spot and must finish by 7am",
    "AWS",
    "Enterprise",
  );
  assert.match(names(els, "competitor"), /AWS Batch/);
  assert.match(names(els, "cloudflare"), /Containers/);
  const azure = plan(
    "Nightly job that renders 2 million statements as PDF within 10 hours",
    "Azure",
    "Enterprise",
  );
  assert.match(names(azure, "competitor"), /Azure Batch/);
});

Deno.test("review: a warehouse feeding dashboards gets the cloud's BI tool, priced per report user", () => {
  const els = plan(
    "Load our ERP and CRM into a warehouse every night so 40 report users get dashboards",
    "Azure",
    "Growth",
  );
  assert.match(names(els, "competitor"), /Power BI/);
  assert.match(JSON.stringify(line(els, "competitor", /^Power BI/)), /40 user/);
  const gcp = plan("Every hour copy the shop's orders into BigQuery for our Looker Studio reports", "GCP");
  assert.match(names(gcp, "competitor"), /Looker Studio/);
  // A dashboard inside a web app is that app's page, not a BI licence.
  assert.doesNotMatch(
    names(plan("A todo app with a dashboard of overdue tasks", "Azure"), "competitor"),
    /Power BI/,
  );
});

Deno.test("review: a sync or webhook job that retries while a side is down runs as durable steps", () => {
  const els = plan(
    "Sync invoices between Xero and our Postgres billing DB; retry when Xero is down and resume where it stopped",
    "GCP",
  );
  assert.match(names(els, "cloudflare"), /Workflows/);
  const alerts = plan(
    "A cron that runs 4 SQL cleanup scripts every night and alerts us if one fails",
    "Azure",
  );
  assert.match(names(alerts, "competitor"), /Monitor/);
});

Deno.test("review: a stated count of servers prices that many VMs on both sides", () => {
  const els = plan(
    "Rehost our ~60 VMs from VMware (Windows Server and RHEL) unchanged",
    "Azure",
    "Enterprise",
  );
  assert.match(JSON.stringify(line(els, "competitor", /^Virtual Machines/)), /43\.8K instance-h/);
  assert.match(JSON.stringify(line(els, "cloudflare", /^Existing origin/)), /43\.8K server-h/);
});

Deno.test("review: shapes read from what the request describes, in other words than the seeds", () => {
  // WHIP/WHEP is WebRTC ingest and playback, not HLS.
  assert.ok(
    classifyWorkload("Bodycams publish over WHIP and supervisors watch with WHEP").shapes.includes("webrtc"),
  );
  // A bot that answers DMs needs a model beside the webhook.
  const dm = classifyWorkload("WhatsApp bot for my bakery that answers DMs about opening hours and prices");
  assert.ok(dm.shapes.includes("bot_webhook") && dm.shapes.includes("llm_rag"), dm.shapes.join(","));
  // Logging every move of a game to analyse later is event ingestion.
  assert.ok(
    classifyWorkload("my chess puzzle site: log every move players make so we can analyse it later").shapes
      .includes("stream_ingestion"),
  );
  // Thousands of things in the field that report on an interval are devices, whatever they are.
  const fleet = classifyWorkload("45k vending appliances report stock levels every 30 minutes");
  assert.equal(fleet.primary, "iot");
  assert.equal(readNumbers("12k printers report toner levels hourly").devices, 12000);
  // Tenant isolation makes a SaaS multi-tenant even without custom domains.
  assert.equal(
    classifyWorkload("B2B SaaS for law firms, a separate schema per tenant").primary,
    "saas_custom_domains",
  );
});
