/**
 * A third-party service priced the same everywhere (Supabase, Neon, Twilio…) costs the same on both plans
 * in every region: the competitor's regional list-price uplift applies to its own regional services only.
 */
import assert from "node:assert/strict";
import type { CostData, PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { type Competitor, REGIONS } from "../lib/protocol/request_schema.ts";

Deno.test("a kept Supabase costs the same on both plans in every region", () => {
  for (const region of REGIONS) {
    for (const competitor of ["Vercel", "AWS"] as Competitor[]) {
      const els: PlanElement[] = planArchitecture({
        appDescription: "Booking app for a tennis club, built on our existing Supabase project",
        persona: "Vibe Coder",
        scale: "Startup",
        constraints: [],
        competitor,
        region,
      }).elements;
      const line = (p: string) =>
        (els.find((e) => e.type === "cost" && e.platform === p) as { data: CostData }).data.items
          .find((i) => /Supabase/.test(i.service));
      const cf = line("cloudflare");
      const comp = line("competitor");
      assert.ok(cf && comp, `${competitor} ${region}: Supabase on both plans`);
      assert.equal(comp.monthlyUsd, cf.monthlyUsd, `${competitor} ${region}`);
    }
  }
});
