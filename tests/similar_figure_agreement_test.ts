import assert from "node:assert/strict";
import type { StartEvent } from "../lib/protocol/events.ts";
import { FIGURE_AGREEMENT_MAX_RATIO, figuresAgree } from "../lib/semantic/figure_agreement.ts";
import { statedFigures } from "../lib/planner/stated_figures.ts";
import { cosine } from "../lib/semantic/embeddings/mod.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

// Written for these tests (not from the evaluation sets).
const BIG = {
  appDescription: "Leave and shift planning portal for our 12,000 nurses across the hospital group",
  competitors: ["Azure"],
};
const SMALL = {
  appDescription: "Leave and shift planning portal for our 80 nurses at the clinic",
  competitors: ["Azure"],
};
const SAME_SIZE = {
  appDescription: "portal where our 12k nurses plan shifts and request leave, for the whole hospital group",
  competitors: ["Azure"],
};

Deno.test("stated figures: read as the planner reads them, by kind", () => {
  assert.deepEqual(statedFigures(BIG.appDescription), { staff: 12_000 });
  assert.deepEqual(statedFigures("a leaderboard for 3k players"), { users: 3_000 });
  // Cadences and retention are not sizes.
  assert.deepEqual(statedFigures("a nightly export kept for 90 days"), {});
});

Deno.test("stated figures: one kind more than 10× apart disagrees; within it, or stated once, agrees", () => {
  assert.equal(FIGURE_AGREEMENT_MAX_RATIO, 10);
  assert.equal(figuresAgree({ staff: 12_000 }, { staff: 80 }), false);
  assert.equal(figuresAgree({ staff: 80 }, { staff: 12_000 }), false, "symmetric");
  assert.equal(figuresAgree({ staff: 12_000 }, { staff: 2_000 }), true, "6× is the same size class");
  assert.equal(figuresAgree({ staff: 12_000 }, {}), true, "a figure one side leaves out");
  assert.equal(figuresAgree({ staff: 12_000 }, { users: 80 }), true, "different kinds are not compared");
  assert.equal(figuresAgree({ users: 500, devices: 10 }, { users: 400, devices: 5_000 }), false);
});

Deno.test("similar answers: the same app at a hundredth of the size is not served the stored answer", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const first = await t.generate(BIG);
    assert.equal(first.status, 200);
    const [start] = await readEvents(first);
    await t.settled();
    const similar = t.services.similar;
    const score = async (b: { appDescription: string }) =>
      cosine(await similar.vectorOf(BIG), await similar.vectorOf(b));
    // The embedder puts the smaller clinic above the threshold: only the figures tell them apart.
    assert.ok((await score(SMALL)) >= similar.threshold, String(await score(SMALL)));
    const refused = await t.generate(SMALL);
    assert.equal(refused.status, 429);
    assert.equal((await refused.json()).error.code, "budget_exhausted");
    // The same size in other words is still answered from the store.
    assert.ok((await score(SAME_SIZE)) >= similar.threshold, String(await score(SAME_SIZE)));
    const served = await t.generate(SAME_SIZE);
    assert.equal(served.status, 200);
    const again = (await readEvents(served))[0] as StartEvent;
    assert.equal(again.source, "similar");
    assert.equal(again.id, (start as StartEvent).id);
  } finally {
    await t.close();
  }
});
