import assert from "node:assert/strict";
import type { GenerationEvent, PlanElement, StartEvent } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { cosine } from "../lib/semantic/embeddings/mod.ts";
import {
  jaccard,
  PLAN_AGREEMENT_MIN_JACCARD,
  PLAN_AGREEMENT_WAIVED_FROM,
  planGateApplies,
  planNamesOf,
  planOverlap,
  planReadingOf,
  plansAgree,
  rememberingReplan,
} from "../lib/semantic/plan_agreement.ts";
import { SimilarSearch } from "../lib/semantic/similar_search.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

// Written for these tests (not from the evaluation sets).
const BLOG = { appDescription: "Recipe blog with a search box and user comments", competitors: ["AWS"] };
const BLOG_PARAPHRASE = {
  appDescription: "a cooking blog where visitors search recipes and leave comments",
  competitors: ["AWS"],
};
const CHAT = { appDescription: "A real-time chat app for remote teams", competitors: ["AWS"] };
// Video calls need media relays the stored chat answer does not have: another architecture.
const CHAT_WITH_CALLS = {
  appDescription: "A real-time chat app for remote teams with video calls",
  competitors: ["AWS"],
};

// A paraphrase the embedder puts above the waiver, which the planner reads as another design (stock alerts).
const BIKE_SHOP = {
  appDescription:
    "Inventory tracker for a small bike shop: parts, stock levels and reorder alerts when something runs low",
  competitors: ["AWS"],
};
const BIKE_SHOP_PARAPHRASE = {
  appDescription:
    "Bike shop inventory tool tracking parts and stock, alerting staff to reorder when levels get low",
  competitors: ["AWS"],
};
// Two apps of a music school the planner reads nothing in (Spanish): both get its default plan.
const LESSONS = {
  appDescription:
    "Plataforma para una escuela de música: los alumnos reservan clases y los profesores ven su agenda",
  competitors: ["AWS"],
};
const SHEET_MUSIC_SHOP = {
  appDescription: "Plataforma para una escuela de música que vende partituras en línea con envío a domicilio",
  competitors: ["AWS"],
};

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

async function generateOk(t: TestApp, body: unknown): Promise<GenerationEvent[]> {
  const res = await t.generate(body);
  assert.equal(res.status, 200, await res.clone().text());
  const events = await readEvents(res);
  await t.settled(); // its vector is indexed once the stream has ended
  return events;
}

async function cosineOf(t: TestApp, a: { appDescription: string }, b: { appDescription: string }) {
  return cosine(await t.services.similar.vectorOf(a), await t.services.similar.vectorOf(b));
}

Deno.test("plan agreement: a paraphrase below the cosine-only threshold is served, its plan agreeing", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const original = await generateOk(t, BLOG);
    const score = await cosineOf(t, BLOG, BLOG_PARAPHRASE);
    // Between the gated threshold and the cosine alone's 0.885: found only with the gate's calibration.
    assert.ok(score >= t.services.similar.threshold && score < 0.885, String(score));
    const res = await t.generate(BLOG_PARAPHRASE);
    assert.equal(res.status, 200);
    const start = (await readEvents(res))[0] as StartEvent;
    assert.equal(start.source, "similar");
    assert.equal(start.id, (original[0] as StartEvent).id);
    assert.equal(start.matchedRequest?.appDescription, BLOG.appDescription);
  } finally {
    await t.close();
  }
});

Deno.test("plan agreement: another app above the threshold is refused when its plan differs", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    await generateOk(t, CHAT);
    // The embedder puts them close (above even the cosine alone's 0.885)…
    assert.ok((await cosineOf(t, CHAT, CHAT_WITH_CALLS)) >= Math.max(0.885, t.services.similar.threshold));
    // …but the planner draws another architecture, so the 429 stands.
    const res = await t.generate(CHAT_WITH_CALLS);
    assert.equal(res.status, 429);
    assert.equal((await res.json()).error.code, "budget_exhausted");
  } finally {
    await t.close();
  }
});

Deno.test("plan agreement: SIMILARITY_THRESHOLD still overrides the calibrated default", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1", SIMILARITY_THRESHOLD: "0.9" });
  try {
    assert.equal(t.services.similar.threshold, 0.9);
    await generateOk(t, BLOG);
    assert.equal((await t.generate(BLOG_PARAPHRASE)).status, 429);
  } finally {
    await t.close();
  }
});

Deno.test("plan agreement: node-name overlap per platform, the lower one counts", () => {
  assert.equal(jaccard(new Set(["a", "b"]), new Set(["b", "c"])), 1 / 3);
  assert.equal(jaccard(new Set(), new Set()), 1);
  const plan = (description: string) =>
    planArchitecture(parseGenerationBody({ appDescription: description, competitors: ["AWS"] }).request);
  const blog = planNamesOf(plan(BLOG.appDescription).elements);
  assert.equal(planOverlap(blog, blog), 1);
  assert.ok(blog.cloudflare.size > 0 && blog.competitor.size > 0);
  const oneSided = { cloudflare: blog.cloudflare, competitor: new Set(["something else"]) };
  assert.equal(planOverlap(blog, oneSided), 0);
  const chat = parseGenerationBody(CHAT).request;
  const calls = parseGenerationBody(CHAT_WITH_CALLS).request;
  const chatPlan = planReadingOf(planArchitecture(chat).elements);
  assert.equal(plansAgree(chatPlan, chat, chat, planArchitecture), true);
  assert.equal(
    plansAgree(planReadingOf(planArchitecture(calls).elements), chat, calls, planArchitecture),
    false,
  );
  assert.ok(PLAN_AGREEMENT_MIN_JACCARD > 0 && PLAN_AGREEMENT_MIN_JACCARD <= 1);
});

Deno.test("plan agreement: from the waiver up the cosine alone serves a paraphrase planned differently", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const original = await generateOk(t, BIKE_SHOP);
    assert.ok((await cosineOf(t, BIKE_SHOP, BIKE_SHOP_PARAPHRASE)) >= PLAN_AGREEMENT_WAIVED_FROM);
    const [stored, asker] = [BIKE_SHOP, BIKE_SHOP_PARAPHRASE].map((b) => parseGenerationBody(b).request);
    const askerPlan = planReadingOf(planArchitecture(asker).elements);
    assert.equal(plansAgree(askerPlan, stored, asker, planArchitecture), false, "the gate would refuse it");
    const res = await t.generate(BIKE_SHOP_PARAPHRASE);
    assert.equal(res.status, 200);
    const start = (await readEvents(res))[0] as StartEvent;
    assert.equal(start.source, "similar");
    assert.equal(start.id, (original[0] as StartEvent).id);
  } finally {
    await t.close();
  }
});

Deno.test("plan agreement: two default plans are no evidence, so another app below the waiver is refused", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    await generateOk(t, LESSONS);
    const score = await cosineOf(t, LESSONS, SHEET_MUSIC_SHOP);
    assert.ok(score >= t.services.similar.threshold && planGateApplies(score), String(score));
    const [stored, asker] = [LESSONS, SHEET_MUSIC_SHOP].map((b) => parseGenerationBody(b).request);
    const askerPlan = planReadingOf(planArchitecture(asker).elements);
    const storedPlan = planReadingOf(planArchitecture(stored).elements);
    assert.ok(askerPlan.generic && storedPlan.generic);
    assert.equal(planOverlap(askerPlan.names, storedPlan.names), 1, "the same default nodes");
    assert.equal(plansAgree(askerPlan, stored, asker, planArchitecture), false);
    assert.equal((await t.generate(SHEET_MUSIC_SHOP)).status, 429);
  } finally {
    await t.close();
  }
});

Deno.test("plan agreement: a plan is generic when its roles are all default ones; the waiver bounds the gate", () => {
  const node = (type: string) =>
    ({
      type: "node",
      platform: "cloudflare",
      data: { id: type, type, name: type, color: "#000000" },
    }) as PlanElement;
  assert.equal(planReadingOf([node("users"), node("cdn"), node("compute"), node("database")]).generic, true);
  assert.equal(planReadingOf([node("users"), node("compute"), node("queue")]).generic, false);
  assert.equal(planReadingOf(planArchitecture(parseGenerationBody(CHAT).request).elements).generic, false);
  assert.equal(planGateApplies(PLAN_AGREEMENT_WAIVED_FROM - 0.01), true);
  assert.equal(planGateApplies(PLAN_AGREEMENT_WAIVED_FROM), false);
});

Deno.test("plan agreement: one search plans the asker and each candidate once (the fitting reuses the plan)", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    await generateOk(t, BLOG);
    const planned: string[] = [];
    const search = new SimilarSearch({
      kv: t.kv,
      store: t.services.store,
      embedder: t.services.similar.embedder,
      replan: (request) => {
        planned.push(request.appDescription);
        return planArchitecture(request);
      },
    });
    // Another region: the matched architecture is re-planned for the asker, by the gate and the fitting alike.
    const asker = parseGenerationBody({ ...BLOG_PARAPHRASE, region: "Frankfurt" }).request;
    const match = await search.findSimilar(asker);
    assert.ok(match, "served");
    assert.ok(match.rebuilt.includes("cost"), JSON.stringify(match.rebuilt));
    assert.deepEqual(planned.sort(), [BLOG.appDescription, BLOG_PARAPHRASE.appDescription].sort());
    const counted = rememberingReplan((r) => {
      planned.push("again");
      return planArchitecture(r);
    });
    counted(asker);
    counted({ ...asker });
    assert.equal(planned.filter((p) => p === "again").length, 1);
  } finally {
    await t.close();
  }
});
