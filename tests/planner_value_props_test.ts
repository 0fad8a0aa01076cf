import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { COMPETITOR_CLOUD } from "../lib/planner/catalog/facts.ts";
import { MULTI_REGION, REGION_INFO } from "../lib/planner/catalog/regions.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { type Competitor, COMPETITORS, type NormalizedRequest } from "../lib/protocol/request_schema.ts";

const DESCRIPTIONS = [
  "Online store with accounts, product photos and a Postgres database",
  "Group chat with file uploads and push notifications",
  "RAG assistant over our PDFs for 800 employees with SSO",
  "Fast-paced UDP game servers with matchmaking",
];

const usd = (n: number) =>
  Number.isInteger(n)
    ? `$${n.toLocaleString("en-US")}`
    : `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

type Cost = Extract<PlanElement, { type: "cost" }>["data"];

/** How many of a competitor's regions a plan's text names. */
function regionsIn(text: string, competitor: Competitor): number {
  const cloud = COMPETITOR_CLOUD[competitor];
  const names = new Set([...Object.values(REGION_INFO).map((r) => r[cloud]), ...MULTI_REGION[cloud]]);
  return [...names].filter((name) => text.includes(name)).length;
}

function plan(appDescription: string, competitor: Competitor, scale: NormalizedRequest["scale"]) {
  const { elements } = planArchitecture({
    appDescription,
    persona: "CIO/CTO",
    scale,
    constraints: ["Cost Optimization", "Global Performance", "Enterprise Security"],
    competitor,
    region: "Tokyo",
  });
  const cost = (p: string) => elements.find((e) => e.type === "cost" && e.platform === p)!.data as Cost;
  const text = (p: string) =>
    elements.flatMap((e) =>
      e.type === "node" && e.platform === p ? [`${e.data.name} ${e.data.subtitle}`] : []
    ).join(
      "\n",
    );
  const props = elements.flatMap((e) => e.type === "priority_value_prop" ? [e.data] : []);
  return {
    cf: cost("cloudflare"),
    comp: cost("competitor"),
    cfText: text("cloudflare"),
    compText: text("competitor"),
    props,
  };
}

for (const competitor of COMPETITORS) {
  Deno.test(`value props: every sampled claim is derivable from the two plans (${competitor})`, () => {
    for (const desc of DESCRIPTIONS) {
      for (const scale of ["Startup", "Global"] as const) {
        const p = plan(desc, competitor, scale);
        const label = `${competitor}/${scale}: ${desc}`;
        const cost = p.props.find((v) => v.constraint === "Cost Optimization")!;
        // Totals quoted are the plans' totals; the percentage is computed from them.
        assert.ok(cost.description.includes(`${usd(p.cf.monthlyUsd)}/month on Cloudflare`), label);
        assert.ok(cost.description.includes(`${usd(p.comp.monthlyUsd)}/month on`), label);
        if (p.comp.monthlyUsd >= p.cf.monthlyUsd) {
          const pct = Math.round(((p.comp.monthlyUsd - p.cf.monthlyUsd) / p.comp.monthlyUsd) * 100);
          assert.match(cost.title, new RegExp(`^${pct}% lower`), label);
        }
        const cdn = cost.description.match(/; (.+?) bills (\$[\d,.]+)\/month for the same traffic/);
        if (cdn) {
          const line = p.comp.items.find((i) => i.service === cdn[1]);
          assert.ok(line, `${label}: ${cdn[1]} is a cost line`);
          assert.equal(usd(line.monthlyUsd), cdn[2], label);
        }
        // The region claim matches the competitor plan: several regions are never called "one region".
        const global = p.props.find((v) => v.constraint === "Global Performance")!;
        const many = regionsIn(p.compText, competitor) > 1;
        if (many) assert.doesNotMatch(global.title, /not one region/, label);
        for (const region of global.description.match(/\b[a-z]{2}-[a-z]+-\d\b/g) ?? []) {
          assert.ok(p.compText.includes(region), `${label}: ${region} is in the competitor plan`);
        }
        if (/D1 read replicas/.test(global.description)) assert.match(p.cfText, /\bD1\b/, label);
        if (/Durable Objects/.test(global.description)) assert.match(p.cfText, /Durable Objects/, label);
        // The security figures are the sums of the named cost lines.
        const sec = p.props.find((v) => v.constraint === "Enterprise Security")!;
        const m = sec.description.match(
          /Security lines here: (\$[\d,.]+)\/month on Cloudflare vs (\$[\d,.]+)\/month on [^(.]+(?:\((.+)\))?\./,
        );
        assert.ok(m, `${label}: ${sec.description}`);
        const named = (m[3] ?? "").split(", ").filter(Boolean);
        for (const name of named) {
          assert.ok(p.comp.items.some((i) => i.service === name), `${label}: ${name}`);
        }
        const sum = p.comp.items.filter((i) => named.includes(i.service)).reduce(
          (s, i) => s + i.monthlyUsd,
          0,
        );
        assert.equal(usd(Math.round(sum * 100) / 100), m[2], label);
      }
    }
  });
}

Deno.test("value props: wrangler dev only names services the Cloudflare plan has", () => {
  const { elements } = planArchitecture({
    appDescription: "A static marketing site",
    persona: "Vibe Coder",
    scale: "Startup",
    constraints: ["Developer Velocity"],
    competitor: "Vercel",
    region: "Global",
  });
  const dv = elements.find((e) => e.type === "priority_value_prop")!;
  const local = dv.type === "priority_value_prop"
    ? dv.data.description.match(/`wrangler dev` runs (.+?) locally/)![1]
    : "";
  const cfText =
    elements.flatMap((e) =>
      e.type === "node" && e.platform === "cloudflare" ? [`${e.data.name} ${e.data.subtitle}`] : []
    ).join("\n") + elements.flatMap((e) =>
      e.type === "cost" && e.platform === "cloudflare"
        ? e.data.items.map((i) => i.service)
        : []
    ).join("\n");
  for (const name of local.split(/, | and /)) {
    assert.ok(cfText.includes(name.replace(/^KV$/, "Workers KV")), name);
  }
  assert.doesNotMatch(local, /D1|Queues/);
});
