import assert from "node:assert/strict";
import { type GenerationEvent, parseSse } from "../lib/protocol/events.ts";
import { catalogKey, foreignOrRetired, ModelPlanReview } from "../lib/planner/model_plan.ts";
import type { NormalizedRequest } from "../lib/protocol/request_schema.ts";
import { splitDeltas, startFakeUpstream } from "./fake_upstreams.ts";
import { makeTestApp } from "./helpers.ts";

const REQUEST: NormalizedRequest = {
  appDescription: "A team chat app with file uploads",
  persona: "Vibe Coder",
  scale: "Startup",
  constraints: ["Cost Optimization"],
  competitor: "Azure",
  region: "London",
};

type Raw = Record<string, unknown>;
const n = (platform: string, id: string, type: string, name: string): Raw => ({
  type: "node",
  platform,
  data: { id, type, name, subtitle: null, color: "#f38020" },
});
const e = (platform: string, from: string, to: string): Raw => ({
  type: "edge",
  platform,
  data: { id: `${from}-${to}`, from, to, label: "HTTPS", style: "solid", color: "#888888" },
});
const cost = (platform: string, items: [string, number][]): Raw => ({
  type: "cost",
  platform,
  data: {
    monthlyUsd: 1,
    items: items.map(([service, monthlyUsd]) => ({ service, monthlyUsd, basis: "model figure" })),
    assumptions: "model assumptions",
  },
});

/** A model plan with one foreign service (Lambda on Cloudflare), one retired one and one unknown product. */
function plan(): Raw[] {
  return [
    n("cloudflare", "users", "users", "Users"),
    n("cloudflare", "workers", "compute", "Cloudflare Workers"),
    n("cloudflare", "do", "realtime", "Durable Objects"),
    n("cloudflare", "r2", "storage", "R2"),
    n("cloudflare", "lambda", "compute", "AWS Lambda"),
    e("cloudflare", "users", "workers"),
    e("cloudflare", "workers", "do"),
    e("cloudflare", "workers", "r2"),
    e("cloudflare", "workers", "lambda"),
    n("competitor", "users", "users", "Users"),
    n("competitor", "fd", "cdn", "Azure Front Door"),
    n("competitor", "fn", "compute", "Azure Functions"),
    n("competitor", "redis", "cache", "Azure Cache for Redis"),
    n("competitor", "pubsub", "realtime", "Web PubSub"),
    n("competitor", "sentry", "external", "Sentry"),
    e("competitor", "users", "fd"),
    e("competitor", "fd", "fn"),
    e("competitor", "fn", "pubsub"),
    e("competitor", "fn", "sentry"),
    {
      type: "priority_value_prop",
      platform: "cloudflare",
      data: {
        constraint: "Cost Optimization",
        emoji: "💸",
        title: "No egress fees",
        description: "R2 is $0 egress.",
      },
    },
    cost("cloudflare", [["Workers", 999], ["Lambda", 50]]),
    cost("competitor", [["Azure Functions", 1], ["Sentry", 26]]),
  ];
}

Deno.test("model plan: catalog names are recognised; another cloud's or a retired service is flagged", () => {
  assert.equal(catalogKey("cloudflare", "Cloudflare Workers"), "workers");
  assert.equal(catalogKey("azure", "Azure Front Door"), "front_door");
  assert.equal(catalogKey("aws", "API Gateway WebSockets"), "apigw_ws");
  assert.match(foreignOrRetired("cloudflare", "AWS Lambda") ?? "", /AWS/);
  assert.match(foreignOrRetired("azure", "Azure Cache for Redis") ?? "", /retired/);
  assert.equal(foreignOrRetired("azure", "Sentry"), undefined);
  assert.equal(foreignOrRetired("cloudflare", "Queues"), undefined, "a name both clouds use is not foreign");
});

Deno.test("model plan: costs are repriced by the catalog, unknown products stay as model estimates", () => {
  const review = new ModelPlanReview(REQUEST);
  const out = plan().map((el) => review.review("openai", el));
  assert.equal(
    out.filter((x) => x === null).length,
    2,
    "Lambda on Cloudflare and the retired cache are dropped",
  );
  const costs = out.filter((x) => (x as Raw | null)?.type === "cost") as {
    platform: string;
    data: { monthlyUsd: number; items: { service: string; monthlyUsd: number }[] };
  }[];
  const cf = costs.find((c) => c.platform === "cloudflare")!.data;
  assert.ok(cf.items.some((i) => i.service === "Workers (Paid plan)"));
  assert.ok(!cf.items.some((i) => i.monthlyUsd === 999), "the model's own Workers figure is not trusted");
  assert.ok(!cf.items.some((i) => /Lambda/.test(i.service)));
  const az = costs.find((c) => c.platform === "competitor")!.data;
  assert.ok(az.items.some((i) => i.service === "Web PubSub"));
  assert.deepEqual(az.items.find((i) => i.service === "Sentry (model estimate)")?.monthlyUsd, 26);
  // The offline planner's elements pass untouched.
  const offline = new ModelPlanReview(REQUEST);
  for (const el of plan()) assert.equal(offline.review("offline", el), el);
});

Deno.test("model plan: over HTTP with a fake upstream, dropped services are counted and costs come from the catalog", async () => {
  const fake = startFakeUpstream("openai");
  const t = await makeTestApp({
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: "sk-test-secret-openai-0123456789",
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODEL: "gpt-fake-mini",
  });
  try {
    fake.enqueue({
      kind: "stream",
      deltas: splitDeltas(JSON.stringify({ elements: plan() }), 11),
      usage: { input: 1, output: 1 },
    });
    const res = await t.generate({
      appDescription: REQUEST.appDescription,
      persona: REQUEST.persona,
      scale: REQUEST.scale,
      constraints: REQUEST.constraints,
      competitors: [REQUEST.competitor],
      region: REQUEST.region,
    });
    const events = parseSse(await res.text()) as GenerationEvent[];
    const last = events.at(-1)!;
    assert.equal(last.type, "complete", JSON.stringify(last));
    if (last.type !== "complete") return;
    // 2 dropped nodes + the edge to the dropped Lambda node (never sent).
    assert.equal(last.dropped, 3);
    const names = events.flatMap((ev) => ev.type === "node" ? [ev.data.name] : []);
    assert.ok(!names.includes("AWS Lambda") && !names.includes("Azure Cache for Redis"));
    const costs = events.flatMap((ev) => ev.type === "cost" ? [ev] : []);
    assert.equal(costs.length, 2);
    assert.ok(costs[0].data.items.some((i) => i.service === "Durable Objects"));
    assert.ok(costs[1].data.items.some((i) => i.service === "Sentry (model estimate)"));
  } finally {
    await t.close();
    await fake.close();
  }
});
