/**
 * Fourth round of prices: a named GPU is the GPU priced on the training line and on the serving endpoint,
 * Cloudflare for SaaS hostnames follow the tenant count the text gives, Shield Advanced is its own line when
 * DDoS protection is asked of AWS at the enterprise tier (covering the WAF's standard fees), Route 53 is
 * priced per hosted zone in two bands, and unverified figures are named in the assumptions.
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import type { Context, CostItem } from "../lib/planner/context.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { dnsZones, route53Cost, zoneDnsCost } from "../lib/planner/costs/dns.ts";
import { namedGpuModels } from "../lib/planner/named_gpus.ts";
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
    region: "N. Virginia",
  };
  return planArchitecture(request).elements;
}

const cost = (els: PlanElement[], platform: "cloudflare" | "competitor"): CostData =>
  (els.find((e) => e.type === "cost" && e.platform === platform) as { data: CostData }).data;
const line = (els: PlanElement[], platform: "cloudflare" | "competitor", re: RegExp): CostItem | undefined =>
  cost(els, platform).items.find((i) => re.test(i.service));

Deno.test("prices round 4: the serving endpoint runs on the GPU the text names, not the default A10G/T4", () => {
  const cases: [string, Competitor, RegExp, RegExp][] = [
    [
      "Fine-tune Whisper on 4x H100 for our call-centre audio, then serve transcription for our agents from an endpoint.",
      "AWS",
      /SageMaker real-time endpoint \(H100\)/,
      /p5\.48xlarge/,
    ],
    [
      "We retrain a speech recognition model monthly and serve it for transcription on L4 GPUs.",
      "GCP",
      /Vertex AI endpoint \(L4\)/,
      /g2-standard-4/,
    ],
  ];
  for (const [text, competitor, name, sku] of cases) {
    const els = plan(text, { competitor, scale: "Growth" });
    const endpoint = line(els, "competitor", name);
    assert.ok(endpoint, `${text}: ${cost(els, "competitor").items.map((i) => i.service).join(", ")}`);
    assert.match(endpoint.basis, sku);
    assert.doesNotMatch(endpoint.basis, /ml\.g5|\+ T4|NC4as/);
  }
});

Deno.test("prices round 4: a sentence about serving may name its own GPU model", () => {
  const m = namedGpuModels("We train on 16 A100s for a week. The model is then served on T4 instances.");
  assert.equal(m.training?.label, "A100");
  assert.equal(m.serving?.label, "T4");
  assert.equal(namedGpuModels("retrain weekly on spot GPUs").training, undefined);
});

Deno.test("prices round 4: a named H100 on AWS is p5 at its list price per GPU-hour, and Cloudflare says it trains elsewhere", () => {
  const els = plan("Pre-train a 3B model on 16x H100 for 5 days on our corpus of 2TB of text.");
  const aws = line(els, "competitor", /SageMaker Training \(H100\)/);
  assert.ok(aws);
  assert.match(aws.basis, /\$6\.88/);
  const cf = line(els, "cloudflare", /GPU training/);
  assert.ok(cf);
  assert.match(cf.basis, /no GPU VMs on this platform/);
  const plain = line(
    plan("Train a churn classifier on our CRM export every week on a GPU."),
    "cloudflare",
    /GPU training/,
  );
  if (plain) assert.match(plain.basis, /no training on Cloudflare/);
});

Deno.test("prices round 4: tenants counted before a per-tenant clause size the custom hostnames", () => {
  assert.equal(
    readNumbers("Platform for ~1,800 dental practices, each gets its own booking site.").tenants,
    1800,
  );
  assert.equal(readNumbers("3k gyms, each with its own branded app domain.").tenants, 3000);
  const els = plan(
    "White-label storefront builder: 4,000 bakeries, each gets its own subdomain and many bring their own domain with automatic TLS.",
    { scale: "Growth" },
  );
  const saas = line(els, "cloudflare", /Cloudflare for SaaS/);
  assert.ok(saas);
  // 4,000 hostnames − 100 included × $0.10.
  assert.equal(saas.monthlyUsd, 390);
});

Deno.test("prices round 4: DDoS protection asked of AWS at the enterprise tier is Shield Advanced, with the WAF fees it covers at $0", () => {
  const els = plan(
    "Public API for a national lottery; we were hit by DDoS last draw and need DDoS protection in front of it.",
  );
  const shield = line(els, "competitor", /^AWS Shield Advanced$/);
  assert.ok(shield, cost(els, "competitor").items.map((i) => i.service).join(", "));
  assert.ok(shield.monthlyUsd >= 3000);
  assert.match(shield.basis, /data transfer out fee/);
  const waf = line(els, "competitor", /^AWS WAF$/);
  if (waf) {
    assert.match(waf.basis, /included in Shield Advanced/);
    assert.doesNotMatch(waf.basis, /web ACL \+ 10 rules/);
  }
  // The subscription is a global fee: no regional list-price factor on it.
  const tokyo = planArchitecture({
    appDescription: "Ticketing API under frequent DDoS attacks; DDoS protection required.",
    persona: "CIO/CTO",
    scale: "Enterprise",
    constraints: [],
    competitor: "AWS",
    region: "Tokyo",
  }).elements;
  const s2 = line(tokyo, "competitor", /^AWS Shield Advanced$/);
  assert.ok(s2);
  assert.doesNotMatch(s2.basis, /list price$/);
  // Not at startup scale, and not for a request that asks to be cheap.
  assert.equal(
    line(plan("small api, worried about ddos", { scale: "Startup" }), "competitor", /Shield/),
    undefined,
  );
});

Deno.test("prices round 4: Route 53 is priced per hosted zone in two bands", () => {
  assert.equal(dnsZones("we host 40 client domains"), 40);
  assert.equal(dnsZones("my blog"), 1);
  assert.equal(dnsZones("authoritative DNS for 3,000 customer domains"), 3000);
  const ctx = { request: { appDescription: "we host 40 client domains" }, traffic: { requests: 1e6 } };
  // 25 zones × $0.50 + 15 × $0.10, plus 1M standard queries × $0.40/M when no alias record answers them.
  assert.equal(route53Cost(new Set(["route53"]), ctx as unknown as Context)?.monthlyUsd, 14.4);
  assert.equal(route53Cost(new Set(["route53", "cloudfront"]), ctx as unknown as Context)?.monthlyUsd, 14);
  assert.equal(route53Cost(new Set(["cloudfront"]), ctx as unknown as Context), undefined);
  const els = plan("hugo blog on my own domain, free if possible. like 30 posts", { scale: "Startup" });
  const r53 = line(els, "competitor", /Route 53/);
  if (r53) {
    assert.equal(r53.monthlyUsd, 0.5);
    assert.match(r53.basis, /hosted zone/);
  }
});

Deno.test("prices round 4: unverified figures are named in the assumptions", () => {
  const els = plan("Train a defect-detection CNN on 2M images from our factories every week.", {
    competitor: "Azure",
  });
  const data = cost(els, "competitor");
  const unverified = data.items.filter((i) => /list price unverified/.test(i.basis));
  assert.ok(unverified.length > 0);
  assert.match(data.assumptions, /Unverified list prices/);
});

Deno.test("prices round 4: global subscriptions and per-MAU sign-in carry no regional compute factor", () => {
  const text =
    "Consumer loyalty app: 600k members sign up and log in with email, a public API attacked by DDoS last year.";
  let seen = 0;
  for (const competitor of ["AWS", "GCP", "Azure"] as Competitor[]) {
    const els = planArchitecture({
      appDescription: text,
      persona: "CIO/CTO",
      scale: "Enterprise",
      constraints: ["Enterprise Security"],
      competitor,
      region: "Tokyo",
    }).elements;
    for (const i of cost(els, "competitor").items) {
      if (
        !/Cognito|Entra External ID|Identity Platform|Cloud Armor Enterprise|AI Gateway|Shield Advanced/.test(
          i.service,
        )
      ) {
        continue;
      }
      seen++;
      assert.doesNotMatch(i.basis, /Tokyo list price/, `${competitor} ${i.service}: ${i.basis}`);
    }
  }
  assert.ok(seen >= 5, `only ${seen} global lines seen`);
});

Deno.test("prices round 4: every cloud's DNS line follows the domains the text names", () => {
  const text =
    "Marketing sites for our 60 client domains, static pages, a contact form and our own domain names.";
  for (const competitor of ["AWS", "GCP", "Azure"] as Competitor[]) {
    const els = plan(text, { competitor, scale: "Growth" });
    for (const platform of ["cloudflare", "competitor"] as const) {
      const dns = line(els, platform, /DNS|Route 53/);
      if (!dns) continue;
      assert.match(
        dns.basis,
        /\b25 (?:hosted )?zones|\b60 domain\b/,
        `${competitor} ${dns.service}: ${dns.basis}`,
      );
    }
  }
  const ctx = { request: { appDescription: "we host 60 client domains" }, traffic: { requests: 0 } };
  assert.equal(zoneDnsCost(new Set(["azure_dns"]), ctx as unknown as Context, "azure")?.monthlyUsd, 16);
  assert.equal(zoneDnsCost(new Set(["cloud_dns"]), ctx as unknown as Context, "gcp")?.monthlyUsd, 8.5);
});
