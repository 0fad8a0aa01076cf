import { openKv } from "../lib/kv.ts";
import assert from "node:assert/strict";
import { blockCapacity, decodeBlock, quantize, VectorIndex } from "../lib/vector_index.ts";

const P = { embedderId: "test:rand:v1", scale: "Startup", competitor: "AWS" };

/** Deterministic pseudo-random unit vectors. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
function randomVector(next: () => number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  let n = 0;
  for (let i = 0; i < dims; i++) n += (v[i] = next()) ** 2;
  for (let i = 0; i < dims; i++) v[i] /= Math.sqrt(n);
  return v;
}
function dot(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += a[i] * b[i];
  return d;
}
const id = (n: number) => `01J${String(n).padStart(23, "0")}`;

async function blockEntries(kv: Deno.Kv): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of kv.list<Uint8Array>({ prefix: ["vectors", "block"] })) {
    ids.push(...decodeBlock(e.value)!.ids);
  }
  return ids;
}

Deno.test("vector index: search returns the exact top matches of a brute-force scan (several blocks)", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const next = rng(7);
    const dims = 256;
    const vectors = Array.from({ length: 600 }, () => randomVector(next, dims));
    await index.addMany(vectors.map((vector, i) => ({ id: id(i), ...P, vector })));
    const stats = await index.stats(P);
    assert.equal(stats.vectors, 600);
    assert.equal(stats.blocks, Math.ceil(600 / blockCapacity(dims)));
    for (let q = 0; q < 5; q++) {
      // A query near vector q*100 (plus noise) so the best match is clear-cut and others are close behind.
      const query = vectors[q * 100].map((x, i) => x + 0.3 * next() * (i % 3 === 0 ? 1 : 0)) as Float32Array;
      const hits = await index.search(query, P, { limit: 5 });
      const qn = Math.sqrt(dot(query, query));
      const brute = vectors.map((v, i) => ({ id: id(i), score: dot(v, query) / qn }))
        .sort((a, b) => b.score - a.score).slice(0, 5);
      assert.deepEqual(hits.map((h) => h.id), brute.map((b) => b.id));
      for (let k = 0; k < 5; k++) assert.ok(Math.abs(hits[k].score - brute[k].score) < 1e-5);
    }
  } finally {
    kv.close();
  }
});

Deno.test("vector index: partitions (embedder, scale, competitor) are never mixed; minScore filters", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const v = Float32Array.from([1, 0, 0, 0]);
    await index.add({ id: id(1), ...P, vector: v });
    await index.add({ id: id(2), ...P, embedderId: "test:other:v1", vector: v });
    await index.add({ id: id(3), ...P, scale: "Global", vector: v });
    await index.add({ id: id(4), ...P, competitor: "GCP", vector: v });
    assert.deepEqual((await index.search(v, P)).map((h) => h.id), [id(1)]);
    assert.deepEqual((await index.search(v, { ...P, competitor: "GCP" })).map((h) => h.id), [id(4)]);
    assert.deepEqual(await index.search(Float32Array.from([0, 1, 0, 0]), P, { minScore: 0.5 }), []);
    assert.deepEqual(await index.search(new Float32Array(4), P), [], "a zero query matches nothing");
  } finally {
    kv.close();
  }
});

Deno.test("vector index: remove deletes item and block entry; re-adding moves instead of duplicating", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const next = rng(3);
    for (let i = 0; i < 5; i++) await index.add({ id: id(i), ...P, vector: randomVector(next, 16) });
    assert.equal(await index.remove(id(2)), true);
    assert.equal(await index.remove(id(2)), false);
    assert.equal(await index.get(id(2)), null);
    assert.deepEqual((await blockEntries(kv)).sort(), [id(0), id(1), id(3), id(4)]);
    // Re-index id 1 under another embedder: one entry in the whole index, in the new partition.
    const moved = randomVector(next, 16);
    await index.add({ id: id(1), ...P, embedderId: "test:new:v1", vector: moved });
    assert.deepEqual((await blockEntries(kv)).filter((x) => x === id(1)), [id(1)]);
    assert.equal((await index.get(id(1)))?.embedderId, "test:new:v1");
    assert.deepEqual((await index.search(moved, P)).map((h) => h.id).includes(id(1)), false);
    // Emptied blocks are deleted.
    for (const i of [0, 3, 4]) await index.remove(id(i));
    assert.equal((await index.stats(P)).blocks, 0);
  } finally {
    kv.close();
  }
});

Deno.test("vector index: concurrent adds and deletes from two processes' handles stay consistent", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/kv.sqlite3`;
  const kvA = await openKv({ kvPath: path });
  const kvB = await openKv({ kvPath: path });
  try {
    const a = new VectorIndex(kvA);
    const b = new VectorIndex(kvB);
    const next = rng(11);
    const dims = 64;
    const cap = blockCapacity(dims);
    const n = cap + 60; // forces a block rollover under contention
    const vectors = Array.from({ length: n }, () => randomVector(next, dims));
    await Promise.all(vectors.map((vector, i) => (i % 2 ? a : b).add({ id: id(i), ...P, vector })));
    let entries = await blockEntries(kvA);
    assert.equal(entries.length, n);
    assert.equal(new Set(entries).size, n, "no id twice");
    // B sees what A wrote at once (no in-process state), and deletes from both sides interleave with adds.
    const extra = Array.from({ length: 40 }, () => randomVector(next, dims));
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => (i % 2 ? b : a).remove(id(i))),
      ...extra.map((vector, i) => (i % 2 ? a : b).add({ id: id(10_000 + i), ...P, vector })),
    ]);
    entries = await blockEntries(kvB);
    assert.equal(entries.length, n);
    assert.equal(new Set(entries).size, n);
    for (let i = 0; i < 40; i++) assert.ok(!entries.includes(id(i)));
    const hit = await b.search(vectors[100], P, { limit: 1 });
    assert.equal(hit[0].id, id(100));
    assert.ok(hit[0].score > 0.9999);
  } finally {
    kvA.close();
    kvB.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("vector index: addMany replaces existing ids instead of duplicating them", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const next = rng(5);
    await index.addMany(
      Array.from({ length: 150 }, (_, i) => ({ id: id(i), ...P, vector: randomVector(next, 32) })),
    );
    const replacement = randomVector(next, 32);
    await index.addMany([
      { id: id(10), ...P, vector: replacement },
      { id: id(500), ...P, vector: randomVector(next, 32) },
    ]);
    const entries = await blockEntries(kv);
    assert.equal(entries.length, 151);
    assert.equal(new Set(entries).size, 151);
    assert.equal((await index.search(replacement, P, { limit: 1 }))[0].id, id(10));
  } finally {
    kv.close();
  }
});

Deno.test("vector index: bad vectors are refused and nothing is written", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    await index.add({ id: id(1), ...P, vector: Float32Array.from([1, 0, 0]) });
    await assert.rejects(
      () => index.add({ id: id(2), ...P, vector: Float32Array.from([1, 0]) }),
      /dimensions/,
    );
    await assert.rejects(
      () => index.add({ id: id(3), ...P, vector: Float32Array.from([NaN, 0, 0]) }),
      /finite/,
    );
    await assert.rejects(() => index.add({ id: "", ...P, vector: Float32Array.from([1, 0, 0]) }), /id/);
    assert.equal(await index.get(id(2)), null);
    assert.equal(await index.get(id(3)), null);
    assert.deepEqual(await blockEntries(kv), [id(1)]);
  } finally {
    kv.close();
  }
});

Deno.test("vector index: int8 quantization error is small", () => {
  const next = rng(9);
  const v = randomVector(next, 256);
  const { q, scale } = quantize(v);
  let worst = 0;
  for (let i = 0; i < v.length; i++) worst = Math.max(worst, Math.abs(q[i] * scale - v[i]));
  assert.ok(worst <= scale / 2 + 1e-7);
});

Deno.test("vector index: blocks are packed bytes that round-trip; ids are validated", async () => {
  const block = {
    dims: 3,
    ids: [id(1), "short"],
    scales: Float32Array.from([0.5, 0.25]),
    data: Int8Array.from([1, -2, 3, -127, 0, 127]),
  };
  const bytes = (await import("../lib/vector_index.ts")).encodeBlock(block);
  assert.deepEqual(decodeBlock(bytes), block);
  assert.equal(decodeBlock(new Uint8Array([9, 9, 9])), null);
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    await assert.rejects(
      () => index.add({ id: "x".repeat(33), ...P, vector: Float32Array.from([1]) }),
      /ASCII/,
    );
    await assert.rejects(() => index.add({ id: "é", ...P, vector: Float32Array.from([1]) }), /ASCII/);
  } finally {
    kv.close();
  }
});
