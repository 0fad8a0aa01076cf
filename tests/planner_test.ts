import assert from "node:assert/strict";
import { elementSchema, type NodeData, type PlanElement } from "../lib/protocol/events.ts";
import { PlanAssembler } from "../lib/generation/plan_assembler.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import {
  type Competitor,
  COMPETITORS,
  type Constraint,
  CONSTRAINTS,
  type NormalizedRequest,
  type Region,
  REGIONS,
  type Scale,
  SCALES,
} from "../lib/protocol/request_schema.ts";

const DESCRIPTIONS = [
  "A chat app with file uploads",
  "A social platform with live chat, video streaming, and real-time feeds",
  "An IoT platform collecting sensor data from thousands of devices",
  "RAG chatbot over our PDFs with semantic search, SSO for employees, nightly cron, email digests, analytics " +
  "dashboards, Stripe payments, image uploads, video tutorials and a job queue",
  "A static marketing site",
  "An app",
  "A high-traffic e-commerce platform with real-time inventory management",
];

function req(over: Partial<NormalizedRequest> = {}): NormalizedRequest {
  return {
    appDescription: "A chat app with file uploads",
    persona: "Vibe Coder",
    scale: "Startup",
    constraints: ["Cost Optimization", "Global Performance"],
    competitor: "AWS",
    region: "Global",
    ...over,
  };
}

const nodes = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  els.flatMap((e) => (e.type === "node" && e.platform === platform ? [e.data] : []));
const edges = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  els.flatMap((e) => (e.type === "edge" && e.platform === platform ? [e.data] : []));
const costOf = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  els.find((e) => e.type === "cost" && e.platform === platform) as Extract<PlanElement, { type: "cost" }>;
const props = (els: PlanElement[]) => els.flatMap((e) => (e.type === "priority_value_prop" ? [e.data] : []));
/** Node names and subtitles of one platform, as one searchable string. */
const text = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  nodes(els, platform).map((n) => `${n.name} | ${n.subtitle ?? ""}`).join("\n");

function checkPlan(request: NormalizedRequest): void {
  const label = `${request.competitor}/${request.scale}/${request.region}: ${
    request.appDescription.slice(0, 30)
  }`;
  const { elements } = planArchitecture(request);
  const assembler = new PlanAssembler(request);
  for (const el of elements) {
    assert.ok(elementSchema.safeParse(el).success, `${label}: invalid ${JSON.stringify(el)}`);
    const out = assembler.accept(el);
    // Nothing is held back: every edge comes after both its endpoints.
    assert.deepEqual(out, [el], `${label}: element not passed through as-is: ${JSON.stringify(el)}`);
  }
  assert.equal(assembler.finish(), null, label);
  assert.equal(assembler.dropped, 0, label);
  for (const platform of ["cloudflare", "competitor"] as const) {
    const ns = nodes(elements, platform);
    assert.ok(ns.length >= 4 && ns.length <= 8, `${label}: ${platform} has ${ns.length} nodes`);
    // One entry node, plus a separate Staff node when customers and staff both use the system.
    const entries = ns.filter((n) => n.type === "users");
    assert.ok(
      entries.length === 1 || (entries.length === 2 && entries[1].id === "staff"),
      `${label}: ${platform}`,
    );
    const ids = new Set(ns.map((n) => n.id));
    for (const e of edges(elements, platform)) {
      assert.ok(ids.has(e.from) && ids.has(e.to), `${label}: dangling edge ${e.id}`);
      if (/enqueue|consume|scheduled|cron|SendMessage|event source/i.test(e.label)) {
        assert.equal(e.style, "dashed", e.id);
      }
    }
    // Every node takes part in the diagram.
    for (const n of ns) {
      assert.ok(
        edges(elements, platform).some((e) => e.from === n.id || e.to === n.id),
        `${label}: ${n.id} is unconnected`,
      );
    }
    const cost = costOf(elements, platform);
    const sum = Math.round(cost.data.items.reduce((s, i) => s + i.monthlyUsd, 0) * 100) / 100;
    assert.equal(
      cost.data.monthlyUsd,
      sum,
      `${label}: ${platform} total ${cost.data.monthlyUsd} vs items ${sum}`,
    );
    for (const i of cost.data.items) {
      assert.equal(Math.round(i.monthlyUsd * 100) / 100, i.monthlyUsd, i.service);
    }
    assert.match(cost.data.assumptions, new RegExp(request.scale));
  }
  assert.equal(elements.filter((e) => e.type === "cost").length, 2);
  assert.deepEqual(props(elements).map((p) => p.constraint), request.constraints, label);
  for (const p of props(elements)) assert.match(p.description, /\d/, `${label}: value prop without a figure`);
}

Deno.test("planner: every competitor × scale × description passes the assembler untouched", () => {
  let i = 0;
  for (const competitor of COMPETITORS) {
    for (const scale of SCALES) {
      for (const appDescription of DESCRIPTIONS) {
        // Vary constraints and region across the matrix.
        const constraints = [CONSTRAINTS[i % 5], CONSTRAINTS[(i + 2) % 5]] as Constraint[];
        const region = REGIONS[i % REGIONS.length];
        checkPlan(req({ competitor, scale, appDescription, constraints, region }));
        i++;
      }
    }
  }
  // All five constraints at once are impossible (max 3), but each three-way mix must work.
  checkPlan(
    req({ constraints: ["Enterprise Security", "Scalability", "Developer Velocity"], scale: "Global" }),
  );
  checkPlan(req({ constraints: [] }));
});

Deno.test("planner: deterministic — the same request gives the identical plan", () => {
  for (const competitor of COMPETITORS) {
    const r = req({ competitor, appDescription: DESCRIPTIONS[3], scale: "Enterprise", region: "Tokyo" });
    assert.deepEqual(planArchitecture(r), planArchitecture(structuredClone(r)));
    assert.equal(JSON.stringify(planArchitecture(r)), JSON.stringify(planArchitecture(r)));
  }
});

Deno.test("planner: both diagrams fill together (nodes alternate, users first)", () => {
  const { elements } = planArchitecture(req({ appDescription: DESCRIPTIONS[1], competitor: "GCP" }));
  const ns = elements.filter((e) => e.type === "node");
  assert.equal(ns[0].platform, "cloudflare");
  assert.equal(ns[1].platform, "competitor");
  assert.equal((ns[0].data as NodeData).type, "users");
  assert.equal((ns[1].data as NodeData).type, "users");
  const both = Math.min(nodes(elements, "cloudflare").length, nodes(elements, "competitor").length);
  for (let i = 0; i < both * 2; i++) assert.equal(ns[i].platform, i % 2 === 0 ? "cloudflare" : "competitor");
  // Value props and costs come after the diagrams.
  const firstProp = elements.findIndex((e) => e.type === "priority_value_prop");
  assert.ok(firstProp > elements.findLastIndex((e) => e.type === "node" || e.type === "edge"));
});

// The capability → service mapping per cloud.
const mapping: [string, Partial<NormalizedRequest>, RegExp, Partial<Record<Competitor, RegExp>>][] = [
  ["chat", { appDescription: "A team chat app" }, /Durable Objects/, {
    AWS: /API Gateway WebSocket API|AppSync/,
    Azure: /Web PubSub/,
    GCP: /Firestore/,
    Vercel: /Pusher|Ably/,
  }],
  ["video", { appDescription: "A video course platform" }, /Stream/, {
    AWS: /IVS|MediaConvert/,
    GCP: /Transcoder/,
    Azure: /Mux/,
    Vercel: /Mux/,
  }],
  ["live video", { appDescription: "Live streaming for gamers" }, /Stream/, {
    AWS: /IVS/,
    GCP: /Live Stream API/,
  }],
  ["uploads", { appDescription: "Users upload files and share them" }, /R2/, {
    AWS: /\bS3\b/,
    GCP: /Cloud Storage/,
    Azure: /Blob Storage/,
    Vercel: /Vercel Blob/,
  }],
  ["RAG", { appDescription: "A RAG assistant over internal docs" }, /Vectorize[\s\S]*|Workers AI/, {
    AWS: /Bedrock[\s\S]*(?:OpenSearch|S3 Vectors)|(?:OpenSearch|S3 Vectors)[\s\S]*Bedrock/,
    GCP: /Vertex AI/,
    Azure: /Azure OpenAI[\s\S]*AI Search|AI Search[\s\S]*Azure OpenAI/,
    Vercel: /AI Gateway[\s\S]*Upstash Vector|Upstash Vector[\s\S]*AI Gateway/,
  }],
  ["IoT", { appDescription: "An IoT platform collecting sensor data from thousands of devices" }, /Queues/, {
    AWS: /IoT Core/,
    GCP: /Pub\/Sub/,
    Azure: /IoT Hub/,
    Vercel: /Vercel Queues/,
  }],
  ["relational", { appDescription: "An order management system with inventory" }, /\bD1\b/, {
    AWS: /RDS for PostgreSQL/,
    GCP: /Cloud SQL/,
    Azure: /Azure SQL Database/,
    Vercel: /Neon/,
  }],
  ["key-value", { appDescription: "A URL shortener" }, /Workers KV/, {
    AWS: /DynamoDB/,
    GCP: /Firestore/,
    Azure: /Cosmos DB/,
    Vercel: /Upstash Redis/,
  }],
  ["email", { appDescription: "Send transactional emails" }, /Email/, {
    AWS: /\bSES\b/,
    GCP: /SendGrid/,
    Azure: /Communication Services Email/,
    Vercel: /Resend/,
  }],
  ["queues", { appDescription: "Background jobs for webhooks" }, /Queues/, {
    AWS: /\bSQS\b/,
    GCP: /Cloud Tasks/,
    Azure: /Service Bus/,
    Vercel: /Vercel Queues/,
  }],
  ["zero trust", { appDescription: "An internal tool for employees with SSO" }, /Cloudflare Access/, {
    AWS: /IAM Identity Center/,
    GCP: /Identity-Aware Proxy/,
    Azure: /Entra ID/,
    Vercel: /Deployment Protection/,
  }],
  ["analytics", { appDescription: "Product analytics over clickstream events" }, /Analytics Engine/, {
    AWS: /Firehose/,
    GCP: /BigQuery/,
    Azure: /Event Hubs/,
    // Web Analytics counts site traffic; clickstream events go to an event store (planner 4).
    Vercel: /Tinybird|Axiom|ClickHouse/,
  }],
];

for (const [name, over, cf, competitors] of mapping) {
  Deno.test(`planner: ${name} maps to the right services on every cloud`, () => {
    for (const [competitor, re] of Object.entries(competitors) as [Competitor, RegExp][]) {
      const { elements } = planArchitecture(req({ ...over, competitor }));
      assert.match(text(elements, "cloudflare"), cf, `${name} on Cloudflare`);
      assert.match(
        text(elements, "competitor"),
        re,
        `${name} on ${competitor}:\n${text(elements, "competitor")}`,
      );
    }
  });
}

Deno.test("planner: RAG with Cost Optimization picks S3 Vectors on AWS, OpenSearch otherwise", () => {
  const cheap = planArchitecture(
    req({ appDescription: "A RAG assistant over docs", constraints: ["Cost Optimization"] }),
  );
  const fast = planArchitecture(
    req({ appDescription: "A RAG assistant over docs", constraints: ["Global Performance"] }),
  );
  assert.match(text(cheap.elements, "competitor"), /S3 Vectors/);
  assert.doesNotMatch(text(cheap.elements, "competitor"), /OpenSearch/);
  assert.match(text(fast.elements, "competitor"), /OpenSearch Serverless/);
});

// Names that belong to one cloud only.
const OWN_NAMES: Record<Competitor, RegExp> = {
  AWS:
    /\b(?:AWS|Amazon|Lambda|S3 Vectors|DynamoDB|CloudFront|SQS|SES|RDS|Aurora|ElastiCache|Cognito|Bedrock|OpenSearch|IVS|MediaConvert|AppSync|API Gateway|EventBridge|Kinesis|Firehose|Athena|IoT Core|Shield|Verified Access|IAM|Graviton|Route 53|us-east-1|ap-[a-z]+-\d|eu-[a-z]+-\d|sa-east-1)\b|\bS3\b(?!-compatible| tier)/,
  GCP:
    /\b(?:Google|GCP|Cloud Run|Firestore|BigQuery|Pub\/Sub|Vertex|Gemini|Cloud SQL|Memorystore|Cloud Armor|Cloud CDN|Cloud Storage|Cloud Tasks|Cloud Scheduler|Identity Platform|Identity-Aware Proxy|Transcoder|us-central1|asia-[a-z]+\d|europe-west\d)\b/,
  Azure:
    /\b(?:Azure|Entra|Cosmos DB|Front Door|Service Bus|Web PubSub|Event Hubs|IoT Hub|Communication Services|Japan East|Southeast Asia|East US)\b/,
  Vercel: /\b(?:Vercel|Upstash|Neon|Clerk|Resend|Pusher|Fluid compute|iad1|sin1|hnd1|fra1|gru1)\b/,
};

Deno.test("planner: each competitor plan uses only its own services (no AWS names in GCP plans, …)", () => {
  for (const competitor of COMPETITORS) {
    for (const scale of SCALES) {
      for (const appDescription of DESCRIPTIONS) {
        for (const region of ["Global", "Singapore", "Frankfurt"] as Region[]) {
          for (
            const constraints of [
              ["Cost Optimization", "Global Performance", "Enterprise Security"],
              ["Scalability", "Developer Velocity"],
            ] as Constraint[][]
          ) {
            const { elements } = planArchitecture(
              req({ competitor, scale, appDescription, region, constraints }),
            );
            const json = JSON.stringify(elements);
            for (const other of COMPETITORS) {
              if (other === competitor) continue;
              const hit = json.match(OWN_NAMES[other]);
              assert.equal(
                hit,
                null,
                `${other} name "${hit?.[0]}" in a ${competitor} plan (${scale}, ${region})`,
              );
            }
          }
        }
      }
    }
  }
});

Deno.test("planner: the competitor region is named in subtitles", () => {
  const expected: Record<Competitor, string> = {
    AWS: "ap-southeast-1",
    GCP: "asia-southeast1",
    Azure: "Southeast Asia",
    Vercel: "sin1",
  };
  for (const competitor of COMPETITORS) {
    const { elements } = planArchitecture(
      req({ competitor, region: "Singapore", appDescription: "An order system" }),
    );
    assert.ok(
      text(elements, "competitor").includes(expected[competitor]),
      `${competitor}: ${text(elements, "competitor")}`,
    );
    assert.match(costOf(elements, "competitor").data.assumptions, /Singapore/);
  }
  // Cloudflare uses regional hints where they exist.
  const sg = planArchitecture(
    req({ region: "Singapore", appDescription: "A chat app with an order database" }),
  );
  assert.match(text(sg.elements, "cloudflare"), /locationHint "apac"/);
  assert.match(text(sg.elements, "cloudflare"), /location hint apac/);
});

Deno.test("planner: CloudFront egress is priced per region", () => {
  const cost = (region: Region) =>
    costOf(planArchitecture(req({ region, scale: "Enterprise" })).elements, "competitor").data.items
      .find((i) => i.service === "CloudFront")!;
  const us = cost("N. Virginia"), sg = cost("Singapore"), jp = cost("Tokyo");
  assert.match(us.basis, /\$0\.085/);
  assert.match(sg.basis, /\$0\.12/);
  assert.match(jp.basis, /\$0\.114/);
  assert.ok(
    sg.monthlyUsd > jp.monthlyUsd && jp.monthlyUsd > us.monthlyUsd,
    `${us.monthlyUsd} ${jp.monthlyUsd} ${sg.monthlyUsd}`,
  );
});

Deno.test("planner: scale changes the design and the cost", () => {
  for (const competitor of COMPETITORS) {
    const plans = SCALES.map((scale: Scale) =>
      planArchitecture(req({ competitor, scale, appDescription: "An order management system with a chat" }))
    );
    for (const platform of ["cloudflare", "competitor"] as const) {
      const totals = plans.map((p) => costOf(p.elements, platform).data.monthlyUsd);
      for (let i = 1; i < totals.length; i++) {
        assert.ok(totals[i] > totals[i - 1], `${competitor} ${platform}: ${totals}`);
      }
      const designs = plans.map((p) => text(p.elements, platform));
      assert.notEqual(designs[0], designs[1], `${competitor} ${platform}: Startup = Growth`);
      assert.notEqual(designs[1], designs[3], `${competitor} ${platform}: Growth = Global`);
    }
    // Growth's default traffic is no reason for a cache (cache_reasons.ts); an Enterprise tier's public
    // audience adds one, and a WAF; Global goes multi-region on the competitor.
    const [startup, growth, enterprise, global] = plans;
    assert.ok(
      nodes(enterprise.elements, "competitor").length > nodes(growth.elements, "competitor").length,
      competitor,
    );
    assert.doesNotMatch(text(growth.elements, "competitor"), /read-through cache/, competitor);
    assert.ok(
      nodes(enterprise.elements, "cloudflare").some((n) => n.type === "security" || /WAF/.test(n.name)),
    );
    assert.ok(!nodes(startup.elements, "cloudflare").some((n) => /WAF/.test(n.name)));
    assert.match(text(global.elements, "competitor"), / \+ /, `${competitor} Global lists several regions`);
  }
  const startupAws = planArchitecture(req({ scale: "Startup", appDescription: "An order system" }));
  const globalAws = planArchitecture(req({ scale: "Global", appDescription: "An order system" }));
  assert.match(text(startupAws.elements, "competitor"), /single-AZ/);
  assert.match(text(globalAws.elements, "competitor"), /cross-region replicas/);
});

Deno.test("planner: constraints choose nodes and drive the value propositions", () => {
  const base = req({ appDescription: "A chat app with file uploads" });
  const cost = planArchitecture({ ...base, constraints: ["Cost Optimization"] });
  const sec = planArchitecture({ ...base, constraints: ["Enterprise Security"] });
  const perf = planArchitecture({
    ...base,
    constraints: ["Global Performance", "Scalability", "Developer Velocity"],
  });
  assert.deepEqual(props(cost.elements).map((p) => p.constraint), ["Cost Optimization"]);
  assert.deepEqual(props(perf.elements).map((p) => p.constraint), [
    "Global Performance",
    "Scalability",
    "Developer Velocity",
  ]);
  // Enterprise Security adds Access and WAF on Cloudflare even at Startup.
  assert.match(text(sec.elements, "cloudflare"), /Cloudflare Access/);
  assert.match(text(sec.elements, "cloudflare"), /WAF/);
  assert.doesNotMatch(text(cost.elements, "cloudflare"), /Cloudflare Access/);
  // The value props cite catalog figures.
  const [c] = props(cost.elements);
  // S3 downloads leave through CloudFront (billed there, S3 → CloudFront free): no second egress claim on S3.
  assert.doesNotMatch(c.description, /egress on R2 vs [^ ]+ on S3/);
  assert.match(c.description, /\/month on AWS/);
  const [g] = props(perf.elements);
  assert.match(g.description, /330\+ cities/);
  assert.match(g.description, /under 5 ms/);
  assert.match(g.description, /150–400 ms Lambda/);
  for (const p of [...props(cost.elements), ...props(sec.elements), ...props(perf.elements)]) {
    assert.ok(p.emoji.length > 0 && p.title.length > 0);
  }
});

Deno.test("planner: the Cost Optimization saving is computed, not claimed", () => {
  for (const competitor of COMPETITORS) {
    const { elements } = planArchitecture(
      req({ competitor, constraints: ["Cost Optimization"], scale: "Growth" }),
    );
    const cf = costOf(elements, "cloudflare").data.monthlyUsd,
      comp = costOf(elements, "competitor").data.monthlyUsd;
    const [p] = props(elements);
    const fmt = (n: number) =>
      n.toLocaleString("en-US", { minimumFractionDigits: n % 1 ? 2 : 0, maximumFractionDigits: 2 });
    assert.ok(p.description.includes(`$${fmt(cf)}/month on Cloudflare`), p.description);
    assert.ok(p.description.includes(`$${fmt(comp)}/month`), p.description);
    if (cf < comp) assert.match(p.title, new RegExp(`^${Math.round(((comp - cf) / comp) * 100)}% lower`));
  }
});

Deno.test("planner: Cloudflare costs include the $5 Workers Paid minimum and show their arithmetic", () => {
  const { elements } = planArchitecture(req({ appDescription: "An app", scale: "Startup" }));
  const workers = costOf(elements, "cloudflare").data.items.find((i) => i.service.startsWith("Workers"))!;
  assert.match(workers.basis, /\$5 plan minimum/);
  assert.match(workers.basis, /25M − 10M incl\.\) req × \$0\.30\/M/);
  // 5 + 15M × 0.30/M + (175M − 30M) CPU-ms × 0.02/M = 5 + 4.50 + 2.90
  assert.equal(workers.monthlyUsd, 12.4);
  const lambda = costOf(elements, "competitor").data.items.find((i) => i.service === "Lambda")!;
  // (25M − 1M) × $0.20/M; 312.5K GB-s stay inside the 400K free tier.
  assert.equal(lambda.monthlyUsd, 4.8);
  assert.match(lambda.basis, /within 400K/);
});

Deno.test("planner: too many capabilities fold into at most 8 nodes, keeping users", () => {
  const { elements } = planArchitecture(
    req({ appDescription: DESCRIPTIONS[3], scale: "Global", competitor: "Azure" }),
  );
  for (const platform of ["cloudflare", "competitor"] as const) {
    const ns = nodes(elements, platform);
    assert.equal(ns.length, 8, platform);
    assert.ok(ns.some((n) => n.type === "users"));
    // Folded services show up as combined names or in a subtitle.
    assert.ok(
      ns.some((n) => / \+ /.test(n.name) || /also /.test(n.subtitle ?? "")),
      text(elements, platform),
    );
  }
  // A service folded past what a subtitle can list still has its cost line.
  assert.match(
    text(elements, "cloudflare") + costOf(elements, "cloudflare").data.items.map((i) => i.service).join("\n"),
    /Cron Triggers/,
  );
});

Deno.test("planner: a description with no data capability still gets a store and 4+ nodes", () => {
  const plan = planArchitecture(req({ appDescription: "An app" }));
  assert.ok(plan.capabilities.includes("relational"));
  assert.match(text(plan.elements, "cloudflare"), /\bD1\b/);
  const site = planArchitecture(req({ appDescription: "A static marketing site" }));
  assert.ok(site.capabilities.includes("object_storage"));
  assert.match(text(site.elements, "cloudflare"), /\bR2\b/);
});

function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
  if (d === 0) return -1;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

Deno.test("planner: Cloudflare services are drawn in the orange family, competitors in their own palette", () => {
  const { elements } = planArchitecture(req({ appDescription: DESCRIPTIONS[1], scale: "Enterprise" }));
  for (const n of nodes(elements, "cloudflare")) {
    if (n.type === "users" || n.type === "payments") continue;
    const h = hue(n.color);
    assert.ok(h >= 10 && h <= 45, `${n.id} ${n.color} hue ${h}`);
  }
  const gcp = planArchitecture(req({ appDescription: DESCRIPTIONS[1], competitor: "GCP" }));
  const colors = new Set(nodes(gcp.elements, "competitor").map((n) => n.color.toLowerCase()));
  for (const c of colors) {
    assert.ok(
      ["#4b5563", "#4285f4", "#ea4335", "#fbbc04", "#34a853", "#669df6", "#5f6368", "#635bff"].includes(c),
      c,
    );
  }
});

Deno.test("planner: a store the description did not ask for is not labelled as if it had", () => {
  for (const competitor of ["AWS", "GCP", "Azure", "Vercel"] as const) {
    const plan = planArchitecture({
      appDescription: "Static marketing site with a contact form that sends email",
      persona: "Vibe Coder",
      scale: "Startup",
      constraints: ["Cost Optimization"],
      competitor,
      region: "Global",
    });
    const text = JSON.stringify(plan.elements);
    assert.ok(!text.includes("user uploads"), `${competitor}: no uploads were described`);
    assert.match(text, /site content and assets/);
  }
});
