import assert from "node:assert/strict";
import { type GenerationEvent, rebuiltPartsSchema, type StartEvent } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { answerForAsker } from "../lib/semantic/answer_for_asker.ts";
import type { Embedder } from "../lib/semantic/embeddings/mod.ts";
import { SimilarSearch } from "../lib/semantic/similar_search.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const CHAT = { appDescription: "A real-time chat app for remote teams", competitors: ["GCP"] };
// A paraphrase the planner plans alike (plan-agreement gate). "…for our remote team" reads as an internal
// tool (staff behind an access proxy): another architecture, refused by the gate.
const CHAT_PARAPHRASE = {
  appDescription: "real time chat app for teams working remotely",
  competitors: ["GCP"],
};

function startOf(events: GenerationEvent[]): StartEvent {
  const start = events[0];
  assert.equal(start.type, "start");
  return start as StartEvent;
}

async function generateOk(t: Awaited<ReturnType<typeof makeTestApp>>, body: unknown) {
  const res = await t.generate(body);
  assert.equal(res.status, 200, await res.clone().text());
  const events = await readEvents(res);
  assert.equal(events.at(-1)?.type, "complete");
  await t.settled(); // its vector is indexed once the stream has ended
  return events;
}

Deno.test("similar: budget spent → replays the most similar generation in the replay format", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const original = await generateOk(t, CHAT);
    const originalStart = startOf(original);
    assert.equal(originalStart.source, "generated");

    const res = await t.generate(CHAT_PARAPHRASE);
    assert.equal(res.status, 200);
    const events = await readEvents(res);
    const start = startOf(events);
    assert.equal(start.source, "similar");
    assert.equal(start.id, originalStart.id);
    assert.equal(typeof start.similarity, "number");
    assert.ok(
      start.similarity! >= t.services.similar.threshold && start.similarity! <= 1,
      String(start.similarity),
    );
    assert.equal(start.request.appDescription, CHAT_PARAPHRASE.appDescription);
    assert.equal(start.matchedRequest?.appDescription, CHAT.appDescription);
    assert.deepEqual(start.matchedRequest, originalStart.request);
    assert.equal(typeof start.generatedAt, "string");
    const complete = events.at(-1)!;
    assert.equal(complete.type, "complete");
    if (complete.type !== "complete") return;
    assert.equal(complete.cached, true);
    assert.equal(complete.id, originalStart.id);
    assert.equal(typeof complete.generatedAt, "string");
    // Same priorities and region as the original: nothing rebuilt.
    assert.deepEqual(start.rebuilt, []);
    // The same elements as the original run, in the same order.
    assert.deepEqual(events.slice(1, -1), original.slice(1, -1));
  } finally {
    await t.close();
  }
});

Deno.test("similar: 429 unchanged when nothing stored is similar enough", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    await generateOk(t, CHAT);
    const res = await t.generate({
      appDescription: "Online store for sneakers with payments",
      competitors: ["GCP"],
    });
    assert.equal(res.status, 429);
    const body = await res.json();
    assert.equal(body.error.code, "budget_exhausted");
  } finally {
    await t.close();
  }
});

Deno.test("similar: a different scale or competitor is never matched, even for the same description", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    await generateOk(t, { ...CHAT, scale: "Growth" });
    for (const body of [{ ...CHAT, scale: "Global" }, { ...CHAT, scale: "Growth", competitors: ["Azure"] }]) {
      const res = await t.generate(body);
      assert.equal(res.status, 429, JSON.stringify(body));
      assert.equal((await res.json()).error.code, "budget_exhausted");
    }
    // Same scale and competitor with the same words: replayed (as the exact cache does first).
    const same = await readEvents(await t.generate({ ...CHAT_PARAPHRASE, scale: "Growth" }));
    assert.equal(startOf(same).source, "similar");
  } finally {
    await t.close();
  }
});

Deno.test("similar: never answers similar while budget and quota remain", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "10" });
  try {
    await generateOk(t, CHAT);
    const events = await generateOk(t, CHAT_PARAPHRASE);
    assert.equal(startOf(events).source, "generated");
  } finally {
    await t.close();
  }
});

Deno.test("similar: per-client quota spent → similar answer; force skips it", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "100", RATE_LIMIT_ANONYMOUS: "1/10m" });
  try {
    await generateOk(t, CHAT);
    const res = await t.generate(CHAT_PARAPHRASE);
    assert.equal(res.status, 200);
    const events = await readEvents(res);
    assert.equal(startOf(events).source, "similar");
    assert.equal(res.headers.get("retry-after"), null);
    const forced = await t.generate({ ...CHAT_PARAPHRASE, force: true });
    assert.equal(forced.status, 429);
    assert.equal((await forced.json()).error.code, "rate_limited");
  } finally {
    await t.close();
  }
});

Deno.test("similar: deleting a generation removes its vector, and it is never served again", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const id = startOf(await generateOk(t, CHAT)).id;
    assert.ok(await t.services.similar.index.get(id), "vector indexed after the run");
    assert.equal(await t.services.store.delete(id), true);
    assert.equal(await t.services.similar.index.get(id), null);
    let blocks = 0;
    for await (const _ of t.kv.list({ prefix: ["vectors", "block"] })) blocks++;
    assert.equal(blocks, 0, "no block keeps the deleted vector");
    const res = await t.generate(CHAT_PARAPHRASE);
    assert.equal(res.status, 429);
    await res.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("similar: a vector whose generation vanished is skipped and cleaned up", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const id = startOf(await generateOk(t, CHAT)).id;
    // Remove the generation behind the index's back (as a TTL expiry would).
    for (const key of t.services.store.keysOf((await t.services.store.getRecord(id))!)) {
      await t.kv.delete(key);
    }
    const res = await t.generate(CHAT_PARAPHRASE);
    assert.equal(res.status, 429);
    await res.body?.cancel();
    assert.equal(await t.services.similar.index.get(id), null);
  } finally {
    await t.close();
  }
});

/** An embedder that maps every text to the same vector, under a chosen id. */
function constantEmbedder(id: string): Embedder {
  return {
    id,
    dimensions: 8,
    embed: (texts) => Promise.resolve(texts.map(() => Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]))),
  };
}

Deno.test("similar: vectors of embedder A are never compared with embedder B", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const id = startOf(await generateOk(t, CHAT)).id;
    const record = (await t.services.store.getRecord(id))!;
    const a = new SimilarSearch({
      kv: t.kv,
      store: t.services.store,
      embedder: constantEmbedder("test:a:8:v1"),
      replan: planArchitecture,
    });
    const b = new SimilarSearch({
      kv: t.kv,
      store: t.services.store,
      embedder: constantEmbedder("test:b:8:v1"),
      replan: planArchitecture,
    });
    await a.indexGeneration(record);
    const request = startOf(await generateOk(t, CHAT)).request; // exact-cache replay: no budget needed
    assert.equal((await a.findSimilar(request))?.stored.record.id, id);
    // Identical vectors, other embedder id: no candidate.
    assert.equal(await b.findSimilar(request), null);
    // Re-indexing with B moves the vector out of A's space.
    await b.indexGeneration(record);
    assert.equal(await a.findSimilar(request), null);
    assert.equal((await b.findSimilar(request))?.similarity, 1);
    assert.equal(await a.isIndexed(id), false);
    assert.equal(await b.isIndexed(id), true);
  } finally {
    await t.close();
  }
});

/** The value propositions and costs of an event list. */
function propsAndCosts(events: GenerationEvent[]) {
  return {
    props: events.filter((e) => e.type === "priority_value_prop"),
    costs: events.filter((e) => e.type === "cost"),
  };
}

Deno.test("similar: value props are rebuilt for the asker's priorities, never another request's", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const original = await generateOk(t, {
      ...CHAT,
      constraints: ["Developer Velocity", "Global Performance"],
    });
    // Swapping Developer Velocity for Cost Optimization keeps this design (the planner prices it the same way).
    const asker = { ...CHAT_PARAPHRASE, constraints: ["Cost Optimization", "Global Performance"] };
    const events = await readEvents(await t.generate(asker));
    const start = startOf(events);
    assert.equal(start.source, "similar");
    assert.ok(start.rebuilt?.includes("value_props"), JSON.stringify(start.rebuilt));
    assert.equal(rebuiltPartsSchema.safeParse(start.rebuilt).success, true);
    const { props } = propsAndCosts(events);
    assert.deepEqual(props.map((e) => e.type === "priority_value_prop" && e.data.constraint).sort(), [
      "Cost Optimization",
      "Global Performance",
    ]);
    // The original's props were for its own priorities only.
    assert.deepEqual(
      propsAndCosts(original).props.map((e) => e.type === "priority_value_prop" && e.data.constraint),
      ["Developer Velocity", "Global Performance"],
    );
    // Same diagram as the matched architecture.
    const shape = (list: GenerationEvent[]) =>
      list.filter((e) => e.type === "node").map((e) => e.type === "node" && `${e.platform}:${e.data.id}`);
    assert.deepEqual(shape(events), shape(original));
    assert.equal(events.at(-1)?.type, "complete");
  } finally {
    await t.close();
  }
});

Deno.test("similar: costs are rebuilt for the asker's region", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const original = await generateOk(t, { ...CHAT, region: "N. Virginia" });
    const asker = { ...CHAT_PARAPHRASE, region: "Frankfurt" };
    const events = await readEvents(await t.generate(asker));
    const start = startOf(events);
    assert.equal(start.source, "similar");
    assert.ok(start.rebuilt?.includes("cost"), JSON.stringify(start.rebuilt));
    assert.equal(start.matchedRequest?.region, "N. Virginia");
    // The costs are what the planner prices for the matched description in the asker's region.
    const expected = planArchitecture(
      parseGenerationBody({ ...CHAT, region: "Frankfurt" }).request,
    ).elements.filter((e) => e.type === "cost");
    const { costs } = propsAndCosts(events);
    assert.deepEqual(costs, expected);
    assert.notDeepEqual(costs, propsAndCosts(original).costs);
    for (const cost of costs) {
      if (cost.type === "cost") assert.match(cost.data.assumptions, /Frankfurt/);
    }
    // A later exact replay of the original is not affected by the rebuilt frames.
    const again = await readEvents(await t.generate({ ...CHAT, region: "N. Virginia" }));
    assert.deepEqual(again.slice(1, -1), original.slice(1, -1));
  } finally {
    await t.close();
  }
});

Deno.test("similar: a candidate whose architecture changes for the asker's priorities is skipped", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    await generateOk(t, { ...CHAT, scale: "Enterprise", constraints: ["Developer Velocity"] });
    // Enterprise Security at Enterprise scale adds services: the stored diagram cannot be re-priced.
    const res = await t.generate({
      ...CHAT_PARAPHRASE,
      scale: "Enterprise",
      constraints: ["Enterprise Security"],
    });
    assert.equal(res.status, 429);
    assert.equal((await res.json()).error.code, "budget_exhausted");
  } finally {
    await t.close();
  }
});

Deno.test("answer for asker: unchanged when it fits, rebuilt or null otherwise", () => {
  const request = parseGenerationBody({ ...CHAT, constraints: ["Scalability"] }).request;
  const elements = planArchitecture(request).elements;
  const stored = { record: { request } as never, elements };
  const same = answerForAsker(stored, { ...request, constraints: ["Scalability"] }, planArchitecture);
  assert.deepEqual(same, { elements, rebuilt: [] });
  assert.equal(answerForAsker(stored, { ...request, scale: "Global" }, planArchitecture), null);
  assert.equal(answerForAsker(stored, { ...request, competitor: "Azure" }, planArchitecture), null);
  const fitted = answerForAsker(
    stored,
    { ...request, constraints: ["Cost Optimization", "Scalability"] },
    planArchitecture,
  )!;
  assert.deepEqual(
    fitted.elements.filter((e) => e.type === "priority_value_prop").map((e) =>
      e.type === "priority_value_prop" && e.data.constraint
    ),
    ["Cost Optimization", "Scalability"],
  );
  // A stored answer made by a model (a diagram the planner would not draw) cannot be re-priced: skipped.
  const modelMade = {
    record: { request } as never,
    elements: elements.map((e) =>
      e.type === "node" && e.data.type !== "users" ? { ...e, data: { ...e.data, id: `m-${e.data.id}` } } : e
    ),
  };
  assert.equal(answerForAsker(modelMade, { ...request, region: "Tokyo" }, planArchitecture), null);
  // …but served as it is when nothing needs rebuilding.
  assert.deepEqual(answerForAsker(modelMade, request, planArchitecture)?.rebuilt, []);
});
