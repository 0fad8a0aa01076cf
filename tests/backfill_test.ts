import assert from "node:assert/strict";
import { backfillEmbeddings, type BackfillProgress, backfillStatus } from "../lib/semantic/backfill.ts";
import {
  type Embedder,
  LEXICON_EMBEDDER_ID,
  LexiconEmbedder,
  LOCAL_EMBEDDER_ID,
  LocalEmbedder,
  SENTENCE_EMBEDDER_ID,
  SentenceEmbedder,
} from "../lib/semantic/embeddings/mod.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { SimilarSearch } from "../lib/semantic/similar_search.ts";
import { decodeBlock, indexedEmbedderOf } from "../lib/semantic/vector_index.ts";
import { makeTestApp, readEvents, type TestApp } from "./helpers.ts";

const ADMIN_KEY = "test-admin-key-0123456789abcdefghijkl";
const TOPICS = ["chat", "video streaming", "online store", "IoT sensors", "RAG chatbot"];

async function seed(t: TestApp, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await t.generate({ appDescription: `A ${TOPICS[i % TOPICS.length]} app, variant ${i}` });
    const events = await readEvents(res);
    assert.equal(events.at(-1)?.type, "complete");
    ids.push((events[0] as { id: string }).id);
  }
  await t.settled(); // vectors are indexed once the streams have ended
  // Forget every vector, as if these generations predated the semantic cache.
  const keys = [];
  for await (const e of t.kv.list({ prefix: ["vectors"] })) keys.push(e.key);
  for (const key of keys) await t.kv.delete(key);
  return ids;
}

async function indexedIds(t: TestApp, embedderId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of t.kv.list({ prefix: ["vectors", "item"] })) {
    if (indexedEmbedderOf(e.value) === embedderId) ids.push(e.key[2] as string);
  }
  return ids.sort();
}

Deno.test("backfill: resumable with progress, then a no-op pass; re-embeds after a change of embedder", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1000" });
  try {
    const ids = await seed(t, 23);
    const deps = { store: t.services.store, embedder: t.services.similar.embedder };
    const seen: BackfillProgress[] = [];
    // First call stops after 10 (as a crash or time limit would), with its position saved in KV.
    const first = await backfillEmbeddings(t.kv, deps, {
      maxItems: 10,
      pageSize: 4,
      onProgress: (p) => void seen.push(p),
    });
    assert.equal(first.done, false);
    assert.equal(first.processed, 10);
    assert.equal(first.embedded, 10);
    assert.deepEqual(seen.map((p) => p.processed), [4, 8, 10]);
    assert.deepEqual(await backfillStatus(t.kv, deps.embedder.id), first);
    assert.equal((await indexedIds(t, deps.embedder.id)).length, 10);

    // The next call resumes from the saved cursor (no cursor given) and finishes.
    const second = await backfillEmbeddings(t.kv, deps, { pageSize: 4 });
    assert.equal(second.done, true);
    assert.equal(second.processed, 23);
    assert.equal(second.embedded, 23);
    assert.deepEqual(await indexedIds(t, deps.embedder.id), [...ids].sort());

    // A new pass finds everything indexed.
    const third = await backfillEmbeddings(t.kv, deps);
    assert.equal(third.done, true);
    assert.equal(third.embedded, 0);
    assert.equal(third.skipped, 23);

    // After changing the embedder every vector is re-embedded and moved to the new embedder's space.
    const other: Embedder = {
      id: "test:other:4:v1",
      dimensions: 4,
      embed: (texts) => Promise.resolve(texts.map((t) => Float32Array.from([1, t.length % 7, 0, 1]))),
    };
    const moved = await backfillEmbeddings(t.kv, { store: t.services.store, embedder: other });
    assert.equal(moved.embedded, 23);
    assert.deepEqual(await indexedIds(t, other.id), [...ids].sort());
    assert.deepEqual(await indexedIds(t, deps.embedder.id), []);
    let blocks = 0;
    for await (const e of t.kv.list<Uint8Array>({ prefix: ["vectors", "block", deps.embedder.id] })) {
      blocks += decodeBlock(e.value)!.ids.length;
    }
    assert.equal(blocks, 0, "no stale entries left in the old embedder's blocks");
  } finally {
    await t.close();
  }
});

Deno.test("backfill: POST /admin/generate-embeddings (auth, validation, JSON and NDJSON progress, audit)", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1000", ADMIN_API_KEY: ADMIN_KEY });
  try {
    await seed(t, 7);
    const post = (body?: unknown, headers: Record<string, string> = {}) =>
      t.request("/admin/generate-embeddings", {
        method: "POST",
        headers: {
          "x-admin-key": ADMIN_KEY,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    const unauthorized = await t.request("/admin/generate-embeddings", { method: "POST" });
    assert.equal(unauthorized.status, 401);
    await unauthorized.body?.cancel();

    const bad = await post({ maxItems: 0, extra: 1 });
    assert.equal(bad.status, 400);
    const badBody = await bad.json();
    assert.equal(badBody.error.code, "invalid_request");
    assert.ok("extra" in badBody.error.fields || "maxItems" in badBody.error.fields);

    const partial = await post({ maxItems: 3 });
    assert.equal(partial.status, 202);
    assert.equal((await partial.json()).progress.processed, 3);

    const streamed = await post(undefined, { accept: "application/x-ndjson" });
    assert.match(streamed.headers.get("content-type") ?? "", /application\/x-ndjson/);
    const lines = (await streamed.text()).trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.at(-1).type, "result");
    assert.equal(lines.at(-1).progress.done, true);
    assert.equal(lines.at(-1).progress.processed, 7, "resumed after the first 3");
    assert.ok(lines.some((l) => l.type === "progress"));

    const status =
      await (await t.request("/admin/generate-embeddings", { headers: { "x-admin-key": ADMIN_KEY } })).json();
    assert.equal(status.progress.done, true);
    assert.equal(status.embedderId, t.services.similar.embedder.id);

    const audit = [];
    for await (const e of t.kv.list<{ action: string; interface: string }>({ prefix: ["audit"] })) {
      audit.push(e.value);
    }
    assert.equal(audit.filter((a) => a.action === "embeddings.backfill" && a.interface === "http").length, 2);
  } finally {
    await t.close();
  }
});

Deno.test("backfill: upgrading the local embedder (lexicon v1 → lexicon + word vectors v2) re-embeds resumably", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1000" });
  try {
    const ids = await seed(t, 12);
    const store = t.services.store;
    const v1 = new LexiconEmbedder();
    const v2 = new LocalEmbedder();
    assert.notEqual(v1.id, v2.id);
    assert.equal(v2.id, LOCAL_EMBEDDER_ID);
    // Vectors stored by the previous version.
    assert.equal((await backfillEmbeddings(t.kv, { store, embedder: v1 })).embedded, 12);
    assert.deepEqual(await indexedIds(t, LEXICON_EMBEDDER_ID), [...ids].sort());

    // The new version never compares with them: no candidate before the backfill, even for the same text.
    const search = new SimilarSearch({
      kv: t.kv,
      store,
      embedder: v2,
      threshold: -1,
      replan: planArchitecture,
    });
    const request = (await store.get(ids[0]))!.record.request;
    assert.equal(await search.findSimilar(request), null);

    // Interrupted after 5, then resumed: every vector moves to the new version's space.
    const first = await backfillEmbeddings(t.kv, { store, embedder: v2 }, { maxItems: 5, pageSize: 2 });
    assert.equal(first.done, false);
    assert.equal((await indexedIds(t, LOCAL_EMBEDDER_ID)).length, 5);
    const second = await backfillEmbeddings(t.kv, { store, embedder: v2 }, { pageSize: 2 });
    assert.equal(second.done, true);
    assert.equal(second.embedded, 12);
    assert.deepEqual(await indexedIds(t, LOCAL_EMBEDDER_ID), [...ids].sort());
    assert.deepEqual(await indexedIds(t, LEXICON_EMBEDDER_ID), []);
    const found = await search.findSimilar(request);
    // "variant 0" and "variant 5" differ only in a number (not a feature): either is an exact match.
    assert.ok(found && [ids[0], ids[5], ids[10]].includes(found.stored.record.id));
    assert.equal(found?.similarity, 1);
  } finally {
    await t.close();
  }
});

Deno.test("backfill: upgrading to the sentence-encoder embedder (v2 → v3) re-embeds; no cross-version match", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1000" });
  try {
    const ids = await seed(t, 6);
    const store = t.services.store;
    const v2 = new LocalEmbedder();
    const v3 = new SentenceEmbedder();
    assert.equal(v3.id, SENTENCE_EMBEDDER_ID);
    assert.equal(t.services.similar.embedder.id, SENTENCE_EMBEDDER_ID, "v3 is the default");
    assert.notEqual(v2.id, v3.id);
    assert.equal((await backfillEmbeddings(t.kv, { store, embedder: v2 })).embedded, 6);
    assert.deepEqual(await indexedIds(t, LOCAL_EMBEDDER_ID), [...ids].sort());

    // v3 never compares with the v2 vectors, even for the very same description and any threshold.
    const search = new SimilarSearch({
      kv: t.kv,
      store,
      embedder: v3,
      threshold: -1,
      replan: planArchitecture,
    });
    const request = (await store.get(ids[0]))!.record.request;
    assert.equal(await search.findSimilar(request), null);
    assert.equal(await search.isIndexed(ids[0]), false);

    // Interrupted after 4, then resumed: every vector moves to v3's space.
    const first = await backfillEmbeddings(t.kv, { store, embedder: v3 }, { maxItems: 4, pageSize: 2 });
    assert.equal(first.done, false);
    assert.equal((await indexedIds(t, SENTENCE_EMBEDDER_ID)).length, 4);
    const second = await backfillEmbeddings(t.kv, { store, embedder: v3 }, { pageSize: 2 });
    assert.equal(second.done, true);
    assert.equal(second.embedded, 6);
    assert.deepEqual(await indexedIds(t, SENTENCE_EMBEDDER_ID), [...ids].sort());
    assert.deepEqual(await indexedIds(t, LOCAL_EMBEDDER_ID), []);
    const found = await search.findSimilar(request);
    assert.equal(found?.stored.record.id, ids[0]);
    assert.equal(found?.similarity, 1);
  } finally {
    await t.close();
  }
});
