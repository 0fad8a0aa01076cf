import assert from "node:assert/strict";
import { planFor } from "./planner_fixtures.ts";
import type { PlanElement } from "../lib/protocol/events.ts";

/** A side's cost assumptions as text. */
function modelCost(els: PlanElement[], side: "cloudflare" | "competitor"): { assumptions: string } {
  const costs = els.filter((e) => e.platform === side && e.type === "cost");
  assert(costs.length > 0, `${side} has no cost`);
  return { assumptions: JSON.stringify(costs.map((e) => (e.data as { assumptions?: unknown }).assumptions)) };
}

Deno.test("a browser voice agent calls its LLM once per turn, on both platforms", () => {
  const text =
    "Customers talk to our support voice bot right in the web page over WebRTC, about 3,000 conversations a month.";
  for (const competitor of ["AWS", "GCP"] as const) {
    const els = planFor(text, competitor);
    for (const side of ["cloudflare", "competitor"] as const) {
      const { assumptions } = modelCost(els, side);
      // 3,000 conversations × 4 min × one turn per ≈25 s ≈ 30K LLM calls, not a handful per conversation.
      assert(/one call per spoken turn/.test(assumptions), `${competitor}/${side}: ${assumptions}`);
      assert(/30K LLM calls/.test(assumptions), `${competitor}/${side}: ${assumptions}`);
    }
  }
});

Deno.test("voice turns carry the growing context in their prompt tokens", () => {
  const els = planFor(
    "A voice assistant for our online shop: shoppers speak to it in the browser, about 800 conversations a month.",
    "AWS",
  );
  const { assumptions } = modelCost(els, "cloudflare");
  const m = assumptions.match(/LLM calls × (\d+)\/(\d+) tokens \(context grows/);
  if (m === null) throw new Error(assumptions);
  assert(Number(m[1]) > 1000 && Number(m[2]) < 300, assumptions);
});

Deno.test("a self-run SFU on GCP is sized by concurrent participants and bills its media egress", () => {
  const els = planFor(
    "Tutoring platform where teachers and students meet in WebRTC video rooms, roughly 20,000 lessons a month.",
    "GCP",
  );
  const sfu = els.flatMap((e) =>
    e.platform === "competitor" && e.type === "cost"
      ? e.data.items.filter((i) => /LiveKit/.test(i.service))
      : []
  );
  assert(sfu.length === 1, JSON.stringify(sfu));
  assert(/concurrent participants/.test(sfu[0].basis), sfu[0].basis);
  assert(/media egress .* internet egress/.test(sfu[0].basis), sfu[0].basis);
});

Deno.test("an AI agent answering phone calls is priced per spoken turn", () => {
  const els = planFor(
    "An LLM agent that answers the phone line of our hotel and takes bookings, roughly 1,500 calls a month.",
    "Azure",
  );
  for (const side of ["cloudflare", "competitor"] as const) {
    const { assumptions } = modelCost(els, side);
    assert(/one call per spoken turn.*15K LLM calls/.test(assumptions), `${side}: ${assumptions}`);
  }
});
