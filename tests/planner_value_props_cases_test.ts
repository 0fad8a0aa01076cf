import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { CONSTRAINTS } from "../lib/protocol/request_schema.ts";
import { parseCases } from "../tasks/eval_planner.ts";
import { planServices } from "../lib/planner/plan_services.ts";
import { isUnseen } from "./planner_fixtures.ts";

// Every claim a value proposition makes must follow from the two plans beside it, on every case of the eval
// files the planner may be tuned on (each run with all five constraints, so every proposition is written).
const FILES = [...Deno.readDirSync(new URL("../eval/", import.meta.url))]
  .map((e) => e.name)
  .filter((n) => /^planner_cases.*\.jsonl$/.test(n) && !n.includes("holdout7") && !isUnseen(n))
  .sort();

/** Region names as the plans write them: "ap-south-1", "asia-south1", "Germany West Central", "UK South". */
const REGION =
  /\b[a-z]{2}-[a-z]+-\d\b|\b(?:asia|europe|us|me|africa|australia|northamerica|southamerica)-[a-z]+\d\b|\b(?:(?:East|West|North|South|Central|Southeast|Northeast) (?:US|Europe|Asia|India|Japan|Australia)(?: \d)?|(?:Germany|UK|Japan|Australia|Korea|India|Brazil|Canada|France|Switzerland|UAE|Qatar|Sweden|Norway|Poland|Italy|Spain|South Africa) (?:West Central|North|South|East|West|Central))\b/g;

type Cost = Extract<PlanElement, { type: "cost" }>["data"];

const usd = (n: number) =>
  Number.isInteger(n)
    ? `$${n.toLocaleString("en-US")}`
    : `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const sum = (items: Cost["items"]) => Math.round(items.reduce((s, i) => s + i.monthlyUsd, 0) * 100) / 100;

/** The claims of one plan that fail to follow from its two priced designs. */
function misfits(elements: PlanElement[]): string[] {
  const cost = (p: string) => elements.find((e) => e.type === "cost" && e.platform === p)!.data as Cost;
  const cf = cost("cloudflare"), comp = cost("competitor");
  const compText = elements.flatMap((e) =>
    e.type === "node" && e.platform === "competitor" ? [`${e.data.name} ${e.data.subtitle}`] : []
  ).join("\n");
  const props = elements.flatMap((e) => e.type === "priority_value_prop" ? [e.data] : []);
  const bad: string[] = [];
  const check = (ok: boolean, what: string) => ok || bad.push(what);
  for (const p of props) {
    const text = `${p.title} ${p.description}`;
    if (p.constraint === "Cost Optimization") {
      check(p.description.includes(`${usd(cf.monthlyUsd)}/month on Cloudflare`), "cf total");
      check(p.description.includes(`${usd(comp.monthlyUsd)}/month on`), "competitor total");
      const pct = comp.monthlyUsd > 0
        ? Math.round(((comp.monthlyUsd - cf.monthlyUsd) / comp.monthlyUsd) * 100)
        : 0;
      if (comp.monthlyUsd >= cf.monthlyUsd) check(p.title.startsWith(`${pct}% lower`), `pct ${pct}`);
      const gap = p.description.match(/Most of the gap is (.+?) \((\$[\d,.]+)\/month/);
      if (gap) {
        const line = comp.items.find((i) => i.service === gap[1]);
        check(line !== undefined && usd(line.monthlyUsd) === gap[2], `gap line ${gap[1]}`);
      }
      const more = p.description.match(/mostly (.+?) \((\$[\d,.]+)\)/);
      if (more) {
        const line = cf.items.find((i) => i.service === more[1]);
        check(line !== undefined && usd(line.monthlyUsd) === more[2], `biggest cf line ${more[1]}`);
      }
      const egress = p.description.match(/\$0 egress on R2 vs [^ ]+ on (.+?): saves/);
      if (egress) {
        check(cf.items.some((i) => i.service === "R2"), "R2 egress claim without R2");
        check(comp.items.some((i) => i.service.startsWith(egress[1])), `storage claim: ${egress[1]}`);
      }
      const cdn = p.description.match(
        /CDN bandwidth and requests; (.+?) bills (\$[\d,.]+)\/month for the same traffic/,
      );
      if (cdn) {
        const line = comp.items.find((i) => i.service === cdn[1]);
        check(line !== undefined && usd(line.monthlyUsd) === cdn[2], `cdn line ${cdn[1]}`);
      }
    }
    if (p.constraint === "Global Performance") {
      const regions = [...text.matchAll(/\b[a-z]{2}-[a-z]+-\d\b/g)].map((m) => m[0]);
      for (const r of regions) check(compText.includes(r), `region ${r} not in the competitor plan`);
      const n = p.title.match(/not (\d+) regions/);
      const listed = p.description.match(/nearest of (\d+) regions/);
      if (n && listed) check(n[1] === listed[1], "region counts differ");
      const inPlan = new Set([...compText.matchAll(REGION)].map((m) => m[0]));
      if (/not one region/.test(p.title)) check(inPlan.size <= 1, `one region vs ${[...inPlan].join(", ")}`);
      if (n) check(Number(n[1]) >= inPlan.size, `${n[1]} regions vs ${[...inPlan].join(", ")}`);
    }
    if (p.constraint === "Enterprise Security") {
      const m = p.description.match(
        /Security lines here: (\$[\d,.]+)\/month on Cloudflare vs (\$[\d,.]+)\/month on [^(.]+(?:\((.+)\))?\./,
      );
      check(m !== null, "security sentence");
      if (m) {
        const named = (m[3] ?? "").split(", ").filter(Boolean);
        for (const name of named) check(comp.items.some((i) => i.service === name), `security ${name}`);
        check(usd(sum(comp.items.filter((i) => named.includes(i.service)))) === m[2], "security sum");
      }
      const access = p.description.match(/then about \$[\d.]+\/user: (\$[\d,.]+)\/month for/);
      const line = cf.items.find((i) => i.service === "Access (Zero Trust)");
      if (access && line) check(usd(line.monthlyUsd) === access[1], "Access seats vs its cost line");
    }
    if (p.constraint === "Developer Velocity") {
      const m = p.description.match(/^(\d+) Cloudflare services .*? vs (\d+) /);
      check(m !== null, "service counts");
      if (m) {
        check(Number(m[1]) === planServices(cf.items).length, `${m[1]} Cloudflare services`);
        check(Number(m[2]) === planServices(comp.items).length, `${m[2]} competitor services`);
      }
    }
    if (p.constraint === "Scalability" || p.constraint === "Cost Optimization") {
      const req = text.match(/\((\d[\d.,]*[KMB]?) requests/);
      const stated = cf.assumptions.match(/(\d[\d.,]*[KMB]?) requests\/month at/);
      if (req && stated) check(req[1] === stated[1], `requests ${req[1]} vs ${stated[1]}`);
    }
  }
  return bad;
}

for (const file of FILES) {
  Deno.test(`value props: every claim follows from the two plans (${file})`, () => {
    const cases = parseCases(Deno.readTextFileSync(new URL(`../eval/${file}`, import.meta.url)));
    const failures: string[] = [];
    for (const c of cases) {
      const { elements } = planArchitecture({ ...c.request, constraints: [...CONSTRAINTS] });
      for (const what of misfits(elements)) failures.push(`${c.id}: ${what}`);
    }
    assert.deepEqual(failures, []);
  });
}
