import assert from "node:assert/strict";
import type { GenerationEvent, StartEvent } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { cosine } from "../lib/semantic/embeddings/mod.ts";
import {
  jaccard,
  PLAN_AGREEMENT_MIN_JACCARD,
  planNamesOf,
  planOverlap,
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
  const chatNames = planNamesOf(planArchitecture(chat).elements);
  assert.equal(plansAgree(chatNames, chat, chat, planArchitecture), true);
  assert.equal(
    plansAgree(planNamesOf(planArchitecture(calls).elements), chat, calls, planArchitecture),
    false,
  );
  assert.ok(PLAN_AGREEMENT_MIN_JACCARD > 0 && PLAN_AGREEMENT_MIN_JACCARD <= 1);
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
