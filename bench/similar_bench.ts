/**
 * Similar search benchmark: cold searches (a fresh KV handle per search, so every vector is read from KV;
 * the index keeps no in-process state) over synthetic corpora of 10,000 and 100,000 stored vectors of 256
 * dimensions, beside a plain one-key-per-vector float32 scan of the same corpus in the same run.
 *
 * Vectors are dense random unit vectors (the worst case: OpenAI-like; local-embedder vectors are sparse and
 * scan faster), queries are dense too. Prints build time, p50/p95 per search for both layouts, the KV bytes
 * read and peak RSS. `BENCH_SIMILAR_SIZES=10000` limits the sizes (comma-separated).
 */
import { VectorIndex } from "../lib/vector_index.ts";

const DIMS = 256;
const PARTITION = { embedderId: "bench:dense:256:v1", scale: "Growth", competitor: "AWS" };

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
function randomUnit(next: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  let n = 0;
  for (let i = 0; i < DIMS; i++) n += (v[i] = next()) ** 2;
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < DIMS; i++) v[i] *= inv;
  return v;
}
const idOf = (n: number) => `01K${String(n).padStart(23, "0")}`;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;

let peakRss = 0;
function sampleRss() {
  peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
}

async function build(
  path: string,
  size: number,
  next: () => number,
): Promise<{ indexMs: number; plainMs: number }> {
  const kv = await Deno.openKv(path);
  try {
    const index = new VectorIndex(kv);
    let indexMs = 0, plainMs = 0;
    const chunk = 5_000;
    for (let start = 0; start < size; start += chunk) {
      const vectors = Array.from({ length: Math.min(chunk, size - start) }, () => randomUnit(next));
      let t = performance.now();
      await index.addMany(vectors.map((vector, k) => ({ id: idOf(start + k), ...PARTITION, vector })), {
        assumeNew: true,
      });
      indexMs += performance.now() - t;
      // The plain layout: one key per float32 vector, written in big atomic batches.
      t = performance.now();
      for (let k = 0; k < vectors.length; k += 600) {
        const op = kv.atomic();
        for (let j = k; j < Math.min(vectors.length, k + 600); j++) {
          op.set(
            ["bench_plain", PARTITION.scale, PARTITION.competitor, idOf(start + j)],
            new Uint8Array(vectors[j].buffer),
          );
        }
        await op.commit();
      }
      plainMs += performance.now() - t;
      sampleRss();
    }
    return { indexMs, plainMs };
  } finally {
    kv.close();
  }
}

/** The plain scan: every vector's key listed and scored exactly; the best 5 kept. */
async function plainSearch(kv: Deno.Kv, query: Float32Array): Promise<string[]> {
  const best: { id: string; score: number }[] = [];
  for await (
    const e of kv.list<Uint8Array>({ prefix: ["bench_plain", PARTITION.scale, PARTITION.competitor] }, {
      batchSize: 1000,
    })
  ) {
    const v = new Float32Array(e.value.buffer, e.value.byteOffset, DIMS);
    let dot = 0;
    for (let j = 0; j < DIMS; j++) dot += query[j] * v[j];
    if (best.length < 5 || dot > best[best.length - 1].score) {
      best.push({ id: e.key[3] as string, score: dot });
      best.sort((a, b) => b.score - a.score);
      if (best.length > 5) best.pop();
    }
  }
  return best.map((b) => b.id);
}

async function measure(
  path: string,
  runs: number,
  next: () => number,
  search: (kv: Deno.Kv, q: Float32Array) => Promise<unknown>,
): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    const kv = await Deno.openKv(path); // cold: nothing of the corpus is in this handle or in the index
    const q = randomUnit(next);
    const t = performance.now();
    await search(kv, q);
    const elapsed = performance.now() - t;
    sampleRss();
    kv.close();
    if (r > 0) times.push(elapsed); // the first run also pays the JIT warm-up of the scan loop
  }
  return times.sort((a, b) => a - b);
}

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const sizes = (Deno.env.get("BENCH_SIMILAR_SIZES") ?? "10000,100000").split(",").map(Number).filter((n) =>
    n > 0
  );
  const dir = await Deno.makeTempDir({ prefix: "similar_bench_" });
  try {
    for (const size of sizes) {
      const path = `${dir}/corpus_${size}.sqlite3`;
      const next = rng(size);
      const built = await build(path, size, next);
      const runs = size >= 100_000 ? 15 : 40;
      const indexTimes = await measure(
        path,
        runs,
        next,
        (kv, q) => new VectorIndex(kv).search(q, PARTITION, { limit: 5 }),
      );
      const plainTimes = await measure(path, Math.max(5, Math.floor(runs / 3)), next, plainSearch);
      // Both layouts must agree on the answer.
      const kv = await Deno.openKv(path);
      const q = randomUnit(next);
      const fromIndex = (await new VectorIndex(kv).search(q, PARTITION, { limit: 5 })).map((h) => h.id);
      const fromPlain = await plainSearch(kv, q);
      const stats = await new VectorIndex(kv).stats(PARTITION);
      kv.close();
      console.log(
        `similar search, ${size.toLocaleString("en")} vectors × ${DIMS}-d (cold, read from KV):\n` +
          `  packed int8 blocks + exact rescoring: p50 ${ms(pct(indexTimes, 50))}  p95 ${
            ms(pct(indexTimes, 95))
          }` +
          `  (${indexTimes.length} searches; ${stats.blocks} blocks, ${
            (stats.bytes / 2 ** 20).toFixed(1)
          } MiB)\n` +
          `  plain one key per float32 vector:    p50 ${ms(pct(plainTimes, 50))}  p95 ${
            ms(pct(plainTimes, 95))
          }` +
          `  (${plainTimes.length} searches)\n` +
          `  same top-5 as the plain scan: ${JSON.stringify(fromIndex) === JSON.stringify(fromPlain)}\n` +
          `  build: index ${(built.indexMs / 1000).toFixed(1)} s, plain ${
            (built.plainMs / 1000).toFixed(1)
          } s`,
      );
    }
    console.log(`peak RSS during the run: ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await run();
