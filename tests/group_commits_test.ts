/**
 * Writes that arrive together share KV commits (group commit): generation saves, vector adds, "indexed" marks
 * and spend records. Each test counts the commits and checks every write landed as if done one by one.
 */
import assert from "node:assert/strict";
import { type GenerationOutcome, runGeneration } from "../lib/generation/run.ts";
import { GenerationStore } from "../lib/store/generation_store.ts";
import { VectorIndex } from "../lib/semantic/vector_index.ts";
import { newId } from "../lib/platform/ids.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import { cacheKeyOf, engineVersionOf, requestHashOf } from "../lib/protocol/request_hash.ts";
import { type NormalizedRequest, parseGenerationBody } from "../lib/protocol/request_schema.ts";

/** A KV handle that counts commits: atomic operations, and single sets and deletes. */
function countingKv(kv: Deno.Kv): { kv: Deno.Kv; commits: () => number } {
  let commits = 0;
  const wrapped = new Proxy(kv, {
    get(target, prop) {
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = () => {
            commits++;
            return commit();
          };
          return op;
        };
      }
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      // A single set or delete is a commit of its own too.
      if (prop === "set" || prop === "delete") {
        return (...args: unknown[]) => {
          commits++;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { kv: wrapped, commits: () => commits };
}

async function completed(
  description: string,
): Promise<{ req: NormalizedRequest; outcome: GenerationOutcome }> {
  const req = parseGenerationBody({ appDescription: description }).request;
  const run = runGeneration(createOfflineProvider(), req, {
    id: newId(),
    firstElementTimeoutMs: 5000,
    totalTimeoutMs: 5000,
  });
  while (true) {
    const step = await run.next();
    if (step.done) return { req, outcome: step.value };
  }
}

async function metaOf(req: NormalizedRequest) {
  const engineVersion = engineVersionOf(createOfflineProvider());
  return {
    requestHash: await requestHashOf(req),
    cacheKey: await cacheKeyOf(req, engineVersion),
    engineVersion,
  };
}

Deno.test("group commit: concurrent saves share commits, each lands whole, a duplicate fails alone", async () => {
  const raw = await Deno.openKv(":memory:");
  const { kv, commits } = countingKv(raw);
  try {
    const store = new GenerationStore(kv);
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => completed(`Booking app for climbing gym number ${i}`)),
    );
    const metas = await Promise.all(runs.map((r) => metaOf(r.req)));
    // One is stored first; saving it again among the burst must fail that save only.
    await store.save(runs[0].outcome, metas[0]);
    const before = commits();
    const results = await Promise.allSettled(runs.map((r, i) => store.save(r.outcome, metas[i])));
    assert.equal(results[0].status, "rejected");
    assert.match(String((results[0] as PromiseRejectedResult).reason), /already stored/);
    for (const r of results.slice(1)) assert.equal(r.status, "fulfilled");
    // The first save of the burst commits alone; the rest wait and go together (plus the retry one by one
    // of the batch holding the duplicate).
    assert.ok(commits() - before < 20, `${commits() - before} commits for 20 saves`);
    for (const [i, r] of runs.entries()) {
      const stored = await store.get(r.outcome.start.id);
      assert.ok(stored, `run ${i} stored`);
      assert.equal(stored.record.elementCount, r.outcome.elements.length);
    }
    // Marks of many ids go together too, and all of them land.
    assert.equal((await store.pendingVectors(100)).length, 20);
    const marks = commits();
    await Promise.all(runs.map((r) => store.markIndexed(r.outcome.start.id)));
    assert.ok(commits() - marks <= 2, `${commits() - marks} commits for 20 marks`);
    assert.deepEqual(await store.pendingVectors(100), []);
  } finally {
    raw.close();
  }
});

Deno.test("group commit: concurrent vector adds share commits and index exactly what one by one would", async () => {
  const raw = await Deno.openKv(":memory:");
  const { kv, commits } = countingKv(raw);
  try {
    const index = new VectorIndex(kv);
    const P = { embedderId: "test:group:v1", scale: "Startup", competitor: "AWS" };
    const id = (n: number) => `01J${String(n).padStart(23, "0")}`;
    const vec = (n: number) => Float32Array.from({ length: 64 }, (_, k) => Math.sin(n * 7.1 + k));
    await index.add({ id: id(0), ...P, vector: vec(100) });
    const before = commits();
    // Thirty new ids, and id 0 again with a new vector in another partition (a replace).
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => index.add({ id: id(i + 1), ...P, vector: vec(i + 1) })),
      index.add({ id: id(0), ...P, scale: "Growth", vector: vec(0) }),
    ]);
    assert.ok(commits() - before < 31, `${commits() - before} commits for 31 adds`);
    for (let i = 0; i <= 30; i++) {
      const item = await index.get(id(i));
      assert.ok(item, `id ${i} indexed`);
      const want = vec(i);
      const norm = Math.hypot(...want);
      assert.ok(item.vector.every((x, k) => Math.abs(x - want[k] / norm) < 1e-5), `id ${i} vector`);
    }
    assert.equal((await index.get(id(0)))!.scale, "Growth");
    assert.equal((await index.stats(P)).vectors, 30);
    const hits = await index.search(vec(5), P, { limit: 1 });
    assert.equal(hits[0].id, id(5));
  } finally {
    raw.close();
  }
});

Deno.test("group commit: a removal queued between adds keeps its place (adds after it wait for the next batch)", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const P = { embedderId: "test:group:v1", scale: "Startup", competitor: "AWS" };
    const id = (n: number) => `01K${String(n).padStart(23, "0")}`;
    const vec = (n: number) => Float32Array.from({ length: 32 }, (_, k) => Math.cos(n * 3.3 + k));
    await index.add({ id: id(9), ...P, vector: vec(9) }); // something in flight first
    // Asked for in this order, none awaited: add 1, add 2, remove 1, add 1 again, remove 2.
    await Promise.all([
      index.add({ id: id(1), ...P, vector: vec(1) }),
      index.add({ id: id(2), ...P, vector: vec(2) }),
      index.remove(id(1)),
      index.add({ id: id(1), ...P, vector: vec(11) }),
      index.remove(id(2)),
    ]);
    const one = await index.get(id(1));
    assert.ok(one, "id 1 re-added after its removal");
    const want = vec(11), norm = Math.hypot(...want);
    assert.ok(one.vector.every((x, k) => Math.abs(x - want[k] / norm) < 1e-5));
    assert.equal(await index.get(id(2)), null);
    assert.equal((await index.stats(P)).vectors, 2);
  } finally {
    kv.close();
  }
});
