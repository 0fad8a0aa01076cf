import { openKv } from "../lib/platform/kv/open_kv.ts";
import assert from "node:assert/strict";
import { wabtInit } from "./test_deps.ts";
import { LocalEmbedder } from "../lib/semantic/embeddings/local.ts";
import {
  blockCapacity,
  decodeBlock,
  decodePage,
  encodeBlock,
  encodePage,
  INT8_DOT_WASM,
  INT8_DOT_WAT,
  int8DotKernel,
  type Int8DotKernelName,
  pageCapacity,
  quantize,
  quantizeQuery,
  type SearchStats,
  VectorIndex,
} from "../lib/semantic/vector_index.ts";

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
  const bytes = (await import("../lib/semantic/vector_index.ts")).encodeBlock(block);
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

const KERNELS: Int8DotKernelName[] = ["wasm-simd", "js"];

/** Brute-force float top-k (ties: larger id first, like the index). */
function bruteTop(
  vectors: Float32Array[],
  query: Float32Array,
  k: number,
  minScore = -Infinity,
): { id: string; score: number }[] {
  const qn = Math.sqrt(dot(query, query));
  return vectors.map((v, i) => ({ id: id(i), score: dot(v, query) / (qn * Math.sqrt(dot(v, v))) }))
    .filter((h) => h.score >= minScore)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1))
    .slice(0, k);
}

Deno.test("vector index: the WebAssembly kernel is its documented text, assembled", async () => {
  const wabt = await wabtInit();
  const mod = wabt.parseWat("int8_dot.wat", INT8_DOT_WAT, { simd: true });
  try {
    const { buffer } = mod.toBinary({});
    assert.deepEqual(new Uint8Array(buffer), INT8_DOT_WASM);
  } finally {
    mod.destroy();
  }
  assert.equal(
    int8DotKernel().name,
    "wasm-simd",
    "Deno has WebAssembly SIMD: the fast kernel is the one used",
  );
});

Deno.test("vector index: both kernels give exact integer dot products (any dims, extreme values)", () => {
  const next = rng(21);
  for (const dims of [1, 3, 15, 16, 17, 31, 64, 255, 256, 1536]) {
    const count = Math.max(1, Math.min(40, Math.floor(65_536 / dims)));
    const range = Math.min(32_767, Math.floor(0x7fff_ffff / (127 * dims)));
    const q = Int16Array.from(
      { length: dims },
      (_, j) => j % 7 === 0 ? range : Math.round(next() * 2 * range),
    );
    const data = Int8Array.from(
      { length: count * dims },
      (_, i) => i % 5 === 0 ? 127 : Math.round(next() * 254),
    );
    // The extremes too: the largest sum the query range allows, in both signs.
    data.fill(127, 0, dims);
    q.fill(range, 0, dims >> 1);
    const expected = Array.from({ length: count }, (_, v) => {
      let sum = 0;
      for (let j = 0; j < dims; j++) sum += q[j] * data[v * dims + j];
      return sum;
    });
    for (const name of KERNELS) {
      const out = new Int32Array(count);
      int8DotKernel(name).score(q, data, count, out);
      assert.deepEqual(Array.from(out), expected, `${name} kernel, ${dims} dims`);
    }
  }
});

Deno.test("vector index: quantizeQuery keeps every kernel sum inside int32 and measures its error", () => {
  for (const dims of [4, 256, 1536, 3072]) {
    const q = new Float32Array(dims).fill(1 / Math.sqrt(dims));
    const { q16, scale, error } = quantizeQuery(q)!;
    let maxSum = 0;
    for (let j = 0; j < dims; j++) maxSum += Math.abs(q16[j]) * 127;
    assert.ok(maxSum <= 0x7fff_ffff, `${dims} dims: ${maxSum}`);
    let err = 0;
    for (let j = 0; j < dims; j++) err += (q[j] - q16[j] * scale) ** 2;
    assert.ok(Math.abs(Math.sqrt(err) - error) < 1e-12);
  }
  assert.equal(quantizeQuery(new Float32Array(8)), null);
});

Deno.test("vector index: search is exactly the brute-force top k on near-ties and duplicates, both kernels", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const next = rng(31);
    const dims = 200; // 12 SIMD steps and a scalar tail of 8; 277 vectors per block
    // Tight clusters around a few centres (many near-ties), plus exact duplicates of some vectors.
    const centres = Array.from({ length: 6 }, () => randomVector(next, dims));
    const vectors: Float32Array[] = [];
    for (let i = 0; i < 900; i++) {
      if (i % 50 === 49) vectors.push(Float32Array.from(vectors[i - 7]));
      else {
        const c = centres[i % centres.length];
        const noise = randomVector(next, dims);
        vectors.push(Float32Array.from(c, (x, j) => x + 0.05 * noise[j]));
      }
    }
    await index.addMany(vectors.map((vector, i) => ({ id: id(i), ...P, vector })));
    assert.equal((await index.stats(P)).blocks, 4);
    const queries = [
      ...centres,
      ...Array.from({ length: 6 }, () => randomVector(next, dims)),
      vectors[49 - 7],
    ];
    for (const [qi, query] of queries.entries()) {
      for (const limit of [1, 5, 23]) {
        for (const minScore of [-Infinity, 0.99]) {
          const expected = bruteTop(vectors, query, limit, minScore);
          for (const kernel of KERNELS) {
            let stats: SearchStats | undefined;
            const hits = await index.search(query, P, {
              limit,
              minScore,
              kernel,
              batchSize: 2,
              onStats: (s) => stats = s,
            });
            const what = `query ${qi}, limit ${limit}, minScore ${minScore}, ${kernel}`;
            assert.deepEqual(hits.map((h) => h.id), expected.map((e) => e.id), what);
            hits.forEach((h, k) => assert.ok(Math.abs(h.score - expected[k].score) < 1e-6, what));
            assert.equal(stats!.kernel, kernel);
            assert.equal(stats!.vectors, 900);
          }
        }
      }
    }
  } finally {
    kv.close();
  }
});

Deno.test("vector index: local-embedder vectors (sparse) give the same top matches and scores as cosine", async () => {
  const texts = new Set<string>();
  for (
    const line of (await Deno.readTextFile(new URL("../eval/similarity_pairs.jsonl", import.meta.url))).split(
      "\n",
    )
  ) {
    if (!line.trim()) continue;
    const pair = JSON.parse(line);
    texts.add(pair.a.appDescription);
    texts.add(pair.b.appDescription);
  }
  const list = [...texts];
  const vectors = await new LocalEmbedder().embed(list);
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const kept = vectors.map((v, i) => ({ v, i })).filter(({ v }) => dot(v, v) > 0);
    await index.addMany(kept.map(({ v, i }) => ({ id: id(i), ...P, vector: v })));
    for (const { v: query } of kept.filter((_, k) => k % 7 === 0)) {
      const expected = kept.map(({ v, i }) => ({ id: id(i), score: dot(v, query) }))
        .filter((h) => h.score >= 0.5)
        .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1))
        .slice(0, 5);
      for (const kernel of KERNELS) {
        const hits = await index.search(query, P, { limit: 5, minScore: 0.5, kernel });
        assert.deepEqual(hits.map((h) => h.id), expected.map((e) => e.id));
        hits.forEach((h, k) => assert.ok(Math.abs(h.score - expected[k].score) < 1e-6));
      }
    }
  } finally {
    kv.close();
  }
});

Deno.test("vector index: a block entry whose item is gone never hides a valid match", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const next = rng(41);
    const vectors = Array.from({ length: 300 }, () => randomVector(next, 32));
    await index.addMany(vectors.map((vector, i) => ({ id: id(i), ...P, vector })));
    const query = vectors[17];
    const top = bruteTop(vectors, query, 4);
    // Damage the store: the items of the two best entries vanish behind the index's back.
    await kv.delete(["vectors", "item", top[0].id]);
    await kv.delete(["vectors", "item", top[1].id]);
    const hits = await index.search(query, P, { limit: 2 });
    assert.deepEqual(hits.map((h) => h.id), [top[2].id, top[3].id]);
  } finally {
    kv.close();
  }
});

Deno.test("vector index: exact vectors live in packed pages; removing every vector of a page deletes it", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const next = rng(51);
    const dims = 256;
    const n = pageCapacity(dims) + 3;
    const vectors = Array.from({ length: n }, () => randomVector(next, dims));
    await index.addMany(vectors.map((vector, i) => ({ id: id(i), ...P, vector })));
    const stats = await index.stats(P);
    assert.equal(stats.pages, 2);
    // get() reads the exact float32 vector back from its page slot.
    const got = await index.get(id(5));
    assert.ok(got);
    assert.deepEqual(got.vector, Float32Array.from(vectors[5]));
    assert.equal(got.embedderId, P.embedderId);
    // Items are small pointers (no vector of their own).
    const raw = await kv.get(["vectors", "item", id(5)]);
    assert.ok(Array.isArray(raw.value));
    // Slots never move: removing some keeps every other vector exact and findable.
    for (let i = 0; i < n; i += 2) assert.equal(await index.remove(id(i)), true);
    for (let i = 1; i < n; i += 2) {
      const hit = await index.search(vectors[i], P, { limit: 1 });
      assert.equal(hit[0].id, id(i));
      assert.ok(Math.abs(hit[0].score - 1) < 1e-6);
    }
    for (let i = 1; i < n; i += 2) await index.remove(id(i));
    assert.deepEqual(await index.stats(P), { blocks: 0, vectors: 0, bytes: 0, pages: 0, pageBytes: 0 });
    // Re-adding after everything was removed starts clean.
    await index.add({ id: id(1), ...P, vector: vectors[1] });
    assert.equal((await index.search(vectors[1], P, { limit: 1 }))[0].id, id(1));
  } finally {
    kv.close();
  }
});

Deno.test("vector index: pages round-trip; ULID and other ids round-trip through packed blocks", () => {
  const page = { dims: 2, live: 1, vectors: Float32Array.from([0.5, -0.25, 0, 0]) };
  assert.deepEqual(decodePage(encodePage(page)), page);
  assert.equal(decodePage(new Uint8Array([7, 0, 0])), null);
  const ulids = ["01J0000000000000000000000A", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "00000000000000000000000000"];
  const block = {
    dims: 1,
    ids: ulids,
    scales: Float32Array.from([1, 2, 3]),
    data: Int8Array.from([1, 2, 3]),
  };
  const packed = encodeBlock(block);
  assert.equal(packed.byteLength, 8 + 3 * (4 + 16 + 1), "ULIDs take 16 bytes each");
  assert.deepEqual(decodeBlock(packed), block);
  const mixed = { ...block, ids: [ulids[0], "not-a-ulid", "01j0000000000000000000000a"] };
  assert.deepEqual(decodeBlock(encodeBlock(mixed)), mixed);
});

Deno.test("vector index: items written before pages (vector inside the item) are still searched, read and removed", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const index = new VectorIndex(kv);
    const v = Float32Array.from([0.6, 0.8, 0]);
    const { q, scale } = quantize(v);
    // The previous layout: a format-1 block (32-byte id slots) and an item holding the exact vector.
    const bytes = new Uint8Array(8 + 4 + 32 + 3);
    const view = new DataView(bytes.buffer);
    view.setUint8(0, 1);
    view.setUint16(2, 3, true);
    view.setUint16(4, 1, true);
    view.setFloat32(8, scale, true);
    for (let k = 0; k < id(1).length; k++) bytes[12 + k] = id(1).charCodeAt(k);
    bytes.set(new Uint8Array(q.buffer), 44);
    await kv.set(["vectors", "block", P.embedderId, P.scale, P.competitor, 0], bytes);
    await kv.set(["vectors", "meta", P.embedderId, P.scale, P.competitor], { open: 0, next: 1 });
    await kv.set(["vectors", "item", id(1)], { id: id(1), ...P, block: 0, vector: v, indexedAt: 1 });
    assert.deepEqual(decodeBlock(bytes)?.ids, [id(1)]);
    assert.equal((await index.search(v, P, { limit: 1 }))[0].id, id(1));
    assert.deepEqual((await index.get(id(1)))?.vector, v);
    await index.add({ id: id(2), ...P, vector: Float32Array.from([0, 0, 1]) });
    assert.deepEqual((await blockEntries(kv)).sort(), [id(1), id(2)]);
    assert.equal(await index.remove(id(1)), true);
    assert.deepEqual(await blockEntries(kv), [id(2)]);
    assert.equal(await index.get(id(1)), null);
  } finally {
    kv.close();
  }
});
