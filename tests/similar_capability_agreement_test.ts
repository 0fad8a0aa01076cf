import assert from "node:assert/strict";
import type { StartEvent } from "../lib/protocol/events.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { capabilitiesAgree, capabilityDisagreements } from "../lib/semantic/capability_agreement.ts";
import { decisiveCapabilities } from "../lib/planner/decisive_capabilities.ts";
import { cosine } from "../lib/semantic/embeddings/mod.ts";
import { parseArgs, planGate } from "../tasks/eval_similarity.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

// Written for these tests (not from the evaluation sets).
const PAID = {
  appDescription:
    "Online booking for a pottery studio: members reserve wheel time, buy class packs and get email reminders",
  competitors: ["AWS"],
};
const UNPAID = {
  appDescription:
    "Online booking for a pottery studio: members reserve wheel time and get email reminders, " +
    "without any payments, class packs are sold at the front desk",
  competitors: ["AWS"],
};
const PAID_AGAIN = {
  appDescription:
    "Online booking for a pottery studio: members book wheel time, buy class packs and get reminders by email",
  competitors: ["AWS"],
};
const CHESS_FREE =
  "Membership site for a chess club: members see the tournament calendar, results and club news, no payments";
const CHESS_DUES =
  "Membership site for a chess club: members see the tournament calendar, results and club news " +
  "and pay their yearly dues online";

const request = (appDescription: string) =>
  parseGenerationBody({ appDescription, competitors: ["AWS"] }).request;
const stances = (appDescription: string) => decisiveCapabilities(request(appDescription));

Deno.test("decisive capabilities: asked, refused by a negation, or only hinted at", () => {
  assert.deepEqual(stances(PAID.appDescription), { payments: "asked" });
  assert.deepEqual(stances(UNPAID.appDescription), { payments: "refused" });
  assert.equal(stances("Quiz app for a pub, and we don't need offline: the bar has wifi").offline, "refused");
  assert.equal(stances("Trail map for hikers that works offline in the mountains").offline, "asked");
  assert.equal(stances("Inspection checklists for roofers, used on roofs without signal").offline, "asked");
  assert.equal(
    stances("Help desk for our tenants' IT questions answered by an LLM from our runbooks").ai,
    "asked",
  );
  assert.equal(stances("Help desk for our IT questions, no AI, staff answer every ticket").ai, "refused");
  // Paid in person is no payment in the system.
  assert.notEqual(stances("Campsite reservations on a map; guests pay cash on arrival").payments, "asked");
  // A word that may mean it (a fare) is a hint, not a request.
  assert.equal(stances("Bike hire by the hour with per-ride fares shown in the app").payments, "unclear");
  // A terse description says nothing by leaving a capability out.
  assert.deepEqual(stances("pottery studio booking site"), {
    payments: "unclear",
    ai: "unclear",
    video: "unclear",
    offline: "unclear",
    collaboration: "unclear",
    multi_tenant: "unclear",
  });
});

Deno.test("capability agreement: asked against refused or unnamed disagrees; hints and refusals agree", () => {
  assert.deepEqual(capabilityDisagreements({ payments: "asked" }, { payments: "refused" }), ["payments"]);
  assert.deepEqual(capabilityDisagreements({ ai: "asked" }, {}), ["ai"]);
  assert.deepEqual(capabilityDisagreements({}, { offline: "asked" }), ["offline"], "symmetric");
  assert.equal(capabilitiesAgree({ payments: "asked" }, { payments: "unclear" }), true);
  assert.equal(capabilitiesAgree({ payments: "refused" }, {}), true, "neither asks");
  assert.equal(capabilitiesAgree({ video: "asked", ai: "asked" }, { video: "asked", ai: "asked" }), true);
});

Deno.test("eval: the capability gate refuses what the cosine and the plans let through (--no-capability-gate)", () => {
  const [free, dues] = [request(CHESS_FREE), request(CHESS_DUES)];
  assert.equal(planGate(undefined, true, false)(free, dues), true, "the plans agree without the gate");
  assert.equal(planGate()(free, dues), false);
  assert.equal(planGate()(dues, free), false, "either side asking");
});

Deno.test("similar answers: a booking site without payments is not served the one that takes them", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const first = await t.generate(PAID);
    assert.equal(first.status, 200);
    const [start] = await readEvents(first);
    await t.settled();
    const similar = t.services.similar;
    const score = async (b: { appDescription: string }) =>
      cosine(await similar.vectorOf(PAID), await similar.vectorOf(b));
    // The embedder and the plans put them together: only the refused payments tell them apart.
    assert.ok((await score(UNPAID)) >= similar.threshold, String(await score(UNPAID)));
    const refused = await t.generate(UNPAID);
    assert.equal(refused.status, 429);
    assert.equal((await refused.json()).error.code, "budget_exhausted");
    // The same paid booking in other words is still answered from the store.
    const served = await t.generate(PAID_AGAIN);
    assert.equal(served.status, 200);
    const again = (await readEvents(served))[0] as StartEvent;
    assert.equal(again.source, "similar");
    assert.equal(again.id, (start as StartEvent).id);
  } finally {
    await t.close();
  }
});

Deno.test("eval: --no-capability-gate leaves the gate out, the other gates stay", () => {
  const on = parseArgs(["pairs.jsonl"]);
  assert.equal(on.capabilityGate, true);
  const off = parseArgs(["pairs.jsonl", "--no-capability-gate"]);
  assert.deepEqual([off.capabilityGate, off.figureGate, off.gate], [false, true, true]);
});
