/**
 * Search of the vector index: streams a partition's blocks (at most two `kv.list` batches held), scores every
 * entry exactly in integers with a proven bound of its quantization error, keeps only the entries whose upper
 * bound can still reach the top k, and rescores those exactly from their float32 pages, so the result is
 * exactly the top k of a float scan. Also the partition statistics.
 */
import { idAt, viewBlock } from "./block_codec.ts";
import { int8DotKernel, type Int8DotKernelName, quantizeQuery } from "./int8_kernel.ts";
import { vectorInPage } from "./page_codec.ts";
import {
  blockPrefix,
  pageKey,
  pagePrefix,
  type Partition,
  placeOf,
  samePartition,
  unitCopy,
  vectorItemKey,
} from "./records.ts";

/** A search hit: exact cosine similarity. */
export interface VectorMatch {
  id: string;
  score: number;
}

/** Options of a search. */
export interface SearchOptions {
  /** Hits returned at most (best first), default 5. */
  limit?: number;
  /** Only hits scoring at least this much (exact cosine). */
  minScore?: number;
  /**
   * Blocks per `kv.list` batch, default 64: at most two batches are held at once (the one being scored and the
   * next one being read), so memory stays under 2 × 64 × 64 KiB whatever the corpus size.
   */
  batchSize?: number;
  /** Scoring kernel: `"wasm-simd"` (default; falls back to `"js"` where unavailable) or `"js"`. */
  kernel?: Int8DotKernelName;
  /** Receives the figures of the search once it is done (benchmarks, diagnostics). */
  onStats?: (stats: SearchStats) => void;
}

/** What a search did. */
export interface SearchStats {
  /** Kernel that scored the blocks. */
  kernel: Int8DotKernelName;
  /** Blocks and vectors scored. */
  blocks: number;
  vectors: number;
  /** Entries whose upper bound could reach the top (rescoring candidates). */
  candidates: number;
  /** Items read and scored exactly. */
  rescored: number;
  /** Rescored entries whose item was gone or elsewhere (skipped). */
  missing: number;
}

/** Statistics of a partition (for admin output and benchmarks). */
export interface PartitionStats {
  blocks: number;
  vectors: number;
  /** Bytes of the block values. */
  bytes: number;
  /** Exact-vector pages and their bytes. */
  pages?: number;
  pageBytes?: number;
}

/** Blocks read by the first `kv.list` batch of a search (small, so scoring starts early). */
const FIRST_BATCH_BLOCKS = 8;
/** Default blocks per later `kv.list` batch. */
const BATCH_BLOCKS = 64;
/** Items read per `kv.getMany` when rescoring candidates (KV's limit is 10 keys). */
const GET_MANY_KEYS = 10;
/** `kv.getMany` calls made at once by a later rescoring round (the first round makes one). */
const RESCORE_READS = 3;
/** Absolute slack added to every error bound (float64 rounding of the bound's own arithmetic, ‖q‖ ≠ 1 by ulps). */
const BOUND_SLACK = 1e-6;

/**
 * The vectors of `partition` most similar to `query` (exact cosine, best first), reading the partition's
 * blocks from KV. The result is exactly the best `limit` of a float scan: every entry is scored in integers
 * with a proven error bound (int8 rounding of the entry: ≤ ½·scale per component, so ‖e‖ ≤ ½·√dims·scale;
 * int16 rounding of the query: measured), entries whose upper bound falls below the `limit`-th best lower
 * bound (or below `minScore`) are dropped, and the rest are rescored from their float32 items, best upper
 * bound first, until no remaining one can enter the top. Only ids whose item still exists in the same
 * partition are returned. Block lists use eventual consistency (a replica may lag a moment behind a
 * write; items are then read strongly, so a removed vector is never returned).
 */
export async function searchVectors(
  kv: Deno.Kv,
  query: Float32Array,
  partition: Partition,
  options: SearchOptions = {},
): Promise<VectorMatch[]> {
  const limit = Math.max(1, Math.floor(options.limit ?? 5));
  const first = await searchOnce(kv, query, partition, options, limit);
  // A block entry without its item (never left by this module's atomic writes, but possible in a damaged
  // store) may have taken a place in the pruning bound: search once more, keeping room for those entries.
  if (first.stats.missing === 0 || first.matches.length >= limit) {
    options.onStats?.(first.stats);
    return first.matches.slice(0, limit);
  }
  const again = await searchOnce(kv, query, partition, options, limit + first.stats.missing);
  options.onStats?.(again.stats);
  return again.matches.slice(0, limit);
}

async function searchOnce(
  kv: Deno.Kv,
  query: Float32Array,
  partition: Partition,
  options: SearchOptions,
  limit: number,
): Promise<{ matches: VectorMatch[]; stats: SearchStats }> {
  const minScore = options.minScore ?? -Infinity;
  const q = unitCopy(query);
  const dims = q.length;
  const quantized = quantizeQuery(q);
  const kernel = int8DotKernel(options.kernel);
  const stats: SearchStats = {
    kernel: kernel.name,
    blocks: 0,
    vectors: 0,
    candidates: 0,
    rescored: 0,
    missing: 0,
  };
  if (!quantized) return { matches: [], stats };
  const input: ScanInput = {
    partition,
    batchSize: options.batchSize ?? BATCH_BLOCKS,
    dims,
    quantized,
    kernel,
    limit,
    minScore,
  };
  const pool = await candidatesOf(kv, input, stats);
  const matches = await rescore(kv, q, pool, input, stats);
  return { matches, stats };
}

/** What the block scan of one search works from. */
interface ScanInput {
  partition: Partition;
  batchSize: number;
  dims: number;
  quantized: NonNullable<ReturnType<typeof quantizeQuery>>;
  kernel: ReturnType<typeof int8DotKernel>;
  limit: number;
  minScore: number;
}

/**
 * Scores every block of the partition in integers with its error bound and returns the entries whose upper
 * bound can still reach the top `limit` (or `minScore`), best upper bound first.
 */
async function candidatesOf(
  kv: Deno.Kv,
  input: ScanInput,
  stats: SearchStats,
): Promise<{ id: string; upper: number }[]> {
  const { partition, dims, quantized, kernel, limit, minScore } = input;
  const { q16, scale: qScale, error: qError } = quantized;
  // ‖entry error‖ per unit of entry scale (with room for the float32 rounding of the stored scale).
  const errorPerScale = Math.sqrt(dims) * (0.5 + 1e-5);
  // The `limit` best lower bounds so far, descending: an entry whose upper bound is below the last one cannot
  // be in the top `limit`; `floor` is that bound or `minScore`, whichever is higher.
  const lowers = new Float64Array(limit).fill(-Infinity);
  let floor = minScore;
  let candidates: { id: string; upper: number }[] = [];
  // Entries of the current block above the floor when scored; their ids are decoded once the block is done,
  // only for those still above it (the floor keeps rising within a block).
  let pending = new Float64Array(256);
  let pendingAt = new Int32Array(256);
  let scores = new Int32Array(256);

  await scanBlocks(kv, partition, input.batchSize, (bytes) => {
    const block = viewBlock(bytes);
    if (!block || block.dims !== dims) return;
    const { count, scales } = block;
    stats.blocks++;
    stats.vectors += count;
    if (scores.length < count) scores = new Int32Array(count);
    kernel.score(q16, block.data, count, scores);
    if (pending.length < count) {
      pending = new Float64Array(count);
      pendingAt = new Int32Array(count);
    }
    let kept = 0;
    for (let v = 0; v < count; v++) {
      const s = scales[v];
      const approx = scores[v] * qScale * s;
      const entryError = errorPerScale * s;
      // |q·x − approx| ≤ ‖q‖‖e_x‖ + ‖e_q‖‖x̂‖, with ‖q‖, ‖x‖ = 1 (float32) and ‖x̂‖ ≤ 1 + ‖e_x‖.
      const bound = entryError + qError * (1 + entryError) + BOUND_SLACK;
      const lower = approx - bound;
      if (lower > lowers[limit - 1]) {
        let i = limit - 1;
        while (i > 0 && lowers[i - 1] < lower) {
          lowers[i] = lowers[i - 1];
          i--;
        }
        lowers[i] = lower;
        floor = Math.max(minScore, lowers[limit - 1]);
      }
      if (approx + bound >= floor) {
        pending[kept] = approx + bound;
        pendingAt[kept++] = v;
      }
    }
    for (let k = 0; k < kept; k++) {
      if (pending[k] >= floor) candidates.push({ id: idAt(block, pendingAt[k]), upper: pending[k] });
    }
    if (candidates.length > 4 * limit + 512) candidates = candidates.filter((c) => c.upper >= floor);
  });

  const pool = candidates.filter((c) => c.upper >= floor).sort((a, b) => b.upper - a.upper);
  stats.candidates = pool.length;
  return pool;
}

/**
 * Rescores candidates exactly from their float32 vectors, best upper bound first, until the `limit`-th exact
 * score beats every remaining upper bound; the matches, best first.
 */
async function rescore(
  kv: Deno.Kv,
  q: Float32Array,
  pool: { id: string; upper: number }[],
  input: { partition: Partition; limit: number; minScore: number },
  stats: SearchStats,
): Promise<VectorMatch[]> {
  const { partition, limit, minScore } = input;
  const dims = q.length;
  const matches: VectorMatch[] = [];
  const seen = new Set<string>();
  for (let i = 0, round = 0; i < pool.length; round++) {
    // Stop once the `limit`-th exact score beats every remaining upper bound.
    if (matches.length >= limit && matches[limit - 1].score > pool[i].upper) break;
    const ids: string[] = [];
    const want = GET_MANY_KEYS * (round === 0 ? 1 : RESCORE_READS);
    for (; i < pool.length && ids.length < want; i++) {
      if (!seen.has(pool[i].id)) {
        seen.add(pool[i].id);
        ids.push(pool[i].id);
      }
    }
    for (const { id, vector } of await exactVectors(kv, ids, partition)) {
      stats.rescored++;
      if (!vector || vector.length !== dims) {
        stats.missing++;
        continue;
      }
      let dot = 0;
      for (let j = 0; j < dims; j++) dot += q[j] * vector[j];
      if (dot >= minScore) matches.push({ id, score: dot });
    }
    matches.sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1));
  }
  return matches;
}

/**
 * The exact vectors of `ids` in `partition` (null for an id not indexed there): their items, then the pages
 * they point to, read strongly (each in `kv.getMany` calls of 10 keys, made at once).
 */
async function exactVectors(
  kv: Deno.Kv,
  ids: string[],
  partition: Partition,
): Promise<{ id: string; vector: Float32Array | null }[]> {
  const getAll = async <T>(keys: Deno.KvKey[]) => {
    const reads = [];
    for (let k = 0; k < keys.length; k += GET_MANY_KEYS) {
      reads.push(kv.getMany<T[]>(keys.slice(k, k + GET_MANY_KEYS)));
    }
    return (await Promise.all(reads)).flat();
  };
  const items = (await getAll<unknown>(ids.map(vectorItemKey))).map((r) => placeOf(r.value));
  const pageNos = [
    ...new Set(
      items.flatMap((it) => it && samePartition(it, partition) && it.page !== undefined ? [it.page] : []),
    ),
  ];
  const pages = new Map<number, Uint8Array | null>();
  (await getAll<Uint8Array>(pageNos.map((n) => pageKey(partition, n)))).forEach((r, k) =>
    pages.set(pageNos[k], r.value)
  );
  return ids.map((id, k) => {
    const item = items[k];
    if (!item || !samePartition(item, partition)) return { id, vector: null };
    if (item.vector) return { id, vector: item.vector };
    const page = item.page === undefined ? null : pages.get(item.page);
    return { id, vector: page ? vectorInPage(page, item.slot ?? -1) : null };
  });
}

/**
 * Calls `visit` with every block value of a partition, in key order. The next `kv.list` batch is already
 * being read (off the JS thread) while the current one is visited; at most two batches are held.
 */
async function scanBlocks(
  kv: Deno.Kv,
  partition: Partition,
  batchSize: number,
  visit: (bytes: Uint8Array) => void,
) {
  const prefix = blockPrefix(partition);
  const size = Math.max(1, Math.floor(batchSize));
  const read = async (cursor: string | undefined, limit: number) => {
    const iter = kv.list<Uint8Array>({ prefix }, {
      limit,
      batchSize: limit,
      cursor,
      consistency: "eventual",
    });
    const values: Uint8Array[] = [];
    for await (const entry of iter) values.push(entry.value);
    return { values, cursor: values.length === limit ? iter.cursor : null };
  };
  let pending: ReturnType<typeof read> | null = read(undefined, Math.min(FIRST_BATCH_BLOCKS, size));
  while (pending) {
    const batch: Awaited<ReturnType<typeof read>> = await pending;
    pending = batch.cursor ? read(batch.cursor, size) : null;
    try {
      for (const value of batch.values) visit(value);
    } catch (err) {
      pending?.catch(() => {}); // not awaited any more: never an unhandled rejection
      throw err;
    }
  }
}

/** Block and vector counts of a partition. */
export async function partitionStats(kv: Deno.Kv, partition: Partition): Promise<PartitionStats> {
  const stats: PartitionStats = { blocks: 0, vectors: 0, bytes: 0 };
  for await (
    const entry of kv.list<Uint8Array>({ prefix: blockPrefix(partition) }, { batchSize: 100 })
  ) {
    const block = viewBlock(entry.value);
    if (!block) continue;
    stats.blocks++;
    stats.vectors += block.count;
    stats.bytes += entry.value.byteLength;
  }
  stats.pages = 0;
  stats.pageBytes = 0;
  for await (
    const entry of kv.list<Uint8Array>({ prefix: pagePrefix(partition) }, { batchSize: 100 })
  ) {
    stats.pages++;
    stats.pageBytes += entry.value.byteLength;
  }
  return stats;
}
