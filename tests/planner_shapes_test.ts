/**
 * Workload shapes from capabilities, not phrasings: paraphrases written for this test (in no eval file) must
 * land on their shape, and every shape's plan holds its core services on Cloudflare and every competitor.
 */
import assert from "node:assert/strict";
import { elementSchema, type PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { shapeEvidence } from "../lib/planner/shape_vocabulary.ts";
import { classifyWorkload, type WorkloadShape } from "../lib/planner/workload_shapes.ts";
import { type Competitor, COMPETITORS, type NormalizedRequest } from "../lib/protocol/request_schema.ts";

/** Paraphrases of each need that none of the shapes' decisive phrasings names outright. */
const PARAPHRASES: [WorkloadShape, string][] = [
  [
    "realtime_udp",
    "Backend for our arena shooter: 64 players per match, 60 Hz server tick, clients complain about lag",
  ],
  [
    "realtime_udp",
    "We need low-latency netcode hosting for a co-op survival title, players connect over UDP",
  ],
  [
    "realtime_udp",
    "host servers for our indie racing title so friends can join a lobby and race with no lag",
  ],
  ["realtime_udp", "we run 6 Counter-Strike community servers and they get DDoSed on weekends"],
  [
    "webrtc",
    "Online tutoring marketplace: students book a tutor and meet face to face in the browser with a shared whiteboard",
  ],
  ["webrtc", "Therapists hold private sessions with clients over camera and microphone from the browser"],
  [
    "webrtc",
    "A live classroom where the teacher and pupils see and hear each other and can share their screens",
  ],
  ["webrtc", "Customer support where agents can jump on a video call with the customer and co-browse"],
  [
    "realtime_ws",
    "Charity auction night: donors bid on lots from their phones and everyone sees the highest bid instantly",
  ],
  ["realtime_ws", "Live scoreboard for amateur football leagues, fans follow goals as they happen"],
  ["realtime_ws", "Figma-like design tool where teammates see each other's cursors and edits"],
  [
    "realtime_ws",
    "A trivia night app: the host pushes questions and the leaderboard updates live for 2000 players",
  ],
  ["iot", "Our 3k delivery vans report position and fuel level every 30 seconds, dispatch wants a live map"],
  ["iot", "Water utility: 80k flow gauges send a reading every 10 minutes, we bill from them monthly"],
  [
    "iot",
    "Greenhouse controllers publish humidity and temperature readings; alert the grower when out of range",
  ],
  ["iot", "Beehive scales upload weight data a few times an hour over NB-IoT"],
  [
    "media",
    "Fitness studio wants to sell on-demand workout classes, members watch recorded sessions on TV and phone",
  ],
  ["media", "Church wants to stream Sunday service to a few thousand people and keep the recordings"],
  [
    "media",
    "Our real estate agents upload walkthrough clips of listings; buyers play them on the listing page",
  ],
  ["media", "A site for indie filmmakers to sell and rent their films, playback in the browser"],
  ["media", "Weekly podcast network with 30 shows, we host the audio and feeds"],
  ["saas_custom_domains", "Booking pages for hairdressers, each salon can point book.theirsalon.com at us"],
  ["saas_custom_domains", "Newsletter platform where writers publish under their own domain name"],
  ["lift_and_shift", "Our Rails monolith runs on three EC2 boxes we set up in 2016; we want to get off them"],
  ["lift_and_shift", "We have a Django app on a VPS at Hetzner with Postgres, want to modernise hosting"],
  [
    "ml_training",
    "Fine-grained image classifier for defects, we retrain it weekly on new photos from the line",
  ],
  [
    "etl_warehouse",
    "Finance wants one place to query Stripe, HubSpot and our Postgres together, refreshed every hour",
  ],
  [
    "stream_ingestion",
    "Collect 2 TB of CDN and firewall logs a day, keep 90 days, search them during incidents",
  ],
  ["batch_job", "Every Sunday night regenerate the product feed for Google Shopping from our catalog"],
  ["bot_webhook", "Telegram assistant that replies to customers and forwards orders to our shop"],
  ["llm_rag", "Help desk assistant that answers employee questions from our Confluence pages with citations"],
  ["web_app", "Todo app for my family with shared lists and login"],
  ["static_site", "Portfolio site for a photographer with a gallery and contact form"],
  // A second set, written after the vocabulary's first draft (it missed 9 of these 36 before they were read).
  [
    "realtime_udp",
    "Our battle arena title needs authoritative hosting near players in Brazil, they get 150 ms ping now",
  ],
  ["realtime_udp", "Dedicated hosting for a 32-player sandbox survival game, UDP on port 7777"],
  ["realtime_udp", "Physics-heavy kart racer, online matches for 8 people, need low lag worldwide"],
  ["webrtc", "Language exchange app: two learners get matched and talk over video for 15 minutes"],
  ["webrtc", "Vets offer remote consultations where pet owners show the animal on their phone camera"],
  [
    "webrtc",
    "Job interview platform with live video, a shared code editor, and recordings for the hiring team",
  ],
  ["webrtc", "Daily standups for remote teams with audio rooms and screen sharing"],
  ["realtime_ws", "Sports betting odds that change every second and must update on every open screen"],
  ["realtime_ws", "A kanban board where the whole team sees cards move as others drag them"],
  ["realtime_ws", "Ticketing: show which seats are left in real time while thousands pick seats at once"],
  ["realtime_ws", "Penny auction site with a countdown timer that resets on every bid"],
  ["iot", "Solar installer: 40k inverters report kWh production every 5 minutes"],
  ["iot", "Smart bins in the city tell us their fill level a few times a day over LoRaWAN"],
  ["iot", "Elevator company wants vibration and door-cycle data from 9k lifts for predictive maintenance"],
  ["iot", "Track 600 rental scooters: location and battery every 20 seconds"],
  ["media", "Yoga teacher selling a library of pre-recorded classes to subscribers"],
  ["media", "Conference organiser needs to stream keynotes to 20k remote attendees and publish them after"],
  ["media", "Users upload short clips of their dogs and others scroll through them"],
  ["media", "Audiobook store where customers listen in the browser and resume on their phone"],
  ["saas_custom_domains", "Link-in-bio tool where creators can use their own web address"],
  ["saas_custom_domains", "Online course builder: every school gets courses.theschool.com with its branding"],
  [
    "lift_and_shift",
    "The company intranet is a 10 year old ASP.NET site on Windows Server in our office, move it to the cloud",
  ],
  [
    "lift_and_shift",
    "Shopify-like store we built in Laravel, hosted on a single DigitalOcean droplet, keeps crashing",
  ],
  ["ml_training", "We want to fine tune Llama on our support transcripts every month"],
  ["ml_training", "Predict churn from our usage data, XGBoost model retrained every week"],
  [
    "etl_warehouse",
    "Marketing wants Google Ads, Meta Ads and Shopify data combined so they can build reports",
  ],
  [
    "etl_warehouse",
    "Copy our production MySQL into an analytics store nightly so analysts can run heavy SQL without hurting the app",
  ],
  [
    "stream_ingestion",
    "We get 300k analytics events per second from our SDK and want them in a lake for the data science team",
  ],
  ["stream_ingestion", "Security team wants all VPN and firewall logs kept for a year and searchable"],
  [
    "batch_job",
    "At 2am every day resize the images uploaded that day and purge the originals older than 30 days",
  ],
  ["batch_job", "Compute royalties for 4k authors on the first of every month and email them statements"],
  ["bot_webhook", "Discord companion that answers slash commands for our game guild"],
  ["bot_webhook", "When a GitHub issue is labeled 'bug' open a Jira ticket and post in Slack"],
  ["llm_rag", "Let lawyers ask questions over 20 years of contracts and get answers with the clause cited"],
  ["static_site", "Documentation site for our open source library built with Docusaurus"],
  ["web_app", "Appointment booking for a dentist with reminders and patient accounts"],
  // A third set (26 of 31 right when first run) and a fourth (21 of 25), each written before it was run.
  [
    "realtime_udp",
    "Hosting for our 5v5 tactical shooter, players in EU and NA, hit registration must feel right",
  ],
  ["realtime_udp", "we want to run private Valheim and Terraria worlds for our discord community"],
  ["realtime_udp", "Server backend for a mobile battle royale with 100 players a match"],
  ["webrtc", "Peer mentoring: a mentor and a mentee meet on camera once a week from our app"],
  ["webrtc", "Doctors in rural clinics consult specialists in the city on a live video link"],
  ["webrtc", "Karaoke rooms where 6 friends sing together with voice and camera"],
  ["webrtc", "Sales demo tool: reps present their screen to a prospect and talk them through"],
  [
    "realtime_ws",
    "Live polling during town halls: employees vote and results appear on the big screen immediately",
  ],
  [
    "realtime_ws",
    "Multiplayer word game where turns and moves appear for both players instantly, turn-based",
  ],
  [
    "realtime_ws",
    "Restaurant kitchen display: new orders pop up on the screens the moment a waiter enters them",
  ],
  ["realtime_ws", "Stock ticker dashboard streaming price changes to 50k traders"],
  ["iot", "Parking sensors in 200 garages say whether each spot is free, updated every minute"],
  ["iot", "Dairy farm: collars on 3k cows send activity and rumination data every 15 minutes"],
  ["iot", "Wind farm operator collecting turbine telemetry at 1 Hz from 400 turbines"],
  ["iot", "Vending machines report stock and cash levels to HQ twice an hour over 4G"],
  ["media", "Martial arts school wants members-only video lessons they can watch anytime"],
  ["media", "Local radio station wants to put its shows online as on-demand audio"],
  ["media", "Esports league broadcasting matches to 100k viewers with replays afterwards"],
  ["media", "Marketplace where chefs upload cooking videos and sell access"],
  ["saas_custom_domains", "Portfolio builder for photographers; each photographer connects their own domain"],
  ["saas_custom_domains", "Help-center SaaS: customers get help.theircompany.com pointing at our platform"],
  [
    "lift_and_shift",
    "Our Magento store sits on a dedicated server in a colo and we want to move it to managed hosting",
  ],
  [
    "lift_and_shift",
    "Legacy Java app on Tomcat running on two VMs in our server room, get it into the cloud",
  ],
  ["ml_training", "Train a YOLO detector on 200k labelled drone photos, GPU time a few days a month"],
  [
    "etl_warehouse",
    "Product team wants Mixpanel, Zendesk and billing data joined so they can build dashboards",
  ],
  [
    "stream_ingestion",
    "Ingest 50k log lines per second from our Kubernetes pods and keep 30 days for debugging",
  ],
  ["batch_job", "Once a week crawl 2k competitor pages and email a price comparison report"],
  ["bot_webhook", "WhatsApp concierge that takes restaurant bookings by message"],
  ["llm_rag", "Internal assistant that answers HR policy questions from our handbook PDFs"],
  ["static_site", "Landing page for our app launch with a waitlist signup"],
  ["web_app", "Inventory app for a small bike shop with stock, orders and staff accounts"],
  [
    "realtime_udp",
    "Hosting for our co-op zombie game, 4 players per session, people in Asia complain about 200ms ping",
  ],
  ["realtime_udp", "Low-latency servers for a VR sports title where players throw a ball at 90 Hz"],
  ["webrtc", "Sign language interpreters join deaf users on a live camera call from any browser"],
  ["webrtc", "Group fitness classes where the trainer can see every participant's webcam"],
  ["webrtc", "Remote proctoring: students keep camera and mic on while an invigilator watches live"],
  ["realtime_ws", "Shared grocery list that updates on my partner's phone instantly when I add milk"],
  ["realtime_ws", "Live delivery tracking page where customers watch the courier approach on a map"],
  ["realtime_ws", "Collaborative spreadsheet where 20 analysts edit the same sheet at once"],
  ["iot", "Cold storage warehouses: 2k temperature probes post readings every 30 seconds"],
  ["iot", "Smart irrigation: valves and soil probes on 500 farms report moisture hourly over LoRa"],
  ["iot", "Fleet of 1,200 buses sends GPS position every 10 seconds for arrival predictions"],
  ["media", "Museum wants to publish 3,000 archival films for the public to watch online"],
  ["media", "Gaming creators stream live gameplay to their followers and keep VODs"],
  ["media", "Online piano school with hundreds of recorded lessons students watch at their own pace"],
  [
    "saas_custom_domains",
    "Event ticketing SaaS where each promoter runs a branded box office on their own domain",
  ],
  ["saas_custom_domains", "Restaurants using our ordering platform can put it on order.theirrestaurant.com"],
  [
    "lift_and_shift",
    "Our PHP booking system runs on an old cPanel shared hosting account and keeps going down",
  ],
  [
    "lift_and_shift",
    "Move our .NET Framework app and its SQL Server from the office server room to the cloud",
  ],
  [
    "ml_training",
    "Train a speech recognition model for Swiss German on 5k hours of audio, retrain quarterly",
  ],
  [
    "etl_warehouse",
    "Consolidate sales data from 12 regional ERPs into one warehouse for the CFO's dashboards",
  ],
  [
    "stream_ingestion",
    "Our mobile SDK sends 80k crash and performance events a second; keep 30 days and alert on spikes",
  ],
  ["batch_job", "Each night at 1am recompute loyalty points for 2M members and export them to the POS"],
  ["bot_webhook", "Bot in our Discord server that assigns roles when members react and logs warnings"],
  ["llm_rag", "Assistant for field technicians that answers from 10k equipment manuals"],
  ["web_app", "Volunteer rota app for a food bank with shifts, sign-ups and reminders"],
];

for (const [shape, text] of PARAPHRASES) {
  Deno.test(`shapes: "${text.slice(0, 60)}…" is ${shape}`, () => {
    const w = classifyWorkload(text);
    assert.equal(w.primary, shape, `shapes: ${w.shapes.join(", ")}`);
  });
}

Deno.test("shapes: one family of words alone is not enough, and words against a shape take one back", () => {
  // "players" alone (a game family word) is no UDP server; with lag it is.
  assert.equal(
    shapeEvidence("a music app with playlists for 5k players of our league").realtime_udp?.applies,
    false,
  );
  assert.equal(shapeEvidence("our players complain about lag in every match").realtime_udp?.applies, true);
  // A recorded lesson is not a call.
  assert.equal(shapeEvidence("teachers upload recorded video lessons for students").webrtc?.applies, false);
  assert.equal(shapeEvidence("teachers meet students on video from the browser").webrtc?.applies, true);
  // A turn-based game is not a UDP server.
  assert.equal(
    classifyWorkload("turn-based chess with lobbies and 10k players online").shapes.includes("realtime_udp"),
    false,
  );
});

Deno.test("shapes: several apply at once, and a web app is the fallback or sits beside a headless workload", () => {
  const both = classifyWorkload(
    "Our 3k delivery vans report position every 30 seconds, dispatch wants a live map",
  );
  assert.deepEqual(both.shapes.slice(0, 1), ["iot"]);
  assert.ok(both.shapes.includes("realtime_ws"));
  assert.deepEqual(classifyWorkload("a recipe site with nightly backups").shapes, ["batch_job", "web_app"]);
  assert.deepEqual(classifyWorkload("A shop with Stripe webhooks for orders").shapes, [
    "bot_webhook",
    "web_app",
  ]);
  assert.deepEqual(classifyWorkload("Every Sunday night regenerate the product feed").shapes, ["batch_job"]);
  assert.deepEqual(classifyWorkload("notes for my book club").shapes, ["web_app"]);
});

function req(appDescription: string, competitor: Competitor): NormalizedRequest {
  return {
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints: [],
    competitor,
    region: "Frankfurt",
  };
}

const planText = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  els.flatMap((e) =>
    e.platform !== platform
      ? []
      : e.type === "node"
      ? [`${e.data.name} | ${e.data.subtitle ?? ""}`]
      : e.type === "cost"
      ? e.data.items.map((i) => i.service)
      : []
  ).join("\n").toLowerCase();

type Core = Record<"Cloudflare" | Competitor, string[][]>;

/** Per shape: a request and the core services (alternatives) every platform's plan must hold. */
const CORE: [WorkloadShape, string, Core][] = [
  ["web_app", "Todo app for my family with shared lists and login", {
    Cloudflare: [["Workers"], ["D1"]],
    AWS: [["Lambda"], ["RDS", "Aurora", "DynamoDB"]],
    GCP: [["Cloud Run"], ["Cloud SQL", "Firestore"]],
    Azure: [["Functions", "App Service"], ["Azure SQL", "PostgreSQL", "Cosmos DB"]],
    Vercel: [["Vercel Functions"], ["Neon", "Supabase"]],
  }],
  ["static_site", "Portfolio site for a photographer with a gallery and contact form", {
    Cloudflare: [["Static Assets", "Workers"]],
    AWS: [["S3"], ["CloudFront"]],
    GCP: [["Firebase Hosting", "Cloud Storage"]],
    Azure: [["Static Web Apps", "Blob"]],
    Vercel: [["Vercel CDN"]],
  }],
  // One step a week: a scheduler and the function it runs (no workflow engine), the feed file in a bucket.
  ["batch_job", "Every Sunday night regenerate the product feed for Google Shopping from our catalog", {
    Cloudflare: [["Cron Triggers"], ["Workers"], ["R2"]],
    AWS: [["EventBridge Scheduler"], ["Lambda"], ["S3"]],
    GCP: [["Cloud Scheduler"], ["Cloud Run jobs", "Cloud Run"]],
    Azure: [["Timer"], ["Functions"]],
    Vercel: [["Cron"]],
  }],
  [
    "etl_warehouse",
    "Finance wants one place to query Stripe, HubSpot and our Postgres together, refreshed every hour",
    {
      Cloudflare: [["Workflows"], ["R2"], ["R2 Data Catalog", "R2 SQL"]],
      AWS: [["Glue"], ["S3"], ["Redshift", "Athena"]],
      GCP: [["Dataflow", "Composer"], ["BigQuery"]],
      Azure: [["Data Factory"], ["Data Lake", "ADLS"], ["Fabric", "Synapse"]],
      Vercel: [["Cron"], ["warehouse"]],
    },
  ],
  [
    "stream_ingestion",
    "Collect 2 TB of CDN and firewall logs a day, keep 90 days, search them during incidents",
    {
      Cloudflare: [["Pipelines"], ["R2"]],
      AWS: [["Kinesis", "Firehose"], ["S3"]],
      GCP: [["Pub/Sub"], ["BigQuery"]],
      Azure: [["Event Hubs"]],
      Vercel: [["Log Drains", "Queues"]],
    },
  ],
  [
    "realtime_ws",
    "Charity auction night: donors bid on lots from their phones and everyone sees the highest bid instantly",
    {
      Cloudflare: [["Durable Objects"]],
      AWS: [["API Gateway WebSocket", "AppSync"]],
      GCP: [["Firestore"]],
      Azure: [["Web PubSub", "SignalR"]],
      Vercel: [["Pusher", "Ably", "Liveblocks"]],
    },
  ],
  [
    "realtime_udp",
    "Backend for our arena shooter: 64 players per match, 60 Hz server tick, clients complain about lag",
    {
      Cloudflare: [["Spectrum"], ["Game servers"]],
      AWS: [["Network Load Balancer", "GameLift"], ["EC2", "GameLift"]],
      GCP: [["Network LB", "Agones"], ["Compute Engine", "Agones"]],
      Azure: [["Load Balancer", "PlayFab"], ["Virtual Machines", "PlayFab"]],
      Vercel: [["Game-server host"]],
    },
  ],
  ["webrtc", "Therapists hold private sessions with clients over camera and microphone from the browser", {
    Cloudflare: [["Realtime"]],
    AWS: [["Chime SDK", "Kinesis Video"]],
    GCP: [["LiveKit"]],
    Azure: [["Communication Services"]],
    Vercel: [["LiveKit"]],
  }],
  [
    "media",
    "Our real estate agents upload walkthrough clips of listings; buyers play them on the listing page",
    {
      Cloudflare: [["Stream"]],
      AWS: [["MediaConvert", "IVS"], ["S3"]],
      GCP: [["Transcoder"], ["Cloud Storage"]],
      Azure: [["Blob"], ["Batch", "Container Apps", "Mux", "encoding"]],
      Vercel: [["Mux", "api.video"]],
    },
  ],
  [
    "ml_training",
    "Fine-grained image classifier for defects, we retrain it weekly on new photos from the line",
    {
      Cloudflare: [["R2"]],
      AWS: [["SageMaker"], ["S3"]],
      GCP: [["Vertex AI"], ["Cloud Storage"]],
      Azure: [["Machine Learning"], ["Blob"]],
      Vercel: [["GPU"]],
    },
  ],
  [
    "llm_rag",
    "Help desk assistant that answers employee questions from our Confluence pages with citations",
    {
      Cloudflare: [["Workers AI", "AI Gateway"], ["Vectorize", "AI Search"]],
      AWS: [["Bedrock"]],
      GCP: [["Vertex"]],
      Azure: [["OpenAI", "AI Foundry"], ["AI Search"]],
      Vercel: [["AI Gateway", "AI SDK"], ["Vector"]],
    },
  ],
  ["iot", "Water utility: 80k flow gauges send a reading every 10 minutes, we bill from them monthly", {
    Cloudflare: [["Pipelines", "Queues"], ["R2"]],
    AWS: [["IoT Core"]],
    GCP: [["Pub/Sub"]],
    Azure: [["IoT Hub", "Event Grid"]],
    Vercel: [["Queues"]],
  }],
  ["bot_webhook", "Telegram assistant that replies to customers and forwards orders to our shop", {
    Cloudflare: [["Queues"]],
    AWS: [["SQS"]],
    GCP: [["Cloud Tasks", "Pub/Sub"]],
    Azure: [["Service Bus"]],
    Vercel: [["Queues"]],
  }],
  ["saas_custom_domains", "Newsletter platform where writers publish under their own domain name", {
    Cloudflare: [["Cloudflare for SaaS"]],
    AWS: [["Cloudflare for SaaS", "CloudFront SaaS", "ACM"]],
    GCP: [["Certificate Manager"]],
    Azure: [["Front Door"]],
    Vercel: [["Domains"]],
  }],
  [
    "lift_and_shift",
    "Our Rails monolith runs on three EC2 boxes we set up in 2016; we want to get off them",
    {
      Cloudflare: [["Tunnel", "Containers"]],
      AWS: [["Fargate", "ECS", "Elastic Beanstalk"], ["Load Balancer", "ALB"]],
      GCP: [["Cloud Run"]],
      Azure: [["App Service", "Container Apps"]],
      // The team wants off the boxes: the Rails server moves to a container host beside Vercel.
      Vercel: [["Existing backend", "origin", "Render", "Railway"]],
    },
  ],
];

for (const [shape, text, core] of CORE) {
  Deno.test(`shapes: ${shape} plans hold their core services on Cloudflare and every competitor`, () => {
    assert.equal(classifyWorkload(text).primary, shape);
    for (const competitor of COMPETITORS) {
      const els = planArchitecture(req(text, competitor)).elements;
      const checks: ["cloudflare" | "competitor", string[][]][] = [["competitor", core[competitor]]];
      if (competitor === "AWS") checks.push(["cloudflare", core.Cloudflare]);
      for (const [platform, expected] of checks) {
        const haystack = planText(els, platform);
        for (const alts of expected) {
          assert.ok(
            alts.some((a) => haystack.includes(a.toLowerCase())),
            `${shape} on ${platform === "cloudflare" ? "Cloudflare" : competitor}: none of ${
              alts.join(" | ")
            }`,
          );
        }
      }
    }
  });
}

Deno.test("shapes: headless workloads start at their source, not at a CDN", () => {
  const headless = [
    "Every Sunday night regenerate the product feed for Google Shopping from our catalog",
    "Collect 2 TB of CDN and firewall logs a day, keep 90 days, search them during incidents",
    "Backend for our arena shooter: 64 players per match, 60 Hz server tick, clients complain about lag",
  ];
  for (const text of headless) {
    for (const competitor of COMPETITORS) {
      const names = planArchitecture(req(text, competitor)).elements.flatMap((e) =>
        e.type === "node" ? [e.data.name] : []
      );
      assert.ok(
        !names.some((n) => /^(?:Cloudflare CDN|CloudFront|Cloud CDN|Front Door|Vercel CDN)/.test(n)),
        `${text}: ${names}`,
      );
    }
  }
});

Deno.test("shapes: every paraphrase gives a valid diagram on every cloud (4–8 nodes, no loose nodes or edges)", () => {
  for (const [, text] of PARAPHRASES) {
    for (const competitor of COMPETITORS) {
      const els = planArchitecture(req(text, competitor)).elements;
      for (const el of els) elementSchema.parse(el);
      for (const platform of ["cloudflare", "competitor"] as const) {
        const nodes = els.flatMap((e) => e.type === "node" && e.platform === platform ? [e.data.id] : []);
        const edges = els.flatMap((e) => e.type === "edge" && e.platform === platform ? [e.data] : []);
        const label = `${text.slice(0, 40)} (${competitor}, ${platform})`;
        assert.ok(nodes.length >= 4 && nodes.length <= 8, `${label}: ${nodes.length} nodes`);
        for (const e of edges) assert.ok(nodes.includes(e.from) && nodes.includes(e.to), `${label}: ${e.id}`);
        for (const n of nodes) {
          assert.ok(edges.some((e) => e.from === n || e.to === n), `${label}: ${n} loose`);
        }
      }
    }
  }
});

Deno.test("shapes: plain apps that share words with other shapes stay plain (players, scores, vehicles, map, episodes)", () => {
  const plain = [
    "Recipe app where users save favourites and share shopping lists",
    "Job board for nurses with applications, employer accounts and Stripe payments",
    "CRM for a small law firm: clients, matters, documents and billing",
    "Music app where players of our league can see fixtures and results",
    "Video game review site with articles, scores and comments",
    "Car rental site: pick a vehicle, choose dates, pay online",
    "Real estate listings with map search and saved searches",
    "Survey tool for HR teams with anonymous responses and reports",
    "Appointment booking for a barber shop with SMS reminders",
    "Fantasy football league app with teams, trades and weekly scores",
  ];
  const special = new Set<WorkloadShape>([
    "realtime_udp",
    "webrtc",
    "realtime_ws",
    "iot",
    "etl_warehouse",
    "stream_ingestion",
    "ml_training",
    "lift_and_shift",
    "saas_custom_domains",
    "batch_job",
  ]);
  for (const text of plain) {
    const shapes = classifyWorkload(text).shapes;
    assert.ok(!shapes.some((s) => special.has(s)), `${text}: ${shapes.join(", ")}`);
  }
});
