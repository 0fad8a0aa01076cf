import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { readTeamSize } from "../lib/planner/figure_team.ts";
import { unmatchedRoles } from "../lib/planner/costs/cost_roles.ts";
import type { CostItem } from "../lib/planner/context.ts";

type Cost = Extract<PlanElement, { type: "cost" }>["data"];
type Competitor = "AWS" | "GCP" | "Azure" | "Vercel";

function costs(appDescription: string, competitor: Competitor, scale = "Growth"): [Cost, Cost] {
  const { elements } = planArchitecture({
    appDescription,
    persona: "CIO/CTO",
    scale: scale as "Growth",
    constraints: ["Cost Optimization"],
    competitor,
    region: "Frankfurt",
  });
  const cost = (p: string) => elements.find((e) => e.type === "cost" && e.platform === p)!.data as Cost;
  return [cost("cloudflare"), cost("competitor")];
}

const BATCH = /Batch|Cloud Run jobs/;
const vcpu = (i: CostItem) => i.monthlyUsd > 0 && /\bvCPU-h\b/.test(i.basis);
const hours = (i: CostItem) => Number(i.basis.match(/([\d.]+K?) (?:job )?vCPU-h/)![1].replace("K", "e3"));

Deno.test("job parity: a batch job billed per vCPU-hour on the competitor is billed on Cloudflare too", () => {
  const jobs = [
    [
      "Nightly we re-score every customer's churn risk in a scheduled batch job and write the results to a bucket",
      "GCP",
    ],
    ["Once a month a job recalculates commissions for all sales reps and emails a PDF", "GCP"],
    ["Every Sunday a risk simulation runs for 6 hours on 64 cores and writes its results to a bucket", "AWS"],
  ] as const;
  for (const [text, competitor] of jobs) {
    const [cf, comp] = costs(text, competitor, "Enterprise");
    const batch = comp.items.find((i) => BATCH.test(i.service) && vcpu(i));
    assert.ok(
      batch,
      `${competitor}: the competitor runs the job on a batch service (${comp.items.map((i) => i.service)})`,
    );
    const line = cf.items.find(vcpu);
    assert.ok(
      line,
      `${competitor}: Cloudflare bills the job's vCPU-hours (${cf.items.map((i) => i.service)})`,
    );
    assert.equal(hours(line!), hours(batch!), `${competitor}: the same vCPU-hours on both plans`);
    assert.match(cf.assumptions, /vCPU-hours\/month/, "the job hours are said in the assumptions");
    assert.match(comp.assumptions, /vCPU-hours\/month/);
  }
});

Deno.test("role parity: rehosted VMs are matched by the Cloudflare line that runs the same servers", () => {
  const vm = (service: string): CostItem => ({ service, monthlyUsd: 120, basis: "1460 instance-h × $0.08" });
  const origin: CostItem = {
    service: "Existing origin (your servers)",
    monthlyUsd: 119,
    basis: "1460 server-h",
  };
  const servers = (a: CostItem[], b: CostItem[]) =>
    unmatchedRoles(a, b).filter((g) => g.role === "game and UDP servers");
  assert.deepEqual(servers([vm("Virtual Machines")], [origin]), []);
  assert.deepEqual(servers([vm("EC2 worker nodes")], [{ ...origin, service: "Containers" }]), []);
  // With nothing that runs the servers on the other side, the gap is still counted.
  assert.equal(servers([vm("Compute Engine VMs")], [{ ...origin, service: "Workers KV" }]).length, 1);
  // A Firehose feeding Athena is the event-analytics sink, not a message bus.
  const sink: CostItem = { service: "Data Firehose + Athena", monthlyUsd: 25, basis: "500 GB" };
  const ae: CostItem = { service: "Workers Analytics Engine", monthlyUsd: 20, basis: "data points" };
  assert.deepEqual(unmatchedRoles([sink], [ae]), []);
});

Deno.test("Vercel seats: the team the description counts sets the Pro seats, else the tier default", () => {
  assert.equal(readTeamSize("We are a 9-person startup team building an invoicing tool")?.seats, 9);
  assert.equal(readTeamSize("our agency dev team of 4 ships client sites")?.seats, 4);
  assert.equal(readTeamSize("we're two developers shipping a habit tracker")?.seats, 2);
  assert.equal(readTeamSize("A booking app for 40 salons with 3,000 stylists"), undefined);
  // A team that does not deploy, or developers who are the product's audience, buy no seats.
  assert.equal(readTeamSize("a 25-person support team answers the tickets"), undefined);
  assert.equal(readTeamSize("a team of 40 agents handles the calls"), undefined);
  assert.equal(readTeamSize("an SDK portal used by 12,500 developers"), undefined);
  const [, team] = costs(
    "Next.js habit tracker, we're two developers, about 30k users",
    "Vercel",
    "Enterprise",
  );
  const seats = team.items.find((i) => i.service === "Vercel Pro seats")!;
  assert.equal(seats.monthlyUsd, 40, seats.basis);
  assert.match(team.assumptions, /2 developer seat\(s\) \(read: "we're two developers"\)/);
  const [, tier] = costs("Next.js habit tracker, about 30k users", "Vercel", "Enterprise");
  assert.match(tier.assumptions, /developer seat\(s\) \(tier default, assumed\)/);
});

Deno.test("per-unit counts: items per container × the containers' count", () => {
  const cases: [string, "devices" | "documents" | "staff", number][] = [
    ["Ticketing for a cinema chain: 85 cinemas, each cinema has 6 kiosks that print tickets", "devices", 510],
    ["Inventory app for 14 depots with 25 handheld scanners per depot syncing stock counts", "devices", 350],
    [
      "Ordering system for 220 cafés: the counter tablets (about 3 per café) show queued orders",
      "devices",
      660,
    ],
    ["Kanban boards: about 12k boards, 80 cards per board, comments and checklists", "documents", 960_000],
    ["Our 75 pharmacies each run 2 tills that report sales every minute", "devices", 150],
    ["Rota app for 30 veterinary practices, each practice has 6 receptionists who sign in", "staff", 180],
  ];
  for (const [text, slot, want] of cases) {
    const n = readNumbers(text);
    assert.equal(n[slot], want, `${text}: ${JSON.stringify(n)}`);
    assert.ok(n.read.some((r) => r.includes(`= ${want}`)), `said as read: ${n.read}`);
  }
  // A rate is not a container: "4 readings per minute" multiplies nothing.
  assert.equal(readNumbers("30 sensors, 4 readings per minute each").devices, 30);
});

Deno.test("per-unit counts drive the devices both plans price", () => {
  const text =
    "Telemetry for 90 filling stations, each station has 5 pump controllers reporting every minute";
  for (const competitor of ["AWS", "Azure"] as const) {
    const [cf, comp] = costs(text, competitor);
    for (const c of [cf, comp]) assert.match(c.assumptions, /450 devices/, c.assumptions);
  }
});

Deno.test("live connections: a real-time system's WebSocket messages are priced on both plans", () => {
  // Worded without the usual real-time capability words: the workload is still live updates over WebSockets.
  const text =
    "Departure boards for 60 bus depots over WebSockets: each depot has 8 screens that show delays";
  let checked = 0;
  for (const competitor of ["AWS", "Azure", "GCP"] as const) {
    const [cf, comp] = costs(text, competitor);
    const dobj = cf.items.find((i) => i.service === "Durable Objects");
    if (!dobj) continue;
    checked++;
    assert.doesNotMatch(dobj.basis, /\(0 WS msgs ÷ 20 \+ 0 connects/, `${competitor}: ${dobj.basis}`);
    for (const c of [cf, comp]) assert.match(c.assumptions, /480 devices connected/, c.assumptions);
  }
  assert.ok(checked > 0, "the Cloudflare plan keeps the rooms in Durable Objects");
});

Deno.test("live connections: screens of a real-time system hold one connection each, sensors do not", () => {
  const screens = readNumbers("Departure boards for 60 bus depots: each depot has 8 screens");
  assert.equal(screens.devices, 480);
  const [, azure] = costs(
    "Live departure boards over WebSockets for 60 bus depots, each depot has 8 screens",
    "Azure",
  );
  const pubsub = azure.items.find((i) => i.service === "Web PubSub");
  assert.ok(pubsub, azure.items.map((i) => i.service).join(", "));
  assert.match(pubsub!.basis, /\b240 avg connections/, pubsub!.basis);
  const sensors = "Soil sensors on 40 farms, each farm has 25 probes reporting every 10 minutes, live charts";
  const [cf] = costs(sensors, "Azure");
  assert.match(cf.assumptions, /1000 devices/, cf.assumptions);
  assert.doesNotMatch(
    cf.assumptions,
    /devices connected/,
    "sensors report readings, they are no live clients",
  );
});

Deno.test("region parity: a model endpoint runs in every region served on both plans", () => {
  const text =
    "We trained a gradient-boosted fraud model on our card data; serve it as a scoring API to shops worldwide";
  for (const competitor of ["GCP", "AWS", "Azure"] as const) {
    const [cf, comp] = costs(text, competitor, "Global");
    const endpoint = (c: Cost) =>
      c.items.find((i) => /endpoint/i.test(i.service) && / instance-h\b/.test(i.basis));
    const a = endpoint(cf), b = endpoint(comp);
    assert.ok(a && b, `${competitor}: both plans serve the model (${cf.items.map((i) => i.service)})`);
    const h = (i: CostItem) => i.basis.match(/([\d.]+K?) instance-h/)![1];
    assert.equal(h(a!), h(b!), `${competitor}: ${a!.basis} vs ${b!.basis}`);
    assert.match(cf.assumptions, /instance in each of the \d regions served/, cf.assumptions);
  }
});
