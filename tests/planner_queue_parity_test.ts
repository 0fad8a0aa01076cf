/**
 * A queue or a state-coordinating Durable Object in the Cloudflare plan is priced on the same workload as the
 * competitor's counterpart, whatever put it in the plan (a capability, a priority or a workload shape).
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { Competitor, Constraint } from "../lib/protocol/request_schema.ts";

function costs(appDescription: string, constraints: Constraint[], competitor: Competitor) {
  const els: PlanElement[] = planArchitecture({
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints,
    competitor,
    region: "London",
  }).elements;
  const of = (p: string) =>
    (els.find((e) => e.type === "cost" && e.platform === p) as { data: CostData }).data;
  return { cf: of("cloudflare"), comp: of("competitor") };
}
const messagesIn = (basis: string) => /\(([\d.]+[KMB]?) msgs/.exec(basis)?.[1];

Deno.test("a queue added for Scalability carries the competitor queue's messages on Cloudflare too", () => {
  const text = "Concert ticket resale site: fans list and buy tickets, bursts when a tour is announced";
  const { cf, comp } = costs(text, ["Scalability"], "AWS");
  const queues = cf.items.find((i) => i.service === "Queues");
  const sqs = comp.items.find((i) => i.service === "SQS");
  assert.ok(queues && sqs, "both plans have a queue");
  const cfMsgs = messagesIn(queues.basis);
  assert.ok(cfMsgs && cfMsgs !== "0", queues.basis);
  assert.ok(sqs.basis.includes(cfMsgs), `${queues.basis} | ${sqs.basis}`);
});

Deno.test("Durable Objects that keep state strongly consistent are billed for the app's writes", () => {
  const text = "Inventory ledger for our warehouses; every stock movement must be strongly consistent";
  const { cf } = costs(text, [], "GCP");
  const dobj = cf.items.find((i) => i.service === "Durable Objects");
  assert.ok(dobj, "a Durable Objects line");
  assert.match(dobj.basis, /state writes/, dobj.basis);
});
