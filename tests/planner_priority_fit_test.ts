/**
 * Priorities change the design where they fit the request: Global Performance adds a second compute region
 * where another part of the audience is (not a default region on another continent), and Scalability puts
 * a queue only in front of writes that come in bursts (a read-mostly site gets compute sized for peaks).
 */
import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { Competitor, Constraint, NormalizedRequest, Region } from "../lib/protocol/request_schema.ts";

function plan(appDescription: string, constraints: Constraint[], competitor: Competitor, region: Region) {
  const request: NormalizedRequest = {
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints,
    competitor,
    region,
  };
  return planArchitecture(request).elements;
}
const nodeText = (els: PlanElement[], platform: string) =>
  els.filter((e) => e.type === "node" && e.platform === platform)
    .map((e) => `${(e.data as { name: string }).name} | ${(e.data as { subtitle?: string }).subtitle ?? ""}`)
    .join("\n");

Deno.test("Global Performance: an audience on one continent is served from its region, not a far second one", () => {
  const cases: Array<[string, Competitor, Region, RegExp]> = [
    [
      "Recipe sharing site for home cooks across Brazil and a few in Paraguay",
      "GCP",
      "São Paulo",
      /us-central1/,
    ],
    ["Ticketing for concerts in Germany, Austria and Switzerland", "AWS", "Frankfurt", /us-east-1/],
    ["Tutoring marketplace for students all over India", "Azure", "Mumbai", /East US|West Europe/],
  ];
  for (const [text, competitor, region, far] of cases) {
    const comp = nodeText(plan(text, ["Global Performance"], competitor, region), "competitor");
    assert.doesNotMatch(comp, far, `${text}:\n${comp}`);
  }
});

Deno.test("Global Performance: a second region goes where the description puts more of the audience", () => {
  const comp = nodeText(
    plan(
      "Booking app for yoga studios; most customers in the US, a growing share in Europe",
      [
        "Global Performance",
      ],
      "AWS",
      "N. Virginia",
    ),
    "competitor",
  );
  assert.match(comp, /us-east-1 \+ eu-west-1/, comp);
});

Deno.test("Scalability: a queue only in front of bursty writes; read-mostly sites get compute sized for peaks", () => {
  for (const competitor of ["AWS", "GCP", "Azure", "Vercel"] as Competitor[]) {
    const readMostly = plan(
      "A documentation portal with full-text search for our developer community",
      ["Scalability"],
      competitor,
      "London",
    );
    for (const platform of ["cloudflare", "competitor"]) {
      const nodes = nodeText(readMostly, platform);
      assert.doesNotMatch(nodes, /buffers write spikes/, `${competitor} ${platform}:\n${nodes}`);
      assert.match(
        nodes,
        /peaks|capacity to plan|concurrency|autoscale/,
        `${competitor} ${platform}:\n${nodes}`,
      );
    }
    const bursty = plan(
      "Flash-sale shop: 50k orders in the first ten minutes of each drop",
      ["Scalability"],
      competitor,
      "London",
    );
    assert.match(nodeText(bursty, "cloudflare"), /buffers write spikes/, competitor);
  }
});
