import assert from "node:assert/strict";
import type { GenerationEvent, StartEvent } from "../lib/protocol/events.ts";
import type { Embedder } from "../lib/semantic/embeddings/mod.ts";
import { SimilarSearch } from "../lib/semantic/similar_search.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const CHAT = { appDescription: "A real-time chat app for remote teams", competitors: ["GCP"] };
const CHAT_PARAPHRASE = {
  appDescription: "Team messaging with live conversations for distributed workers",
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
    });
    const b = new SimilarSearch({
      kv: t.kv,
      store: t.services.store,
      embedder: constantEmbedder("test:b:8:v1"),
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
