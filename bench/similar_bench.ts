/**
 * Similar search benchmark: cold searches (a fresh KV handle per search, so every vector is read from KV;
 * the index keeps no in-process state) over synthetic corpora of 10,000 and 100,000 stored vectors of 256
 * dimensions, beside a plain one-key-per-vector float32 scan of the same corpus in the same run.
 *
 * The whole corpus sits in ONE partition (same embedder, scale and competitor): the worst case, since a search
 * reads only its partition. Vectors are dense random unit vectors (OpenAI-like; local-embedder vectors are
 * sparse), and two kinds of query are measured:
 *  - random: a dense random query, top 5 with no threshold (the worst case for any pruning: the best scores
 *    are ~0.25 and close together);
 *  - near-duplicate: a stored vector plus noise (cosine ≈ 0.9), top 5 at `minScore` 0.8, like the semantic
 *    cache's thresholded search.
 * Searches of the packed index (WebAssembly SIMD kernel, and the plain JS kernel for comparison), of the
 * previous index layout (bench/baseline/vector_index_per_item.ts: the same int8 blocks, but one ~1.2 KB item
 * per vector holding its float32 copy) and of the plain layout are interleaved round by round, so machine
 * noise hits them alike; ratios are per run. Each layout has its own KV file, whose size per vector is
 * printed (the on-disk footprint).
 *
 * Quality: every time the plain scan runs, both packed searches of the same query must return the same top-5
 * ids in the same order; the benchmark fails otherwise. Prints build time, p50/p95 per search, ratios, the
 * candidates rescored from float32 items, KV bytes of the partition and peak RSS during the searches.
 * `BENCH_SIMILAR_SIZES=10000` limits the sizes (comma-separated).
 *
 * First, the local embedder's own figures, in a fresh process (nothing loaded yet): module import time, the
 * first embedding (which reads the word vector table), the memory that adds, and the time per description of
 * the shipped embedder beside the lexicon-only previous version.
 */
import { type Int8DotKernelName, type SearchStats, VectorIndex } from "../lib/semantic/vector_index.ts";
import { VectorIndex as PerItemIndex } from "./baseline/vector_index_per_item.ts";

const DIMS = 256;
const PARTITION = { embedderId: "bench:dense:256:v1", scale: "Growth", competitor: "AWS" };
const NEAR_MIN_SCORE = 0.8;
const PLAIN_PREFIX = ["bench_plain", PARTITION.scale, PARTITION.competitor];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] ** 2;
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}
function randomUnit(next: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) v[i] = next();
  return normalize(v);
}
/** A stored vector plus noise: cosine ≈ 0.9 with it. */
function nearDuplicate(of: Float32Array, next: () => number): Float32Array {
  const noise = randomUnit(next);
  return normalize(of.map((x, i) => x + 0.48 * noise[i]));
}
const idOf = (n: number) => `01K${String(n).padStart(23, "0")}`;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

let peakRss = 0;
function sampleRss() {
  peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
}

/** Builds the packed index and the plain layout of `size` vectors; keeps a few vectors for near-duplicates. */
async function build(path: string, size: number, next: () => number) {
  const kv = await Deno.openKv(path);
  const baselineKv = await Deno.openKv(`${path}.baseline`);
  const plainKv = await Deno.openKv(`${path}.plain`);
  const samples: Float32Array[] = [];
  try {
    const index = new VectorIndex(kv);
    const baseline = new PerItemIndex(baselineKv);
    let indexMs = 0, plainMs = 0, baselineMs = 0;
    const chunk = 5_000;
    for (let start = 0; start < size; start += chunk) {
      const vectors = Array.from({ length: Math.min(chunk, size - start) }, () => randomUnit(next));
      samples.push(vectors[0], vectors[vectors.length >> 1]);
      let t = performance.now();
      await index.addMany(vectors.map((vector, k) => ({ id: idOf(start + k), ...PARTITION, vector })), {
        assumeNew: true,
      });
      indexMs += performance.now() - t;
      t = performance.now();
      await baseline.addMany(vectors.map((vector, k) => ({ id: idOf(start + k), ...PARTITION, vector })), {
        assumeNew: true,
      });
      baselineMs += performance.now() - t;
      // The plain layout: one key per float32 vector, written in big atomic batches.
      t = performance.now();
      for (let k = 0; k < vectors.length; k += 600) {
        const op = plainKv.atomic();
        for (let j = k; j < Math.min(vectors.length, k + 600); j++) {
          op.set([...PLAIN_PREFIX, idOf(start + j)], new Uint8Array(vectors[j].buffer));
        }
        await op.commit();
      }
      plainMs += performance.now() - t;
    }
    return { indexMs, plainMs, baselineMs, samples };
  } finally {
    kv.close();
    baselineKv.close();
    plainKv.close();
  }
}

/** The plain scan: every vector's key listed and scored exactly in float; the best 5 at `minScore` kept. */
async function plainSearch(kv: Deno.Kv, query: Float32Array, minScore: number): Promise<string[]> {
  const best: { id: string; score: number }[] = [];
  for await (const e of kv.list<Uint8Array>({ prefix: PLAIN_PREFIX }, { batchSize: 1000 })) {
    const v = new Float32Array(e.value.buffer, e.value.byteOffset, DIMS);
    let dot = 0;
    for (let j = 0; j < DIMS; j++) dot += query[j] * v[j];
    if (dot >= minScore && (best.length < 5 || dot > best[best.length - 1].score)) {
      best.push({ id: e.key[3] as string, score: dot });
      best.sort((a, b) => b.score - a.score);
      if (best.length > 5) best.pop();
    }
  }
  return best.map((b) => b.id);
}

/** One cold search: a fresh KV handle, timed from the call to the answer. */
async function cold<T>(
  path: string,
  search: (kv: Deno.Kv) => Promise<T>,
): Promise<{ ms: number; result: T }> {
  const kv = await Deno.openKv(path);
  try {
    const t = performance.now();
    const result = await search(kv);
    const elapsed = performance.now() - t;
    sampleRss();
    return { ms: elapsed, result };
  } finally {
    kv.close();
  }
}

interface Series {
  wasm: number[];
  baseline: number[];
  js: number[];
  plain: number[];
  ratios: number[];
  candidates: number[];
  rescored: number[];
  kernel: string;
}

/** Interleaved rounds of one query kind; checks the packed answers against the plain scan's. */
async function measure(
  path: string,
  rounds: number,
  plainEvery: number,
  makeQuery: () => Float32Array,
  minScore: number,
): Promise<Series & { mismatches: string[] }> {
  const s: Series & { mismatches: string[] } = {
    wasm: [],
    baseline: [],
    js: [],
    plain: [],
    ratios: [],
    candidates: [],
    rescored: [],
    kernel: "",
    mismatches: [],
  };
  const packed = (kernel: Int8DotKernelName, q: Float32Array) => (kv: Deno.Kv) => {
    let stats: SearchStats | undefined;
    return new VectorIndex(kv).search(q, PARTITION, {
      limit: 5,
      minScore,
      kernel,
      onStats: (x) => stats = x,
    }).then((hits) => ({ ids: hits.map((h) => h.id), stats: stats! }));
  };
  const perItem = (q: Float32Array) => (kv: Deno.Kv) =>
    new PerItemIndex(kv).search(q, PARTITION, { limit: 5, minScore }).then((hits) => hits.map((h) => h.id));
  // Warm-up (JIT of the scan loops, kernel compilation), not counted.
  await cold(path, packed("wasm-simd", makeQuery()));
  await cold(`${path}.baseline`, perItem(makeQuery()));
  await cold(path, packed("js", makeQuery()));
  for (let r = 0; r < rounds; r++) {
    const q = makeQuery();
    // Alternate which of the two layouts goes first, so neither always follows the other.
    const b0 = r % 2 ? await cold(`${path}.baseline`, perItem(q)) : null;
    const w = await cold(path, packed("wasm-simd", q));
    const b = b0 ?? await cold(`${path}.baseline`, perItem(q));
    const j = await cold(path, packed("js", q));
    s.wasm.push(w.ms);
    s.baseline.push(b.ms);
    s.js.push(j.ms);
    s.kernel = w.result.stats.kernel;
    s.candidates.push(w.result.stats.candidates);
    s.rescored.push(w.result.stats.rescored);
    if (r % plainEvery === 0) {
      const p = await cold(`${path}.plain`, (kv) => plainSearch(kv, q, minScore));
      s.plain.push(p.ms);
      s.ratios.push(p.ms / w.ms);
      const expected = JSON.stringify(p.result);
      for (
        const [name, got] of [["wasm-simd", w.result.ids], ["js", j.result.ids], [
          "per-item",
          b.result,
        ]] as const
      ) {
        if (JSON.stringify(got) !== expected) {
          s.mismatches.push(`${name} kernel: ${JSON.stringify(got)} ≠ plain ${expected}`);
        }
      }
    }
  }
  for (const list of [s.wasm, s.baseline, s.js, s.plain, s.ratios, s.candidates, s.rescored]) {
    list.sort((a, b) => a - b);
  }
  return s;
}

function report(title: string, s: Series & { mismatches: string[] }): string {
  const checked = 3 * s.plain.length;
  const line = (t: number[]) => `p50 ${ms(pct(t, 50))}  p95 ${ms(pct(t, 95))}`;
  return `  ${title}:\n` +
    `    packed int8, ${s.kernel} kernel: ${line(s.wasm)}  (${s.wasm.length} searches; ` +
    `candidates rescored from float32 items: median ${pct(s.rescored, 50)}, max ${s.rescored.at(-1)})\n` +
    `    packed int8, js kernel:        ${line(s.js)}\n` +
    `    baseline, previous layout (float32 in one item per vector), same run: ${line(s.baseline)}\n` +
    `    plain one key per float32 vector: ${line(s.plain)}  (${s.plain.length} searches)\n` +
    `    plain ÷ packed (same query, same round): min ${s.ratios[0].toFixed(1)}×  median ${
      pct(s.ratios, 50).toFixed(1)
    }×\n` +
    `    same top-5 ids and order as the plain float scan: ${checked - s.mismatches.length}/${checked} ` +
    `(${s.plain.length} queries × 2 kernels + the baseline layout)`;
}

/** Runs the benchmark and prints its figures; throws when a packed search disagrees with the plain scan. */
const EMBEDDER_PROBE = `
const mem = () => { const m = Deno.memoryUsage(); return { rss: m.rss, heap: m.heapUsed + m.external }; };
const m0 = mem();
let t = performance.now();
const { LocalEmbedder, LexiconEmbedder } = await import(${
  JSON.stringify(new URL("../lib/semantic/embeddings/local.ts", import.meta.url).href)
});
const importMs = performance.now() - t;
t = performance.now();
const shipped = new LocalEmbedder();
await shipped.embed(["A chat app"]);
const firstMs = performance.now() - t;
const m1 = mem();
const texts = Array.from({ length: 2000 }, (_, i) => "An online store for sneakers with payments, reviews and a blog, variant " + i);
const per = async (e) => { const t0 = performance.now(); await e.embed(texts); return (performance.now() - t0) * 1000 / texts.length; };
console.log(JSON.stringify({ id: shipped.id, importMs, firstMs, rssMiB: (m1.rss - m0.rss) / 2 ** 20, heapMiB: (m1.heap - m0.heap) / 2 ** 20, shippedUs: Math.min(await per(shipped), await per(shipped)), lexiconUs: Math.min(await per(new LexiconEmbedder()), await per(new LexiconEmbedder())) }));
`;

/** The default (v3) embedder: the sentence encoder's load, memory and per-query time, in a fresh process. */
const SENTENCE_PROBE = `
const mem = () => { const m = Deno.memoryUsage(); return { rss: m.rss, heap: m.heapUsed + m.external }; };
const m0 = mem();
let t = performance.now();
const { SentenceEmbedder } = await import(${
  JSON.stringify(new URL("../lib/semantic/embeddings/sentence_embedder.ts", import.meta.url).href)
});
const importMs = performance.now() - t;
let lastTick = performance.now(), maxGap = 0;
const timer = setInterval(() => { const n = performance.now(); maxGap = Math.max(maxGap, n - lastTick); lastTick = n; }, 5);
t = performance.now();
const e = new SentenceEmbedder();
await e.warm();
const loadMs = performance.now() - t;
t = performance.now();
await e.embed(["A chat app"]);
const firstMs = performance.now() - t;
clearInterval(timer);
const m1 = mem();
const times = [];
for (let i = 0; i < 60; i++) {
  const s = performance.now();
  await e.embed(["An online store for sneakers with payments, reviews and a blog where we post drops, variant " + i]);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
const m2 = mem();
console.log(JSON.stringify({ id: e.id, importMs, loadMs, firstMs, maxGapMs: maxGap, rssMiB: (m1.rss - m0.rss) / 2 ** 20, rssAfterMiB: (m2.rss - m0.rss) / 2 ** 20, heapMiB: (m1.heap - m0.heap) / 2 ** 20, p50: times[30], p95: times[57] }));
`;

/** The local embedder's start-up, memory and per-text figures, measured in a fresh process. */
async function embedderFigures(): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=js", EMBEDDER_PROBE],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`embedder probe failed: ${new TextDecoder().decode(out.stderr)}`);
  const f = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
  console.log(
    `local embedder ${f.id} (fresh process): import ${ms(f.importMs)}, first embedding incl. word vector ` +
      `table ${ms(f.firstMs)}, memory +${f.heapMiB.toFixed(1)} MiB heap and external (RSS +${
        f.rssMiB.toFixed(0)
      } MiB); per description ${f.shippedUs.toFixed(0)} µs (lexicon-only v1: ${f.lexiconUs.toFixed(0)} µs)`,
  );
  const sentence = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=js", SENTENCE_PROBE],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!sentence.success) {
    throw new Error(`embedder probe failed: ${new TextDecoder().decode(sentence.stderr)}`);
  }
  const g = JSON.parse(new TextDecoder().decode(sentence.stdout).trim().split("\n").at(-1)!);
  console.log(
    `default embedder ${g.id} (fresh process): import ${ms(g.importMs)}, model load ${ms(g.loadMs)} ` +
      `(longest event-loop stall ${ms(g.maxGapMs)}), first embedding ${ms(g.firstMs)}, memory ` +
      `+${g.heapMiB.toFixed(0)} MiB heap and external (RSS +${g.rssMiB.toFixed(0)} MiB, ` +
      `+${g.rssAfterMiB.toFixed(0)} MiB after 60 queries); per query p50 ${ms(g.p50)} p95 ${ms(g.p95)}`,
  );
}

export async function run(): Promise<void> {
  await embedderFigures();
  const sizes = (Deno.env.get("BENCH_SIMILAR_SIZES") ?? "10000,100000").split(",").map(Number).filter((n) =>
    n > 0
  );
  const dir = await Deno.makeTempDir({ prefix: "similar_bench_" });
  const failures: string[] = [];
  try {
    for (const size of sizes) {
      const path = `${dir}/corpus_${size}.sqlite3`;
      const next = rng(size);
      const built = await build(path, size, next);
      peakRss = 0;
      sampleRss();
      const rssBefore = peakRss;
      const big = size >= 100_000;
      const random = await measure(path, big ? 24 : 60, 4, () => randomUnit(next), -Infinity);
      let sample = 0;
      const near = await measure(
        path,
        big ? 16 : 40,
        4,
        () => nearDuplicate(built.samples[sample++ % built.samples.length], next),
        NEAR_MIN_SCORE,
      );
      const statsKv = await Deno.openKv(path);
      const stats = await new VectorIndex(statsKv).stats(PARTITION);
      statsKv.close();
      const fileBytes = async (p: string) => {
        let n = 0;
        for (const suffix of ["", "-wal"]) n += (await Deno.stat(p + suffix).catch(() => ({ size: 0 }))).size;
        return n;
      };
      const onDisk = await fileBytes(path);
      const baselineDisk = await fileBytes(`${path}.baseline`);
      console.log(
        `similar search, ${size.toLocaleString("en")} vectors × ${DIMS}-d, all in one partition ` +
          `(cold, read from KV; ${stats.blocks} blocks, ${(stats.bytes / 2 ** 20).toFixed(1)} MiB; ` +
          `${stats.pages} exact-vector pages, ${((stats.pageBytes ?? 0) / 2 ** 20).toFixed(1)} MiB):\n` +
          `  KV file on disk: ${mib(onDisk)}, ${(onDisk / size).toFixed(0)} bytes per vector ` +
          `(baseline layout, same run: ${mib(baselineDisk)}, ${
            (baselineDisk / size).toFixed(0)
          } bytes per vector)\n` +
          report("random query, top 5", random) + "\n" +
          report(`near-duplicate query, top 5 at minScore ${NEAR_MIN_SCORE}`, near) + "\n" +
          `  RSS during the searches: ${mib(rssBefore)} at start, peak ${mib(peakRss)}\n` +
          `  build: index ${(built.indexMs / 1000).toFixed(1)} s, baseline layout ${
            (built.baselineMs / 1000).toFixed(1)
          } s, plain ${(built.plainMs / 1000).toFixed(1)} s`,
      );
      for (const m of [...random.mismatches, ...near.mismatches]) failures.push(`${size}: ${m}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  if (failures.length) {
    throw new Error(`similar search differs from the plain float scan:\n  ${failures.join("\n  ")}`);
  }
}

if (import.meta.main) await run();
