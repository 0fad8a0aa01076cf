/**
 * Downloads are billed once: they leave through the plan's CDN (CloudFront, Cloud CDN, Front Door), which
 * bills the egress, so the bucket line bills none again (S3 → CloudFront and Azure origin → Front Door are
 * free); on Vercel, Blob downloads are Blob data transfer and not also Fast Data Transfer.
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { Competitor } from "../lib/protocol/request_schema.ts";

const TEXT = "Podcast network: listeners download about 3 million episodes a month; hosts upload MP3 files";

function competitorCosts(competitor: Competitor): CostData {
  const els: PlanElement[] = planArchitecture({
    appDescription: TEXT,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints: ["Cost Optimization"],
    competitor,
    region: "London",
  }).elements;
  return (els.find((e) => e.type === "cost" && e.platform === "competitor") as { data: CostData }).data;
}

Deno.test("downloads are billed once, at the CDN, on AWS, GCP and Azure", () => {
  for (
    const [competitor, store, cdn] of [["AWS", "S3", /CloudFront/], ["GCP", "Cloud Storage", /Cloud CDN/], [
      "Azure",
      "Blob Storage",
      /Front Door/,
    ]] as const
  ) {
    const costs = competitorCosts(competitor);
    const bucket = costs.items.find((i) => i.service.startsWith(store));
    assert.ok(bucket, `${competitor}: a ${store} line`);
    assert.match(bucket.basis, /downloads served through/, `${competitor}: ${bucket.basis}`);
    assert.ok(costs.items.some((i) => cdn.test(i.service)), `${competitor}: the CDN line bills the egress`);
  }
});

Deno.test("on Vercel, Blob downloads are Blob transfer and not also Fast Data Transfer", () => {
  const costs = competitorCosts("Vercel");
  const blob = costs.items.find((i) => i.service === "Vercel Blob");
  const cdn = costs.items.find((i) => i.service.startsWith("Vercel CDN"));
  assert.ok(blob && cdn);
  const transfer = /([\d.,]+ [GT]B) transfer/.exec(blob.basis)?.[1];
  assert.ok(transfer && !transfer.startsWith("0 "), blob.basis);
  assert.ok(!cdn.basis.includes(transfer), `${cdn.basis} bills ${transfer} again`);
});
